"""A content-addressed store of rendered HTML, so that what never changes is rendered once (no MkDocs).

A past version's text never changes, but what a page shows of it also depends on the code, the
templates, the messages, the Markdown setup, and on dates and links that do change. Every entry is
therefore stored under the SHA-256 of *all* its inputs (`key`): a changed input gives another key, so
an entry can be missing but never stale. Each entry carries the SHA-256 of its own bytes; one that was
truncated or corrupted on disk is detected, deleted and rendered anew, never served.

Writes go to a temporary file renamed into place, so two builds at once, or a build stopped half way,
leave only whole entries. Entries not used for `KEEP_DAYS` are pruned by `prune`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterable

__all__ = ["CACHE_ENV", "RenderCache", "code_fingerprint", "prune"]

CACHE_ENV = "POLICY_SITE_CACHE"  # a folder for the cache, or "off"
FORMAT = "policy-site-render-cache 1"
KEEP_DAYS = 30
# Installed packages whose code shapes the HTML: an upgrade of any of them empties the cache in effect.
PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions",
            "jinja2", "markupsafe", "babel", "lxml")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def code_fingerprint(folders: Iterable[Path], skip: Iterable[str] = ()) -> str:
    """SHA-256 of every file under `folders` (names and bytes), the packages' versions and Python's.

    `skip` names folders (relative to a root, e.g. "messages") whose files the caller keys separately.
    """
    skipped = tuple(f"{name.strip('/')}/" for name in skip)
    hasher = hashlib.sha256(FORMAT.encode())
    for root in folders:
        root = Path(root)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if "__pycache__" in path.parts or name.startswith(skipped):
                continue
            hasher.update(f"\0{root.name}/{name}\0".encode())
            hasher.update(path.read_bytes())
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        hasher.update(f"\0{package}=={version}".encode())
    hasher.update(sys.version.encode())
    return hasher.hexdigest()


@dataclass
class RenderCache:
    """Rendered fragments under `folder` (None: a cache that stores nothing), keyed by `salt` and the inputs."""

    folder: Path | None
    salt: str
    hits: int = 0
    misses: int = 0
    corrupt: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Start counting anew (for one language's build)."""
        self.hits, self.misses, self.corrupt = 0, 0, []

    def key(self, *inputs: object) -> str:
        """The entry's name: SHA-256 of the salt and `inputs` (JSON data; other values by their repr)."""
        text = json.dumps([self.salt, *inputs], ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          default=repr)
        return _digest(text.encode("utf-8"))

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / key

    def get(self, key: str) -> str | None:
        """The stored text, or None when it is missing or fails its checksum (then it is deleted)."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        head, _, body = data.partition(b"\n")
        if head != f"{FORMAT} {_digest(body)}".encode():
            self.corrupt.append(key)
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        try:
            os.utime(path)  # used now: prune keeps it
        except OSError:
            pass
        self.hits += 1
        return body.decode("utf-8")

    def put(self, key: str, text: str) -> None:
        """Store `text` under `key`, whole or not at all."""
        if self.folder is None:
            return
        path = self._path(key)
        body = text.encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(f"{FORMAT} {_digest(body)}\n".encode() + body)
            os.replace(temp, path)
        except OSError:  # a full or read-only disk costs speed, never the build
            Path(locals().get("temp", path.parent / ".none")).unlink(missing_ok=True)


def prune(folder: Path, keep_days: int = KEEP_DAYS, now: float | None = None) -> int:
    """Delete entries not used for `keep_days` (and leftover temporary files); how many were deleted."""
    now = now if now is not None else time.time()
    deleted = 0
    for path in folder.glob("*/*"):
        try:
            # A temporary file an hour old belongs to a build that was stopped while writing it.
            limit = now - (3600 if path.name.startswith(".tmp-") else keep_days * 86400)
            if path.stat().st_mtime < limit:
                path.unlink()
                deleted += 1
        except OSError:
            continue
    return deleted
