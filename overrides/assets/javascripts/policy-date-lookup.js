/* "Which version applied on a date?": go to the version of a policy in effect on the chosen day.
   The answer comes from the policy's versions file (/api/<policy>.json, named by data-policy-versions:
   versions[] with effective_from, effective_until and url, relative to the file), the same data
   auditors and other clients read. When it cannot be fetched (a page opened from disk), the form's
   own copy answers: [{from, to, number, url}, ...] in data-policy-date-lookup, urls relative to the
   page. ISO dates (`to` inclusive or null) compare correctly as strings. */
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
    function answer(list, base, day) {
      var version = day ? versionOn(list, day) : null;
      if (version && version.url) {
        window.location.href = new URL(version.url, base).href;
      } else {
        result.textContent = form.getAttribute("data-none");
      }
    }

    function fromFile(data) {
      return data.versions.filter(function (v) { return v.status !== "never"; }).map(function (v) {
        return {from: v.effective_from, to: v.effective_until, number: v.number,
                url: v.url || v.diff_url || v.diff_current_url || ""};
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.elements.date.value;
      var source = form.getAttribute("data-policy-versions");
      if (!source || !window.fetch) {
        answer(versions, window.location.href, day);
        return;
      }
      var url = new URL(source, window.location.href).href;
      window.fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        answer(fromFile(data), url, day);
      }).catch(function () {
        answer(versions, window.location.href, day);
      });
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
