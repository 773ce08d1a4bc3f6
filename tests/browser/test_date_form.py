"""The "Which version applied on a date?" form on a policy page, in a real browser.

The sample site has one version per policy, in effect from its front matter's `effective` date: the
day itself leads to the version page, the day before says that no version was in effect.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from site_facts import ROOT
from sitebuild import first_front_matter

pytestmark = pytest.mark.browser


def effective(name: str) -> dt.date:
    """Version 1's date: the built site is a one-commit copy, whose pages are version 1 (sitebuild.copy_project)."""
    text = first_front_matter(ROOT)[f"docs/en/{name}"]
    return dt.date.fromisoformat(re.search(r"^effective: (\S+)", text, re.M).group(1))


def test_date_form_goes_to_the_version_in_effect(tabs, served_site):
    page = tabs("desktop").page
    day = effective("returns.md")
    page.goto(served_site.url("/returns/"), wait_until="load")
    form = page.locator("form[data-policy-date-lookup]")
    form.wait_for(state="visible")  # hidden until the script runs
    form.locator('input[type="date"]').fill((day - dt.timedelta(days=1)).isoformat())
    form.locator('button[type="submit"]').click()
    result = form.locator(".policy-date-lookup__result")
    # The answer comes from the versions file (/api/returns.json), fetched: wait for it.
    expect(result).to_contain_text("No version of this policy was in effect")
    assert page.url == served_site.url("/returns/")
    form.locator('input[type="date"]').fill(day.isoformat())
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert page.url == served_site.url("/returns/versions/1/")
    assert page.locator('[data-policy-notice="policy-version"]').is_visible()


def test_date_form_in_thai(tabs, served_site):
    page = tabs("desktop").page
    page.goto(served_site.url("/th/returns/"), wait_until="load")
    form = page.locator("form[data-policy-date-lookup]")
    form.wait_for(state="visible")
    form.locator('input[type="date"]').fill("1999-01-01")
    form.locator('button[type="submit"]').click()
    expect(form.locator(".policy-date-lookup__result")).to_contain_text("ไม่มีฉบับใด")
