"""The day a commit lands on main: merges, squashes, rebases and cherry-picks in real repositories."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import GitRepo, git_env
from site_facts import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site import git_commands, landing  # noqa: E402
from policy_site.landing import LandingError, landing_days  # noqa: E402

D = dt.date.fromisoformat


def test_merge_brings_branch_commits_on_its_own_day(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    base = repo.commit({"a.md": "1"}, "Start", date="2026-01-01")
    repo.branch("feature")
    first = repo.commit({"a.md": "2"}, "Edit one", date="2026-01-02")
    second = repo.commit({"a.md": "3"}, "Edit two", date="2026-01-03")
    repo.checkout("main")
    other = repo.commit({"b.md": "x"}, "Meanwhile on main", date="2026-01-04")
    merge = repo.merge("feature", date="2026-01-10")
    days = landing_days(repo.root)
    assert days[base] == D("2026-01-01") and days[other] == D("2026-01-04")
    # Written on the 2nd and 3rd, merged on the 10th: they landed on the 10th.
    assert days[first] == days[second] == days[merge] == D("2026-01-10")


def test_nested_merges_land_with_the_merge_into_main(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.md": "1"}, "Start", date="2026-01-01")
    repo.branch("outer")
    repo.branch("inner")
    inner = repo.commit({"c.md": "1"}, "Inner", date="2026-01-02")
    repo.checkout("outer")
    repo.merge("inner", date="2026-01-03")
    repo.checkout("main")
    repo.commit({"b.md": "1"}, "Main", date="2026-01-04")
    repo.merge("outer", date="2026-02-01")
    assert landing_days(repo.root)[inner] == D("2026-02-01")


def test_squash_rebase_and_cherry_pick_land_on_their_committer_day(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.md": "1"}, "Start", date="2026-01-01")
    repo.branch("feature")
    branch_commit = repo.commit({"a.md": "2"}, "On a branch", date="2026-01-02")
    repo.checkout("main")
    # A squash merge: a new commit on main, authored earlier, committed on the 5th.
    repo.git("merge", "--squash", "feature")
    squash = repo.commit(message="Squashed", date="2026-01-02", committer_date="2026-01-05")
    # A cherry-pick of the branch commit (a new commit), committed on the 7th.
    repo.git("cherry-pick", "--allow-empty", "--keep-redundant-commits", branch_commit,
             env=git_env(GIT_COMMITTER_DATE="2026-01-07T12:00:00+00:00"))
    picked = repo.head()
    days = landing_days(repo.root)
    assert days[squash] == D("2026-01-05")  # the committer date, not the author date
    assert days[picked] == D("2026-01-07")
    assert branch_commit not in days  # never brought to main itself


def test_rebased_commits_land_on_their_new_committer_day(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.md": "1"}, "Start", date="2026-01-01")
    repo.branch("feature")
    repo.commit({"b.md": "1"}, "Feature", date="2026-01-02")
    repo.checkout("main")
    repo.commit({"c.md": "1"}, "Main moves on", date="2026-01-03")
    repo.checkout("feature")
    repo.git("rebase", "-q", "main", env=git_env(GIT_COMMITTER_DATE="2026-01-09T23:30:00-05:00"))
    rebased = repo.head()
    repo.checkout("main")
    repo.git("merge", "-q", "--ff-only", "feature")
    # Committed at 23:30 in New York on the 9th: the 10th in UTC.
    assert landing_days(repo.root)[rebased] == D("2026-01-10")


def test_one_git_process_for_any_history(tmp_path: Path, monkeypatch):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.md": "1"}, "Start")
    for n in range(30):
        repo.branch(f"b{n}")
        repo.commit({f"f{n}.md": "x"}, f"Change {n}")
        repo.checkout("main")
        repo.merge(f"b{n}")
    head = repo.head()
    calls = []
    real = subprocess.run
    monkeypatch.setattr(git_commands.subprocess, "run", lambda *a, **k: calls.append(a) or real(*a, **k))
    landing._CACHE.clear()
    days = landing_days(repo.root, head)
    assert len(days) == 61 and len(calls) == 1
    assert landing_days(repo.root, head) is days and len(calls) == 1  # memoised per head


def test_shallow_clone_and_errors(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.md": "1"}, "One", date="2026-01-01")
    last = repo.commit({"a.md": "2"}, "Two", date="2026-01-02")
    clone = repo.shallow_clone(tmp_path / "clone")
    assert dict(landing_days(clone.root)) == {last: D("2026-01-02")}
    (tmp_path / "plain").mkdir()
    with pytest.raises(LandingError, match="failed"):
        landing_days(tmp_path / "plain")
