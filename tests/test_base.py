"""`scripts/check --base`: which commit a pull request is compared with, in real repositories."""

from __future__ import annotations

import pytest

from gitrepo import GitRepo
from policy_site.base import BaseError, resolve_base


def test_branch_compares_with_its_fork_point_on_main(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit({"docs/en/a.md": "one"}, "Add a")
    repo.branch("feature")
    change = repo.commit({"docs/en/a.md": "two"}, "Change a")
    repo.checkout("main")
    repo.commit({"docs/en/b.md": "b"}, "Add b on main after the fork")
    repo.checkout("feature")
    base = resolve_base(repo.root)
    assert base.commit == first
    assert "main" in base.described
    assert base.landed(repo.root, first)
    assert not base.landed(repo.root, change)


def test_explicit_base_is_merge_based_with_head(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit({"docs/en/a.md": "one"}, "Add a")
    repo.branch("feature")
    repo.commit({"docs/en/a.md": "two"}, "Change a")
    repo.checkout("main")
    repo.commit({"docs/en/b.md": "b"}, "Add b")
    repo.checkout("feature")
    assert resolve_base(repo.root, "main").commit == first


def test_on_main_itself_the_previous_commit_is_the_base(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit({"docs/en/a.md": "one"}, "Add a")
    repo.commit({"docs/en/a.md": "two"}, "Change a")
    assert resolve_base(repo.root).commit == first


def test_first_commit_and_empty_repository_have_no_base(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    assert resolve_base(repo.root).commit is None
    repo.commit({"docs/en/a.md": "one"}, "Add a")
    base = resolve_base(repo.root)
    assert base.commit is None and "first commit" in base.described


def test_unknown_base_is_a_clear_error(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/a.md": "one"}, "Add a")
    with pytest.raises(BaseError, match="--base nope: not a commit"):
        resolve_base(repo.root, "nope")


def test_git_that_cannot_run_or_fails_is_a_clear_error(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    first = repo.commit({"docs/en/a.md": "one"}, "Add a")
    with pytest.raises(BaseError, match="cannot run .*missing-git: install git"):
        resolve_base(repo.root, git=str(tmp_path / "missing-git"))
    second = repo.commit({"docs/en/a.md": "two"}, "Change a")
    base = resolve_base(repo.root, first)
    assert base.commit == first and base.landed(repo.root, first) and not base.landed(repo.root, second)
    with pytest.raises(BaseError, match=r"`git merge-base --is-ancestor 0+ .*` failed \(128\)"):
        base.landed(repo.root, "0" * 40)
