"""Word-level differences between two rendered versions of a page (no MkDocs).

Both versions are rendered to HTML first (with the site's Markdown setup), so the diff compares what
readers see, not Markdown syntax. The HTML is cut into text blocks (headings, paragraphs, list
items, table cells, definition terms and descriptions, code); blocks are paired, and each pair is
compared word by word. The result is plain data: the template escapes every piece of text.

Thai is written without spaces between words. Its runs are cut into character clusters (a base
letter with its combining vowels and tone marks, and a leading vowel with the letter it precedes)
instead of words: word segmentation needs a dictionary (pythainlp ships tens of MB of corpora and a
heavy dependency tree), while clusters need only the Unicode character classes, never cut a
letter from its marks, and still show "30" -> "14" or a changed word as one marked run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
# difflib's algorithm, compiled: the same opcodes and ratios (tests/test_diff.py pins that) in about
# a third of the time; word diffs were a fifth of a cold build's own work (issue 15).
from cydifflib import SequenceMatcher

__all__ = ["Block", "Part", "blocks_from_html", "diff_blocks", "diff_words", "sections", "tokenize"]

HEADINGS = {f"h{i}": i for i in range(1, 7)}
BLOCK_TAGS = {*HEADINGS, "p", "li", "dt", "dd", "th", "td", "pre"}
SKIP_CLASSES = {"headerlink"}  # the toc permalink "¶"

_THAI_CLUSTER = r"[\u0E40-\u0E44]?[\u0E01-\u0E30\u0E32\u0E45\u0E46\u0E4F-\u0E5B][\u0E31\u0E33-\u0E3A\u0E47-\u0E4E]*"
_TOKEN = re.compile(rf"{_THAI_CLUSTER}|[\u0E00-\u0E7F]|[^\W\u0E00-\u0E7F]+|\s+|.", re.S)
_THAI = re.compile(r"[\u0E00-\u0E7F]")


@dataclass(frozen=True, slots=True)
class Block:
    """A block of rendered text: kind ('heading', 'para', 'item', 'cell', 'term', 'desc', 'code')."""

    kind: str
    text: str
    level: int = 0  # heading level
    group: tuple = ()  # the table row (for cells), so rows can be rebuilt
    header: bool = False  # a <th>


@dataclass(frozen=True, slots=True)
class Part:
    op: str  # "same", "ins" or "del"
    text: str


@dataclass
class DiffBlock:
    kind: str
    status: str  # "same", "changed", "ins" or "del"
    parts: list[Part]
    level: int = 0
    group: tuple = ()
    header: bool = False
    change: int = 0  # its number among the changed passages (diff_outline.outline), 0 if unchanged

    @property
    def old_parts(self) -> list[Part]:
        """The passage as the old version had it: its parts without the insertions (the old column)."""
        return [part for part in self.parts if part.op != "ins"]

    @property
    def new_parts(self) -> list[Part]:
        """The passage as the new version has it: its parts without the deletions (the new column)."""
        return [part for part in self.parts if part.op != "del"]


@dataclass
class Section:
    """What the template renders: a heading, a paragraph, a list of items or a table of rows."""

    type: str  # "heading", "para", "list", "table", "code", "term", "desc"
    block: DiffBlock | None = None
    items: list = field(default_factory=list)  # list: DiffBlocks; table: rows of DiffBlocks


def tokenize(text: str) -> list[str]:
    """Words, runs of spaces, single punctuation marks and Thai character clusters."""
    return _TOKEN.findall(text)


def _own_text(element, side: str, counter: list[int]) -> list[Block]:
    """Blocks of `element`'s subtree in document order."""
    out: list[Block] = []

    def walk(node, context: str | None, row: tuple) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr":
            counter[0] += 1
            row = (side, counter[0])
        if tag in BLOCK_TAGS:
            texts: list[str] = []
            collect(node, texts)
            kind = _kind(tag, context)
            text = " ".join("".join(texts).split()) if tag != "pre" else "".join(texts).strip("\n")
            if text:
                out.append(Block(kind, text, HEADINGS.get(tag, 0), row if kind == "cell" else (), tag == "th"))
            context = tag
        for child in node:
            if isinstance(child.tag, str) and _skipped(child):
                continue
            if not (tag in BLOCK_TAGS and not _has_block(child)):
                walk(child, context, row)

    def collect(node, texts: list[str]) -> None:
        texts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and (_skipped(child) or _has_block(child)):
                texts.append(child.tail or "")
                continue
            collect(child, texts)
            texts.append(child.tail or "")

    walk(element, None, ())
    return out


def _skipped(node) -> bool:
    return bool(SKIP_CLASSES & set((node.get("class") or "").split()))


def _has_block(node) -> bool:
    """Whether a node is, or holds, a block element (collected separately)."""
    if not isinstance(node.tag, str):
        return False
    return node.tag in BLOCK_TAGS or node.tag in ("ul", "ol", "dl", "table", "div") \
        or any(_has_block(child) for child in node)


