/* "Which version applied on a date?": go to the version of a policy in effect on the chosen day.
   The form carries [{from, to, number, url}, ...] (ISO dates, `to` inclusive or null) in
   data-policy-date-lookup; ISO dates compare correctly as strings. */
(function () {
  "use strict";

  function versionOn(versions, day) {
    var found = null;
    versions.forEach(function (v) {
      if (v.from <= day && (v.to === null || day <= v.to)) { found = v; }
    });
    return found;
  }

  function setUp(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var versions = JSON.parse(form.getAttribute("data-policy-date-lookup") || "[]");
    var result = form.querySelector(".policy-date-lookup__result");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.elements.date.value;
      var version = day ? versionOn(versions, day) : null;
      if (version && version.url) {
        window.location.href = new URL(version.url, window.location.href).href;
      } else {
        result.textContent = form.getAttribute("data-none");
      }
    });
  }

  function init() {
    document.querySelectorAll("form[data-policy-date-lookup]").forEach(setUp);
  }

  // Material's instant navigation swaps pages without a load event; document$ announces each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
