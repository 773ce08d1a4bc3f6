"""A content-addressed store of rendered HTML, so that what never changes is rendered once (no MkDocs).

A past version's text never changes, but what a page shows of it also depends on the code, the
templates, the messages, the Markdown setup, and on dates and links that do change. Every entry is
therefore stored under the SHA-256 of *all* its inputs (`key`): a changed input gives another key, so
an entry can be missing but never stale. Each entry carries the SHA-256 of its own bytes; one that was
truncated or corrupted on disk is detected, deleted and rendered anew, never served.

Entries are compressed (Zstandard, its default level 3): whole pages repeat the theme's frame, so the
cache of the M corpus takes a fraction of the disk and of the CI cache's upload. zlib's fastest level
compressed less and took 2.5 times as long: a fifth of a millisecond per page, on every page a cold
build stores.

Writes go to a temporary file renamed into place, so two builds at once, or a build stopped half way,
leave only whole entries. Entries not used for `KEEP_DAYS` are pruned by `prune`, which a build runs
once every `PRUNE_EVERY_DAYS` (`prune_if_due`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import zstandard

__all__ = ["CACHE_ENV", "RenderCache", "cache_folder", "code_fingerprint", "keep_out_of_git",
           "markdown_extensions_unknown", "prune", "prune_if_due"]

CACHE_ENV = "POLICY_SITE_CACHE"  # a folder for the cache, or "off"
FORMAT = "policy-site-render-cache 3"  # 2: zlib-compressed bodies; 3: Zstandard
KEEP_DAYS = 30
# Pruning looks at every entry (a stat each: half a second a build with the M corpus's cache), so a
# build prunes once a week, not every time: no entry then stays more than KEEP_DAYS + 7 days unused.
PRUNE_EVERY_DAYS = 7
# A read entry's time is set to now (prune keeps it) once it is a day old: setting it on every read
# wrote 12,000 inodes a warm build at M, 10 µs each.
TOUCH_AFTER_SECONDS = 86400
PRUNED_MARK = ".policy-site-pruned"  # in the cache folder: its time is that of the last prune
TEMP_PREFIX = ".tmp-"
ENTRY = re.compile(r"[0-9a-f]{64}")  # an entry's file name: its key
SHARD = re.compile(r"[0-9a-f]{2}")  # the folder of entries whose keys start with these two digits
# Installed packages whose code shapes the HTML: an upgrade of any of them empties the cache in effect.
PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions",
            "jinja2", "markupsafe", "babel", "lxml", "cydifflib", "zstandard", "pygments")
# Markdown extensions whose output depends only on the text and their settings (mkdocs.yml, in the salt).
# Any other, such as pymdownx.snippets (it includes other files) or pymdownx.b64 (it reads images), could
# change a page the cache would not see: with one configured, the cache is off (`markdown_extensions_unknown`).
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.blocks.admonition", "pymdownx.blocks.caption",
    "pymdownx.blocks.definition", "pymdownx.blocks.details", "pymdownx.blocks.html", "pymdownx.blocks.tab",
    "pymdownx.caret", "pymdownx.critic", "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall",
    "pymdownx.extra", "pymdownx.fancylists", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.magiclink", "pymdownx.mark", "pymdownx.progressbar", "pymdownx.saneheaders",
    "pymdownx.smartsymbols", "pymdownx.striphtml", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.tasklist", "pymdownx.tilde",
})


_COMPRESS = zstandard.ZstdCompressor()  # level 3; each frame records its size, which decompress needs
_DECOMPRESS = zstandard.ZstdDecompressor()


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
    from importlib import metadata  # here: the parallel build's parent imports this module only to prune

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
    """Rendered fragments under `folder` (None: a cache that stores nothing), keyed by `salt` and the inputs.

    Every key has a kind (its first input: "diff", "page", ...); hits and misses are counted per kind.
    """

    folder: Path | None
    salt: str
    hits: Counter = field(default_factory=Counter)
    misses: Counter = field(default_factory=Counter)
    corrupt: list[str] = field(default_factory=list)
    _kinds: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def stores(self) -> bool:
        """Whether anything is stored and read: callers skip making what only a key or an entry needs."""
        return self.folder is not None

    def reset(self) -> None:
        """Start counting anew (for one language's build)."""
        self.hits, self.misses, self.corrupt, self._kinds = Counter(), Counter(), [], {}

    def key(self, kind: str, *inputs: object) -> str:
        """The entry's name: SHA-256 of the salt, `kind` and `inputs` (JSON data; other values by their repr)."""
        text = json.dumps([self.salt, kind, *inputs], ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          default=repr)
        key = _digest(text.encode("utf-8"))
        self._kinds[key] = kind
        return key

    def _path(self, key: str) -> str:
        # A string, not a Path: a warm build asks 12,000 times, and pathlib's parsing was a fifth of a read.
        assert self.folder is not None
        return os.path.join(self.folder, key[:2], key)

    def get(self, key: str) -> str | None:
        """The stored text, or None when it is missing or fails its checksum (then it is deleted)."""
        if self.folder is None:
            return None
        kind = self._kinds.get(key, "")
        path = self._path(key)
        try:
            with open(path, "rb") as stored:
                data = stored.read()
                used = os.fstat(stored.fileno()).st_mtime
        except OSError:
            self.misses[kind] += 1
            return None
        head, _, body = data.partition(b"\n")
        text = None
        if head == f"{FORMAT} {_digest(body)}".encode():
            try:
                text = _DECOMPRESS.decompress(body).decode("utf-8")
            except (zstandard.ZstdError, UnicodeDecodeError):  # written whole by another program: not ours to serve
                text = None
        if text is None:
            self.corrupt.append(key)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            self.misses[kind] += 1
            return None
        if not 0 <= time.time() - used < TOUCH_AFTER_SECONDS:
            try:
                os.utime(path)  # used now: prune keeps it
            except OSError:
                pass
        self.hits[kind] += 1
        return text

    def put(self, key: str, text: str) -> None:
        """Store `text` under `key`, whole or not at all."""
        if self.folder is None:
            return
        path = self._path(key)
        body = _COMPRESS.compress(text.encode("utf-8"))
        temp = None
        try:
            try:
                handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=TEMP_PREFIX)
            except FileNotFoundError:  # the shard's first entry: asking first cost a mkdir (0.1 ms) per entry
                os.makedirs(os.path.dirname(path), exist_ok=True)
                handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=TEMP_PREFIX)
            with os.fdopen(handle, "wb") as out:
                out.write(f"{FORMAT} {_digest(body)}\n".encode() + body)
            os.replace(temp, path)
        except OSError:  # a full or read-only disk costs speed, never the build
            if temp is not None:
                Path(temp).unlink(missing_ok=True)


