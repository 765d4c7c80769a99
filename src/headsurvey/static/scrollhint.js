/* A visible hint on every box that scrolls sideways (wide tables, the atlas grid, charts on a
   phone): "Scroll sideways for more →" above the box while part of it is out of sight. */
(function () {
  "use strict";
  function setup(box) {
    var hint = document.createElement("p");
    hint.className = "hs-scroll-hint";
    hint.setAttribute("aria-hidden", "true");  // the region itself is labelled and keyboard-scrollable
    hint.textContent = "Scroll sideways for more →";
    box.parentNode.insertBefore(hint, box);
    function update() {
      hint.hidden = box.scrollWidth - box.clientWidth - box.scrollLeft < 2;
    }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    if (window.ResizeObserver) new ResizeObserver(update).observe(box);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".hs-table-wrap").forEach(setup);
  });
})();