def _kind(tag: str, context: str | None) -> str:
    if tag in HEADINGS:
        return "heading"
    if tag == "p":
        return {"li": "item", "dd": "desc", "td": "cell", "th": "cell"}.get(context or "", "para")
    return {"li": "item", "dt": "term", "dd": "desc", "th": "cell", "td": "cell", "pre": "code"}[tag]


def blocks_from_html(html: str, side: str = "") -> list[Block]:
    """Text blocks of rendered HTML, in reading order."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return _own_text(root, side, [0])


def diff_words(old: str, new: str) -> list[Part]:
    """`old` -> `new` as parts; whitespace (or one Thai cluster) between two changes joins them."""
    a, b = tokenize(old), tokenize(new)
    # The common start and end are matched directly: SequenceMatcher's cost grows with the product of
    # the lengths it compares, and a changed passage usually differs in a few words of a long block.
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    raw: list[tuple[str, str, str]] = []  # (op, old text, new text)
    if start:
        raw.append(("same", "".join(a[:start]), "".join(b[:start])))
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    for op, i1, i2, j1, j2 in SequenceMatcher(str.isspace, middle_a, middle_b, autojunk=False).get_opcodes():
        raw.append(("same" if op == "equal" else "change", "".join(middle_a[i1:i2]), "".join(middle_b[j1:j2])))
    if end:
        raw.append(("same", "".join(a[len(a) - end:]), "".join(b[len(b) - end:])))
    merged: list[list] = []
    for index, (op, old_text, new_text) in enumerate(raw):
        between = 0 < index < len(raw) - 1 and op == "same" and (
            not old_text.strip() or (_THAI.match(old_text) and len(tokenize(old_text)) == 1))
        if between:
            op = "change"
        if merged and merged[-1][0] == op == "change":
            merged[-1][1] += old_text
            merged[-1][2] += new_text
        else:
            merged.append([op, old_text, new_text])
    parts: list[Part] = []
    for op, old_text, new_text in merged:
        if op == "same":
            parts.append(Part("same", new_text))
            continue
        if old_text:
            parts.append(Part("del", old_text))
        if new_text:
            parts.append(Part("ins", new_text))
    return parts


def _similar(a: Block, b: Block) -> float:
    if a.kind != b.kind:
        return 0.0
    return SequenceMatcher(None, tokenize(a.text), tokenize(b.text), autojunk=False).ratio()


def _whole(block: Block, status: str) -> DiffBlock:
    op = {"same": "same", "ins": "ins", "del": "del"}[status]
    return DiffBlock(block.kind, status, [Part(op, block.text)], block.level, block.group, block.header)


def _pair(old: Block, new: Block) -> DiffBlock:
    parts = diff_words(old.text, new.text)
    status = "same" if all(p.op == "same" for p in parts) else "changed"
    return DiffBlock(new.kind, status, parts, new.level, new.group, new.header)


def diff_blocks(old: list[Block], new: list[Block]) -> list[DiffBlock]:
    """Blocks of the new version with the old one's deletions in place."""
    out: list[DiffBlock] = []
    keys_a = [(b.kind, b.text) for b in old]
    keys_b = [(b.kind, b.text) for b in new]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(_whole(block, "same") for block in new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        if len(olds) == len(news) and all(a.kind == b.kind for a, b in zip(olds, news)):
            out.extend(_pair(a, b) for a, b in zip(olds, news))  # e.g. one cell of a row changed
            continue
        # Pair each old block with the next similar new one of the same kind; the rest are
        # deletions and insertions, kept in reading order.
        j = 0
        for block in olds:
            best, score = None, 0.5
            for k in range(j, len(news)):
                ratio = _similar(block, news[k])
                if ratio > score:
                    best, score = k, ratio
                    break
            if best is None:
                out.append(_whole(block, "del"))
                continue
            out.extend(_whole(b, "ins") for b in news[j:best])
            out.append(_pair(block, news[best]))
            j = best + 1
        out.extend(_whole(b, "ins") for b in news[j:])
    return out


def sections(blocks: list[DiffBlock]) -> list[Section]:
    """Group consecutive list items into lists and cells into table rows, for a readable page."""
    out: list[Section] = []
    for block in blocks:
        last = out[-1] if out else None
        if block.kind == "item":
            if last is not None and last.type == "list":
                last.items.append(block)
            else:
                out.append(Section("list", items=[block]))
        elif block.kind == "cell":
            if last is not None and last.type == "table":
                if last.items[-1][-1].group == block.group:
                    last.items[-1].append(block)
                else:
                    last.items.append([block])
            else:
                out.append(Section("table", items=[[block]]))
        else:
            out.append(Section(block.kind, block=block))
    return out


def changed(blocks: list[DiffBlock]) -> bool:
    return any(block.status != "same" for block in blocks)
