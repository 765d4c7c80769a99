/* headsurvey paper explorer: facet filters, text filter, sortable columns, state in the URL.
   The table is complete without this script; it only adds the controls. */
(function () {
  "use strict";
  function setup(root) {
    var form = root.querySelector("form");
    var tbody = root.querySelector("tbody");
    var rows = Array.prototype.slice.call(tbody.rows);
    var status = root.querySelector(".hs-explorer-count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var text = form.querySelector("input[name=q]");
    var sort = { key: "date", dir: "desc" };

    function state() {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      if (text.value.trim()) params.set("q", text.value.trim());
      if (sort.key !== "date" || sort.dir !== "desc") params.set("sort", sort.key + "-" + sort.dir);
      return params;
    }

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || (" " + row.getAttribute("data-" + s.name) + " ").indexOf(" " + s.value + " ") >= 0;
        }) && words.every(function (w) { return row.getAttribute("data-text").indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown === rows.length ? rows.length + " papers" : "Showing " + shown + " of " + rows.length + " papers";
      var query = state().toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }

    function value(row, key) {
      return key === "title" ? row.cells[0].textContent.trim().toLowerCase()
        : key === "venue" ? row.cells[2].textContent.trim().toLowerCase() : row.getAttribute("data-date");
    }

    function order() {
      var sign = sort.dir === "asc" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = value(a, sort.key), y = value(b, sort.key);
        return x < y ? -sign : x > y ? sign : 0;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
      root.querySelectorAll("th[aria-sort]").forEach(function (th) {
        var key = th.querySelector("button").getAttribute("data-sort");
        th.setAttribute("aria-sort", key === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none");
      });
    }

    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) s.value = wanted;
    });
    text.value = params.get("q") || "";
    var sorted = (params.get("sort") || "").split("-");
    if (["title", "date", "venue"].indexOf(sorted[0]) >= 0 && ["asc", "desc"].indexOf(sorted[1]) >= 0) {
      sort = { key: sorted[0], dir: sorted[1] };
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    root.querySelectorAll("th button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        sort = { key: key, dir: sort.key === key && sort.dir === "asc" ? "desc" : "asc" };
        order();
        apply();
      });
    });
    order();
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-explorer]").forEach(setup);
  });
})();
