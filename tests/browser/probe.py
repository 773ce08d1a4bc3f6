"""What a test observes in a page: every request and error, text contrast, what is on screen."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

# Schemes that never reach the network.
_LOCAL_SCHEMES = {"data", "blob", "about"}


class PageLog:
    """Records a page's requests, failed requests, error responses and JavaScript errors.

    Only what belongs to the current load is recorded: `start()` begins a new load, and events of
    requests made before it (e.g. ones aborted because we navigated away) are ignored.
    """

    def __init__(self, page, base_url: str) -> None:
        self.origin = urlsplit(base_url).netloc
        self.recording = False
        self._mine: set = set()
        self._pending: set = set()
        self._last_activity = time.monotonic()
        self.requests: list[str] = []
        self.failed: list[tuple[str, str]] = []  # (url, what happened)
        self.aborted: list[str] = []  # cancelled by the browser itself: checked again by `recheck_aborted`
        self.errors: list[tuple[str, str]] = []  # (url of the source or "", message)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("requestfinished", self._on_finished)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def start(self) -> None:
        self._mine, self._pending = set(), set()
        self.requests, self.failed, self.aborted, self.errors = [], [], [], []
        self.recording = True

    def stop(self) -> None:
        self.recording = False

    def wait_quiet(self, page, quiet_ms: int = 250, timeout_ms: int = 15_000) -> None:
        """Wait until none of this load's requests is pending and none started or ended for `quiet_ms`."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._pending or time.monotonic() - self._last_activity < quiet_ms / 1000:
            if time.monotonic() > deadline:
                raise TimeoutError(f"requests still pending after {timeout_ms} ms: {[r.url for r in self._pending]}")
            page.wait_for_timeout(50)  # lets Playwright deliver events

    def _on_request(self, request) -> None:
        if self.recording:
            self._mine.add(request)
            self._pending.add(request)
            self._last_activity = time.monotonic()
            self.requests.append(request.url)

    def _on_finished(self, request) -> None:
        if request in self._pending:
            self._pending.discard(request)
            self._last_activity = time.monotonic()

    def _on_failed(self, request) -> None:
        self._on_finished(request)
        if not (self.recording and request in self._mine):
            return
        if "ERR_ABORTED" in str(request.failure):
            self.aborted.append(request.url)
        else:
            self.failed.append((request.url, f"request failed: {request.url} ({request.failure})"))

    def recheck_aborted(self, http) -> None:
        """Fetch again every URL whose request the browser cancelled, and record it as failed unless
        it is served. Chromium cancels some of its own requests while a page settles (seen: the
        favicon's, now and then); the resource is there, so only a second failure is the site's fault."""
        for url in dict.fromkeys(self.aborted):
            response = http.get(url, fail_on_status_code=False)
            if not response.ok:
                self.failed.append((url, f"request failed: {url} (cancelled, then HTTP {response.status})"))

    def _on_response(self, response) -> None:
        if self.recording and response.request in self._mine and response.status >= 400:
            self.failed.append((response.url, f"HTTP {response.status}: {response.url}"))

    def _on_console(self, message) -> None:
        if self.recording and message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append((where, f"console error: {message.text}" + (f" ({where})" if where else "")))

    def _on_pageerror(self, error) -> None:
        if self.recording:
            self.errors.append(("", f"JavaScript error: {error}"))

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in _LOCAL_SCHEMES and urlsplit(url).netloc != self.origin]

    def failed_urls(self) -> set[str]:
        return {url for url, _ in self.failed}

    def problems(self, excused: frozenset[str] = frozenset()) -> list[str]:
        """Everything wrong with the load; failures of URLs in `excused` (and their console lines) aside."""
        return [*(f"request to another host: {url}" for url in self.foreign_requests()),
                *(text for url, text in self.failed if url not in excused),
                *(text for url, text in self.errors if url not in excused)]


