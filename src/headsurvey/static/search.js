/* The search page: a small interface over Pagefind's chunked index (pagefind/pagefind.js).
   A query downloads only the index chunks of its words and the excerpts of the results shown.
   Among Pagefind's first results, a page whose title is the query (or the query plus "head")
   is moved to the top: a head name finds its head page, a paper title its paper page. */
(function () {
  "use strict";
  var SHOWN = 10, RERANK = 10;

  function norm(s) { return String(s || "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim(); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function excerpt(html) {  /* keep Pagefind's <mark> highlights and nothing else */
    var div = document.createElement("div");
    div.innerHTML = html;
    return esc(div.textContent);
  }
  function tier(title, query) {
    var t = norm(title), q = norm(query);
    if (t === q || t === q + " head" || t === q + " heads") return 0;
    if (t.indexOf(q) === 0) return 1;
    return 2;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("hs-search");
    if (!box) return;
    var form = box.querySelector("form"), input = box.querySelector("input"), status = box.querySelector(".hs-search-status");
    var list = box.querySelector("ol"), more = box.querySelector(".hs-search-more");
    var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
    var baseUrl = new URL(box.getAttribute("data-root"), location.href).pathname;
    var engine = null, found = [], shown = 0, generation = 0;

    function load() {
      if (!engine) {
        engine = import(bundle + "pagefind.js").then(function (pf) {
          /* a weak page-length penalty: a head's page is long, and its name alone must still find it */
          return pf.options({ baseUrl: baseUrl, bundlePath: bundle, ranking: { pageLength: 0.2 } })
            .then(function () { return pf; });
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
      load().then(function (pf) { return pf.search(query); }).then(function (search) {
        if (mine !== generation) return null;
        var head = search.results.slice(0, RERANK);
        return Promise.all(head.map(function (r) { return r.data(); })).then(function (data) {
          if (mine !== generation) return;
          var ranked = data.map(function (d, i) { return { d: d, i: i, t: tier(d.meta.title, query) }; })
            .sort(function (a, b) { return a.t - b.t || a.i - b.i; });
          found = search.results.slice(RERANK);
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
