"""Is a translation up to date with its source page? Judged from git ancestry (no MkDocs).

A translation follows the source as it was in the translation's last rewording commit: every source
commit that is an ancestor of that commit (it, or a commit it was built on) is accounted for. The
translation is *outdated* when the source's history, as seen from HEAD, has a commit that is not:
dates do not matter, so a merge that brings in an older English change, a cherry-pick (a new commit
id) and a back-dated commit all make it outdated. Every source commit that changed the text counts,
editorial ones too (a typo fix in the source may need the same fix); a rename that changed nothing,
of either file, does not. A translator who checked the translation against the source without
rewording anything marks that in the translation's front matter:

    source_reviewed: "1a2b3c4"      # a commit id (7 to 40 hex digits) in this branch's history, quoted

Source commits that are ancestors of that commit then count as accounted for too, and a commit that
only sets `source_reviewed` is not a rewording.

A translation that holds source-language text still to translate (the line `scripts/new-policy` adds
to every hub) says so with `translation: outdated`: it is outdated until a commit removes the mark,
and follows the source as of its last rewording without the mark. Without git, outside a repository, or while either
file has uncommitted changes, freshness is *unknown*.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from pathlib import Path

from .ancestry import CommitGraph, commit_graph
from .frontmatter import FrontMatterError, read_front_matter
from .git_commands import cat_file
from .history import HISTORY_UNREADABLE, Change, GitError, History, State, read_history
from .page_texts import PageText, page_text

__all__ = ["Freshness", "FreshnessState", "freshness", "history_for", "review_commit", "reviewed_line",
           "reviewed_mark"]

REVIEWED_KEY = "source_reviewed"


def reviewed_line(commit: str) -> str:
    """The front-matter line a translator adds for `commit`, quoted: an id of digits only is a number to YAML."""
    return f'{REVIEWED_KEY}: "{commit}"'


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
    # A commit holding every source change: what a translator puts in `source_reviewed` after checking.
    source_commit: str | None = None
    reason: str = ""  # why the state is unknown, or a problem with the mark, for translators
    mark: str | None = None  # the `source_reviewed` value found, if any
    translation_commit: str | None = None  # the translation's last rewording commit
    # The newest source changes the translation accounts for: the source version it follows (more than
    # one when its base merged branches that changed the source separately). Empty when unknown.
    follows: tuple[Change, ...] = ()

    @property
    def outdated(self) -> bool:
        return self.state is FreshnessState.OUTDATED

    @property
    def since(self) -> dt.datetime | None:
        """When the source first changed after the translation (the oldest pending change's commit date)."""
        return min(c.date for c in self.pending) if self.pending else None


def history_for(docs_dir: str | Path) -> History:
    """The docs dir's git history, or a NO_GIT/NOT_A_REPO History when it cannot be read."""
    try:
        return read_history(docs_dir)
    except HISTORY_UNREADABLE as error:
        return History(State.NOT_A_REPO, detail=str(error))


def reviewed_mark(text: str) -> str | None:
    """The `source_reviewed` commit id in a page's front matter, lower-cased, or None."""
    return _mark_in(_front_data(text))


def _front_data(text: str | None) -> dict:
    """A page's front matter values; empty for no page or front matter the validation reports."""
    if text is None:
        return {}
    try:
        return dict(read_front_matter(text, "").data)
    except FrontMatterError:
        return {}


def _mark_in(data: dict) -> str | None:
    value = data.get(REVIEWED_KEY)
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
    path = docs / f"{language}/{page}"
    translation = page_text(path)

    def key_of(found: PageText | None) -> tuple:
        return (str(history.repo_root), history.docs_prefix, history.head, history.state, history.uncommitted,
                history.git, history.detail, page, language, source, found and found.digest)

    key = key_of(translation)
    verdict = _JUDGED.get(key)
    if verdict is None:
        if translation is not None and translation.text is None:
            translation = page_text(path, read=True)  # judged from the text the key names
            key = key_of(translation)
        if len(_JUDGED) >= _JUDGED_MAX:
            _JUDGED.clear()
        verdict = _JUDGED[key] = _judge(history, page, language, source, translation and translation.text)
    return verdict


# A build judges each translation several times (the status page, the register, the API, the page's
# own notice): 20,778 judgements of 5,000 translations in the source language's build at L, 6.4 s
# profiled. A verdict depends only on the history, which its commit (HEAD) and uncommitted paths fix,
# and on the translation's text, of which a digest is kept (as policy_site.api.language_states does).
_JUDGED: dict[tuple, Freshness] = {}
_JUDGED_MAX = 50_000


def _judge(history: History, page: str, language: str, source: str, text: str | None) -> Freshness:
    """Freshness of `page` in `language`, whose file holds `text` (None: there is no such file)."""
    source_uri, translation_uri = f"{source}/{page}", f"{language}/{page}"
    front = _front_data(text)  # read once: the mark and the outdated flag both come from it
    mark = _mark_in(front)
    if history.state in (State.NO_GIT, State.NOT_A_REPO):
        return Freshness(FreshnessState.UNKNOWN, reason=history.detail or "no git history", mark=mark)
    graph = commit_graph(history)
    dirty = [uri for uri in (source_uri, translation_uri) if uri in history.uncommitted]
    source_changes = history.changes(source_uri)
    translation_changes = history.changes(translation_uri)
    source_commit = review_commit(history, source_changes, graph)
    if dirty:
        return Freshness(FreshnessState.UNKNOWN, source_commit=source_commit, mark=mark,
                         reason=f"uncommitted changes in {', '.join(dirty)}")
    if not source_changes or not translation_changes or graph is None:
        return Freshness(FreshnessState.UNKNOWN, source_commit=source_commit, mark=mark,
                         reason="not in the git history")
    last = _last_rewording(history, translation_changes, mark, language)
    bases, reason = [last.commit], ""
    marked = front.get("translation") == "outdated"
    if marked:
        before = _last_unmarked(history, translation_changes)
        bases, reason = [before.commit] if before else [], MARKED_REASON
    if mark:
        reviewed = graph.resolve(mark)
        if reviewed is None:
            reason = (f"{REVIEWED_KEY}: {mark} is not a commit in this branch's history "
                      f"(a commit that has every {source} change is {source_commit[:7]})")
        else:
            bases.append(reviewed)
    changed = [c for c in source_changes if rewords(c)]
    accounted = [c for c in changed if any(graph.is_ancestor(c.commit, base) for base in bases)]
    done = {c.commit for c in accounted}
    pending = tuple(c for c in changed if c.commit not in done)
    if marked and not pending and changed:
        pending = (changed[0],)  # marked by hand with every source change accounted for: the newest is the one
    state = FreshnessState.OUTDATED if pending else FreshnessState.FRESH
    return Freshness(state, pending, source_commit, reason, mark, last.commit, _tips(graph, accounted))


MARKED_REASON = "marked `translation: outdated`: it holds source-language text to translate"


_MARK_OUTDATED = re.compile(r"^translation[ \t]*:[ \t]*['\"]?outdated\b", re.M)


def _last_unmarked(history: History, changes: tuple[Change, ...]) -> Change | None:
    """The newest rewording of the translation whose text has no `translation: outdated` mark."""
    rewordings = [c for c in changes if rewords(c) and c.blob]
    texts = history.read_texts({c.blob for c in rewordings})
    return next((c for c in rewordings if c.blob in texts and not _MARK_OUTDATED.search(texts[c.blob])), None)


def rewords(change: Change) -> bool:
    """True when the commit changed the file's text (a rename or mode change alone does not)."""
    return change.blob is None or change.blob not in change.previous_blobs


def review_commit(history: History, source_changes: tuple[Change, ...], graph: CommitGraph | None = None) -> str | None:
    """The commit to name in `source_reviewed` after checking against the current source.

    The source's newest change when every other change is its ancestor; otherwise (branches that
    changed the source were merged without touching it again) HEAD, which has them all.
    """
    if not source_changes:
        return None
    graph = graph or commit_graph(history)
    if graph is None:
        return source_changes[0].commit
    newest = max(source_changes, key=lambda c: graph.generation(c.commit))
    if all(graph.is_ancestor(c.commit, newest.commit) for c in source_changes):
        return newest.commit
    return history.head


def _tips(graph: CommitGraph, changes: list[Change]) -> tuple[Change, ...]:
    """The changes that are no other change's ancestor: the newest the list holds."""
    if not changes:
        return ()
    newest = max(changes, key=lambda c: graph.generation(c.commit))
    rest = [c for c in changes if not graph.is_ancestor(c.commit, newest.commit)]
    return (newest, *(c for c in rest if not any(c is not d and graph.is_ancestor(c.commit, d.commit) for d in rest)))


_MARK_LINE = re.compile(rb"^" + REVIEWED_KEY.encode() + rb"[ \t]*:.*\n?", re.M)
_UNMARKED: dict[tuple, dict[str, int]] = {}


def _last_rewording(history: History, changes: tuple[Change, ...], mark: str | None, language: str) -> Change:
    """The newest change that changed the text: not a rename alone, nor (with a mark) only the mark line."""
    rewordings = [c for c in changes if rewords(c)]
    if not rewordings:
        return changes[-1]
    if not mark:
        return rewordings[0]
    unmarked = _unmarked_texts(history, language)
    for change in rewordings:
        if not change.previous_blobs:
            return change  # the page was added
        mine = unmarked.get(change.blob) if change.blob else None
        before = [unmarked.get(b) for b in change.previous_blobs]
        # A text git could not give is not counted as a rewording: never fresher than git can show.
        if mine is not None and None not in before and mine not in before:
            return change
    return rewordings[-1]


def _unmarked_texts(history: History, language: str) -> dict[str, int]:
    """Blob -> hash of its text without the `source_reviewed` line, for every version of every page of
    `language`: one cat-file process per language and HEAD, however many pages carry a mark."""
    key = (str(history.repo_root), history.head, history.docs_prefix, language)
    if key not in _UNMARKED:
        blobs = {b for path, changes in history.files.items() if path.startswith(f"{language}/")
                 for c in changes for b in (c.blob, *c.previous_blobs) if b}
        found: dict[str, int] = {}
        try:
            if history.repo_root is not None:
                cat_file(history.git, history.repo_root, blobs,
                          lambda sha, data: found.__setitem__(sha, hash(_MARK_LINE.sub(b"", data))))
        except GitError:
            pass
        if len(_UNMARKED) >= 12:  # six languages, two HEADs (mkdocs serve after a commit)
            _UNMARKED.clear()
        _UNMARKED[key] = found
    return _UNMARKED[key]
