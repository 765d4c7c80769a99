/* headsurvey paper explorer: facets, text search, sorting, paging, downloads, state in the URL.
   The page holds the newest papers and links by year; the data shards (explorer/*.json) are
   fetched only when a reader filters, searches, sorts, pages or downloads. */
(function () {
  "use strict";
  var KNOWN = ["q", "sort", "page"];

  function setup(root) {
    var form = root.querySelector("form");
    var tbody = root.querySelector("tbody");
    var status = root.querySelector(".hs-explorer-count");
    var notice = root.querySelector(".hs-explorer-notice");
    var pager = root.querySelector(".hs-explorer-pager");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var text = form.querySelector("input[name=q]");
    var opt = function (name) { return root.getAttribute("data-" + name); };
    var total = +opt("total"), nShards = +opt("shards"), shardSize = +opt("shard-size"), pageSize = +opt("page-size");
    var sort = { key: "date", dir: "desc" }, page = 0, generation = 0, shown = null;
    var cache = {};
    var names = {};
    selects.forEach(function (s) {
      names[s.name] = {};
      Array.prototype.forEach.call(s.options, function (o) { if (o.value) names[s.name][o.value] = o.getAttribute("data-label"); });
    });

    function load(kind, i) {
      var id = kind + "-" + i;
      if (!cache[id]) {
        cache[id] = fetch(opt("base") + id + ".json").then(function (r) {
          if (!r.ok) throw new Error("could not load " + id + ".json (" + r.status + ")");
          return r.json();
        });
      }
      return cache[id];
    }
    function loadAll(kind) {
      var all = [];
      for (var i = 0; i < nShards; i++) all.push(load(kind, i));
      return Promise.all(all);
    }
    function isDefault() {
      return !text.value.trim() && selects.every(function (s) { return !s.value; }) && sort.key === "date" && sort.dir === "desc";
    }
    function state() {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      if (text.value.trim()) params.set("q", text.value.trim());
      if (sort.key !== "date" || sort.dir !== "desc") params.set("sort", sort.key + "-" + sort.dir);
      if (page > 0) params.set("page", String(page + 1));
      return params;
    }
    function uri(kind, key) { return opt(kind + "-uri").replace("__KEY__", encodeURIComponent(key)); }
    function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }

    function row(p) {
      var heads = p.head.filter(function (h) { return names.head[h]; }).map(function (h) {
        return '<a href="' + esc(uri("head", h)) + '">' + esc(names.head[h]) + "</a>";
      }).join(", ");
      var families = p.family.map(function (f) { return names.family[f] || f; }).join(", ");
      return '<tr><td><a href="' + esc(uri("paper", p.key)) + '">' + esc(p.title) + '</a><br><span class="hs-muted">' +
        esc(p.authors) + "</span></td><td>" + esc(p.date) + "</td><td>" + esc(p.venue[0]) + "</td><td>" + heads +
        "</td><td>" + esc(p.stage.join(" ")) + "</td><td>" + esc(families) + "</td></tr>";
    }

    function value(p, key) { return key === "title" ? p.title.toLowerCase() : key === "venue" ? p.venue[0].toLowerCase() : p.date; }

    /* The papers that match the form, in table order (loads every shard it needs). */
    function matching() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      return Promise.all([loadAll("papers"), words.length ? loadAll("words") : Promise.resolve([])]).then(function (got) {
        var texts = Object.assign.apply(null, [{}].concat(got[1]));
        var found = [].concat.apply([], got[0]).filter(function (p) {
          return selects.every(function (s) { return !s.value || p[s.name].indexOf(s.value) >= 0; }) &&
            words.every(function (w) { return texts[p.key].indexOf(w) >= 0; });
        });
        var sign = sort.dir === "asc" ? 1 : -1;
        found.sort(function (a, b) {
          var x = value(a, sort.key), y = value(b, sort.key);
          return x < y ? -sign : x > y ? sign : (a.key < b.key ? -1 : 1);
        });
        return found;
      });
    }

    function drawPager(count) {
      var pages = Math.max(1, Math.ceil(count / pageSize));
      pager.hidden = pages < 2;
      pager.innerHTML = '<button type="button" data-page="prev"' + (page > 0 ? "" : " disabled") + ">Previous</button> " +
        '<span>Page ' + (page + 1) + " of " + pages + "</span> " +
        '<button type="button" data-page="next"' + (page + 1 < pages ? "" : " disabled") + ">Next</button>";
    }

    function apply(fromUrl) {
      var mine = ++generation;
      root.querySelectorAll("th[aria-sort]").forEach(function (th) {
        var key = th.querySelector("button").getAttribute("data-sort");
        th.setAttribute("aria-sort", key === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none");
      });
      var query = state().toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
      var job;
      if (isDefault()) {
        page = Math.min(page, Math.max(0, Math.ceil(total / pageSize) - 1));
        if (page === 0 && fromUrl) { shown = null; drawPager(total); return Promise.resolve(); }
        var i = Math.floor(page * pageSize / shardSize);
        job = load("papers", i).then(function (part) {
          var start = page * pageSize - i * shardSize;
          return { rows: part.slice(start, start + pageSize), count: total, all: null };
        });
      } else {
        status.textContent = "Loading…";
        job = matching().then(function (found) {
          page = Math.min(page, Math.max(0, Math.ceil(found.length / pageSize) - 1));
          return { rows: found.slice(page * pageSize, (page + 1) * pageSize), count: found.length, all: found };
        });
      }
      return job.then(function (got) {
        if (mine !== generation) return;
        shown = got.all;
        tbody.innerHTML = got.rows.map(row).join("");
        status.textContent = got.count === total ? total + " papers" : "Showing " + got.count + " of " + total + " papers";
        drawPager(got.count);
        var now = state().toString();
        history.replaceState(null, "", now ? "?" + now : location.pathname);
      }).catch(function (err) { status.textContent = "The data could not be loaded: " + err.message; });
    }

    // A cell a spreadsheet would read as a formula gets a leading quote (OWASP, CSV injection);
    // the rows come escaped already (exports/tables.py csv_cell): this holds for any row given.
    function csvField(v) {
      v = String(v);
      if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }
      return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    }

    function download(kind) {
      var keys = shown ? Promise.resolve(shown) : matching();
      return keys.then(function (found) {
        return loadAll("export").then(function (parts) {
          var data = Object.assign.apply(null, [{}].concat(parts.map(function (p) { return p.papers; })));
          var sorted = found.map(function (p) { return p.key; }).sort();
          var body, type, ext;
          if (kind === "bib") {
            body = sorted.map(function (k) { return data[k].bib; }).join("\n\n") + "\n"; type = "application/x-bibtex"; ext = "bib";
          } else if (kind === "csv") {
            body = [parts[0].columns].concat(sorted.map(function (k) { return data[k].csv; }))
              .map(function (r) { return r.map(csvField).join(","); }).join("\n") + "\n";
            type = "text/csv"; ext = "csv";
          } else {
            body = JSON.stringify(sorted.map(function (k) { return data[k].csl; }), null, 1) + "\n"; type = "application/json"; ext = "csl.json";
          }
          var a = document.createElement("a");
          a.href = URL.createObjectURL(new Blob([body], { type: type }));
          a.download = "headsurvey-papers." + ext;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
        });
      }).catch(function (err) { status.textContent = "The download could not be made: " + err.message; });
    }

    /* Read the address; say what it holds that this page does not understand. */
    var params = new URLSearchParams(location.search), ignored = [];
    params.forEach(function (wanted, name) {
      var select = selects.filter(function (s) { return s.name === name; })[0];
      if (select) {
        var low = wanted.toLowerCase();
        var match = Array.prototype.filter.call(select.options, function (o) {
          return o.value && (o.value === wanted || o.value.toLowerCase() === low || (o.getAttribute("data-label") || "").toLowerCase() === low);
        })[0];
        if (match) select.value = match.value; else ignored.push(name + "=" + wanted + " (no such " + name + ")");
      } else if (KNOWN.indexOf(name) < 0) {
        ignored.push(name + "=" + wanted + " (not a filter of this page)");
      }
    });
    text.value = params.get("q") || "";
    var sorted = (params.get("sort") || "").split("-");
    if (["title", "date", "venue"].indexOf(sorted[0]) >= 0 && ["asc", "desc"].indexOf(sorted[1]) >= 0) {
      sort = { key: sorted[0], dir: sorted[1] };
    } else if (params.get("sort")) {
      ignored.push("sort=" + params.get("sort") + " (use title, date or venue with -asc or -desc)");
    }
    page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
    if (ignored.length) {
      notice.textContent = "Not understood in the address, so not applied: " + ignored.join("; ") + ".";
      notice.hidden = false;
    }

    form.hidden = false;
    root.querySelector(".hs-explorer-downloads").hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () { page = 0; apply(false); });
    form.addEventListener("change", function () { page = 0; apply(false); });
    form.addEventListener("reset", function () { setTimeout(function () { page = 0; apply(false); }, 0); });
    root.querySelectorAll("th button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        sort = { key: key, dir: sort.key === key && sort.dir === "asc" ? "desc" : "asc" };
        page = 0;
        apply(false);
      });
    });
    pager.addEventListener("click", function (event) {
      var which = event.target.getAttribute("data-page");
      if (!which) return;
      page += which === "next" ? 1 : -1;
      apply(false);
    });
    root.querySelectorAll("button[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-export")); });
    });
    apply(true);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(setup);
  });
})();
