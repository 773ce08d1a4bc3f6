"""site_context.build_history: one snapshot of the git history per build, read once for every hook and
every language of that build, and read anew by the next build; real git repositories and real MkDocs
configs."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from gitrepo import GitRepo
from policy_site.history import GitError, State
from site_context import build_history, build_history_or_unread

PAGE = "---\ntitle: Returns\neffective: {day}\n---\n# Returns\n"


def config_of(root: Path):
    (root / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    return load_config(str(root / "mkdocs.yml"))


def test_a_build_reads_the_history_once_and_the_next_build_reads_it_again(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": PAGE.format(day="2026-01-01")}, date="2026-01-01")
    config = config_of(repo.root)
    first = build_history(config)
    assert first.state is State.COMPLETE and len(first.changes("en/returns.md")) == 1
    repo.commit({"docs/en/returns.md": PAGE.format(day="2026-02-01")}, date="2026-02-01")
    assert build_history(config) is first  # a commit made during a build waits for the next build
    assert build_history_or_unread(config) is first
    later = build_history(config_of(repo.root))  # the next build: a new config
    assert later.head == repo.head() != first.head and len(later.changes("en/returns.md")) == 2


def test_a_history_that_cannot_be_read_raises_in_each_hook_or_says_why(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": PAGE.format(day="2026-01-01")}, date="2026-01-01")
    config = config_of(repo.root)
    config.docs_dir = str(repo.root / "docs" / "en" / "returns.md")  # not a folder: git cannot run there
    for _ in range(2):  # the same error for every hook that asks, not a history for the second
        with pytest.raises((GitError, NotADirectoryError)):
            build_history(config)
    unread = build_history_or_unread(config)
    assert unread.state is State.NOT_A_REPO and unread.detail and not unread.files
