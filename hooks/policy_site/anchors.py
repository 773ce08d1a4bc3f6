"""Stable clause anchors: every heading's explicit id, and every link, the same in each language (no MkDocs).

A heading's id is written once in the source page (`## Time limits {#time-limits}`) and kept, unchanged,
by every translation, so `/ru/returns/#time-limits` is formed from the English link and survives a
reworded heading. A translation must also link to the same pages and sections as its source, in the
same order. `lint_translation` compares a translation with the source text it follows (the source
version it translates, see policy_site.freshness) and returns problems as file:line with a fix;
`lint_source` reports source headings without an explicit id, with the id to write.

Only relative links count (to another page, `page.md#id`, or within the page, `#id`): addresses with a
scheme (`https:`, `mailto:`, `tel:`) may rightly differ per language (a regulator's page in Latvian).
Headings and links inside fenced code blocks and code spans are text, not structure.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from .frontmatter import split_front_matter

__all__ = ["Heading", "Link", "Problem", "headings", "links", "lint_source", "lint_translation", "slug"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
# A trailing attribute list, `{#id}` or `{: #id .class }`: the id is the explicit anchor.
_ATTRS = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
_ID = re.compile(r"(?:^|\s)#([^\s#{}]+)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])+)\]\[([^\]]*)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based, in the whole file
    level: int
    title: str
    id: str | None  # the explicit id, or None


@dataclass(frozen=True)
class Link:
    line: int
    target: str  # normalised: "returns.md#time-limits", "#time-limits", "contact.md"


@dataclass(frozen=True)
class Problem:
    path: str  # as shown to the editor, e.g. docs/ru/returns.md
    line: int
    text: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}\n    fix: {self.fix}"


def slug(title: str) -> str:
    """The id the site's toc slugify (pymdownx.slugs, lower case) gives a heading."""
    text = re.sub(r"<[^>]+>", "", unicodedata.normalize("NFC", title)).lower()
    text = re.sub(r"[^\w\- ]", "", text).strip()
    return re.sub(r"[ ]+", "-", text)