# True once Material's search worker has loaded the index and every lunr language file (the result
# list then shows its placeholder text instead of "Initializing search"); true at once without search.
SEARCH_READY_JS = r"""
() => {
  const meta = document.querySelector(".md-search-result__meta");
  const config = document.getElementById("__config");
  if (!meta || !config) return true;
  const placeholder = JSON.parse(config.textContent).translations["search.result.placeholder"];
  return meta.textContent.trim() === placeholder;
}
"""

# The sitemap.xml that Material 9.8's bundle fetches next to every <link rel="alternate"> of a page (its
# "alternate" integration, meant for language roots; here they are per-page hreflang and feed links).
SITEMAP_PROBES_JS = r"""
() => [...document.querySelectorAll("link[rel=alternate]")].map(link => new URL("sitemap.xml", link.href).href)
"""

# For every element under `root` that shows text of its own: its colour, the colour behind it (walking up
# the ancestors and blending semi-transparent backgrounds over white, as the canvas is white) and the
# WCAG 2 contrast ratio. Elements over a background image or gradient are reported with ratio null.
CONTRAST_JS = r"""
(root) => {
  const parse = (value) => {
    const m = /^rgba?\(([^)]*)\)$/.exec(value.trim());
    if (!m) return null;
    const n = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== "none") return null;
      const color = parse(style.backgroundColor);
      if (color === null) return null;
      if (color[3] > 0) layers.push(color);
      if (color[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const css = (c) => c && `rgb(${c.slice(0, 3).map(Math.round).join(", ")})`;
  const results = [];
  for (const element of [root, ...root.querySelectorAll("*")]) {
    const ownText = [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent).join("").trim();
    const style = getComputedStyle(element);
    if (!ownText || !element.getClientRects().length || style.visibility !== "visible") continue;
    const back = backdrop(element);
    let fore = parse(style.color);
    let ratio = null;
    if (back && fore) {
      if (fore[3] < 1) fore = over(fore, back);
      const [hi, lo] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
      ratio = (hi + 0.05) / (lo + 0.05);
    }
    results.push({text: ownText.slice(0, 60), tag: element.tagName.toLowerCase(),
                  color: css(fore) || style.color, background: css(back) || "image or unknown", ratio});
  }
  return results;
}
"""

# Where `element` is relative to the viewport, and whether each of its links is the topmost element at
# its centre (so nothing, e.g. a floating button, covers it).
PLACEMENT_JS = r"""
(element) => {
  const rect = element.getBoundingClientRect();
  const covered = [...element.querySelectorAll("a")].map(a => {
    const r = a.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (hit && (hit === a || a.contains(hit))) return null;
    const by = hit ? hit.tagName.toLowerCase() + (hit.className ? "." + String(hit.className).trim().split(/\s+/).join(".") : "") : "nothing (off screen)";
    return a.textContent.trim() + " (under " + by + ")";
  }).filter(Boolean);
  return {top: rect.top, bottom: rect.bottom, height: rect.height, viewport: window.innerHeight, covered};
}
"""


def visit(page, log: PageLog, url: str):
    """Open `url` in `page` and wait until it is quiet: Material's search worker ready (it loads the
    index and the lunr language files after the page), then no request pending for a moment.

    The previous page is left for about:blank first, so that its worker's late requests are not
    counted for this one. Returns the main response.
    """
    page.goto("about:blank")
    log.start()
    try:
        response = page.goto(url, wait_until="load")
        page.wait_for_function(SEARCH_READY_JS, timeout=15_000)
        log.wait_quiet(page, quiet_ms=150)
    finally:
        log.stop()
    log.recheck_aborted(page.context.request)
    return response


def missing_sitemap_probes(page, log: PageLog) -> frozenset[str]:
    """The sitemap.xml URLs Material fetched next to the page's <link rel="alternate"> that failed."""
    return frozenset(set(page.evaluate(SITEMAP_PROBES_JS)) & log.failed_urls())
