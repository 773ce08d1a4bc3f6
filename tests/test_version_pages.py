"""policy_site.version_pages: which pages each version gets, and what they and the policy page show (no MkDocs)."""

from __future__ import annotations

import datetime as dt
import json

from policy_site.past_versions import CatalogEntry, PolicyPlan, VersionInfo
from policy_site.version_pages import alternates, generated_pages, has_page, policy_versions_context, \
    upcoming_changes, upcoming_notices, version_banner

D = dt.date
TEXT = {
    "diff_title": "{title}: what changed in version {number}",
    "diff_current_title": "{title}: version {number} compared with the version in force",
    "notice_upcoming_title": "Coming", "notice_upcoming": "From {date}.", "notice_upcoming_link": "See",
    "version_banner_past_title": "Old", "version_banner_past": "Version {number}, {start} to {end}.",
    "version_banner_past_one_day": "Version {number}, on {start} only.",
    "version_see_current": "Current",
}


def _version(number: int, start: D, end: D | None, status: str, full_page: bool = True) -> VersionInfo:
    return VersionInfo(number, start, end, status, f"blob{number}", dt.datetime(2025, 1, number), f"subject {number}",
                       full_page)


# Version 1 past (no full page kept), 2 in force, 3 upcoming.
PLAN = PolicyPlan("en/returns.md", (
    _version(1, D(2025, 1, 1), D(2025, 5, 31), "past", full_page=False),
    _version(2, D(2025, 6, 1), D(2026, 12, 31), "in_force"),
    _version(3, D(2027, 1, 1), None, "upcoming"),
), in_force=2)
BODIES = {n: ({"title": "Returns"} if n < 3 else {"title": "Returns and refunds"}, f"text {n}") for n in (1, 2, 3)}


def test_each_version_gets_its_page_its_diff_and_its_diff_against_the_version_in_force():
    pages = generated_pages(PLAN, BODIES, "en", "returns", "returns/index.html", "Returns", TEXT)
    roles = {n: [(p.role, p.src_uri, p.dest_uri) for p in made] for n, made in pages.items()}
    assert roles == {
        1: [("diff_current", "en/returns.v1.diff-current.md", "returns/versions/1/diff-current/index.html")],
        2: [("page", "en/returns.v2.md", "returns/versions/2/index.html"),
            ("diff", "en/returns.v2.diff.md", "returns/versions/2/diff/index.html")],
        3: [("page", "en/returns.v3.md", "returns/versions/3/index.html"),
            ("diff", "en/returns.v3.diff.md", "returns/versions/3/diff/index.html"),
            ("diff_current", "en/returns.v3.diff-current.md", "returns/versions/3/diff-current/index.html")],
    }
    page3, diff3, _ = pages[3]
    assert page3.body == "text 3" and page3.meta["title"] == "Returns and refunds"  # the title it had then
    assert diff3.meta["title"] == "Returns and refunds: what changed in version 3" and diff3.body == ""
    assert diff3.meta["hide"] == ["toc"] and "hide" not in page3.meta
    for made in pages.values():
        for page in made:
            assert page.meta["search"] == {"exclude": True} and page.meta["robots"] == "noindex"
            assert page.meta["policy"] is False


def test_a_version_without_its_text_gets_no_page_and_its_neighbours_no_diff_with_it():
    pages = generated_pages(PLAN, {n: BODIES[n] for n in (1, 3)}, "en", "returns", "returns/index.html", "R", TEXT)
    assert 2 not in pages
    assert [p.role for p in pages[3]] == ["page"]  # no diff with 2, and 2 (in force) has no text to compare
    assert pages[1] == []


def test_has_page_follows_the_plan():
    assert not has_page(PLAN, 1, "page") and has_page(PLAN, 1, "diff_current") and not has_page(PLAN, 1, "diff")
    assert has_page(PLAN, 2, "page") and has_page(PLAN, 2, "diff") and not has_page(PLAN, 2, "diff_current")
    assert not has_page(PLAN, 4, "page")


def test_alternates_link_the_same_page_where_a_language_has_it_else_its_policy():
    short = PolicyPlan("ru/returns.md", PLAN.versions[:2], in_force=2)  # the translation has no version 3 yet
    plans = {"en": PLAN, "ru": short, "lv": PLAN}
    links = alternates([("en", ""), ("ru", "ru/"), ("lv", "lv/")], "returns/", 3, "diff", plans.__getitem__)
    assert links == {"en": "returns/versions/3/diff/", "ru": "ru/returns/", "lv": "lv/returns/versions/3/diff/"}


