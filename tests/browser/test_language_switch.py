"""The language switcher keeps the #fragment in a real browser (Debian's Chromium): a reader on
/ru/returns/#time-limits-at-a-glance who switches to Latvian lands on the same clause of /lv/returns/,
because headings have the same id in every language. A switcher link to another page (a language's home)
gets no fragment, and no request leaves the site."""

from __future__ import annotations

import pytest

from .probe import visit

pytestmark = pytest.mark.browser

SWITCHER = ".md-select__link[hreflang='{lang}']"
TARGET_ID = "() => document.querySelector(':target') && document.querySelector(':target').id"


@pytest.mark.parametrize("start, lang, expected", [
    ("/ru/returns/", "lv", "/lv/returns/"),
    ("/returns/", "th", "/th/returns/"),
    ("/et/returns/", "en", "/returns/"),
])
def test_switching_language_keeps_the_clause(tabs, served_site, start, lang, expected):
    tab = tabs("desktop")
    response = visit(tab.page, tab.log, served_site.url(start + "#time-limits-at-a-glance"))
    assert response is not None and response.status == 200
    link = tab.page.locator(SWITCHER.format(lang=lang))
    assert link.evaluate("a => a.href") == served_site.url(expected + "#time-limits-at-a-glance")
    link.evaluate("a => a.click()")  # the menu opens on hover; the click is the reader's, the navigation real
    tab.page.wait_for_url(served_site.url(expected + "#time-limits-at-a-glance"))
    assert tab.page.evaluate("document.documentElement.lang") == lang
    assert tab.page.evaluate(TARGET_ID) == "time-limits-at-a-glance"
    assert not tab.log.problems(), tab.log.problems()


def test_the_fragment_follows_the_reader_and_never_goes_to_another_page(tabs, served_site):
    tab = tabs("phone")
    visit(tab.page, tab.log, served_site.url("/ru/returns/"))
    link = tab.page.locator(SWITCHER.format(lang="be"))
    assert link.evaluate("a => a.href") == served_site.url("/be/returns/")  # no fragment, none added
    tab.page.evaluate("location.hash = '#refunds-and-exchanges'")
    tab.page.wait_for_function("() => document.querySelector(\".md-select__link[hreflang='be']\").hash "
                               "=== '#refunds-and-exchanges'")
    # The editors' page has no translations: its switcher leads to each language's home, without the fragment.
    visit(tab.page, tab.log, served_site.url("/editors/translations/#lang-ru"))
    homes = tab.page.locator(".md-select__link[hreflang]").evaluate_all("links => links.map(a => a.href)")
    assert homes and all("#" not in href for href in homes), homes
    assert not tab.log.problems(), tab.log.problems()
