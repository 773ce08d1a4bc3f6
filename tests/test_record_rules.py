"""The record's date rules: dates only move forward, no back-dating, the notice period, applies_sooner.

Real git repositories (tests/gitrepo.py), real builds and real `scripts/check` runs.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from editor_tools import effective_of, run_script, set_field, set_or_add, tool_project
from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import build_site, copy_project

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site.history import clear_cache, read_history  # noqa: E402
from policy_site.past_versions import plan_policy  # noqa: E402
from policy_site.record import NOT_LATER, NOTICE, RETROACTIVE, landed_breaches, pending_breaches  # noqa: E402

TODAY = dt.date(2026, 11, 29)
EN = "docs/en/returns.md"
PAGE = """---
title: Returns
summary: How returns work.
effective: {effective}
last_reviewed: 2026-01-01
review_by: 2027-01-01
owner: Customer Service
{extra}---

# Returns

Returns are accepted within {days} days.
"""


def text(effective: str, days: int = 30, extra: str = "") -> str:
    return PAGE.format(effective=effective, days=days, extra=extra)


def history_of(repo: GitRepo):
    clear_cache()
    return read_history(repo.root / "docs")


def rules(repo: GitRepo, notice_days: int = 30):
    return [(b.rule, b.effective.isoformat(), b.reference.isoformat())
            for b in landed_breaches(history_of(repo), "en", TODAY, notice_days)]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit({EN: text("2026-03-01")}, "Returns policy", date="2026-01-05")
    return repo


# --- the rules on landed history -------------------------------------------------------------

def test_a_backwards_date_breaks_the_rule_and_corrects_the_current_version(repo):
    v2 = repo.commit({EN: text("2026-11-20", 14)}, "Shorter window", date="2026-10-01")
    back = repo.commit({EN: text("2026-06-15", 14)}, "Fix the date", date="2026-10-02")
    assert rules(repo) == [(NOT_LATER, "2026-06-15", "2026-11-20")]
    plan = plan_policy("en/returns.md", history_of(repo), TODAY)
    assert [(v.number, v.start.isoformat(), v.end and v.end.isoformat(), v.status) for v in plan.versions] == [
        (1, "2026-03-01", "2026-06-14", "past"), (2, "2026-06-15", None, "in_force")]
    breach = landed_breaches(history_of(repo), "en", TODAY, 30)[0]
    assert breach.commit == back and breach.corrects and v2 != back
    assert f'commit {back[:7]} "Fix the date"' in breach.landed_notice()
    assert "correction" in breach.landed_notice()


def test_the_same_date_twice_keeps_the_record(repo):
    repo.commit({EN: text("2026-04-01", 14)}, "Shorter window", date="2026-02-01")
    repo.commit({EN: text("2026-03-01", 14)}, "Back to the old date", date="2026-02-02")
    breach, = landed_breaches(history_of(repo), "en", TODAY, 30)
    assert (breach.rule, breach.earlier_version, breach.corrects) == (NOT_LATER, 1, False)
    assert "version 1 already has it" in breach.problem() and "keeps 2026-04-01" in breach.landed_notice()
    plan = plan_policy("en/returns.md", history_of(repo), TODAY)
    assert [(v.start.isoformat(), v.status) for v in plan.versions] == [("2026-03-01", "past"),
                                                                        ("2026-04-01", "in_force")]


def test_retroactive_and_short_notice_versions(repo):
    repo.commit({EN: text("2026-05-01", 14)}, "Back-dated", date="2026-06-10")
    repo.commit({EN: text("2026-07-01", 7)}, "Too soon", date="2026-06-26")
    assert rules(repo) == [(RETROACTIVE, "2026-05-01", "2026-06-10"), (NOTICE, "2026-07-01", "2026-06-26")]
    assert rules(repo, notice_days=5) == [(RETROACTIVE, "2026-05-01", "2026-06-10")]


def test_applies_sooner_allows_both_and_notice_days_per_policy(repo):
    reason = "applies_sooner: Required by the new consumer law.\n"
    repo.commit({EN: text("2026-05-01", 14, reason)}, "Back-dated", date="2026-06-10")
    repo.commit({EN: text("2026-07-01", 7, "notice_days: 3\n")}, "Soon", date="2026-06-26")
    assert rules(repo) == []


def test_the_first_version_and_translations_are_exempt(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    # An existing policy brought in: in effect long before it was committed.
    repo.commit({EN: text("2020-01-01"), "docs/th/returns.md": text("2020-01-01")}, "Import", date="2026-01-05")
    # A translation follows the source's dates, whatever the day it is translated.
    repo.commit({"docs/th/returns.md": text("2020-06-01")}, "Translate v2", date="2026-02-01")
    assert rules(repo) == []


def test_a_merge_lands_on_the_merge_day_and_a_squash_on_its_own(repo):
    repo.branch("feature")
    repo.commit({EN: text("2026-11-05", 14)}, "Written early", date="2026-10-01")
    repo.checkout("main")
    repo.commit({"docs/en/other.md": "x"}, "Meanwhile", date="2026-10-02")
    repo.merge("feature", date="2026-10-20")
    # Written 35 days ahead, but merged 16 days ahead: the notice is counted from the merge.
    assert rules(repo) == [(NOTICE, "2026-11-05", "2026-10-20")]
    squashed = GitRepo(repo.root.parent / "squashed")
    squashed.commit({EN: text("2026-03-01")}, "Returns policy", date="2026-01-05")
    squashed.commit({EN: text("2026-11-05", 14)}, "Squashed", date="2026-10-01", committer_date="2026-10-25")
    assert rules(squashed) == [(NOTICE, "2026-11-05", "2026-10-25")]


def test_a_pull_request_is_judged_against_today_and_landed_history_is_left_to_notices(repo):
    repo.commit({EN: text("2026-04-01", 14)}, "Landed, back-dated", date="2026-06-01")
    repo.branch("change")
    pr = repo.commit({EN: text("2026-12-04", 7)}, "Shorter return window", date="2026-11-01")
    found = pending_breaches(history_of(repo), repo.root / "docs", repo.head("main"), TODAY, "en", 30)
    assert [(b.rule, b.commit, b.reference) for b in found] == [(NOTICE, pr, TODAY)]
    assert found[0].error() == (
        f'docs/en/returns.md: commit {pr[:7]} "Shorter return window": effective 2026-12-04 is 5 days after '
        "the change lands (2026-11-29); the notice period is 30 days\n    fix: set effective to 2026-12-29 or "
        "later, or add applies_sooner: <why it may apply sooner, e.g. in the customer's favour, or required by law>")
    # An uncommitted edit lands today too.
    repo.write(EN, text("2026-12-01", 7))
    found = pending_breaches(history_of(repo), repo.root / "docs", repo.head("main"), TODAY, "en", 30)
    assert [(b.rule, b.commit, b.effective.isoformat()) for b in found] == [
        (NOT_LATER, "", "2026-12-01"), (NOTICE, pr, "2026-12-04")]
    assert found[0].error().startswith("docs/en/returns.md: uncommitted change: effective 2026-12-01 is not later")



def test_an_uncommitted_edit_with_a_reason_to_apply_sooner_passes(repo):
    """The reason is read from the work tree too (it once landed in the wrong field of Change)."""
    repo.write(EN, text("2026-11-30", 60, extra="applies_sooner: In your favour, so it applies at once.\n"))
    assert pending_breaches(history_of(repo), repo.root / "docs", repo.head("main"), TODAY, "en", 30) == []
    repo.write(EN, text("2026-11-30", 60))
    found = pending_breaches(history_of(repo), repo.root / "docs", repo.head("main"), TODAY, "en", 30)
    assert [(b.rule, b.commit) for b in found] == [(NOTICE, "")]


def test_an_impossible_date_next_to_a_reason_is_left_to_validation(repo):
    """front_facts must not raise: the page's own validation reports the date with file:line."""
    from policy_site.history import front_facts

    page = text("2026-02-30", extra="applies_sooner: In your favour.\n").encode()
    assert front_facts(page) == (None, None, None)
    repo.write(EN, page.decode())
    assert pending_breaches(history_of(repo), repo.root / "docs", repo.head("main"), TODAY, "en", 30) == []

