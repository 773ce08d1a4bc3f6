"""The "open now / opens at …" badge of the contact policy in a real browser, at fixed clock times
(Playwright's clock): before opening, open, a lunch break, a public holiday, after closing, on a Saturday
and in summer time, in the shop's time zone (Europe/Riga) whatever the browser's own; without JavaScript
the table alone shows.

The site is a copy of the project with the contact policy's service hours (tests/hours_site.py), plus a
lunch break in the showroom on Mondays (13:00–14:00)."""

from __future__ import annotations

import datetime as dt

import pytest

from hours_site import CONTACT, ORIGINAL, with_hours
from sitebuild import build_site, copy_project
from site_facts import ROOT

from .chromium import serve
from .conftest import block_other_hosts

pytestmark = pytest.mark.browser

LUNCH = ORIGINAL.replace('    - channels: [showroom]\n      mon: ["10:00-19:00"]',
                         '    - channels: [showroom]\n      mon: ["10:00-13:00", "14:00-19:00"]', 1)
UTC = dt.timezone.utc
# (moment in UTC, language, expected badges: phone and chat, e-mail and form, showroom). Riga is UTC+2 in
# winter, UTC+3 in summer. Texts written by hand from the messages of each language.
CASES = {
    "before opening (Monday 08:30)": (dt.datetime(2027, 1, 4, 6, 30, tzinfo=UTC), "en", (
        "Closed · opens today at 09:00", "Closed · opens today at 09:00", "Closed · opens today at 10:00")),
    "open, showroom at lunch (Monday 13:30)": (dt.datetime(2027, 1, 4, 11, 30, tzinfo=UTC), "en", (
        "Open now · closes at 18:00", "Open now · closes at 18:00", "Closed · opens today at 14:00")),
    "public holiday (Friday 25 December 12:00)": (dt.datetime(2026, 12, 25, 10, 0, tzinfo=UTC), "en", (
        "Closed · opens Monday at 09:00", "Closed · opens Monday at 09:00", "Closed · opens Monday at 10:00")),
    "after closing (Tuesday 18:30)": (dt.datetime(2027, 1, 5, 16, 30, tzinfo=UTC), "en", (
        "Closed · opens tomorrow at 09:00", "Closed · opens tomorrow at 09:00", "Open now · closes at 19:00")),
    "Saturday 15:30": (dt.datetime(2027, 1, 9, 13, 30, tzinfo=UTC), "en", (
        "Closed · opens Monday at 09:00", "Closed · opens Monday at 09:00", "Open now · closes at 16:00")),
    "summer time (Tuesday 1 June 09:30 EEST)": (dt.datetime(2027, 6, 1, 6, 30, tzinfo=UTC), "en", (
        "Open now · closes at 18:00", "Open now · closes at 18:00", "Closed · opens today at 10:00")),
    "Russian, holiday": (dt.datetime(2026, 12, 25, 10, 0, tzinfo=UTC), "ru", (
        "Закрыто · откроется: понедельник, 09:00", "Закрыто · откроется: понедельник, 09:00",
        "Закрыто · откроется: понедельник, 10:00")),
    "Latvian, before opening": (dt.datetime(2027, 1, 4, 6, 30, tzinfo=UTC), "lv", (
        "Slēgts · atvērsim šodien plkst. 09:00", "Slēgts · atvērsim šodien plkst. 09:00",
        "Slēgts · atvērsim šodien plkst. 10:00")),
    "Thai, open": (dt.datetime(2027, 1, 4, 11, 30, tzinfo=UTC), "th", (
        "เปิดอยู่ · ปิดเวลา 18:00", "เปิดอยู่ · ปิดเวลา 18:00", "ปิดอยู่ · เปิดวันนี้เวลา 14:00")),
    "Estonian, after closing": (dt.datetime(2027, 1, 5, 16, 30, tzinfo=UTC), "et", (
        "Suletud · avatakse homme kell 09:00", "Suletud · avatakse homme kell 09:00", "Praegu avatud · kuni 19:00")),
    "Belarusian, Saturday": (dt.datetime(2027, 1, 9, 13, 30, tzinfo=UTC), "be", (
        "Зачынена · адкрыецца: панядзелак, 09:00", "Зачынена · адкрыецца: панядзелак, 09:00",
        "Зараз адкрыта · да 16:00")),
}


@pytest.fixture(scope="module")
def hours_site(tmp_path_factory):
    project = copy_project(ROOT, tmp_path_factory.mktemp("project"))
    with_hours(project).commit({f"docs/en/{CONTACT}": LUNCH}, message="Showroom lunch break", date="2026-11-30")
    out = tmp_path_factory.mktemp("site")
    result = build_site(project, out, env={"POLICY_SITE_TODAY": "2026-12-05"})
    assert result.returncode == 0, result.output
    with serve(out) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def context(browser, hours_site):
    # A browser far from Riga: the badge must compute in the shop's time zone, not the reader's.
    made = browser.new_context(locale="en-US", timezone_id="America/Los_Angeles")
    block_other_hosts(made, hours_site)
    yield made
    made.close()


@pytest.mark.parametrize("case", list(CASES))
def test_badge_at_fixed_times(context, hours_site, case):
    moment, lang, expected = CASES[case]
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(moment)
    page.goto(hours_site + ("" if lang == "en" else f"{lang}/") + "contact/", wait_until="load")
    badges = page.locator("[data-policy-hours-badge]")
    badges.first.wait_for(state="visible")
    assert tuple(badges.all_inner_texts()) == expected
    assert not errors
    page.close()


def test_without_javascript_the_table_alone_shows(browser, hours_site):
    context = browser.new_context(java_script_enabled=False)
    block_other_hosts(context, hours_site)
    page = context.new_page()
    page.goto(hours_site + "contact/", wait_until="load")
    assert not page.locator("[data-policy-hours-badges]").is_visible()
    assert page.locator("[data-policy-hours] table").is_visible()
    assert page.locator("[data-policy-hours] tbody tr").first.inner_text().split("\t")[0] == "Monday"
    context.close()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_hours_table_and_badges_pass_axe(context, hours_site, lang):
    from axe_playwright_python.sync_playwright import Axe

    from .test_accessibility import BLOCKING, describe

    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 1, 4, 11, 30, tzinfo=UTC))
    page.goto(hours_site + ("" if lang == "en" else f"{lang}/") + "contact/", wait_until="load")
    page.locator("[data-policy-hours-badge]").first.wait_for(state="visible")
    results = Axe().run(page, context={"include": [["[data-policy-hours]"], ["[data-policy-response-times]"]]})
    blocking = [describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(blocking)
    page.close()
