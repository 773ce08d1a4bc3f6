/* Thai word segmentation for Material's search worker (policy-site, hooks/search_segmentation.py).
 *
 * Material's worker splits text into words only at its `separator` (spaces and hyphens), and Thai is
 * written without spaces between words: a whole phrase became one search term, so a word in the middle
 * of a sentence could not be found. This wrapper loads Material's own worker (its file name is in
 * ?material=) and, with the browser's Intl.Segmenter (ICU's Thai dictionary):
 *   - before the index is built, puts a zero-width space between the Thai words of every page and adds
 *     the zero-width space to the separator (the text shown in results looks the same);
 *   - splits the Thai words of each query with spaces, so each word is looked up on its own.
 * Without Intl.Segmenter the messages pass through unchanged, as before. Message types are Material's
 * SearchMessageType: 0 = setup, 2 = query.
 */
(function () {
  "use strict";
  var THAI_RUN = /[\u0E00-\u0E7F]+/g;
  var segmenter = null;
  try {
    segmenter = new Intl.Segmenter("th", { granularity: "word" });
  } catch (error) {
    segmenter = null;
  }

  function split(text, joiner) {
    if (!segmenter || typeof text !== "string" || !/[\u0E00-\u0E7F]/.test(text)) return text;
    return text.replace(THAI_RUN, function (run) {
      var words = [];
      for (var part of segmenter.segment(run)) words.push(part.segment);
      return words.join(joiner);
    });
  }

  function prepare(message) {
    if (!message || !segmenter) return message;
    if (message.type === 0 && message.data && message.data.config) {
      var config = message.data.config;
      config.separator = "\u200b+|(?:" + (config.separator || "[\\s\\-]+") + ")";
      (message.data.docs || []).forEach(function (doc) {
        doc.title = split(doc.title, "\u200b");
        doc.text = split(doc.text, "\u200b");
      });
    } else if (message.type === 2) {
      message.data = split(message.data, " ");
    }
    return message;
  }

  var add = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return add.call(this, type, listener, options);
    return add.call(this, type, function (event) {
      return listener.call(this, { data: prepare(event.data), origin: event.origin });
    }, options);
  };

  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) throw new Error("policy-search.js: bad ?material=" + material);
  importScripts(material);
})();
