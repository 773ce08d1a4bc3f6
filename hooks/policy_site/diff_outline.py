"""The shape of a diff page (no MkDocs): a summary of the changed passages and the text cut into folds.

A *passage* is one block of text that changed: a heading, a paragraph, a list item, a table cell, a
term, a description or a code block that was edited, added or removed. Each is numbered in reading
order and gets a stable anchor (`change-1`, `change-2`, ...) that the summary links to; the summary
names each by the heading of the section it sits in, so a reader sees where the changes are before
reading any of them.

The text is cut at every heading into sections. A section with a change is shown open; a run of
unchanged sections is one fold, which the page renders as a closed <details> named by its headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diff import Block, DiffBlock, Part, Section, changed, diff_blocks, sections, tokenize
from .messages import counted

__all__ = ["Change", "Fold", "Outline", "anchor", "compared", "outline"]

PREVIEW_CHARS = 60  # of each removed or added run in the summary
PREVIEW_RUNS = 2  # removed/added pairs shown per passage in the summary


def anchor(number: int) -> str:
    """The element id of changed passage `number` (1-based); the summary links to `#` + this."""
    return f"change-{number}"


@dataclass(frozen=True, slots=True)
class Change:
    """One changed passage, for the summary."""

    number: int
    anchor: str
    heading: str | None  # the heading of its section (None before the first heading)
    status: str  # "changed", "ins" or "del"
    preview: tuple[Part, ...]  # its removed and added runs, shortened


@dataclass
class Fold:
    """Consecutive sections shown together: open when one has a change, else folded."""

    changed: bool
    headings: list[str] = field(default_factory=list)  # of the sections it holds, for a folded summary
    sections: list[Section] = field(default_factory=list)


@dataclass
class Outline:
    changes: list[Change]
    folds: list[Fold]


def _blocks(section: Section) -> list[DiffBlock]:
    if section.block is not None:
        return [section.block]
    if section.type == "table":
        return [cell for row in section.items for cell in row]
    return list(section.items)


def _heading_text(block: DiffBlock) -> str:
    """What a heading says in the new version (or said, if it was removed)."""
    kept = "".join(part.text for part in block.parts if part.op != "del")
    text = kept if kept.strip() else "".join(part.text for part in block.parts)
    return " ".join(text.split())


def _short(text: str) -> str:
    """`text` cut to PREVIEW_CHARS at a word (in Thai, a character cluster), so no letter loses its marks."""
    text = " ".join(text.split())
    if len(text) <= PREVIEW_CHARS:
        return text
    kept = ""
    for token in tokenize(text):
        if len(kept) + len(token) > PREVIEW_CHARS - 1:
            break
        kept += token
    return (kept.rstrip() or text[: PREVIEW_CHARS - 1]) + "…"


def _preview(block: DiffBlock) -> tuple[Part, ...]:
    """The removed and added runs of a passage, at most PREVIEW_RUNS of each, each shortened."""
    kept, seen = [], {"del": 0, "ins": 0}
    for part in block.parts:
        if part.op == "same" or not part.text.strip():
            continue
        seen[part.op] += 1
        if seen[part.op] <= PREVIEW_RUNS:  # only these are shortened: a rewritten passage has hundreds of runs
            kept.append(Part(part.op, _short(part.text)))
    return tuple(kept)


def outline(blocks: list[DiffBlock]) -> Outline:
    """Number the changed blocks (setting their `change`), list them, and fold the unchanged sections."""
    changes: list[Change] = []
    folds: list[Fold] = []
    heading: str | None = None
    for section in sections(blocks):
        if section.type == "heading":
            heading = _heading_text(section.block) or heading
        changed = False
        for block in _blocks(section):
            if block.status == "same":
                continue
            changed = True
            block.change = len(changes) + 1
            changes.append(Change(block.change, anchor(block.change), heading, block.status, _preview(block)))
        if section.type == "heading" or not folds:
            folds.append(Fold(False, [heading] if heading else []))
        folds[-1].changed = folds[-1].changed or changed  # a change anywhere opens its whole section
        folds[-1].sections.append(section)
    return Outline(changes, _merge_unchanged(folds))


def compared(old: list[Block], new: list[Block], language: str) -> dict[str, Any]:
    """What partials/policy-diff-body.html shows of two texts' blocks besides their names: whether
    anything changed, the outline, and the summary's title in `language` (version and translation diffs)."""
    blocks = diff_blocks(old, new)
    shape = outline(blocks)
    return {"changed": changed(blocks), "outline": shape,
            "summary_title": counted(language, "diff_summary", len(shape.changes))}


def _merge_unchanged(folds: list[Fold]) -> list[Fold]:
    """Join each run of unchanged sections into one fold."""
    merged: list[Fold] = []
    for fold in folds:
        if merged and not fold.changed and not merged[-1].changed:
            merged[-1].headings.extend(fold.headings)
            merged[-1].sections.extend(fold.sections)
        else:
            merged.append(fold)
    return merged
