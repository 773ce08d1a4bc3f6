"""A docs page's text, read from disk again only when the file changed (no MkDocs).

A build asks for the same translation's text thousands of times: its freshness, its status on the
translators' page and in the register, the API, the page's own notice. In a warm build at M, the
worker building en, ru and be read and hashed 5,180 such texts for 1,005 files.

A kept text is used again only while the file's inode, size and change times are those it had when
it was read, and only when that read came at least a second after the file's last change: a write in
the same clock tick as the read could leave every one of those the same (git's "racily clean" index
entries), so a file changed that recently is always read again. Only the digest and what the front
matter says are kept, not the text: the source language's build judges every translation, 5,000 at L.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import FrontMatterError, read_front_matter

__all__ = ["AWAITING_VALUE", "PageText", "page_text", "is_awaiting"]

AWAITING_VALUE = "awaiting"
_SETTLED_NS = 1_000_000_000  # a change older than this when the file was read cannot share its tick


@dataclass(frozen=True)
class PageText:
    """What a page file holds: a digest of its text, whether it is a stub, and the text if this call read it."""

    digest: bytes
    awaiting: bool  # its front matter says `translation: awaiting`
    text: str | None = None  # None: the file is as an earlier call read it (page_text(path, read=True) reads it)


def is_awaiting(text: str) -> bool:
    """True for a page text whose front matter says `translation: awaiting`."""
    try:
        front = read_front_matter(text, "")
    except FrontMatterError:
        return False  # the validation hook reports it; here it is just not a stub
    return front.data.get("translation") == AWAITING_VALUE


def page_text(path: str | os.PathLike, read: bool = False) -> PageText | None:
    """What the file at `path` holds (undecodable bytes replaced), or None when it is not a file.

    With `read`, the file is read now and the text given with its digest.
    """
    name = os.fspath(path)
    try:
        before = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(before.st_mode):
        return None
    signature = (before.st_ino, before.st_dev, before.st_size, before.st_mtime_ns, before.st_ctime_ns)
    kept = _KEPT.get(name)
    if kept is not None and kept[0] == signature and not read:
        return kept[1]
    read_at = time.time_ns()
    try:
        text = Path(name).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    found = PageText(hashlib.sha256(text.encode("utf-8", "replace")).digest(), is_awaiting(text))
    if len(_KEPT) >= _KEPT_MAX:
        _KEPT.clear()
    if read_at - max(before.st_mtime_ns, before.st_ctime_ns) >= _SETTLED_NS:
        _KEPT[name] = (signature, found)
    else:
        _KEPT.pop(name, None)
    return dataclasses.replace(found, text=text)


_KEPT: dict[str, tuple[tuple[int, ...], PageText]] = {}
_KEPT_MAX = 50_000
