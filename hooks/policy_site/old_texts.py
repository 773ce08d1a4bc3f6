"""An old text made safe to publish and relinked, kept between builds (no MkDocs).

A past version's text never changes, yet every build made it safe (`active_content.neutralise`) and
turned its dead links into plain text (`relink`) again: two passes of regular
expressions over every version of every policy, in every language, some 0.13 s per language at M.
What they make depends on the text, the folder its links are resolved from, the note a dead link
gets, and whether each link's target exists in this build. The stored result keeps every target it
asked about with the answer, and is used only while each answer is the same: a page added, renamed
or deleted relinks the texts that point at it. The front matter is split anew from the safe text
(`split_text` keeps each parse per process), so its values keep their types.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from typing import Protocol

from .active_content import neutralise
from .frontmatter import split_text

__all__ = ["Store", "prepared", "relink"]


class Store(Protocol):
    """What of a render cache this needs (render_cache.RenderCache)."""

    @property
    def stores(self) -> bool: ...

    def key(self, kind: str, *inputs: object) -> str: ...

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, text: str) -> None: ...


def prepared(text: str, folder: str, exists: Callable[[str], bool], note: str,
             store: Store | None = None) -> tuple[dict, str, list[str], list[str]]:
    """(front matter, relinked body, problems, broken link targets) of a text from git, made safe to publish
    (`neutralise`: each thing found is a problem) and relinked (`relink`), reused from `store` while the
    targets it asked about are unchanged."""
    key = None
    if store is not None and store.stores:
        key = store.key("old-text", hashlib.sha256(text.encode("utf-8")).hexdigest(), folder, note)
        stored = _entry(store.get(key))
        if stored is not None and all(bool(exists(path)) is found for path, found in stored["asked"].items()):
            problems = list(stored["found"])
            meta, _ = split_text(text if stored["safe"] is None else stored["safe"], problems)
            return meta, stored["body"], problems, list(stored["broken"])
    safe, items = neutralise(text)
    found = [f"line {item.line}: {item.message}, shown as text" for item in items]
    problems = list(found)
    meta, body = split_text(safe, problems)
    asked: dict[str, bool] = {}

    def recorded(path: str) -> bool:
        asked[path] = bool(exists(path))
        return asked[path]

    body, broken = relink(body, folder, recorded, note)
    if key is not None:
        store.put(key, json.dumps({"safe": None if safe == text else safe, "found": found, "body": body,
                                   "broken": broken, "asked": asked}, ensure_ascii=False))
    return meta, body, problems, broken


# Inline links and images `[text](target "title")` and reference definitions `[id]: target`.
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?((?:\s+\"[^\"]*\")?)\s*\)")
_REFDEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)<?(\S+?)>?((?:\s+.*)?)$", re.M)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_CODE = re.compile(r"(^```.*?^```|^~~~.*?^~~~|`[^`\n]+`)", re.M | re.S)


def relink(body: str, folder: str, exists: Callable[[str], bool], note: str) -> tuple[str, list[str]]:
    """Turn relative links of an old text whose target no longer exists into plain text.

    `folder` is the docs-relative folder of the original file ('en'); `exists(docs_path)` says whether
    a page or file is in the build. A broken link keeps its text followed by `note` (e.g. "(no longer
    available)"); images are dropped to their alt text. Returns (new body, broken targets).
    """
    broken: list[str] = []

    def target_ok(target: str) -> bool:
        if _EXTERNAL.match(target):
            return True
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return True
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith("../"):
            return False
        return exists(resolved) or exists(posixpath.join(resolved, "index.md"))

    def inline(match: re.Match) -> str:
        bang, text, target = match.group(1), match.group(2), match.group(3)
        if target_ok(target):
            return match.group(0)
        broken.append(target)
        return text if bang else f"{text} {note}"

    def refdef(match: re.Match) -> str:
        if target_ok(match.group(2)):
            return match.group(0)
        broken.append(match.group(2))
        return f"{match.group(1)}#{match.group(3)}"  # a reference to the page itself: harmless

    parts = _CODE.split(body)
    for i in range(0, len(parts), 2):  # even parts are outside code
        parts[i] = _REFDEF.sub(refdef, _INLINE.sub(inline, parts[i]))
    return "".join(parts), broken


def _entry(stored: str | None) -> dict | None:
    """A stored result, or None if there is none or it is not one this module wrote (then it is made anew)."""
    if stored is None:
        return None
    try:
        entry = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("asked"), dict) \
            or not isinstance(entry.get("body"), str) or not isinstance(entry.get("found"), list) \
            or not isinstance(entry.get("broken"), list) or not isinstance(entry.get("safe"), (str, type(None))):
        return None
    return entry
