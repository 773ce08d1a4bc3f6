"""Find active content in a policy's Markdown: scripts, frames, event handlers, script URLs (no MkDocs).

Python-Markdown publishes raw HTML as written. Policies are legal text, so nothing in them may run
code in a reader's browser: raw `<script>`, `<iframe>`, `<object>`, `<embed>` (and their relatives),
`on…=` event attributes, and `javascript:`, `vbscript:` or `data:text/html` addresses in links or
attributes. Code spans and fenced code blocks are text and are not looked at. Obfuscated forms count
too: the tag and attribute names are matched without regard to case, addresses after decoding
character references (`jav&#x61;script:`) and dropping the whitespace browsers ignore (`java\tscript:`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["ActiveContent", "find_active_content", "neutralise"]

_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?:.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.S)
_FENCE_OPEN = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
# A run of n backticks up to the next run of exactly n: a code span, which may cross lines but not
# a blank line (the end of a paragraph); that also keeps the search for a closing run short.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
# Elements that run code, load another document or rewrite the page; none belongs in a policy.
_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
             "style", "form")
_ELEMENT = re.compile(r"<\s*(" + "|".join(_ELEMENTS) + r")(?![a-z0-9-])", re.I)
_TAG = re.compile(r"<[A-Za-z](?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")  # quoted values may hold >
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")  # attr_list: `{: onclick="…" }` after an element
_HANDLER = re.compile(r"(?:^|[\s/\"'{:])(on[a-z]+)\s*=", re.I)
_ATTRIBUTE = re.compile(r"([A-Za-z_:][\w:.-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>}]+)")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\n]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S[^\n]*)", re.M)
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from an address before reading the scheme
_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


@dataclass(frozen=True)
class ActiveContent:
    """One piece of active content: 1-based line in the file, what it is, and how to fix it."""

    line: int
    message: str
    fix: str


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, keeping line breaks so line numbers hold."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _without_code(body: str) -> str:
    lines = body.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE_OPEN.match(line)
        if fence is None and match:
            fence = match.group(1)
            lines[i] = ""
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line[match.end():].strip():
                fence = None
            lines[i] = ""
    text = "\n".join(lines)
    for match in reversed(list(_CODE_SPAN.finditer(text))):
        text = _blank(text, match.start(), match.end())
    return text


def _script_url(value: str) -> str | None:
    target = _IGNORED.sub("", html.unescape(value.strip("\"'<>"))).lower()
    return next((scheme for scheme in _SCHEMES if target.startswith(scheme)), None)


def _masked(text: str) -> tuple[str, str]:
    """(text with BOM and CRLF normalised, the same with front matter and code blanked out)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    front = _FRONT_MATTER.match(text)
    return text, _without_code(_blank(text, 0, front.end()) if front else text)


def neutralise(text: str) -> tuple[str, list[ActiveContent]]:
    """For texts already in git, which no check can change: active content made harmless.

    When a text holds any, every `<` outside code becomes `&lt;` (its raw HTML shows as text),
    script addresses in links become `#` and attribute lists with handlers or script addresses are
    dropped. Returns (text, what was found); an unaffected text comes back unchanged.
    """
    found = find_active_content(text)
    if not found:
        return text, []
    text, body = _masked(text)
    edits: list[tuple[int, int, str]] = []
    for pattern in (_LINK_TARGET, _REF_DEF):
        edits += [(m.start(1), m.end(1), "#") for m in pattern.finditer(body) if _script_url(m.group(1))]
    edits += [(m.start(), m.end(), "") for m in _ATTR_LIST.finditer(body)
              if _HANDLER.search(m.group()) or any(_script_url(a.group(2)) for a in _ATTRIBUTE.finditer(m.group()))]
    taken = [(start, end) for start, end, _ in edits]
    edits += [(m.start(), m.end(), "&lt;") for m in re.finditer("<", body)
              if not any(start <= m.start() < end for start, end in taken)]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, found


def find_active_content(text: str) -> list[ActiveContent]:
    """Every piece of active content in a page's Markdown (front matter excluded), in file order."""
    _, body = _masked(text)
    found: dict[tuple[int, str], ActiveContent] = {}

    def add(offset: int, message: str, fix: str) -> None:
        line = body.count("\n", 0, offset) + 1
        found.setdefault((line, message), ActiveContent(line, message, fix))

    for match in _ELEMENT.finditer(body):
        name = match.group(1).lower()
        add(match.start(), f"raw HTML `<{name}>` element",
            f"remove it: policies are legal text and the site publishes no {name} elements; "
            f"to show the tag as text, put it in backticks: `<{name}>`")
    for holder in (*_TAG.finditer(body), *_ATTR_LIST.finditer(body)):
        chunk = holder.group()
        for match in _HANDLER.finditer(chunk):
            add(holder.start() + match.start(1), f"event handler attribute `{match.group(1).lower()}=`",
                "remove the attribute: nothing in a policy may run code in the reader's browser")
        for match in _ATTRIBUTE.finditer(chunk):
            scheme = _script_url(match.group(2))
            if scheme:
                add(holder.start() + match.start(2), f"`{scheme}` address in the `{match.group(1).lower()}` attribute",
                    "link to an https: address or to a page of the site instead")
    for pattern in (_LINK_TARGET, _REF_DEF):
        for match in pattern.finditer(body):
            scheme = _script_url(match.group(1))
            if scheme:
                add(match.start(1), f"link to a `{scheme}` address",
                    "link to an https: address or to a page of the site instead")
    return sorted(found.values(), key=lambda item: item.line)
