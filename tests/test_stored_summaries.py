"""policy_site.change_notes.prefetch with a store: each folder's change summaries kept between builds
(issue 15), read from git only for texts committed since, never a summary of another text; a real git
repository and a real render cache in folders."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from gitrepo import GitRepo
from policy_site import change_notes
from policy_site.history import GitError, read_history
from policy_site.render_cache import RenderCache

PAGE = "---\ntitle: Returns\neffective: {day}\nchange_summary: {summary}\n---\n# Returns\n\nText {n}.\n"


def text(n: int, summary: str) -> str:
    return PAGE.format(day=f"2026-0{n}-01", summary=summary, n=n)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": text(1, "Returns within 30 days."),
                 "docs/ru/returns.md": text(1, "Возврат в течение 30 дней.")}, date="2026-01-01")
    repo.commit({"docs/en/returns.md": text(2, "Returns within 14 days.")}, date="2026-02-01")
    return repo


def forget() -> None:
    """A new build process: nothing read before is remembered."""
    change_notes._SUMMARIES.clear()
    from policy_site import past_versions
    past_versions._TEXTS.clear()


def without_git(history):
    """The same history, but any git process it starts fails: what is read now comes from the store."""
    return dataclasses.replace(history, git="/nonexistent/git")


def test_summaries_are_kept_per_folder_and_only_new_texts_are_read_from_git(repo: GitRepo, tmp_path: Path):
    cache = RenderCache(tmp_path / "cache", salt="s")
    docs = repo.root / "docs"
    forget()
    history = read_history(docs, use_cache=False)
    change_notes.prefetch(history, ["en", "ru"], cache)
    expected = {change.blob: change_notes.summary_of(repo.git("cat-file", "blob", change.blob))
                for path in ("en/returns.md", "ru/returns.md") for change in history.changes(path)}
    assert sorted(expected.values()) == ["Returns within 14 days.", "Returns within 30 days.",
                                         "Возврат в течение 30 дней."]
    assert cache.misses["change-summaries"] == 2 and len(list((tmp_path / "cache").glob("*/*"))) == 2

    forget()  # the next build reads both folders' summaries from the store, none from git
    change_notes.prefetch(without_git(history), ["en", "ru"], cache)
    assert cache.hits["change-summaries"] == 2
    assert change_notes.summaries(without_git(history), expected) == expected

    new = repo.commit({"docs/en/returns.md": text(3, "A new carrier.")}, date="2026-03-01")
    history = read_history(docs, use_cache=False)
    (blob,) = [c.blob for c in history.changes("en/returns.md") if c.commit == new]
    forget()
    change_notes.prefetch(history, ["en", "ru"], cache)  # one text to read, and the English entry written again
    assert change_notes.summaries(without_git(history), [blob]) == {blob: "A new carrier."}
    forget()
    change_notes.prefetch(without_git(history), ["en", "ru"], cache)
    assert change_notes.summaries(without_git(history), [*expected, blob]) == {**expected, blob: "A new carrier."}
    forget()
    with pytest.raises(GitError):  # the check above proves something: without the store, git is needed
        change_notes.prefetch(without_git(history), ["en"])


def test_an_entry_that_is_not_a_map_of_summaries_is_read_anew(repo: GitRepo, tmp_path: Path):
    cache = RenderCache(tmp_path / "cache", salt="s")
    history = read_history(repo.root / "docs", use_cache=False)
    forget()
    change_notes.prefetch(history, ["en"], cache)
    (entry,) = [p for p in (tmp_path / "cache").glob("*/*") if p.is_file()]
    key = entry.name
    good = cache.get(key)
    for stored in ("[]", "not json", json.dumps({"x": 1}), json.dumps({blob: None for blob in json.loads(good)})):
        cache.put(key, stored)  # whole, with a valid checksum, but not what this module writes
        forget()
        with pytest.raises(GitError):
            change_notes.prefetch(without_git(history), ["en"], cache)
        forget()
        change_notes.prefetch(history, ["en"], cache)
        assert cache.get(key) == good