def test_policy_page_lists_every_version_and_looks_dates_up_in_all_but_never_ones():
    never = PolicyPlan("en/x.md", (*PLAN.versions, _version(4, D(2027, 1, 1), D(2026, 12, 31), "never")), in_force=2)
    urls = {1: {"diff_current": "versions/1/diff-current/"}, 2: {"page": "versions/2/", "diff": "versions/2/diff/"}}
    context = policy_versions_context(never, urls, "en", TEXT)
    assert list(context["versions"]) == [1, 2, 3, 4]
    assert context["versions"][1]["page"] is None and context["versions"][2]["page"] == "versions/2/"
    lookup = json.loads(context["lookup"])
    assert [(v["number"], v["url"], v["from"]) for v in lookup] == [
        (1, "versions/1/diff-current/", "2025-01-01"), (2, "versions/2/", "2025-06-01"), (3, "", "2027-01-01")]


def test_upcoming_versions_are_announced_on_the_policy_and_listed_on_the_hub_soonest_first():
    urls = {3: {"page": "versions/3/", "diff": "versions/3/diff/", "diff_current": "versions/3/diff-current/"}}
    notices = upcoming_notices(PLAN, urls, {3: "Refunds in 14 days."}, {}, "en", TEXT)
    assert [(n["id"], n["note"], n["link"]["url"]) for n in notices] == [
        ("upcoming-version", "Refunds in 14 days.", "versions/3/diff-current/")]
    assert notices[0]["text"].startswith("From ") and "2027" in notices[0]["text"]
    soon = PolicyPlan("en/b.md", (_version(1, D(2026, 12, 15), None, "upcoming"),), in_force=None)
    catalog = [CatalogEntry("en/returns.md", "Returns", "returns/", PLAN, {}, {3: {"diff": "returns/versions/3/diff/"}}),
               CatalogEntry("en/b.md", "Billing", "b/", soon, {}, {})]
    changes = upcoming_changes(catalog, "en", lambda url: "../" + url)
    assert [(c["title"], c["url"]) for c in changes] == [("Billing", "../b/"), ("Returns", "../returns/versions/3/diff/")]


def test_a_version_page_says_which_version_it_is_and_links_to_todays():
    banner = version_banner(PLAN.versions[0], None, [], "../../", "en", TEXT)
    assert banner["kind"] == "warning" and banner["title"] == "Old"
    assert banner["text"].startswith("Version 1, ") and "2025" in banner["text"]
    assert banner["link"] == {"url": "../../", "title": "Current", "hreflang": "en"}


def test_a_version_replaced_the_next_day_says_the_one_day_not_a_range_from_it_to_itself():
    one_day = _version(1, D(2026, 3, 1), D(2026, 3, 1), "past")
    banner = version_banner(one_day, None, [], "../../", "en", TEXT)
    assert banner["title"] == "Old" and banner["kind"] == "warning"
    assert banner["text"].startswith("Version 1, on ") and banner["text"].endswith(" only.")
    two_days = version_banner(_version(1, D(2026, 3, 1), D(2026, 3, 2), "past"), None, [], "../../", "en", TEXT)
    assert " to " in two_days["text"]


def test_language_plans_fall_back_to_the_source_and_are_made_anew_after_a_commit(tmp_path):
    """The switcher's plans (policy_site.past_versions.LanguagePlans) from a real repository: a language
    without the page is shown the source's plan; a commit, as under `mkdocs serve`, gives new plans."""
    from gitrepo import GitRepo
    from policy_site.history import clear_cache, read_history
    from policy_site.past_versions import LanguagePlans

    def page(effective: str, body: str) -> str:
        return f"---\ntitle: Returns\neffective: {effective}\n---\n\n# Returns\n\n{body}\n"

    clear_cache()
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": page("2026-01-01", "One."), "docs/ru/returns.md": page("2026-01-01", "Один.")},
                "Publish", "2026-01-01")
    docs, day = repo.root / "docs", D(2026, 6, 1)
    exists = lambda name: (docs / name).is_file()  # noqa: E731
    plans = LanguagePlans()
    plans.renew(read_history(docs, use_cache=False), day, None)
    en, ru, lv = (plans.plan(f"{lang}/returns.md", "en/returns.md", exists) for lang in ("en", "ru", "lv"))
    assert (en.src_uri, ru.src_uri, lv.src_uri) == ("en/returns.md", "ru/returns.md", "en/returns.md")
    assert lv is en and [v.number for v in en.versions] == [1]
    plans.renew(read_history(docs, use_cache=False), day, None)  # nothing changed: the same plans
    assert plans.plan("en/returns.md", "en/returns.md", exists) is en
    repo.commit({"docs/en/returns.md": page("2026-03-01", "Two.")}, "Revise", "2026-02-01")
    plans.renew(read_history(docs, use_cache=False), day, None)
    again = plans.plan("lv/returns.md", "en/returns.md", exists)
    assert [(v.number, v.status) for v in again.versions] == [(1, "past"), (2, "in_force")]
    plans.renew(read_history(docs, use_cache=False), D(2026, 2, 15), None)  # another day: planned anew
    statuses = [v.status for v in plans.plan("en/returns.md", "en/returns.md", exists).versions]
    assert statuses == ["in_force", "upcoming"]
