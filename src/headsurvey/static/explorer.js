/* headsurvey paper explorer: facets, text search, sorting, paging, downloads, state in the URL.
   The page holds the newest papers and links by year; the facets' options come from
   explorer/facets.json (so the page does not grow with the vocabulary), the data shards
   (explorer/*-<i>.json) are fetched only when a reader filters, searches, sorts, pages or
   downloads. Facet counts follow the filter: each option counts the papers that other filters and
   the text leave. Papers can be ticked and the chosen ones downloaded; the choice is kept in the
   address (?chosen=key1,key2), checked against the data; a file's name says what it holds.
   Data reaches the page as text and attributes only, never as markup. */
(function () {
  "use strict";
  var KNOWN = ["q", "sort", "page", "chosen"];
  /* A paper key as sources/schema.py allows it, and how many papers one choice may hold. */
  var KEY = /^[A-Za-z][A-Za-z0-9_:-]{0,99}$/, MAX_CHOSEN = 200;

  /* Text search on words, with model names as one token: "Llama 3", "Llama-3" and "Llama3" are all
     "llama3", which matches llama3 and llama3-8b but never llama30b or llama3.1 (a number ends a
     word only where no digit or version dot follows). Letters match at the start of a word. */
  var TOKEN = /[\p{L}\p{N}]+(?:\.\p{N}+)*/gu;
  function joined(s) { return s.replace(/(\p{L})[\s_-]+(?=\p{N})/gu, "$1"); }
  function tokens(s) { return s.toLowerCase().match(TOKEN) || []; }
  function queryWords(s) { return tokens(joined(s)); }
  function indexText(s) { return " " + tokens(s).concat(tokens(joined(s))).join(" ") + " "; }
  function hasWord(index, word) {
    var needle = " " + word, numeric = /\p{N}$/u.test(word), at = index.indexOf(needle);
    while (at >= 0) {
      if (!numeric || !/[\p{N}.]/u.test(index.charAt(at + needle.length))) return true;
      at = index.indexOf(needle, at + 1);
    }
    return false;
  }
  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (kids || []).forEach(function (kid) { node.append(kid); });  /* strings become text nodes */
    return node;
  }
  function dict() { return Object.create(null); }
  function slug(s) { return String(s).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 40); }

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
    var cache = dict(), indexed = dict(), chosen = dict(), names = dict();
    var pending = [];  /* keys the address chose, kept in it until the data has said which exist */
    var chosenCount = root.querySelector(".hs-chosen-count");

    function json(name) {
      if (!cache[name]) {
        cache[name] = fetch(opt("base") + name).then(function (r) {
          if (!r.ok) throw new Error("could not load " + name + " (" + r.status + ")");
          return r.json();
        });
      }
      return cache[name];
    }
    function load(kind, i) { return json(kind + "-" + i + ".json"); }
    /* Each select's options, from facets.json: per facet, [value, label, papers] in reading order. */
    function fill(data) {
      selects.forEach(function (s) {
        names[s.name] = dict();
        (data[s.name] || []).forEach(function (o) {
          names[s.name][o[0]] = o[1];
          var option = el("option", { "data-label": o[1], "data-count": o[2] }, [o[1] + " (" + o[2] + ")"]);
          option.value = o[0];
          s.appendChild(option);
        });
      });
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
      var keys = Object.keys(chosen).concat(pending.filter(function (k) { return !chosen[k]; })).sort();
      if (keys.length) params.set("chosen", keys.join(","));
      return params;
    }
    /* Write the state into the address (commas left as they are: they only separate keys). */
    function remember() {
      var query = state().toString().replace(/%2C/g, ",");
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }
    function uri(kind, key) { return opt(kind + "-uri").replace("__KEY__", encodeURIComponent(key)); }

    function row(p) {
      var heads = [];
      p.head.filter(function (h) { return names.head[h]; }).forEach(function (h, i) {
        if (i) heads.push(", ");
        heads.push(el("a", { href: uri("head", h) }, [names.head[h]]));
      });
      var families = p.family.map(function (f) { return names.family[f] || f; }).join(", ");
      var box = el("input", { type: "checkbox", "class": "hs-choose", value: p.key, "aria-label": "Choose “" + p.title + "”" });
      box.checked = !!chosen[p.key];
      return el("tr", {}, [
        el("td", { "data-label": "Paper" }, [box, " ", el("a", { "class": "hs-explorer-title", href: uri("paper", p.key) }, [p.title]),
          el("br"), el("span", { "class": "hs-muted" }, [p.authors])]),
        el("td", { "data-label": "First released" }, [p.date]), el("td", { "data-label": "Venue" }, [p.venue[0]]),
        el("td", { "data-label": "Heads" }, heads), el("td", { "data-label": "Stages" }, [p.stage.join(" ")]),
        el("td", { "data-label": "Model families" }, [families])]);
    }

    function value(p, key) { return key === "title" ? p.title.toLowerCase() : key === "venue" ? p.venue[0].toLowerCase() : p.date; }

    /* The papers that match the form, in table order, and per facet the count of each value among
       the papers the other filters and the text leave (loads every shard it needs). */
    function matching() {
      var words = queryWords(text.value);
      return Promise.all([loadAll("papers"), words.length ? loadAll("words") : Promise.resolve([])]).then(function (got) {
        got[1].forEach(function (part) {
          Object.keys(part).forEach(function (k) { if (!indexed[k]) indexed[k] = indexText(part[k]); });
        });
        var counts = dict(), found = [];
        selects.forEach(function (s) { counts[s.name] = dict(); });
        [].concat.apply([], got[0]).forEach(function (p) {
          if (!words.every(function (w) { return hasWord(indexed[p.key], w); })) return;
          var failed = selects.filter(function (s) { return s.value && p[s.name].indexOf(s.value) < 0; });
          if (failed.length > 1) return;
          selects.forEach(function (s) {
            if (failed.length && failed[0] !== s) return;
            p[s.name].forEach(function (v) { counts[s.name][v] = (counts[s.name][v] || 0) + 1; });
          });
          if (!failed.length) found.push(p);
        });
        var sign = sort.dir === "asc" ? 1 : -1;
        found.sort(function (a, b) {
          var x = value(a, sort.key), y = value(b, sort.key);
          return x < y ? -sign : x > y ? sign : (a.key < b.key ? -1 : 1);
        });
        return { found: found, counts: counts };
      });
    }

    /* Each option's count: of the papers left by the other filters (null: the whole catalogue's). */
    function drawCounts(counts) {
      selects.forEach(function (s) {
        Array.prototype.forEach.call(s.options, function (o) {
          if (!o.value) return;
          var n = counts ? counts[s.name][o.value] || 0 : +o.getAttribute("data-count");
          o.textContent = o.getAttribute("data-label") + " (" + n + ")";
          o.disabled = n === 0 && s.value !== o.value;
        });
      });
    }

    function drawPager(count) {
      var pages = Math.max(1, Math.ceil(count / pageSize));
      pager.hidden = pages < 2;
      var prev = el("button", { type: "button", "data-page": "prev" }, ["Previous"]);
      var next = el("button", { type: "button", "data-page": "next" }, ["Next"]);
      prev.disabled = page === 0;
      next.disabled = page + 1 >= pages;
      pager.replaceChildren(prev, " ", el("span", {}, ["Page " + (page + 1) + " of " + pages]), " ", next);
    }

    function apply(fromUrl) {
      var mine = ++generation;
      root.querySelectorAll("th[aria-sort]").forEach(function (th) {
        var key = th.querySelector("button").getAttribute("data-sort");
        th.setAttribute("aria-sort", key === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none");
      });
      remember();
      var job;
      if (isDefault()) {
        page = Math.min(page, Math.max(0, Math.ceil(total / pageSize) - 1));
        drawCounts(null);
        if (page === 0 && fromUrl) { shown = null; drawPager(total); return Promise.resolve(); }
        var i = Math.floor(page * pageSize / shardSize);
        job = load("papers", i).then(function (part) {
          var start = page * pageSize - i * shardSize;
          return { rows: part.slice(start, start + pageSize), count: total, all: null };
        });
      } else {
        status.textContent = "Loading…";
        job = matching().then(function (got) {
          var found = got.found;
          page = Math.min(page, Math.max(0, Math.ceil(found.length / pageSize) - 1));
          return { rows: found.slice(page * pageSize, (page + 1) * pageSize), count: found.length, all: found, counts: got.counts };
        });
      }
      return job.then(function (got) {
        if (mine !== generation) return;
        shown = got.all;
        if (got.counts) drawCounts(got.counts);
        tbody.replaceChildren.apply(tbody, got.rows.map(row));
        status.textContent = got.count === total ? total + " papers" : "Showing " + got.count + " of " + total + " papers";
        drawPager(got.count);
        remember();
      }).catch(function (err) { status.textContent = "The data could not be loaded: " + err.message; });
    }

    // A cell a spreadsheet would read as a formula gets a leading quote (OWASP, CSV injection);
    // the rows come escaped already (exports/tables.py csv_cell): this holds for any row given.
    function csvField(v) {
      v = String(v);
      if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }
      return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    }

    /* What a file of the papers shown holds, for its name: the filters, or "all". */
    function described() {
      var parts = [];
      selects.forEach(function (s) { if (s.value) parts.push(s.name + "-" + slug(s.value)); });
      if (text.value.trim()) parts.push("text-" + slug(text.value));
      return parts.length ? parts.join("_") : "all";
    }

    /* Save ``keys`` (a promise of paper keys; by default the papers shown) as ``kind``, in a file named after ``what``. */
    function download(kind, keys, what) {
      keys = keys || (shown ? Promise.resolve(shown) : matching().then(function (got) { return got.found; }))
        .then(function (found) { return found.map(function (p) { return p.key; }); });
      return keys.then(function (picked) {
        return loadAll("export").then(function (parts) {
          var data = Object.assign.apply(null, [dict()].concat(parts.map(function (p) { return p.papers; })));
          var sorted = picked.slice().sort();
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
          a.download = "headsurvey-papers-" + (what || described()) + "." + ext;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
        });
      }).catch(function (err) { status.textContent = "The download could not be made: " + err.message; });
    }

    /* Say what the address holds that this page does not understand (or has no paper for). */
    var ignored = [];
    function explain(more) {
      ignored = ignored.concat(more);
      notice.textContent = "Not understood in the address, so not applied: " + ignored.join("; ") + ".";
      notice.hidden = !ignored.length;
    }
    function some(keys) {
      var shown = keys.slice(0, 3).map(function (k) { return k.length > 40 ? k.slice(0, 40) + "…" : k; }).join(", ");
      return shown + (keys.length > 3 ? " and " + (keys.length - 3) + " more" : "");
    }

    /* Read the address: filters, text, sort and page at once; the chosen keys once the data says they exist. */
    function readAddress() {
      var params = new URLSearchParams(location.search), wrong = [];
      params.forEach(function (wanted, name) {
        var select = selects.filter(function (s) { return s.name === name; })[0];
        if (select) {
          var low = wanted.toLowerCase();
          var match = Array.prototype.filter.call(select.options, function (o) {
            return o.value && (o.value === wanted || o.value.toLowerCase() === low || (o.getAttribute("data-label") || "").toLowerCase() === low);
          })[0];
          if (match) select.value = match.value; else wrong.push(name + "=" + wanted + " (no such " + name + ")");
        } else if (KNOWN.indexOf(name) < 0) {
          wrong.push(name + "=" + wanted + " (not a filter of this page)");
        }
      });
      text.value = params.get("q") || "";
      var sorted = (params.get("sort") || "").split("-");
      if (["title", "date", "venue"].indexOf(sorted[0]) >= 0 && ["asc", "desc"].indexOf(sorted[1]) >= 0) {
        sort = { key: sorted[0], dir: sorted[1] };
      } else if (params.get("sort")) {
        wrong.push("sort=" + params.get("sort") + " (use title, date or venue with -asc or -desc)");
      }
      page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
      var keys = [], malformed = [], beyond = 0;
      params.getAll("chosen").join(",").split(",").forEach(function (k) {
        k = k.trim();
        if (!k || keys.indexOf(k) >= 0) return;
        if (!KEY.test(k)) malformed.push(k); else if (keys.length < MAX_CHOSEN) keys.push(k); else beyond++;
      });
      if (malformed.length) wrong.push("chosen " + some(malformed) + " (not a paper key)");
      if (beyond) wrong.push("chosen: " + beyond + " more papers than the " + MAX_CHOSEN + " a choice holds");
      if (wrong.length) explain(wrong);
      pending = keys;
    }
    /* Tick the papers the address chose that the catalogue has; name the others. */
    function choose() {
      var keys = pending;
      if (!keys.length) return Promise.resolve();
      return loadAll("papers").then(function (parts) {
        if (pending !== keys) return;  /* the choice was cleared meanwhile */
        var known = dict();
        parts.forEach(function (part) { part.forEach(function (p) { known[p.key] = true; }); });
        var missing = keys.filter(function (k) { return !known[k]; });
        keys.forEach(function (k) { if (known[k]) chosen[k] = true; });
        pending = [];
        if (missing.length) explain(["chosen " + some(missing) + " (no such paper)"]);
        tbody.querySelectorAll("input.hs-choose").forEach(function (box) { box.checked = !!chosen[box.value]; });
        drawChosen();
        remember();
      }).catch(function (err) { status.textContent = "The data could not be loaded: " + err.message; });
    }

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

    /* Ticked papers stay chosen across filters and pages, until the choice is cleared. */
    var chooseButtons = root.querySelectorAll("button[data-export-chosen], button[data-choose]");
    function drawChosen(full) {
      var n = Object.keys(chosen).length;
      chosenCount.textContent = (n ? n + " paper" + (n === 1 ? "" : "s") + " chosen" : "none chosen") +
        (full ? " (a choice holds at most " + MAX_CHOSEN + "; download a filtered view for more)" : "");
      chooseButtons.forEach(function (b) { b.disabled = n === 0; });
    }
    tbody.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.classList || !box.classList.contains("hs-choose")) return;
      var full = box.checked && Object.keys(chosen).length >= MAX_CHOSEN;
      if (full) box.checked = false; else if (box.checked) chosen[box.value] = true; else delete chosen[box.value];
      drawChosen(full);
      remember();
    });
    root.querySelectorAll("button[data-export-chosen]").forEach(function (button) {
      button.addEventListener("click", function () {
        var keys = Object.keys(chosen);
        download(button.getAttribute("data-export-chosen"), Promise.resolve(keys), "chosen-" + keys.length);
      });
    });
    root.querySelector("button[data-choose=none]").addEventListener("click", function () {
      chosen = dict();
      pending = [];
      tbody.querySelectorAll("input.hs-choose").forEach(function (box) { box.checked = false; });
      drawChosen();
      remember();
    });

    json("facets.json").then(function (data) {
      fill(data);
      readAddress();
      form.hidden = false;
      root.querySelector(".hs-explorer-downloads").hidden = false;
      tbody.querySelectorAll("input.hs-choose").forEach(function (box) { box.hidden = false; });
      return Promise.all([apply(true), choose()]);
    }).catch(function (err) { status.textContent = "The filters could not be loaded: " + err.message; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(setup);
  });
})();
