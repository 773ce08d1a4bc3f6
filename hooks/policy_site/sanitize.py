"""Rules for text from outside the project: what front matter may hold, and cleaning git metadata (no MkDocs).

Front matter is refused when it breaks a rule (the editor can fix it); commit subjects and author
names have already landed and cannot be fixed, so they are cleaned instead and the build says so.
The same rules are stated in policy.schema.json (`$defs`), which is what validation applies; this
module explains a failure in words and applies the rules to texts that come from git.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["clean_text", "cleaned_commits", "file_name_problem", "shorten", "text_problem", "xml_safe"]

# C0 (but tab and newline), DEL and C1: invisible, and XML 1.0 forbids most of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # in one-line fields tab and newline too
# Bidi embeddings, overrides and isolates: they reorder the text around them (e.g. in a commit list).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# What an HTML parser reads as a tag, comment or declaration, and character references.
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# Everything XML 1.0 cannot carry (lxml refuses it), plus C1 controls, which it can but should not.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME_MARKUP = re.compile(r"[<>\"'`&]")  # in a file name: quotes and markup characters
_GIT_STRIP = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ONE_LINE = ("title", "owner", "template")  # fields in which a line break is a control character too
QUOTE_FREE = ("description",)  # Material prints it raw inside an HTML attribute


def _name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")


def text_problem(value: str, field: str) -> str | None:
    """Why `value` cannot stand in front matter field `field` (None when it can), in words."""
    control = (_CONTROL_ANY if field in ONE_LINE else _CONTROL).search(value)
    if control:
        return f"contains the control character {_name(control.group())} at position {control.start() + 1}"
    bidi = _BIDI.search(value)
    if bidi:
        return (f"contains the invisible direction control {_name(bidi.group())} at position {bidi.start() + 1}; "
                "the site isolates right-to-left text itself")
    markup = _MARKUP.search(value) or _ENTITY.search(value)
    if markup:
        piece = value[markup.start():markup.start() + 12]
        raw = "; the theme prints titles as raw HTML" if field == "title" else ""
        return f"contains HTML markup `{shorten(piece, 12)}`: front matter holds plain text only{raw}"
    if field in QUOTE_FREE and '"' in value:
        return f'contains `"`; the theme prints {field} inside an HTML attribute'
    return None


def file_name_problem(path: str) -> str | None:
    """Why a page's path cannot be published (None when it can): it shows in the site and in logs."""
    bad = _CONTROL_ANY.search(path) or _BIDI.search(path) or _NAME_MARKUP.search(path)
    return f"contains {_name(bad.group())}" if bad else None


def clean_text(value: str) -> tuple[str, bool]:
    """`value` without control and bidi control characters (a tab becomes a space); (text, changed)."""
    cleaned = _GIT_STRIP.sub(lambda m: " " if m.group() == "\t" else "", value)
    return cleaned, cleaned != value


def xml_safe(value: str) -> str:
    """`value` with every character XML 1.0 cannot carry removed: the last line of defence for feeds."""
    return _NOT_XML.sub("", value)


def shorten(value: object, limit: int = 60) -> str:
    """`value` for a one-line message: control characters shown as escapes, cut after `limit` characters."""
    text = str(value)
    cut = text[:limit]
    shown = _CONTROL_ANY.sub(lambda m: repr(m.group())[1:-1], _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", cut))
    return shown + ("…" if len(text) > limit else "")


def cleaned_commits(files: Mapping[str, Iterable[Any]]) -> list[tuple[str, str, list[str]]]:
    """(commit, cleaned subject, docs-relative paths) of every commit whose metadata was cleaned.

    `files` is `History.files`: path -> changes carrying `commit`, `subject` and `cleaned`.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for path, changes in sorted(files.items()):
        for change in changes:
            if change.cleaned:
                found.setdefault(change.commit, (change.subject, []))[1].append(path)
    return [(commit, subject, paths) for commit, (subject, paths) in found.items()]