def markdown_extensions_unknown(extensions: Iterable[object]) -> list[str]:
    """The configured Markdown extensions (names or instances) that are not in PURE_EXTENSIONS."""
    unknown = []
    for extension in extensions:
        name = extension if isinstance(extension, str) else type(extension).__module__
        short = name.split(":", 1)[0].removeprefix("markdown.extensions.")
        if short not in PURE_EXTENSIONS:
            unknown.append(name)
    return unknown


def cache_folder(project: Path, setting: str | None = None) -> Path | None:
    """Where a build of `project` keeps its cache: POLICY_SITE_CACHE (`setting`; a folder, relative to the
    project, or "off" for none), else `.cache/policy-site/` in the project."""
    where = (os.environ.get(CACHE_ENV, "") if setting is None else setting).strip()
    if where.lower() in ("off", "0", "no", "false"):
        return None
    return project / where if where else project / ".cache" / "policy-site"


def keep_out_of_git(folder: Path) -> None:
    """A `.gitignore` of `*` in the cache's own folder (as pytest does for its cache), so that no
    repository shows the cache as uncommitted changes, whether or not its own .gitignore lists it."""
    marker = folder / ".gitignore"
    if marker.is_file():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_text("# Written by policy-site: its render cache is not part of the record.\n*\n",
                          encoding="utf-8")
    except OSError:
        pass


def prune(folder: Path, keep_days: int = KEEP_DAYS, now: float | None = None) -> int:
    """Delete entries not used for `keep_days` (and leftover temporary files); how many were deleted.

    Only files this cache writes are looked at (`<2 hex digits>/<64 hex digits>` and `.tmp-*` in such a
    folder), so a cache folder shared with other programs (POLICY_SITE_CACHE=~/.cache) loses nothing else.
    """
    now = now if now is not None else time.time()
    deleted = 0
    for shard in _listing(folder):  # os.scandir: the cache holds thousands of entries, pathlib's glob is slow
        if not (SHARD.fullmatch(shard.name) and shard.is_dir(follow_symlinks=False)):
            continue
        for entry in _listing(shard.path):
            if not entry.is_file(follow_symlinks=False):
                continue
            temporary = entry.name.startswith(TEMP_PREFIX)
            if not (ENTRY.fullmatch(entry.name) and entry.name[:2] == shard.name or temporary):
                continue  # not written by this cache: never deleted
            try:
                # A temporary file an hour old belongs to a build that was stopped while writing it.
                limit = now - (3600 if temporary else keep_days * 86400)
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    deleted += 1
            except OSError:
                continue
    return deleted


def prune_if_due(folder: Path, every_days: int = PRUNE_EVERY_DAYS, now: float | None = None) -> int:
    """`prune` `folder` if its last prune was `every_days` ago or more, or never (or its time is ahead of
    the clock); how many entries were deleted. A missing folder stays missing."""
    now = now if now is not None else time.time()
    mark = folder / PRUNED_MARK
    try:
        if 0 <= now - mark.stat().st_mtime < every_days * 86400:
            return 0
    except OSError:
        pass  # never pruned here
    deleted = prune(folder, now=now)
    if folder.is_dir():
        try:
            mark.touch()
            os.utime(mark, (now, now))
        except OSError:
            pass  # a read-only cache: pruned again next time, nothing worse
    return deleted


def _listing(path: Path | str) -> list[os.DirEntry]:
    """What `path` holds; nothing when it cannot be read (prune never fails a build)."""
    try:
        with os.scandir(path) as entries:
            return list(entries)
    except OSError:
        return []