def _body_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the Markdown body outside fenced code blocks."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    _, body = split_front_matter(text)
    offset = text.count("\n", 0, len(text) - len(body)) if body else 0
    out, fence = [], None
    for number, line in enumerate(body.split("\n"), start=offset + 1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        out.append((number, line))
    return out


def headings(text: str) -> list[Heading]:
    """ATX headings of a page (`# …` to `###### …`), with their explicit ids."""
    found = []
    for number, line in _body_lines(text):
        match = _ATX.match(line)
        if not match:
            continue
        title, explicit = re.sub(r"[ \t]+#+$", "", match.group(2)), None
        attrs = _ATTRS.search(title)
        if attrs:
            ids = _ID.findall(attrs.group(1))
            explicit = ids[-1] if ids else None
            title = title[:attrs.start()]
        found.append(Heading(number, len(match.group(1)), title.strip(), explicit))
    return found


def _normal(target: str) -> str | None:
    """A relative link's page and fragment, normalised; None for an address with a scheme or a path from the root."""
    if not target or _SCHEME.match(target) or target.startswith(("/", "//")):
        return None
    path, _, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    if path:
        path = posixpath.normpath(path)
        if path.endswith("/"):
            path = path.rstrip("/")
    return f"{path}#{fragment}" if fragment else path


def links(text: str) -> list[Link]:
    """Relative links in reading order (inline and reference style; images left out)."""
    lines = _body_lines(text)
    definitions = {}
    for _, line in lines:
        match = _REF_DEF.match(line)
        if match:
            definitions.setdefault(match.group(1).strip().lower(), match.group(2))
    found = []
    for number, line in lines:
        if _REF_DEF.match(line):
            continue
        plain = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        hits = [(m.start(), m.group(1), m.group(3)) for m in _INLINE.finditer(plain)]
        for m in _REF_USE.finditer(plain):
            key = (m.group(3) or m.group(2)).strip().lower()
            if key in definitions:
                hits.append((m.start(), m.group(1), definitions[key]))
        for _, image, target in sorted(hits):
            normal = None if image else _normal(target)
            if normal is not None:
                found.append(Link(number, normal))
    return found


def lint_source(text: str, shown: str) -> list[Problem]:
    """Source headings without an explicit id, each with the id to write."""
    return [Problem(shown, h.line, f"heading \"{h.title}\" has no explicit id, so its anchor would change with "
                    "its wording and differ in each language",
                    f"end the line with {{#{slug(h.title)}}} and write the same id in every translation")
            for h in headings(text) if h.id is None]


def lint_translation(text: str, shown: str, source_text: str, source_shown: str) -> list[Problem]:
    """Heading ids and link targets of a translation that differ from its source's."""
    return _lint_ids(headings(text), headings(source_text), shown, source_shown) + \
        _lint_links(links(text), links(source_text), shown, source_shown, _last_line(text))


def _last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _lint_ids(mine: list[Heading], theirs: list[Heading], shown: str, source_shown: str) -> list[Problem]:
    problems = []
    if len(mine) == len(theirs):  # the same outline: compare heading by heading
        for own, source in zip(mine, theirs):
            if source.id is None or own.id == source.id:
                continue
            where = f"{source_shown}:{source.line}"
            if own.id is None:
                problems.append(Problem(shown, own.line, f"heading \"{own.title}\" has no id; the source heading at "
                                        f"this place ({where}) has {{#{source.id}}}",
                                        f"end the line with {{#{source.id}}}"))
            else:
                problems.append(Problem(shown, own.line, f"heading id {{#{own.id}}} differs from the source's "
                                        f"{{#{source.id}}} at this place ({where})",
                                        f"write {{#{source.id}}} (ids are never translated)"))
        return problems
    own_ids = {h.id for h in mine if h.id}
    source_ids = {h.id for h in theirs if h.id}
    for source in theirs:
        if source.id and source.id not in own_ids:
            problems.append(Problem(shown, _near(mine, source, theirs), f"no heading has the id {{#{source.id}}} of the "
                                    f"source heading \"{source.title}\" ({source_shown}:{source.line})",
                                    f"end the heading that translates it with {{#{source.id}}}"))
    for own in mine:
        if own.id and own.id not in source_ids:
            problems.append(Problem(shown, own.line, f"heading id {{#{own.id}}} is not in the source ({source_shown})",
                                    "use the id of the source heading this one translates, or remove a heading "
                                    "the source does not have"))
        elif own.id is None:
            problems.append(Problem(shown, own.line, f"heading \"{own.title}\" has no id",
                                    "end the line with the {#id} of the source heading it translates"))
    return problems


def _near(mine: list[Heading], source: Heading, theirs: list[Heading]) -> int:
    """The line of the translation's heading at the source heading's position, else its last heading's."""
    index = theirs.index(source)
    if index < len(mine):
        return mine[index].line
    return mine[-1].line if mine else 1


def _lint_links(mine: list[Link], theirs: list[Link], shown: str, source_shown: str, last: int) -> list[Problem]:
    problems = []
    matcher = SequenceMatcher(None, [s.target for s in theirs], [m.target for m in mine], autojunk=False)
    for op, s1, s2, m1, m2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and s2 - s1 == m2 - m1:
            for source, own in zip(theirs[s1:s2], mine[m1:m2]):
                problems.append(Problem(shown, own.line, f"links to {own.target} where the source links to "
                                        f"{source.target} ({source_shown}:{source.line})",
                                        f"link to {source.target}, as the source does"))
            continue
        for source in theirs[s1:s2]:
            line = mine[m1].line if m1 < len(mine) else (mine[-1].line if mine else last)
            problems.append(Problem(shown, line, f"the link to {source.target} ({source_shown}:{source.line}) is "
                                    "missing here", f"link to {source.target} at the same place as the source"))
        for own in mine[m1:m2]:
            problems.append(Problem(shown, own.line, f"links to {own.target}, which the source does not link to "
                                    "at this place", "link to what the source links to, or remove the link"))
    return problems
