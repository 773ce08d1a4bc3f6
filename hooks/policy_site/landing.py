"""The day each commit landed on the main branch, from one `git log` of the whole graph (no MkDocs).

A change lands when the main branch takes it: its landing day is the committer date (UTC) of the
first-parent commit of HEAD's first-parent chain that brought it. That is the merge commit of a
merged pull request, and the commit itself after a squash, a rebase or a cherry-pick (those create
new commits on the chain, with the committer date of the moment they were made). The author date is
never used: a rebase keeps it, so it says when the change was written, not when it landed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .git_commands import GitError, NoGit, run_git

__all__ = ["LandingError", "landing_days"]

_CACHE: dict[tuple[str, str, str], Mapping[str, dt.date]] = {}


class LandingError(RuntimeError):
    """git could not list the commits; the message carries git's error."""


def landing_days(repo_root: str | os.PathLike, head: str = "HEAD", *, git: str = "git") -> Mapping[str, dt.date]:
    """Full commit id -> UTC day it landed on `head`'s first-parent chain, for every commit reachable from it.

    One git process whatever the size of the history, memoised per (repository, resolved head).
    Commits beyond a shallow boundary are absent.
    """
    root = Path(repo_root)
    if (str(root), head, git) in _CACHE:  # `head` given as a commit id (History.head): no git at all
        return _CACHE[(str(root), head, git)]
    out = _git(git, root, "log", "--format=%H %ct %P", head)
    lines = out.splitlines()
    if not lines:
        return MappingProxyType({})
    key = (str(root), lines[0].split(" ", 1)[0], git)
    if key not in _CACHE:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = MappingProxyType(_walk(lines))
    return _CACHE[key]


def _git(git: str, root: Path, *args: str) -> str:
    try:
        return run_git(git, root, *args).decode("ascii", "replace")
    except (NoGit, GitError) as error:
        raise LandingError(str(error)) from None


def _walk(lines: list[str]) -> dict[str, dt.date]:
    """Assign every commit to the oldest first-parent commit that reaches it (the one that brought it)."""
    parents: dict[str, list[str]] = {}
    stamps: dict[str, int] = {}
    for line in lines:
        sha, stamp, *rest = line.split(" ")
        parents[sha] = [p for p in rest if p]
        stamps[sha] = int(stamp)
    head = lines[0].split(" ", 1)[0]
    chain = []
    sha: str | None = head
    while sha is not None and sha in parents:
        chain.append(sha)
        sha = parents[sha][0] if parents[sha] else None
    landed: dict[str, dt.date] = {}
    for tip in reversed(chain):  # oldest first: everything an older tip reaches is assigned already
        day = dt.datetime.fromtimestamp(stamps[tip], dt.timezone.utc).date()
        landed[tip] = day
        stack = list(parents[tip][1:])
        while stack:
            sha = stack.pop()
            if sha in landed or sha not in parents:  # assigned, or beyond a shallow boundary
                continue
            landed[sha] = day
            stack.extend(parents[sha])
    return landed
