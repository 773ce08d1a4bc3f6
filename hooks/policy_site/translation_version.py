"""A translation must claim the source version it was translated from (no MkDocs).

The version a translation follows is the source page as it was in the translation's base: its last
rewording commit, or its `source_reviewed` commit (policy_site.freshness, `Freshness.follows`). Its
`effective` must be that version's: a Russian page saying "version of 2026-03-01" over a text
translated from the English version of 2026-02-01 tells customers something no one wrote. A newer
source version since then is *outdated* (a notice to readers), not an error. A translation not
committed yet is compared with the source page as it is now; stubs (`translation: awaiting`) and
builds without git are not checked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .ancestry import commit_graph
from .freshness import freshness, reviewed_line
from .frontmatter import FrontMatterError, read_front_matter
from .history import Change, History, State
from .translation_status import AWAITING_VALUE
from .validation import Problem

__all__ = ["version_problem"]


def version_problem(docs_dir: str | Path, page: str, language: str, source: str, history: History, *,
                    source_name: str = "", shown_prefix: str = "docs") -> Problem | None:
    """The problem with `page`'s `effective` in `language`, or None when it claims the right version.

    `source_name` names the source language in the message ("English"); `shown_prefix` is the docs
    dir as editors see it, for the file name in the message.
    """
    docs = Path(docs_dir)
    path = docs / language / page
    if language == source or not path.is_file() or history.state in (State.NO_GIT, State.NOT_A_REPO):
        return None
    shown = f"{shown_prefix.rstrip('/')}/{language}/{page}" if shown_prefix else f"{language}/{page}"
    claimed, line = _effective(path, shown)
    if claimed is None:
        return None  # no date, a stub, or front matter the validation reports already
    name = f"{source_name or source} page"
    uri = f"{language}/{page}"
    if uri in history.uncommitted or not history.changes(uri):
        expected = _effective(docs / source / page, f"{source}/{page}", stubs=True)[0]
        if expected is None or expected == claimed:
            return None
        return Problem(shown, line, f"effective {claimed} does not match the {name}'s effective {expected} "
                                    "(this translation is not committed yet, so it follows the page as it is now)",
                       f"use effective: {expected}")
    tips = freshness(docs, page, language, source, history).follows
    expected = _followed_effective(history, f"{source}/{page}", tips)
    if expected is None or expected == claimed:
        return None
    follows = next(c for c in tips if c.effective == expected)
    message = (f"effective {claimed} does not match the {name}'s effective {follows.effective} in the version "
               f"this translation follows (commit {follows.commit[:7]})")
    newer = next((c for c in history.changes(f"{source}/{page}") if c.effective == claimed), None)
    if newer is None:
        fix = f"use effective: {follows.effective}; the {name} has no version with effective {claimed}"
    else:
        fix = (f"use effective: {follows.effective}; if you translated the newer {name} (effective {claimed}, "
               f"commit {newer.commit[:7]}), make sure your branch contains that commit and add "
               f"`{reviewed_line(newer.commit[:7])}` to the front matter (or commit the translation again after it)")
    return Problem(shown, line, message, fix)


def _followed_effective(history: History, source_uri: str, tips: tuple[Change, ...]) -> dt.date | None:
    """The source's `effective` in the version the translation follows; None when it cannot be told.

    Several tips: the translation's base merged branches that changed the source separately, and the
    merge took them as they were. A clean merge keeps the side that changed `effective` since the
    last change both sides share (two sides changing it differently would have been a conflict,
    resolved in the merge, which would then be the one tip).
    """
    dates = {c.effective for c in tips}
    if len(dates) == 1:
        return dates.pop()
    graph = commit_graph(history)
    if graph is None:
        return None
    shared = [c for c in history.changes(source_uri) if all(graph.is_ancestor(c.commit, t.commit) for t in tips)]
    before = max(shared, key=lambda c: graph.generation(c.commit)).effective if shared else None
    changed = {date for date in dates if date != before}
    return changed.pop() if len(changed) == 1 else None


def _effective(path: Path, shown: str, *, stubs: bool = False) -> tuple[dt.date | None, int]:
    """(`effective` of the page at `path`, its line); (None, 1) without one, or for a stub unless `stubs`."""
    if not path.is_file():
        return None, 1
    try:
        front = read_front_matter(path.read_text(encoding="utf-8", errors="replace"), shown)
    except FrontMatterError:
        return None, 1
    value = front.data.get("effective")
    if not stubs and front.data.get("translation") == AWAITING_VALUE:
        return None, 1
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return None, 1
    return value, front.lines.get("effective", 1)
