"""Material's search finds a word in the reader's language, typed into the search box of a real browser.

Thai is written without spaces between words: overrides/assets/javascripts/workers/policy-search.js
segments it (Intl.Segmenter), so a word in the middle of a sentence is found. Russian and Belarusian
(Cyrillic with і and ў), and Latvian with its diacritics, are found as typed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from site_facts import ROOT

from .probe import SEARCH_READY_JS

pytestmark = pytest.mark.browser

# (language, page, word): the word appears in that page of that language and in no other page of it.
CASES = [
    ("th", "returns", "ชำรุด"),  # mid-sentence in "…หากสินค้าชำรุดบกพร่อง": needs word segmentation
    ("th", "returns", "บกพร่อง"),
    ("ru", "returns", "гарантия"),
    ("be", "returns", "аказаўся"),
    ("lv", "returns", "iegādātas"),
]


@pytest.fixture(scope="module")
def search_tab(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def search(page, site, path: str, word: str) -> list[str]:
    """Open `path`, type `word` into Material's search and return the result pages' URL paths."""
    page.goto(site.url(path), wait_until="load")
    page.wait_for_function(SEARCH_READY_JS, timeout=30_000)
    box = page.locator("input.md-search__input")
    box.click(force=True)
    # fill() and then a key: Material reads the box on keyup, and Playwright types non-Latin text as
    # one insertText without key events (a real keyboard or input method sends them).
    box.fill(word)
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0"
        " || (document.querySelector('.md-search-result__meta').textContent || '').match(/\\d|no|не|ไม่/i)",
        timeout=15_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return sorted({urlsplit(href).path for href in hrefs})


@pytest.mark.parametrize("language, slug, word", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_search_finds_the_page_in_the_readers_language(search_tab, served_site, language, slug, word):
    assert word in (ROOT / "docs" / language / f"{slug}.md").read_text(encoding="utf-8")
    found = search(search_tab, served_site, f"/{language}/{slug}/", word)
    assert f"/{language}/{slug}/" in found, f"searching {word!r} on /{language}/ found {found}"
    assert all(path.startswith(f"/{language}/") for path in found), found
