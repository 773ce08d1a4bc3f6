"""The editors' log of each source policy: every commit, the version it belongs to, and the reasons
given for editorial changes (no MkDocs).

This is the editors' side of the record (the policy register): commit ids, subjects and author names
never reach customers' pages. A reason is the `editorial:` front matter value a commit set or
changed, or a `Policy-Editorial:` trailer in its message (see policy_site.pull_request).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import FrontMatterError, read_front_matter
from .history import HISTORY_UNREADABLE, Change, GitError, History, State, read_history
from .pull_request import REASON_MAX, TRAILER, editorial_mark
from .versions import build_versions

__all__ = ["LogEntry", "edit_logs"]

SUBJECT_MAX = 200  # a subject is the commit's first line; longer ones are shortened for the table


@dataclass(frozen=True)
class LogEntry:
    commit: str  # short id
    date: dt.date
    subject: str
    author: str
    version: int
    started: bool  # the commit started `version`; otherwise it was an editorial change
    reasons: tuple[str, ...]


def _bounded(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def edit_logs(docs_dir: Path, source: str) -> dict[str, tuple[LogEntry, ...]] | None:
    """Per source page (e.g. 'returns.md'), its commits newest first; None without git history."""
    try:
        history = read_history(docs_dir)
        if history.state in (State.NO_GIT, State.NOT_A_REPO):
            return None
        prefix = f"{source}/"
        files = {path[len(prefix):]: changes for path, changes in history.files.items() if path.startswith(prefix)}
        trailers = _trailers(history, {change.commit for changes in files.values() for change in changes})
        marks = _marks(history, (c.blob for changes in files.values() for c in changes if c.blob))
    except HISTORY_UNREADABLE:
        return None
    return {page: _log(page, changes, trailers, marks) for page, changes in files.items()}


def _log(page: str, changes: tuple[Change, ...], trailers: Mapping[str, list[str]],
         marks: Mapping[str, str]) -> tuple[LogEntry, ...]:
    entries = []
    previous_mark = None
    for version in build_versions(page, changes).versions:
        for revision in version.revisions:  # oldest first
            change = revision.change
            mark = marks.get(change.blob or "")
            reasons = [mark] if mark and mark != previous_mark else []
            previous_mark = mark
            reasons += trailers.get(change.commit, [])
            entries.append(LogEntry(change.commit[:7], change.date.date(), _bounded(change.subject, SUBJECT_MAX),
                                    _bounded(change.author, SUBJECT_MAX), version.number, not revision.editorial,
                                    tuple(_bounded(r, REASON_MAX) for r in reasons)))
    return tuple(reversed(entries))


def _marks(history: History, blobs: Iterable[str]) -> dict[str, str]:
    """The `editorial:` reason in each blob that has one."""
    marks = {}
    for sha, text in history.read_texts(set(blobs)).items():
        if "editorial:" not in text:
            continue
        try:
            mark = editorial_mark(read_front_matter(text, sha))
        except FrontMatterError:
            continue
        if mark:
            marks[sha] = mark
    return marks


def _trailers(history: History, commits: Iterable[str]) -> dict[str, list[str]]:
    """`Policy-Editorial:` trailer values per commit, read by one git process."""
    wanted = sorted(commits)
    if not wanted or history.repo_root is None:
        return {}
    done = subprocess.run(
        [history.git, "--no-optional-locks", "log", "--no-walk=unsorted", "--stdin", "-z",
         f"--format=%H%x1f%(trailers:key={TRAILER},valueonly,separator=%x1f)"],
        cwd=history.repo_root, input="\n".join(wanted).encode(), capture_output=True,
        env=dict(os.environ, LC_ALL="C"))
    if done.returncode:
        raise GitError(("log", "--no-walk", "--stdin"), done.returncode, done.stderr.decode("utf-8", "replace"))
    found: dict[str, list[str]] = {}
    for record in done.stdout.decode("utf-8", "replace").split("\0"):
        sha, *values = record.strip("\n").split("\x1f")
        reasons = [value.strip() for value in values if value.strip()]
        if sha and reasons:
            found[sha] = reasons
    return found
