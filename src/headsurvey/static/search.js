/* The search page: a small interface over Pagefind's chunked index (pagefind/pagefind.js, in shards).
   A query downloads only the index chunks of its words and the excerpts of the results shown.
   Among Pagefind's first results, reordered by what the query means (singular and plural alike):
   first a page whose title is the query (or the query plus "head"): a head name finds its head
   page, a paper title its paper page; then the key papers of that head type, in the head page's
   order (paper pages carry it as the key_for metadata), or the papers a glossary term's definition
   cites, in its order (the terms metadata); then titles that start with the query. */
(function () {
  "use strict";
  var SHOWN = 10, RERANK = 10;

  /* "heads" → "head", "sinks" → "sink"; "bias", "analysis", "corpus" and "class" stay as they are. */
  function singular(word) { return word.length > 4 && /[^aisu]s$/i.test(word) ? word.slice(0, -1) : word; }
  function norm(s) {
    return String(s || "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(" ").map(singular).join(" ");
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function excerpt(html) {  /* keep Pagefind's <mark> highlights and nothing else */
    var div = document.createElement("div");
    div.innerHTML = html;
    return esc(div.textContent);
  }
  /* [tier, position]: 0 the page titled as the query, 1 a key paper of the head type or glossary term
     named by the query (position: its place among that head's key papers or the term's cited papers),
     2 a title starting with it, 3 the rest. */
  function rank(meta, query) {
    var t = norm(meta.title), q = norm(query);
    var named = function (name) { return name === q || name === q + " head"; };
    if (named(t)) return [0, 0];
    /* key_for: the head types naming the page a key paper; terms: the glossary terms whose definition cites it */
    var keys = (meta.key_for || "").split("|").concat((meta.terms || "").split("|"));
    for (var i = 0; i < keys.length; i++) {
      var at = keys[i].lastIndexOf("=");
      if (at > 0 && named(norm(keys[i].slice(0, at)))) return [1, +keys[i].slice(at + 1)];
    }
    return [t.indexOf(q) === 0 ? 2 : 3, 0];
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("hs-search");
    if (!box) return;
    var form = box.querySelector("form"), input = box.querySelector("input"), status = box.querySelector(".hs-search-status");
    var list = box.querySelector("ol"), more = box.querySelector(".hs-search-more");
    var root = new URL(box.getAttribute("data-root"), location.href);
    var shards = new URL(box.getAttribute("data-shards"), location.href).href;
    var engine = null, found = [], shown = 0, generation = 0;

    /* The index is in shards (a small site has one): the list of their folders is read, the first
       shard's pagefind.js loaded, and every other shard merged into it; a query then reads the chunks
       of its words in each shard, and Pagefind orders the results of all shards by score. */
    function load() {
      if (!engine) {
        engine = fetch(shards).then(function (response) {
          if (!response.ok) throw new Error("no index (" + response.status + ")");
          return response.json();
        }).then(function (folders) {
          var paths = folders.map(function (f) { return new URL(f, root).pathname; });
          /* a weak page-length penalty: a head's page is long, and its name alone must still find it */
          var options = { baseUrl: root.pathname, ranking: { pageLength: 0.2 } };
          return import(paths[0] + "pagefind.js").then(function (pf) {
            return pf.options(options).then(function () {
              return Promise.all(paths.slice(1).map(function (path) { return pf.mergeIndex(path, options); }));
            }).then(function () { return pf; });
          });
        });
      }
      return engine;
    }
    function show(items) {
      items.forEach(function (d) {
        var li = document.createElement("li");
        li.innerHTML = '<a class="hs-search-result" href="' + esc(d.url) + '">' + esc(d.meta.title || d.url) + "</a>" +
          '<p class="hs-search-excerpt">' + excerpt(d.excerpt.replace(/<mark>/g, "\u0002").replace(/<\/mark>/g, "\u0003"))
            .replace(/\u0002/g, "<mark>").replace(/\u0003/g, "</mark>") + "</p>";
        list.appendChild(li);
      });
    }
    function showMore() {
      var mine = generation, next = found.slice(shown, shown + SHOWN);
      shown += next.length;
      more.hidden = shown >= found.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
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
      /* Pagefind ranks "retrieval heads" apart from "retrieval head": it is asked in the singular */
      var asked = query.split(/\s+/).map(singular).join(" ");
      load().then(function (pf) { return pf.search(asked); }).then(function (search) {
        if (mine !== generation) return null;
        var load = function (from) {
          return Promise.all(search.results.slice(from, from + RERANK).map(function (r) { return r.data(); }));
        };
        /* when the first ten hold no page titled as the query, the next ten are read too (a head page
           can sit just below pages that repeat its name, such as atlas pages) */
        return load(0).then(function (data) {
          var titled = data.some(function (d) { return rank(d.meta, query)[0] === 0; });
          return titled || search.results.length <= RERANK ? data : load(RERANK).then(function (more) { return data.concat(more); });
        }).then(function (data) {
          if (mine !== generation) return;
          var ranked = data.map(function (d, i) { return { d: d, i: i, r: rank(d.meta, query) }; })
            .sort(function (a, b) { return a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i; });
          found = search.results.slice(data.length);
          shown = 0;
          status.textContent = search.results.length + " page" + (search.results.length === 1 ? "" : "s") + " found for “" + query + "”.";
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
