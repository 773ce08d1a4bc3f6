"""Freshness by ancestry (issue 12 item 3): merges, cherry-picks, back-dated commits and renames decide
by which commit contains which, never by dates; and a translation cannot claim another version than
the source version it was translated from. Real git repositories and real builds."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
import time
from pathlib import Path

import pytest

from editor_tools import run_script, tool_project
from gitrepo import GitRepo, git_env
from policy_site.freshness import FreshnessState, freshness, history_for
from policy_site.history import clear_cache, read_history
from policy_site.translation_version import version_problem
from policy_site.validation import check_page
from sitebuild import build_site, copy_project
from site_facts import ROOT

GIT = shutil.which("git")
EN, RU = "docs/en/a.md", "docs/ru/a.md"


def page(effective: str = "2026-01-01", body: str = "Text.", extra: str = "") -> str:
    return f"---\ntitle: Policy\neffective: {effective}\n{extra}---\n\n# Policy\n\n{body}\n"


def reviewed(commit: str) -> str:
    """The front matter line a translator adds after checking against `commit`, quoted as the tools print it."""
    return f'source_reviewed: "{commit}"\n'


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    clear_cache()
    repo = GitRepo(tmp_path / "repo")
    repo.commit({EN: page(), RU: page(body="Текст.")}, "Start", date="2026-01-01")
    return repo


def state(repo: GitRepo, name: str = "a.md", language: str = "ru"):
    docs = repo.root / "docs"
    return freshness(docs, name, language, "en", history_for(docs))


def problem(repo: GitRepo, name: str = "a.md", language: str = "ru"):
    docs = repo.root / "docs"
    return version_problem(docs, name, language, "en", history_for(docs), source_name="English")


def test_merge_bringing_an_older_english_change_makes_a_later_translation_outdated(repo):
    repo.branch("english")
    english = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2026-01-10")
    repo.checkout("main")
    repo.commit({RU: page(body="Текст, уточнён.")}, "Russian rewording", date="2026-01-20")
    repo.merge("english", date="2026-01-25")
    got = state(repo)
    assert got.state is FreshnessState.OUTDATED  # by dates (01-20 after 01-10) it would look fresh
    assert [c.commit for c in got.pending] == [english] and got.since.date() == dt.date(2026, 1, 10)
    # The translator updates after the merge: now the English change is an ancestor.
    repo.commit({RU: page(body="Текст, исправлен.")}, "Russian follows", date="2026-01-26")
    assert state(repo).state is FreshnessState.FRESH


def test_cherry_picked_english_change_makes_the_translation_outdated(repo):
    repo.branch("fix")
    original = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2026-01-05")
    repo.checkout("main")
    repo.commit({RU: page(body="Текст, уточнён.")}, "Russian rewording", date="2026-01-10")
    # Cherry-picked with a committer date before the translation's: a new commit id, an old date.
    repo.git("cherry-pick", original, env=git_env(GIT_COMMITTER_DATE="2026-01-06T12:00:00+00:00"))
    picked = repo.head()
    assert picked != original
    got = state(repo)
    assert got.state is FreshnessState.OUTDATED and [c.commit for c in got.pending] == [picked]
    assert got.since.date() == dt.date(2026, 1, 6)


def test_translation_on_the_original_is_outdated_by_the_cherry_pick_merged_beside_it(repo):
    repo.branch("fix")
    original = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2026-01-05")
    repo.commit({RU: page(body="Текст, исправлен.")}, "Russian follows the fix", date="2026-01-06")
    repo.checkout("main")
    repo.git("cherry-pick", original, env=git_env(GIT_COMMITTER_DATE="2026-01-05T13:00:00+00:00"))
    picked = repo.head()
    repo.merge("fix", date="2026-01-07")
    got = state(repo)
    assert [c.commit for c in got.pending] == [picked]  # the original is in the translation, the copy is not
    # One commit has both: the status report offers it for source_reviewed, and it clears the notice.
    assert got.source_commit == repo.head()
    repo.commit({RU: page(body="Текст, исправлен.", extra=reviewed(got.source_commit[:9]))},
                "Russian checked", date="2026-01-08")
    assert state(repo).state is FreshnessState.FRESH


def test_a_commit_id_of_digits_only_works_as_the_tools_print_it(repo):
    """One short commit id in 27 is digits only (`1234567`), which YAML reads as a number. The tools print
    `source_reviewed: "<commit>"`: followed as printed, the mark clears the notice; unquoted, the build
    names the line and says to quote it."""
    for attempt in range(400):  # English edits until the newest has such an id: 27 on average
        repo.commit({EN: page(body=f"Text, edit {attempt}.")}, f"English edit {attempt}", date="2026-01-05")
        if repo.head()[:7].isdigit():
            break
    else:
        pytest.fail("no commit id of digits only in 400 commits")
    got = state(repo)
    assert got.state is FreshnessState.OUTDATED and got.source_commit == repo.head()
    unquoted = page(body="Текст.", extra=f"source_reviewed: {got.source_commit[:7]}\n")
    [number] = [found for found in check_page("ru/a.md", unquoted, ()) if "source_reviewed" in found.message]
    assert (number.line, number.message) == (4, "`source_reviewed` must be text, not a number")
    assert "quotes" in number.fix
    repo.commit({RU: page(body="Текст.", extra=reviewed(got.source_commit[:7]))}, "Russian checked",
                date="2026-01-06")
    assert state(repo).state is FreshnessState.FRESH


def test_back_dated_english_commit_after_the_translation_makes_it_outdated(repo):
    repo.commit({RU: page(body="Текст, уточнён.")}, "Russian rewording", date="2026-02-01")
    back = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2025-12-01")
    got = state(repo)
    assert got.state is FreshnessState.OUTDATED and [c.commit for c in got.pending] == [back]
    assert got.since.date() == dt.date(2025, 12, 1)  # the oldest pending change's commit date


def test_source_reviewed_counts_what_its_commit_contains(repo):
    english = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2026-01-10")
    later = repo.commit({"docs/en/b.md": page()}, "Another page", date="2026-01-11")
    assert state(repo).state is FreshnessState.OUTDATED
    start = repo.head("HEAD~2")
    # A mark on a commit without the change leaves it outdated ...
    repo.commit({RU: page(body="Текст.", extra=reviewed(start[:7]))}, "mark", date="2026-01-12")
    assert [c.commit for c in state(repo).pending] == [english]
    # ... a mark on any commit that has it as ancestor (here one that did not touch the page) clears it.
    repo.commit({RU: page(body="Текст.", extra=reviewed(later[:7]))}, "mark", date="2026-01-13")
    got = state(repo)
    assert got.state is FreshnessState.FRESH and got.mark == later[:7]
    # A mark that names no commit of this branch says so and counts nothing.
    repo.commit({RU: page(body="Текст.", extra="source_reviewed: abcdef0\n")}, "bad mark", date="2026-01-14")
    got = state(repo)
    assert got.state is FreshnessState.OUTDATED and "abcdef0 is not a commit in this branch's history" in got.reason


def test_renaming_translation_and_source_keeps_history_and_freshness(repo):
    english = repo.commit({EN: page(body="Text, fixed.")}, "Fix English", date="2026-01-10")
    repo.mv(RU, "docs/ru/b.md")
    repo.commit(message="Rename the Russian page", date="2026-01-20")
    assert [c.commit for c in state(repo, "a.md").pending] == []  # no translation at ru/a.md any more
    repo.mv(EN, "docs/en/b.md")
    repo.commit(message="Rename the English page", date="2026-01-21")
    got = state(repo, "b.md")
    # Neither rename rewords anything: still outdated by the English fix, and only by it.
    assert got.state is FreshnessState.OUTDATED and [c.commit for c in got.pending] == [english]
    history = history_for(repo.root / "docs")
    assert len(history.changes("ru/b.md")) == 2 and len(history.changes("en/b.md")) == 3
    repo.commit({"docs/ru/b.md": page(body="Текст, исправлен.")}, "Russian follows", date="2026-01-22")
    repo.mv("docs/ru/b.md", "docs/ru/c.md")
    repo.mv("docs/en/b.md", "docs/en/c.md")
    repo.commit(message="Rename both", date="2026-01-23")
    assert state(repo, "c.md").state is FreshnessState.FRESH


def test_translation_claiming_a_version_it_does_not_follow_is_an_error(repo):
    repo.branch("translate")
    repo.checkout("main")
    v2 = repo.commit({EN: page("2026-03-01", "New rules.")}, "English v2", date="2026-02-01")
    repo.checkout("translate")  # the translator's branch does not contain v2, but claims it
    repo.commit({RU: page("2026-03-01", "Новые правила.")}, "Russian v2", date="2026-02-10")
    repo.checkout("main")
    repo.merge("translate", date="2026-02-11")
    found = problem(repo)
    start = repo.head("HEAD~2")
    assert (found.path, found.line) == ("docs/ru/a.md", 3)
    assert found.message == ("effective 2026-03-01 does not match the English page's effective 2026-01-01 in the "
                             f"version this translation follows (commit {start[:7]})")
    assert found.fix.startswith("use effective: 2026-01-01; if you translated the newer English page")
    assert f'source_reviewed: "{v2[:7]}"' in found.fix  # quoted: an id of digits only would be a number
    # Following the fix: the translation now follows v2, and claims it rightly.
    repo.commit({RU: page("2026-03-01", "Новые правила.", reviewed(v2[:7]))}, "mark", date="2026-02-12")
    assert problem(repo) is None and state(repo).state is FreshnessState.FRESH


def test_lagging_translation_is_outdated_not_an_error_and_an_invented_date_is(repo):
    repo.commit({EN: page("2026-03-01", "New rules.")}, "English v2", date="2026-02-01")
    assert problem(repo) is None and state(repo).state is FreshnessState.OUTDATED
    repo.commit({RU: page("2026-05-05", "Текст.")}, "Russian date typo", date="2026-02-02")
    found = problem(repo)
    assert "effective 2026-05-05 does not match the English page's effective 2026-03-01" in found.message
    assert found.fix == "use effective: 2026-03-01; the English page has no version with effective 2026-05-05"


def test_version_after_a_clean_merge_of_two_english_branches(repo):
    body = "\n\n".join(f"Paragraph {i}." for i in range(6))
    repo.commit({EN: page(body=body)}, "English body", date="2026-01-02")
    repo.commit({RU: page(body="Текст.")}, "Russian follows", date="2026-01-03")
    repo.branch("v2")
    repo.commit({EN: page("2026-03-01", body)}, "English v2", date="2026-01-10")
    repo.checkout("main")
    repo.commit({EN: page(body=body.replace("Paragraph 5.", "Paragraph five."))}, "English typo", date="2026-01-11")
    repo.merge("v2", date="2026-01-12")  # clean: the merge itself changes nothing, so both sides are tips
    assert "effective: 2026-03-01" in (repo.root / EN).read_text(encoding="utf-8")
    repo.commit({RU: page(body="Текст, исправлен.")}, "Russian keeps version 1", date="2026-01-13")
    assert len(state(repo).follows) == 2  # the typo and v2, neither an ancestor of the other
    found = problem(repo)
    assert "effective 2026-01-01 does not match the English page's effective 2026-03-01" in found.message
    repo.commit({RU: page("2026-03-01", "Текст, исправлен.")}, "Russian version 2", date="2026-01-14")
    assert problem(repo) is None and state(repo).state is FreshnessState.FRESH


def test_uncommitted_translation_is_compared_with_the_source_as_it_is_and_stubs_are_exempt(repo):
    repo.write(RU, page("2026-02-02", "Черновик."))
    found = problem(repo)
    assert found.line == 3 and "not committed yet" in found.message and found.fix == "use effective: 2026-01-01"
    repo.write(RU, page("2026-02-02", "Text.", "translation: awaiting\n"))
    assert problem(repo) is None


def _shim(tmp_path: Path) -> Path:
    """A `git` that records each invocation, then runs the real git."""
    shim = tmp_path / "shim" / "git"
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{shim.parent}/calls"\nexec "{GIT}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    return shim


def _command(line: str) -> str:
    """The git subcommand of a recorded command line (after the global options)."""
    words = iter(line.split())
    for word in words:
        if word == "-c":
            next(words)
        elif not word.startswith("-"):
            return word
    return ""


def test_git_processes_do_not_grow_with_translations_or_commits(tmp_path: Path):
    """200 commits with merges, 20 pages × 3 translations: the same processes as for one page."""
    repo = GitRepo(tmp_path / "repo")
    names = [f"p{i:02}.md" for i in range(20)]
    repo.commit({f"docs/{lang}/{n}": page() for n in names for lang in ("en", "ru", "lv", "th")}, "Start")
    for i in range(66):
        n = names[i % 20]
        repo.branch(f"b{i}")
        repo.commit({f"docs/en/{n}": page(body=f"English {i}.")}, f"en {i}")
        repo.checkout("main")
        repo.commit({f"docs/ru/{n}": page(body=f"Русский {i}.", extra=reviewed(repo.head()[:7])
                                          if i % 3 else "")}, f"ru {i}")
        repo.merge(f"b{i}")
    assert int(repo.git("rev-list", "--count", "HEAD")) >= 199
    counts = {}
    for label, pages in (("one", names[:1]), ("all", names)):
        clear_cache()
        shim = _shim(tmp_path / label)
        docs = repo.root / "docs"
        started = time.perf_counter()
        history = read_history(docs, git=str(shim))
        states = [freshness(docs, n, lang, "en", history) for n in pages for lang in ("ru", "lv", "th")]
        problems = [version_problem(docs, n, lang, "en", history) for n in pages for lang in ("ru", "lv", "th")]
        elapsed = time.perf_counter() - started
        calls = [_command(line) for line in (shim.parent / "calls").read_text().splitlines()]
        counts[label] = calls
        assert any(s.outdated for s in states) and not any(problems)
        assert elapsed < 20, elapsed
        print(f"{label}: {len(states)} translations, {len(calls)} git processes, {elapsed:.2f} s")
    # The same commands, plus at most one cat-file per language that has `source_reviewed` marks.
    fixed = lambda calls: [c for c in calls if c != "cat-file"]  # noqa: E731
    assert fixed(counts["one"]) == fixed(counts["all"]) and counts["all"].count("rev-list") == 1, counts
    assert len(counts["all"]) <= len(counts["one"]) + 3, counts


@pytest.fixture(scope="module")
def wrong_version_project(tmp_path_factory) -> tuple[Path, str]:
    root = copy_project(ROOT, tmp_path_factory.mktemp("version") / "project")
    repo = GitRepo(root, init=False)
    read = lambda path: (root / path).read_text(encoding="utf-8")  # noqa: E731
    start = repo.head()
    # Russian returns claims a version English never had; English contact starts a new version after
    # its translations (they lag: outdated, not wrong).
    repo.commit({"docs/ru/returns.md": read("docs/ru/returns.md").replace("effective: 2026-03-01",
                                                                         "effective: 2026-03-02"),
                 "docs/en/contact.md": read("docs/en/contact.md").replace("effective: 2026-04-01",
                                                                          "effective: 2026-06-01")},
                "Russian returns re-dated; English contact v2", date="2026-01-10")
    return root, start


def test_strict_build_fails_naming_file_line_and_fix(wrong_version_project, tmp_path):
    root, start = wrong_version_project
    result = build_site(root, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-11-23"})
    assert result.returncode == 1, result.output
    assert ("WARNING -  docs/ru/returns.md:4: effective 2026-03-02 does not match the English page's effective "
            f"2026-03-01 in the version this translation follows (commit {start[:7]})") in result.output
    assert "    fix: use effective: 2026-03-01; the English page has no version with effective 2026-03-02" \
        in result.output
    assert "contact.md:4" not in result.output  # lagging is not an error


def test_lagging_translation_gets_the_notice(wrong_version_project, tmp_path):
    root, _ = wrong_version_project
    result = build_site(root, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-11-23"}, strict=False)
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/ru/contact/index.html").read_text(encoding="utf-8")
    assert 'data-policy-notice="translation-outdated"' in html
    returns = (tmp_path / "site/ru/returns/index.html").read_text(encoding="utf-8")
    assert 'data-policy-notice="translation-outdated"' not in returns


def test_scripts_check_reports_it_as_a_translations_error(tmp_path):
    project = tool_project(tmp_path / "project")
    repo = GitRepo(project, init=False)
    path = project / "docs/lv/returns.md"
    repo.commit({"docs/lv/returns.md": path.read_text(encoding="utf-8").replace("effective: 2026-03-01",
                                                                                 "effective: 2026-02-01")},
                "Latvian returns re-dated", date="2026-01-10")
    result = run_script(project, "check", "--today", "2026-06-01")
    assert result.returncode == 1, result.output
    section = result.output.split("== translations", 1)[1]
    assert "error: docs/lv/returns.md:4: effective 2026-02-01 does not match the English page's effective" in section
    summary = result.output.split("\nSummary", 1)[1]
    assert "translations         1 error" in summary and "build                ok" in summary, result.output
