"""Whether an edit changes a policy in substance: the rule behind the material-change guard (no MkDocs).

Both versions are rendered with the site's Markdown setup and cut into text blocks (policy_site.diff),
so Markdown syntax never counts. A change is *material* when, in the rendered text:

1. a number changes: in a sentence that is kept (the same, or reworded: see 3), a number-bearing
   token (digits with their separators, e.g. 30, 5.50, 2026-03-01, 10:00, +371, 25%, €6) is
   added, removed or changed;
2. a list item, a table row or a heading is added or removed (items, rows and headings are paired
   first by equal text anywhere, so moving one is not a change, then by similar text nearby, at
   least half the letters in common);
3. a sentence is added or removed: sentences are compared after folding case and whitespace, with
   numbers left out; a sentence with no equal sentence on the other side is paired with its most
   similar one nearby (among the next few left-over sentences) when at least 80 % of the letters
   agree (difflib ratio >= 0.8): that is rewording, and only its numbers count (rule 1). So is a
   sentence split in two, or two joined into one (two consecutive left-over sentences that, joined,
   pair with one). A sentence still unpaired was added or removed.

Sentences end at . ! ? (and their fullwidth forms) followed by a space, and at the end of a block
(paragraph, list item, table cell, heading). Thai writes no spaces between words and no full stop:
a space between two Thai letters ends a sentence or clause there, so the rules need no dictionary.
Digits of every script count as numbers (Thai ๑๔ as well as 14).

Known limits: a reworded sentence that changes meaning without numbers (adding "not") passes rule 3
when the letters barely change, and numbers written as words are not numbers. The guard is a net
for the common mistakes, not a replacement for the reviewer reading the diff.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

import markdown

from .diff import Block, blocks_from_html, tokenize

__all__ = ["Trigger", "material_changes", "numbers", "render", "sentences"]

REWORDING = 0.8  # sentences at least this similar (letters, numbers left out) are the same sentence
SAME_UNIT = 0.5  # items, rows and headings at least this similar are the same one, edited
NEARBY = 8  # a left-over sentence (item, row) is compared with this many left-over ones on each side,
COMPARISONS = 1500  # or fewer when a long page was rewritten: each comparison costs about a millisecond
SHOWN_CHARS = 80  # longer sentences are shortened in messages

_CURRENCY = "$€£¥₽฿₹₴"
_NUMBER = re.compile(rf"[+\-−]?[{_CURRENCY}]?\d+(?:[.,:/\-–]\d+)*(?:%|[{_CURRENCY}])?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_THAI_LETTER = "\u0E01-\u0E4E"
_THAI = re.compile(rf"[{_THAI_LETTER}]")
_SENTENCE_END = re.compile(rf"(?<=[.!?。！？])[\"'”’»)\]]*\s+|(?<=[{_THAI_LETTER}])\s+(?=[{_THAI_LETTER}])")


@dataclass(frozen=True)
class Trigger:
    """One reason a change is material: what it was, what it is now (either may be empty)."""

    kind: str  # "number changed", "sentence added", "sentence removed", "list item added", ...
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        if self.old and self.new:
            return f'"{self.old}" → "{self.new}" ({self.kind})'
        return f'"{self.old or self.new}" ({self.kind})'


def render(body: str, extensions: Iterable = (), configs: Mapping[str, Mapping] | None = None) -> str:
    """The Markdown body (front matter removed) as HTML, with the site's extensions."""
    return markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {})).convert(body)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def numbers(text: str) -> list[str]:
    """The number-bearing tokens of `text`, in order."""
    return _NUMBER.findall(text)


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (see the module docstring)."""
    return [part for part in (p.strip() for p in _SENTENCE_END.split(text)) if part]


def _ratio(a: str, b: str, threshold: float) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already say it is below `threshold`."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold else 0.0


def _pair(old: list[str], new: list[str], keys: Callable[[str], str], threshold: float,
          ratio: Callable[[str, str], float]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index) by equal key, then by best similarity >= threshold; and the rest."""
    pairs: list[tuple[int, int]] = []
    waiting: dict[str, list[int]] = {}
    for index, text in enumerate(old):
        waiting.setdefault(keys(text), []).append(index)
    unpaired_new = []
    for index, text in enumerate(new):
        same = waiting.get(keys(text))
        if same:
            pairs.append((same.pop(0), index))
        else:
            unpaired_new.append(index)
    unpaired_old = sorted(i for indexes in waiting.values() for i in indexes)
    # Each left-over old one is compared with the left-over new ones near the same place (by rank),
    # which keeps a long rewritten page linear instead of quadratic.
    scale = len(unpaired_new) / max(len(unpaired_old), 1)
    nearby = max(1, min(NEARBY, COMPARISONS // max(2 * len(unpaired_old), 1)))
    candidates = sorted(((ratio(keys(old[i]), keys(new[j])), -abs(a * scale - b), i, j)
                         for a, i in enumerate(unpaired_old)
                         for b, j in enumerate(unpaired_new) if abs(a * scale - b) <= nearby), reverse=True)
    taken_old, taken_new = set(), set()
    for score, _, i, j in candidates:
        if score < threshold:
            break
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return (pairs, [i for i in unpaired_old if i not in taken_old], [j for j in unpaired_new if j not in taken_new])


def _units(blocks: list[Block]) -> list[tuple[str, str, tuple[int, ...]]]:
    """(kind, text, block indexes) of every list item, table row and heading."""
    units: list[tuple[str, str, tuple[int, ...]]] = []
    rows: dict[tuple, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "item":
            units.append(("list item", block.text, (index,)))
        elif block.kind == "heading":
            units.append(("heading", block.text, (index,)))
        elif block.kind == "cell" and block.group:
            rows.setdefault(block.group, []).append(index)
    units += [("table row", " | ".join(blocks[i].text for i in cells), tuple(cells)) for cells in rows.values()]
    return units


def _shorten(text: str) -> str:
    """For a terminal: at most SHOWN_CHARS characters, control characters (e.g. escapes) as '?'."""
    text = _CONTROL.sub("?", text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1].rstrip() + "…"


def _number_changes(old: str, new: str) -> list[Trigger]:
    """Each changed stretch of a sentence pair that holds a number, with the word after it."""
    a, b = tokenize(old), tokenize(new)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal" or not (numbers("".join(a[i1:i2])) or numbers("".join(b[j1:j2]))):
            continue
        if i1 == i2 or j1 == j2:  # an insertion or deletion: show the word before it too
            i1, j1 = _word_before(a, i1), _word_before(b, j1)
        out.append(Trigger("number changed", _shorten("".join(a[i1:_word_after(a, i2)]).strip()),
                           _shorten("".join(b[j1:_word_after(b, j2)]).strip())))
    return out


def _word_before(tokens: list[str], start: int) -> int:
    while start > 0 and not tokens[start - 1].strip():
        start -= 1
    return max(start - 1, 0)


def _word_after(tokens: list[str], end: int) -> int:
    """End of the word after `end` (a Thai word is several clusters: up to 12 letters of them)."""
    start = end
    if end < len(tokens) and not tokens[end].strip():
        end += 1
    taken = 0
    while end < len(tokens) and tokens[end][:1].isalnum() and taken < 12:
        taken += len(tokens[end])
        end += 1
        if not _THAI.match(tokens[end - 1]):
            break  # one word of a spaced script is enough
    return end if taken else start


def material_changes(old_html: str, new_html: str) -> list[Trigger]:
    """What makes the change from `old_html` to `new_html` material: numbers first, then headings, list
    items and table rows, then sentences (the first few are what an editor is shown)."""
    old_blocks, new_blocks = blocks_from_html(old_html), blocks_from_html(new_html)
    triggers: list[Trigger] = []  # headings, items and rows
    covered_old: set[int] = set()
    covered_new: set[int] = set()
    old_units, new_units = _units(old_blocks), _units(new_blocks)
    for kind in ("heading", "list item", "table row"):
        olds = [u for u in old_units if u[0] == kind]
        news = [u for u in new_units if u[0] == kind]
        _, gone, added = _pair([u[1] for u in olds], [u[1] for u in news], _fold, SAME_UNIT, _unit_ratio)
        for i in gone:
            triggers.append(Trigger(f"{kind} removed", old=_shorten(olds[i][1])))
            covered_old.update(olds[i][2])
        for j in added:
            triggers.append(Trigger(f"{kind} added", new=_shorten(news[j][1])))
            covered_new.update(news[j][2])

    def split(blocks: list[Block], covered: set[int]) -> list[str]:
        return [s for index, block in enumerate(blocks) if index not in covered
                for s in (sentences(block.text) if block.kind != "code" else [block.text])]

    old_sentences, new_sentences = split(old_blocks, covered_old), split(new_blocks, covered_new)
    pairs, gone, added = _pair(old_sentences, new_sentences, _fold, REWORDING, _sentence_ratio)
    groups, gone, added = _rejoin(old_sentences, new_sentences, gone, added)
    texts = [(old_sentences[i], new_sentences[j]) for i, j in sorted(pairs, key=lambda pair: pair[1])]
    texts += [(" ".join(old_sentences[i] for i in olds), " ".join(new_sentences[j] for j in news))
              for olds, news in groups]
    changed_numbers = [trigger for old, new in texts if numbers(old) != numbers(new)
                       for trigger in _number_changes(old, new)]
    return (changed_numbers + triggers
            + [Trigger("sentence removed", old=_shorten(old_sentences[i])) for i in gone]
            + [Trigger("sentence added", new=_shorten(new_sentences[j])) for j in added])


def _rejoin(old: list[str], new: list[str], gone: list[int], added: list[int]
            ) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[int], list[int]]:
    """A sentence split in two, or two joined into one, is rewording too: two consecutive left-over
    sentences that, joined, pair with a left-over sentence of the other side. Returns the groups
    (old indexes, new indexes) and what is still left over."""
    left_old, left_new, groups = set(gone), set(added), []
    if len(left_old) * len(left_new) > COMPARISONS:
        return [], gone, added
    for many, one, many_text, one_text, old_side in ((left_old, left_new, old, new, True),
                                                       (left_new, left_old, new, old, False)):
        for i in sorted(many):
            if i not in many or i + 1 not in many:
                continue
            joined = _fold(many_text[i] + " " + many_text[i + 1])
            match = next((j for j in sorted(one) if _sentence_ratio(joined, _fold(one_text[j])) >= REWORDING), None)
            if match is not None:
                many.difference_update((i, i + 1))
                one.discard(match)
                groups.append(((i, i + 1), (match,)) if old_side else ((match,), (i, i + 1)))
    return groups, sorted(left_old), sorted(left_new)


def _sentence_ratio(a: str, b: str) -> float:
    return _ratio(_NUMBER.sub("#", a), _NUMBER.sub("#", b), REWORDING)


def _unit_ratio(a: str, b: str) -> float:
    return _ratio(a, b, SAME_UNIT)
