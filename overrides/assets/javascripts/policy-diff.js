/* A diff page (overrides/partials/policy-diff.html), only loaded there.
   1. Print what is folded: browsers print a closed <details> closed. policy-print.css shows the content
      where the browser supports ::details-content; this opens the folds for the others, and closes them
      again after printing.
   2. Material wraps each table in a scrolling box; one that scrolls (a wide table on a phone) must be
      reachable with the keyboard (WCAG 2.1.1). A folded table only has a width once it is unfolded, so
      this is checked on load, when a fold opens and when the window changes size. */
(function () {
  "use strict";

  var opened = [];
  addEventListener("beforeprint", function () {
    document.querySelectorAll("details[data-policy-diff-fold]:not([open])").forEach(function (fold) {
      fold.open = true;
      opened.push(fold);
    });
  });
  addEventListener("afterprint", function () {
    opened.splice(0).forEach(function (fold) { fold.open = false; });
  });

  function focusScrollingTables() {
    document.querySelectorAll("[data-policy-diff] .md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  addEventListener("load", focusScrollingTables);  // after Material's bundle wrapped the tables
  addEventListener("resize", focusScrollingTables);
  document.addEventListener("toggle", focusScrollingTables, true);  // toggle does not bubble
})();
