"""A diff page in a real browser, at phone (360 px) and desktop (1280 px) width: the legend stays on one
line in every language, the summary's links land on their change below the sticky header, folds open and
close, an edited passage reads inline on a phone and side by side on a desktop, a printed diff holds the
folded text, and axe finds nothing serious or critical.

The site is the one tests/test_versions_pages.py builds from a git repository with three versions of
returns.md (v2: 30 -> 14 days in two places, English and Thai)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from policy_site.messages import messages
from test_versions_pages import versions_repo, versions_site  # noqa: F401 (fixtures, built once)

from .chromium import VIEWPORTS, serve
from .conftest import block_other_hosts
from .probe import PageLog, visit
from .test_accessibility import BLOCKING, describe
from .test_print import normal, pdf_text

pytestmark = pytest.mark.browser

DIFF = {"en": "/returns/versions/2/diff/", "th": "/th/returns/versions/2/diff/"}
LANGUAGES = ("en", "ru", "be", "th", "et", "lv")


@pytest.fixture(scope="module")
def diff_base_url(versions_site):  # noqa: F811 (the fixture imported above)
    with serve(versions_site) as base_url:
        yield base_url.rstrip("/")


@pytest.fixture(scope="module")
def diff_tabs(browser, diff_base_url):
    """`diff_tabs(viewport)`: one tab per viewport for this module."""
    made = {}

    def get(viewport: str):
        if viewport not in made:
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
            block_other_hosts(context, diff_base_url + "/")
            page = context.new_page()
            made[viewport] = (context, page, PageLog(page, diff_base_url + "/"))
        return made[viewport][1:]

    yield get
    for context, _, _ in made.values():
        context.close()


def open_diff(diff_tabs, base_url: str, viewport: str, language: str = "en"):
    page, log = diff_tabs(viewport)
    response = visit(page, log, base_url + DIFF[language])
    assert response is not None and response.status == 200
    assert not log.problems(), log.problems()
    return page


LEGEND_LINES_JS = """
([removed, added]) => {
  const legend = document.querySelector(".policy-diff__legend");
  legend.querySelector("del").textContent = removed;
  legend.querySelector("ins").textContent = added;
  const lineHeight = parseFloat(getComputedStyle(legend).lineHeight);
  const box = legend.getBoundingClientRect();
  const content = document.querySelector(".md-content__inner").getBoundingClientRect();
  return {height: box.height, lineHeight, right: legend.scrollWidth + box.left, contentRight: content.right};
}
"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_legend_is_one_line_in_every_language(diff_tabs, diff_base_url, viewport):
    page = open_diff(diff_tabs, diff_base_url, viewport)
    for language in LANGUAGES:
        text = messages(language)
        seen = page.evaluate(LEGEND_LINES_JS, [text["diff_legend_del"], text["diff_legend_ins"]])
        assert seen["height"] < 1.5 * seen["lineHeight"], (language, seen)
        assert seen["right"] <= seen["contentRight"] + 0.5, (language, "the legend sticks out", seen)


TARGET_JS = """
() => {
  const target = document.querySelector(":target");
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return target && {id: target.id, top: target.getBoundingClientRect().top, headerBottom: header.bottom,
                    viewport: innerHeight};
}
"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_summary_links_land_on_their_change(diff_tabs, diff_base_url, viewport):
    page = open_diff(diff_tabs, diff_base_url, viewport)
    links = page.locator("[data-policy-diff-summary] ol > li > a")
    assert links.count() == 3
    for index in range(links.count()):
        page.evaluate("window.scrollTo(0, 0)")
        href = links.nth(index).get_attribute("href")
        links.nth(index).click()
        page.wait_for_function("(id) => location.hash === id", arg=href)
        seen = page.evaluate(TARGET_JS)
        assert seen and "#" + seen["id"] == href
        assert seen["headerBottom"] <= seen["top"] < seen["viewport"], (href, "not on screen below the header", seen)
        assert page.locator(href).locator("ins:visible").count() >= 1


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_unchanged_sections_fold_and_unfold(diff_tabs, diff_base_url, viewport):
    page = open_diff(diff_tabs, diff_base_url, viewport)
    fold = page.locator("details[data-policy-diff-fold]").first
    folded_text = fold.get_by_text("made-to-measure textiles")
    assert not folded_text.is_visible()
    fold.locator("summary").click()
    assert fold.evaluate("(d) => d.open") and folded_text.is_visible()
    fold.locator("summary").click()
    assert not fold.evaluate("(d) => d.open") and not folded_text.is_visible()


@pytest.mark.parametrize("language", ["en", "th"])
def test_print_shows_folded_sections(diff_tabs, diff_base_url, language):
    page = open_diff(diff_tabs, diff_base_url, "desktop", language)
    folded = page.locator("details[data-policy-diff-fold] > p").first.text_content()  # hidden: read from the DOM
    assert folded.strip() and not page.locator("details[data-policy-diff-fold] > p").first.is_visible()
    # Print media alone (no beforeprint event): the stylesheet shows the folds' content.
    page.emulate_media(media="print")
    try:
        assert page.locator("details[data-policy-diff-fold] > p").first.is_visible()
    finally:
        page.emulate_media(media="null")  # no emulation again: page.pdf() prints with print media
    printed = normal(pdf_text(page.pdf(format="A4")))
    assert normal(folded) in printed
    summary = page.locator("details[data-policy-diff-fold] > summary").first.text_content()
    assert normal(summary) not in printed  # the "Unchanged: ..." line is for the screen
    # After printing, the page is as it was.
    assert page.evaluate("document.querySelectorAll('details[data-policy-diff-fold][open]').length") == 0


@pytest.mark.parametrize("language", ["en", "th"])
def test_diff_page_has_no_serious_accessibility_violations(diff_tabs, diff_base_url, language):
    axe = Axe()
    for viewport in ("desktop", "phone"):
        page = open_diff(diff_tabs, diff_base_url, viewport, language)
        page.locator("details[data-policy-diff-fold]").first.locator("summary").click()  # check folded text too
        results = axe.run(page)
        blocking = [describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]
        assert not blocking, f"{DIFF[language]} ({viewport}):\n" + "\n".join(blocking)


SIDES_JS = """
(id) => {
  const passage = document.getElementById(id);
  const box = (selector) => {
    const element = passage.querySelector(selector);
    const rect = element.getBoundingClientRect();
    return {visible: rect.width > 0 && rect.height > 0, left: rect.left, right: rect.right, top: rect.top,
            text: element.innerText};
  };
  return {inline: box(".policy-diff__inline"), old: box('[data-side="old"]'), new: box('[data-side="new"]')};
}
"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_edited_passage_is_inline_on_phones_and_side_by_side_on_desktops(diff_tabs, diff_base_url, viewport):
    page = open_diff(diff_tabs, diff_base_url, viewport)
    seen = page.evaluate(SIDES_JS, "change-1")
    if viewport == "phone":
        assert seen["inline"]["visible"] and not seen["old"]["visible"] and not seen["new"]["visible"]
        assert "30 → 14" in seen["inline"]["text"]
        return
    assert not seen["inline"]["visible"] and seen["old"]["visible"] and seen["new"]["visible"]
    assert seen["old"]["right"] <= seen["new"]["left"] and abs(seen["old"]["top"] - seen["new"]["top"]) < 1
    assert "within 30 days" in seen["old"]["text"] and "14" not in seen["old"]["text"].split("\n", 1)[1][:80]
    assert "within 14 days" in seen["new"]["text"]
