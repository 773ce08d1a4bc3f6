"""The translator's diff: what changed in a source page since the version a translation follows (no MkDocs).

`translation_changes` finds, for an outdated translation, the source text it follows (the source
page in the translation's base commit, policy_site.freshness) and the source text now; `word_diff`
prints the Markdown word by word, like `git diff --word-diff`: changed lines with one line of
context, `[-old-]{+new+}` in plain text, or struck-through red and underlined green on a terminal
(never told apart by colour alone). Thai is cut into character clusters (policy_site.diff).
"""

from __future__ import annotations

from dataclasses import dataclass
from cydifflib import SequenceMatcher  # difflib's algorithm, compiled
from pathlib import Path
from typing import Iterable, Mapping

from .diff import diff_words
from .freshness import Freshness, freshness
from .history import History

__all__ = ["SourceChange", "followed_blob", "followed_texts", "translation_changes", "word_diff"]

_PLAIN = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
_COLOUR = {"del": ("\x1b[9;31m", "\x1b[0m"), "ins": ("\x1b[4;32m", "\x1b[0m")}


@dataclass(frozen=True)
class SourceChange:
    """An outdated translation and the source texts to compare: what it follows, and now."""

    page: str
    language: str
    state: Freshness
    base_commit: str | None  # the source commit the translation follows; None when it follows none
    old: str
    new: str
    note: str = ""  # e.g. several source versions followed (merged branches): the newest is used


def followed_blob(state: Freshness) -> str | None:
    """The blob of the source text an outdated translation follows (the newest, if several), if any."""
    return state.follows[0].blob if state.outdated and state.follows and state.follows[0].blob else None


def followed_texts(docs_dir: Path, pages: Iterable[tuple[str, str]], source: str,
                   history: History) -> dict[str, str]:
    """The source texts that the translations `pages` ((language, page) pairs) follow, by blob id, read
    by one git process: a process per page took 2.3 s of a build's profile for 768 pages."""
    blobs = {followed_blob(freshness(docs_dir, page, language, source, history)) for language, page in pages}
    return history.read_texts(sorted(blob for blob in blobs if blob))


def translation_changes(docs_dir: Path, page: str, language: str, source: str,
                        history: History, texts: Mapping[str, str] | None = None) -> SourceChange | None:
    """The source change an outdated translation lacks, or None when it is not outdated.

    `texts`: source texts by blob id, read before for many pages at once (one git process, not one
    per page); a text not among them is read here."""
    state = freshness(docs_dir, page, language, source, history)
    if not state.outdated:
        return None
    new = (docs_dir / source / page).read_text(encoding="utf-8", errors="replace")
    base = state.follows[0] if state.follows else None
    blob, old = followed_blob(state), ""
    if blob is not None:
        found = texts.get(blob) if texts is not None else None
        old = found if found is not None else history.read_texts([blob]).get(blob, "")
    note = ""
    if len(state.follows) > 1:
        note = (f"this translation follows {len(state.follows)} source versions merged from separate branches; "
                f"the diff starts from the newest ({base.commit[:7]})")
    return SourceChange(page, language, state, base.commit if base else None, old, new, note)


def word_diff(old: str, new: str, colour: bool = False, context: int = 1) -> str:
    """The changed lines of `new` against `old`, marked word by word, in hunks headed `@@ line N @@`."""
    marks = _COLOUR if colour else _PLAIN
    a, b = old.splitlines(), new.splitlines()
    out: list[str] = []
    for group in SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        out.append(f"@@ line {group[0][3] + 1} @@")
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out.extend(b[j1:j2])
                continue
            parts = diff_words("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
            text = "".join(p.text if p.op == "same" else "\n".join(
                f"{marks[p.op][0]}{piece}{marks[p.op][1]}" if piece else "" for piece in p.text.split("\n"))
                for p in parts)
            out.extend(text.rstrip("\n").split("\n") if text else [])
    return "\n".join(out)
