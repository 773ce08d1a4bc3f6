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

  function fromFile(data) {
    return data.versions.filter(function (v) { return v.status !== "never"; }).map(function (v) {
      return {from: v.effective_from, to: v.effective_until, number: v.number,
              url: v.url || v.diff_url || v.diff_current_url || ""};
    });
  }

  function setUp(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var embedded = {list: JSON.parse(form.getAttribute("data-policy-date-lookup") || "[]"),
                    base: window.location.href};
    var result = form.querySelector(".policy-date-lookup__result");
    var source = form.getAttribute("data-policy-versions");
    var loading = null;
    form.hidden = false;

    // Fetched once, when the reader first uses the form: by the time they submit it is usually here.
    function load() {
      if (loading === null) {
        if (!source || !window.fetch || !window.Promise) {
          loading = {then: function (use) { use(embedded); }};
        } else {
          var url = new URL(source, window.location.href).href;
          loading = window.fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          }).then(function (data) {
            return {list: fromFile(data), base: url};
          }).catch(function () {
            return embedded;
          });
        }
      }
      return loading;
    }

    form.addEventListener("focusin", load);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.elements.date.value;
      load().then(function (answers) {
        var version = day ? versionOn(answers.list, day) : null;
        if (version && version.url) {
          window.location.href = new URL(version.url, answers.base).href;
        } else {
          result.textContent = form.getAttribute("data-none");
        }
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
