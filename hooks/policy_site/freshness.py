"""Is a translation up to date with its source page? Judged from git history (no MkDocs).

A translation is *outdated* when its source page changed in a commit after the translation's own
last commit. Every source commit counts, editorial ones too: a typo fix in the source may need the
same fix in the translation. A translator who checked the translation against the source without
rewording anything marks that in the translation's front matter:

    source_reviewed: 1a2b3c4        # a source commit id (7 to 40 hex digits)

Source changes up to and including that commit then count as reviewed. Without git, outside a
repository, or while either file has uncommitted changes, freshness is *unknown*.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import FrontMatterError, read_front_matter
from .history import Change, GitError, History, State, read_history

__all__ = ["Freshness", "FreshnessState", "freshness", "history_for", "reviewed_mark"]

REVIEWED_KEY = "source_reviewed"


class FreshnessState(enum.StrEnum):
    FRESH = "fresh"
    OUTDATED = "outdated"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Freshness:
    """A translation's freshness against its source page."""

    state: FreshnessState
    # Source changes the translation has not caught up with, newest first (empty unless outdated).
    pending: tuple[Change, ...] = ()
    # The source's newest commit: what a translator puts in `source_reviewed` after checking.
    source_commit: str | None = None
    reason: str = ""  # why the state is unknown, or a problem with the mark, for translators
    mark: str | None = None  # the `source_reviewed` value found, if any
    translation_commit: str | None = None

    @property
    def outdated(self) -> bool:
        return self.state is FreshnessState.OUTDATED

    @property
    def since(self) -> dt.datetime | None:
        """When the source first changed after the translation (the oldest pending change)."""
        return self.pending[-1].date if self.pending else None


def history_for(docs_dir: str | Path) -> History:
    """The docs dir's git history, or a NO_GIT/NOT_A_REPO History when it cannot be read."""
    try:
        return read_history(docs_dir)
    except (GitError, NotADirectoryError) as error:
        return History(State.NOT_A_REPO, detail=str(error))


def reviewed_mark(text: str) -> str | None:
    """The `source_reviewed` commit id in a page's front matter, lower-cased, or None."""
    try:
        value = read_front_matter(text, "").data.get(REVIEWED_KEY)
    except FrontMatterError:
        return None
    if value is None or value == "":
        return None
    return str(value).strip().lower() or None


def freshness(docs_dir: str | Path, page: str, language: str, source: str,
              history: History | None = None) -> Freshness:
    """Freshness of `page` (e.g. 'returns.md') in `language` against the `source` language page.

    Pass `history` (from `history_for`) when judging many pages: git is then not run again.
    """
    docs = Path(docs_dir)
    history = history if history is not None else history_for(docs)
    source_uri, translation_uri = f"{source}/{page}", f"{language}/{page}"
    translation_path = docs / translation_uri
    mark = reviewed_mark(translation_path.read_text(encoding="utf-8", errors="replace")) \
        if translation_path.is_file() else None
    if history.state in (State.NO_GIT, State.NOT_A_REPO):
        return Freshness(FreshnessState.UNKNOWN, reason=history.detail or "no git history", mark=mark)
    dirty = [uri for uri in (source_uri, translation_uri) if uri in history.uncommitted]
    source_changes = history.changes(source_uri)
    translation_changes = history.changes(translation_uri)
    source_commit = source_changes[0].commit if source_changes else None
    if dirty:
        return Freshness(FreshnessState.UNKNOWN, source_commit=source_commit, mark=mark,
                         reason=f"uncommitted changes in {', '.join(dirty)}")
    if not source_changes or not translation_changes:
        return Freshness(FreshnessState.UNKNOWN, source_commit=source_commit, mark=mark,
                         reason="not in the git history")
    # The translation's last real change; a commit that only set `source_reviewed` is not a rewording,
    # so it cannot make the translation current by itself (the mark says how far it was checked).
    last = _last_rewording(history, translation_changes) if mark else translation_changes[0]
    # Source changes after the translation's last change (the same commit counts as caught up).
    pending = [c for c in source_changes if c.commit != last.commit and c.date > last.date]
    reason = ""
    if mark and pending:
        reviewed = _reviewed_from(history, source_changes, mark)
        if reviewed is None:
            reason = (f"{REVIEWED_KEY}: {mark} is not a commit in this repository's history "
                      f"(the source's latest commit is {source_commit[:7]})")
        else:
            pending = [c for c in pending if c.date > reviewed[1] and c.commit != reviewed[0]]
    state = FreshnessState.OUTDATED if pending else FreshnessState.FRESH
    return Freshness(state, tuple(pending), source_commit, reason, mark, last.commit)


_MARK_LINE = re.compile(rf"^{REVIEWED_KEY}[ \t]*:.*\n?", re.M)


def _last_rewording(history: History, changes: tuple[Change, ...]) -> Change:
    """The newest change that did more than add or change the `source_reviewed` line."""
    texts = history.read_texts(c.blob for c in changes if c.blob)
    for change, older in zip(changes, changes[1:]):
        if change.blob is None or older.blob is None or change.blob not in texts or older.blob not in texts:
            return change
        if _MARK_LINE.sub("", texts[change.blob]) != _MARK_LINE.sub("", texts[older.blob]):
            return change
    return changes[-1]


def _reviewed_from(history: History, source_changes: tuple[Change, ...], mark: str) -> tuple[str, dt.datetime] | None:
    """(commit, date) that `source_reviewed` names, or None when it names no commit."""
    for change in source_changes:
        if change.commit.startswith(mark):
            return change.commit, change.date
    for changes in history.files.values():  # any commit the docs history knows
        for change in changes:
            if change.commit.startswith(mark):
                return change.commit, change.date
    if history.repo_root is None:
        return None
    try:  # e.g. a commit that touched only files outside the docs dir
        done = subprocess.run([history.git, "show", "-s", "--format=%H %cI", f"{mark}^{{commit}}", "--"],
                              cwd=history.repo_root, capture_output=True, text=True)
    except OSError:
        return None
    parts = done.stdout.split()
    if done.returncode or len(parts) != 2:
        return None
    return parts[0], dt.datetime.fromisoformat(parts[1])