# --- what readers see --------------------------------------------------------------------------

def _site_repo(tmp_path: Path) -> GitRepo:
    root = copy_project(ROOT, tmp_path / "project")  # v1 of every sample policy, committed 2026-01-05
    return GitRepo(root, init=False)


def _soup(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_landed_bad_dates_build_with_notices_and_a_possible_record(tmp_path):
    repo = _site_repo(tmp_path)
    source = (repo.root / EN).read_text(encoding="utf-8")
    set_date = lambda day, extra="": re.sub(r"^effective: .*$", f"effective: {day}{extra}", source, count=1, flags=re.M)
    repo.commit({EN: set_date("2026-11-20") + "\nVersion two.\n"}, "Version two", date="2026-10-01")
    back = repo.commit({EN: set_date("2026-06-15") + "\nVersion two.\n"}, "Fix\x07 the date", date="2026-10-02")
    ru_path = "docs/ru/returns.md"
    ru_text = re.sub(r"^effective: .*$", "effective: 2026-11-25", (repo.root / ru_path).read_text(encoding="utf-8"),
                     count=1, flags=re.M)
    late = repo.commit({EN: set_date("2026-11-25") + "\nVersion three.\n", ru_path: ru_text}, "Back-dated three",
                       date="2026-11-27")
    site = tmp_path / "site"
    result = build_site(repo.root, site, env={"POLICY_SITE_TODAY": TODAY.isoformat()})
    assert result.returncode == 0 and "WARNING" not in result.output, result.output
    notices = [line for line in result.output.splitlines() if line.startswith("NOTICE")]
    assert any(f'commit {back[:7]} "Fix the date"' in line and "correction" in line for line in notices), notices
    assert any(f"commit {late[:7]}" in line and "before the day the change lands (2026-11-27)" in line
               for line in notices), notices
    # Once, not once per language (the same commit's control character gets a notice of its own).
    assert len([line for line in notices if back[:7] in line and "correction" in line]) == 1
    # The quiet build still prints them; the strict build did not count them (it passed above).
    quiet = build_site(repo.root, tmp_path / "quiet", "-q", env={"POLICY_SITE_TODAY": TODAY.isoformat()})
    assert quiet.returncode == 0 and back[:7] in quiet.output, quiet.output

    history = _soup(site, "returns/index.html").select_one("[data-policy-history]")
    versions = {int(li["data-version"]): li for li in history.select("li.policy-history__version")}
    assert sorted(versions) == [1, 2, 3]
    for li in versions.values():  # no version ends before it starts
        start = li.select_one(".policy-history__effective time")["datetime"]
        until = li.select_one("time[data-end]")
        assert until is None or until["datetime"] >= start
    assert versions[2].select_one(".policy-history__effective time")["datetime"] == "2026-06-15"
    assert "corrected on 2 October 2026; it previously read 20 November 2026" in _words(versions[2])
    assert "Published on 27 November 2026, after the date it applies from" in _words(versions[3])
    for n in (1, 2, 3):
        assert "replaced before it took effect" not in _words(_soup(site, f"returns/versions/{n}/index.html"))
    banner = _soup(site, "returns/versions/2/index.html").select_one('[data-policy-notice="policy-version"]')
    assert "from 15 June 2026 to 24 November 2026" in _words(banner)
    assert "previously read 20 November 2026" in _words(banner)
    # Translated pages say it in their language (the translation's version 2 is the source's version 3).
    ru = _words(_soup(site, "ru/returns/index.html").select_one('li.policy-history__version[data-version="2"]'))
    assert "Опубликовано 27 ноября 2026 г., позже даты вступления в силу." in ru, ru


def test_applies_sooner_reason_is_shown_next_to_the_version(tmp_path):
    repo = _site_repo(tmp_path)
    source = (repo.root / EN).read_text(encoding="utf-8")
    reason = "It gives you more time, so it applies at once."
    changed = re.sub(r"^effective: .*$", f"effective: 2026-12-04\napplies_sooner: {reason}", source,
                     count=1, flags=re.M) + "\nLonger window.\n"
    ru_path = "docs/ru/returns.md"
    ru = (repo.root / ru_path).read_text(encoding="utf-8")
    ru_changed = re.sub(r"^effective: .*$", "effective: 2026-12-04", ru, count=1, flags=re.M)
    repo.commit({EN: changed, ru_path: ru_changed}, "Longer window", date="2026-11-29")
    site = tmp_path / "site"
    result = build_site(repo.root, site, env={"POLICY_SITE_TODAY": TODAY.isoformat()})
    assert result.returncode == 0 and "WARNING" not in result.output and "NOTICE" not in result.output, result.output
    policy = _soup(site, "returns/index.html")
    upcoming = _words(policy.select_one('[data-policy-notice="upcoming-version"]'))
    assert f"Applies sooner than our usual notice period: {reason}" in upcoming
    v2 = policy.select_one('li.policy-history__version[data-version="2"]')
    assert reason in _words(v2.select_one("[data-record]"))
    banner = _soup(site, "returns/versions/2/index.html").select_one('[data-policy-notice="policy-version"]')
    assert reason in _words(banner)
    # The Russian page has no translated reason: it falls back to the source's, with a Russian lead-in.
    ru_v2 = _soup(site, "ru/returns/index.html").select_one('li.policy-history__version[data-version="2"]')
    assert _words(ru_v2.select_one("[data-record]")) == f"Действует без обычного срока уведомления: {reason}"


# --- scripts/check on a pull request ---------------------------------------------------------------

def test_check_fails_a_pull_request_that_breaks_the_rules(tmp_path):
    project = tool_project(tmp_path / "project")
    repo = GitRepo(project, init=False)
    docs = project / "docs" / "en"
    current = effective_of(docs / "returns.md")
    earlier = current - dt.timedelta(days=28)
    repo.branch("change")
    set_field(docs / "returns.md", "effective", earlier.isoformat())  # before the current version's date
    set_field(docs / "complaints.md", "effective", "2026-12-04")  # 5 days after today
    set_field(docs / "customer-service.md", "effective", "2026-11-01")  # before today
    set_field(docs / "contact.md", "effective", "2026-12-04")
    set_or_add(docs / "contact.md", "applies_sooner", "Required by law.")
    repo.git("add", "-A")
    commit = repo.commit(message="Policy updates", date="2026-11-28")
    set_field(docs / "feedback.md", "effective", "2026-12-10")  # uncommitted: 11 days after today
    result = run_script(project, "check", "--today", TODAY.isoformat(), "--base", "main")
    out = result.output
    assert result.returncode == 1, out
    assert "Traceback" not in out
    record = out.split("\n== record\n", 1)[1].split("\n\n", 1)[0]
    short = commit[:7]
    assert f'docs/en/returns.md: commit {short} "Policy updates": effective {earlier} is not later than the ' \
           f"current version's ({current})" in record
    assert f'docs/en/complaints.md: commit {short} "Policy updates": effective 2026-12-04 is 5 days after the ' \
           "change lands (2026-11-29); the notice period is 30 days" in record
    assert "fix: set effective to 2026-12-29 or later, or add applies_sooner:" in record
    assert "docs/en/customer-service.md" in record and "before the day the change lands (2026-11-29)" in record
    assert "docs/en/feedback.md: uncommitted change: effective 2026-12-10 is 11 days after" in record
    assert "contact.md" not in record
    assert re.search(r"^  record\s+4 errors$", out, re.M), out


def test_check_passes_the_same_changes_with_reasons(tmp_path):
    project = tool_project(tmp_path / "project")
    repo = GitRepo(project, init=False)
    docs = project / "docs" / "en"
    repo.branch("change")
    set_field(docs / "complaints.md", "effective", "2026-12-04")
    set_or_add(docs / "complaints.md", "applies_sooner", "In the customer's favour.")
    set_field(docs / "customer-service.md", "effective", "2026-11-01")
    set_or_add(docs / "customer-service.md", "applies_sooner", "Required by the new law.")
    set_field(docs / "returns.md", "effective", "2026-12-29")  # exactly the notice period
    repo.git("add", "-A")
    repo.commit(message="Policy updates", date="2026-11-28")
    result = run_script(project, "check", "--today", TODAY.isoformat(), "--base", "main")
    assert re.search(r"^  record\s+ok$", result.output, re.M), result.output


def test_check_never_counts_a_build_notice():
    sys.path.insert(0, str(ROOT / "scripts"))
    from buildlog import parse_log

    log = "\n".join(["WARNING -  Something to fix", "NOTICE  -  docs/en/a.md: commit 1a2b3c4 \"x\": landed history",
                     "INFO    -  Documentation built"])
    assert [m.text for m in parse_log(log)] == ["Something to fix"]
