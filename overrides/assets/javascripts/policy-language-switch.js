/* The language switcher keeps the URL fragment (#time-limits-at-a-glance) when it leads to the same page
   in another language: headings have the same explicit id in every language (policy_site.anchors), so
   the reader lands on the same clause. A link to another page (a language without this page sends the
   reader to its home page) keeps no fragment. The same page: the paths are equal once the first
   segment naming one of the switcher's languages is left out (the source language has none), so a
   site served below a folder works too. No request is made.
   Material's own switcher handler (on document.body) looks the page up in sitemap.xml and navigates
   without the fragment; a link that keeps one is followed as it is, so its click stops at the link. */
(function () {
  "use strict";

  var links = Array.prototype.slice.call(document.querySelectorAll(".md-select__link[hreflang]"));
  var languages = links.map(function (link) { return link.getAttribute("hreflang").toLowerCase(); });

  function pageKey(path) {
    var parts = path.split("/");
    for (var i = 0; i < parts.length; i++) {
      if (languages.indexOf(parts[i].toLowerCase()) !== -1) {
        parts.splice(i, 1);
        break;
      }
    }
    return parts.join("/").replace(/index\.html$/, "");
  }

  function update() {
    var here = pageKey(location.pathname);
    links.forEach(function (link) {
      var target = new URL(link.getAttribute("href"), location.href);
      target.hash = pageKey(target.pathname) === here ? location.hash : "";
      link.href = target.href;
    });
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (link.hash) {
        event.stopPropagation();
      }
    });
  });
  update();
  addEventListener("hashchange", update);
})();
