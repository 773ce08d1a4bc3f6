"""The browser tests' own eyes: what `visit` and `PageLog` report of a page's requests."""

from __future__ import annotations

import pytest

from .chromium import serve
from .probe import PageLog, visit

pytestmark = pytest.mark.browser

# Two requests the page itself cancels while they are pending (the test holds them), as Chromium now and
# then cancels its own favicon request, and one image that is simply missing.
PAGE = """<!doctype html><html lang="en"><head><title>probe</title><link rel="icon" href="data:,"></head>
<body><img src="missing.png" alt="">
<script>
for (const name of ["present.png", "absent.png"]) {
  const control = new AbortController();
  fetch("held/" + name, {signal: control.signal}).catch(() => {});
  setTimeout(() => control.abort(), 300);
}
</script></body></html>
"""


def test_cancelled_requests_count_only_when_the_file_is_not_served(tmp_path, browser):
    (tmp_path / "held").mkdir()
    (tmp_path / "held" / "present.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    with serve(tmp_path) as base_url:
        context = browser.new_context()
        try:
            page = context.new_page()
            held = []  # never answered, so that the page's cancel finds them pending
            page.route("**/held/*", lambda route: held.append(route))
            log = PageLog(page, base_url)
            visit(page, log, base_url + "page.html")
        finally:
            context.close()
    assert sorted(url.rsplit("/", 1)[1] for url in log.aborted) == ["absent.png", "present.png"]
    assert [problem for problem in log.problems() if not problem.startswith("console error")] == [
        f"HTTP 404: {base_url}missing.png",
        f"request failed: {base_url}held/absent.png (cancelled, then HTTP 404)",
    ]


FOOTER = """<!doctype html><html lang="en"><head><title>footer</title><link rel="icon" href="data:,">
<style>body{margin:0} nav a{display:inline-block;padding:20px}
.cover{position:fixed;left:0;top:0;width:150px;height:200px;background:#fff}</style></head>
<body><nav data-footer><a href="a/">First</a><a href="b/" style="margin-left:300px">Second</a></nav>
<div class="cover"></div></body></html>
"""


def test_placement_names_each_covered_link_and_what_covers_it(browser):
    from .probe import PLACEMENT_JS

    page = browser.new_page(viewport={"width": 800, "height": 600})
    try:
        page.set_content(FOOTER)
        spot = page.locator("[data-footer]").evaluate(PLACEMENT_JS)
    finally:
        page.close()
    assert spot["covered"] == ["First (under div.cover)"]  # "Second" lies clear of the cover
