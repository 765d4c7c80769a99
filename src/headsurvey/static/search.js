/* The search page: reads the site's index in small files (headsurvey/pages/searchindex.py).
   A query downloads the index's meta.json, the bucket of each of its words, and one small file per
   result shown. Pages holding every word are ranked by BM25 (each word's stored score in a page,
   weighed by the word's rarity), then the first results are reordered by what the query means
   (singular and plural alike): first a page whose title is the query (or the query plus "head"):
   a head name finds its head page, a paper title its paper page; then the key papers of that head
   type, in the head page's order (paper pages carry it as the key_for metadata), or the papers a
   glossary term's definition cites, in its order (the terms metadata); then titles that start with
   the query. Text from the index is shown as text, never as markup. */
(function () {
  "use strict";
  var SHOWN = 10, RERANK = 10, EXCERPT_WORDS = 30, MAX_WORDS = 16;  /* a query reads one file per word, at most 16 */
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var PAGE_URL = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.\/-]*\.html$/;  /* a page of this site, from its root */

  /* "heads" → "head", "sinks" → "sink"; "bias", "analysis", "corpus" and "class" stay (searchdoc.singular's twin). */
  function singular(word) { return word.length > 4 && /[^aisu]s$/.test(word) ? word.slice(0, -1) : word; }
  /* The indexed words of a text: lower-case runs of letters and digits, in the singular (searchdoc.words' twin). */
  function words(text) { return (String(text || "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).map(singular); }
  function norm(s) { return words(s).join(" "); }
  /* FNV-1a of the word's UTF-8 bytes, modulo the number of buckets (searchindex.bucket_of's twin). */
  function bucketOf(word, buckets) {
    var h = 0x811c9dc5, bytes = new TextEncoder().encode(word);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
    return (h >>> 0) % buckets;
  }
  /* [page number, score level] pairs from a word's postings (searchindex.decode's twin). */
  function decode(text) {
    var out = [], page = -1, gap = 0, shift = 0, level = false;
    for (var i = 0; i < text.length; i++) {
      var value = ALPHABET.indexOf(text.charAt(i));
      if (value < 0) throw new Error("a damaged index file");
      if (level) { out.push([page, value]); level = false; }
      else if (value >= 32) { gap += (value - 32) * Math.pow(2, shift); shift += 5; }
      else { page += gap + value * Math.pow(2, shift); gap = 0; shift = 0; level = true; }
    }
    return out;
  }
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* [tier, position]: 0 the page titled as the query, 1 a key paper of the head type or glossary term
     named by the query (position: its place among that head's key papers or the term's cited papers),
     2 a title starting with it, 3 the rest. */
  function rank(meta, query) {
    var t = norm(meta.title), q = norm(query);
    var named = function (name) { return name === q || name === q + " head"; };
    if (named(t)) return [0, 0];
    /* key_for: the head types naming the page a key paper; terms: the glossary terms whose definition cites it */
    var keys = String(meta.key_for || "").split("|").concat(String(meta.terms || "").split("|"));
    for (var i = 0; i < keys.length; i++) {
      var at = keys[i].lastIndexOf("=");
      if (at > 0 && named(norm(keys[i].slice(0, at)))) return [1, +keys[i].slice(at + 1)];
    }
    return [t.indexOf(q) === 0 ? 2 : 3, 0];
  }

  /* The excerpt of a result: about thirty words of its text around the first word of the query, the
     query's words marked; built as nodes, so the text is never read as markup. */
  function excerpt(text, asked) {
    var tokens = String(text || "").split(/\s+/).filter(Boolean);
    var hit = function (token) { return words(token).some(function (w) { return asked.has(w); }); };
    var first = tokens.findIndex(hit);
    var start = Math.max(0, first - 10), end = Math.min(tokens.length, start + EXCERPT_WORDS);
    var p = document.createElement("p");
    p.className = "hs-search-excerpt";
    if (start > 0) p.appendChild(document.createTextNode("… "));
    tokens.slice(start, end).forEach(function (token, i) {
      if (i > 0) p.appendChild(document.createTextNode(" "));
      if (hit(token)) {
        var mark = document.createElement("mark");
        mark.textContent = token;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(token));
      }
    });
    if (end < tokens.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("hs-search");
    if (!box) return;
    var form = box.querySelector("form"), input = box.querySelector("input"), status = box.querySelector(".hs-search-status");
    var list = box.querySelector("ol"), more = box.querySelector(".hs-search-more");
    var root = new URL(box.getAttribute("data-root"), location.href);
    var metaUrl = new URL(box.getAttribute("data-index"), location.href);
    var meta = null, buckets = new Map(), pages = new Map(), found = [], shown = 0, generation = 0, asked = new Set();

    function json(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error("no index (" + response.status + ")");
        return response.json();
      });
    }
    function file(rel) { return new URL(rel, metaUrl).href; }
    function loadMeta() {
      if (!meta) meta = json(metaUrl.href).then(function (m) {
        if (m.version !== 1 || !(m.buckets > 0)) throw new Error("an index of another format");
        return m;
      });
      return meta;
    }
    function bucket(n) {
      if (!buckets.has(n)) buckets.set(n, json(file("words/" + n + ".json")));
      return buckets.get(n);
    }
    function page(n) {
      if (!pages.has(n)) pages.set(n, json(file("pages/" + n + ".json")).then(function (d) {
        d.meta = d.meta || {};
        return d;
      }));
      return pages.get(n);
    }
    /* The numbers of the pages holding every word of the query, best first. */
    function lookup(query) {
      var terms = Array.from(new Set(words(query))).slice(0, MAX_WORDS);
      if (!terms.length) return Promise.resolve([]);
      return loadMeta().then(function (m) {
        return Promise.all(terms.map(function (w) { return bucket(bucketOf(w, m.buckets)); })).then(function (files) {
          var lists = [];
          for (var i = 0; i < terms.length; i++) {
            if (!own(files[i], terms[i])) return [];
            lists.push(decode(String(files[i][terms[i]])));
          }
          lists.sort(function (a, b) { return a.length - b.length; });
          var scores = null;
          lists.forEach(function (postings) {
            var idf = Math.log(1 + (m.pages - postings.length + 0.5) / (postings.length + 0.5)), next = new Map();
            postings.forEach(function (p) {
              if (scores === null || scores.has(p[0])) next.set(p[0], (scores ? scores.get(p[0]) : 0) + idf * p[1]);
            });
            scores = next;
          });
          return Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
            .map(function (e) { return e[0]; });
        });
      });
    }
    function show(items) {
      items.forEach(function (d) {
        if (!PAGE_URL.test(String(d.url))) return;  /* only pages of this site */
        var li = document.createElement("li"), a = document.createElement("a");
        a.className = "hs-search-result";
        a.href = new URL(d.url, root).href;
        a.textContent = d.meta.title || d.url;
        li.appendChild(a);
        li.appendChild(excerpt(d.text, asked));
        list.appendChild(li);
      });
    }
    function showMore() {
      var mine = generation, next = found.slice(shown, shown + SHOWN);
      shown += next.length;
      more.hidden = shown >= found.length;
      return Promise.all(next.map(page)).then(function (data) {
        if (mine === generation) show(data);
      });
    }
    function run(query) {
      var mine = ++generation;
      list.innerHTML = "";
      more.hidden = true;
      found = []; shown = 0;
      if (!query.trim()) { status.textContent = ""; return; }
      status.textContent = "Searching…";
      history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      asked = new Set(words(query));
      lookup(query).then(function (results) {
        if (mine !== generation) return null;
        var load = function (from) { return Promise.all(results.slice(from, from + RERANK).map(page)); };
        /* when the first ten hold no page titled as the query, the next ten are read too (a head page
           can sit just below pages that repeat its name, such as atlas pages) */
        return load(0).then(function (data) {
          var titled = data.some(function (d) { return rank(d.meta, query)[0] === 0; });
          return titled || results.length <= RERANK ? data : load(RERANK).then(function (next) { return data.concat(next); });
        }).then(function (data) {
          if (mine !== generation) return;
          var ranked = data.map(function (d, i) { return { d: d, i: i, r: rank(d.meta, query) }; })
            .sort(function (a, b) { return a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i; });
          found = results.slice(data.length);
          shown = 0;
          status.textContent = results.length + " page" + (results.length === 1 ? "" : "s") + " found for “" + query + "”.";
          show(ranked.map(function (x) { return x.d; }));
          more.hidden = found.length === 0;
        });
      }).catch(function (err) { status.textContent = "Search is not available: " + err.message; });
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
    more.addEventListener("click", showMore);
    input.value = new URLSearchParams(location.search).get("q") || "";
    if (input.value) run(input.value);
  });
})();
