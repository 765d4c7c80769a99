/* Says aloud what a copy button did: sphinx-copybutton shows success only as a check mark and a
   tooltip, so its result is written into a polite live region that screen readers announce. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var region = document.createElement("div");
    region.className = "hs-announce";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
    function what(button) {
      var target = document.querySelector(button.getAttribute("data-clipboard-target") || "#none");
      return target && target.closest(".hs-bibtex") ? "BibTeX entry" : "Code";
    }
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var button = change.target;
        if (!button.classList.contains("copybtn")) return;
        var now = button.getAttribute("data-tooltip"), before = change.oldValue;
        if (!before || now === before || button.classList.contains("hs-announced")) return;
        button.classList.add("hs-announced");
        region.textContent = button.classList.contains("success")
          ? what(button) + " copied to the clipboard."
          : "Copying did not work (" + now + "): select the text and copy it yourself.";
        setTimeout(function () { button.classList.remove("hs-announced"); }, 2500);
      });
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-tooltip"], attributeOldValue: true });
  });
})();
