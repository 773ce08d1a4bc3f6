"""Read a repository's history of the docs dir in a constant number of git processes (no MkDocs).

Git itself is run by policy_site.git_commands, and each text's dates and record keys are read by
policy_site.front_facts; both are named here too, where the readers have always found them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import enum
import os
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .front_facts import NO_FACTS, Facts, front_facts
from .git_commands import GitError, NoGit, cat_file, decode_path, read_blobs, run_git
from .sanitize import clean_text

__all__ = ["Change", "GitError", "HISTORY_UNREADABLE", "History", "Rename", "State", "Withdrawal", "clear_cache",
           "front_facts", "read_blobs", "read_history"]

# What read_history raises when there is no history to read: git failed, or the docs dir is missing.
HISTORY_UNREADABLE = (GitError, NotADirectoryError)

_NULL = "0" * 40
_HEADER = b"\x1e"  # starts each commit in our log format; never the first byte of a raw diff line
# %aN: display name via .mailmap; no e-mail is asked for. %B, not %s: %s joins the first paragraph.
_FORMAT = "--format=%x1e%H%x00%cI%x00%aN%x00%B"


class State(enum.StrEnum):
    """How far the history can be trusted."""

    COMPLETE = "complete"
    SHALLOW = "shallow"  # the oldest visible commit is a boundary: earlier changes are missing
    NO_GIT = "no-git"
    NOT_A_REPO = "not-a-repo"


@dataclass(frozen=True, slots=True)
class Change:
    """One commit's change to a file, as of that commit."""

    commit: str
    date: dt.datetime  # committer date, timezone-aware
    author: str  # display name only
    subject: str
    path: str  # docs-relative path the file had in this commit
    status: str  # A, M, R or D (merges: A if every parent lacked the file, else M)
    blob: str | None  # content after the commit; None when deleted
    effective: dt.date | None  # front matter `effective` after the commit
    previous_effective: tuple[dt.date | None, ...] = ()  # in each parent that had the file
    merge: bool = False
    previous_blobs: tuple[str, ...] = ()  # the file's content in each parent that had it (a rename: the old path's)
    applies_sooner: str | None = None  # front matter `applies_sooner` after the commit (a reason)
    notice_days: int | None = None  # front matter `notice_days` after the commit
    cleaned: bool = False  # control characters were removed from the subject or author (sanitize.clean_text)


@dataclass(frozen=True, slots=True)
class Rename:
    """An old name of a file: where its history went (the file at HEAD, or a withdrawn one)."""

    new_path: str  # docs-relative path the history now lives under
    commit: str  # the commit that renamed the old name away
    date: dt.datetime
    subject: str


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A file deleted for good: absent at HEAD, its last change a deletion."""

    commit: str  # the deleting commit
    date: dt.datetime
    subject: str
    last_blob: str  # the text just before the deletion
    changes: tuple[Change, ...]  # its history before the deletion, newest first


@dataclass(frozen=True)
class History:
    """Changes per docs-relative path (newest first, like `git log`), with the state of the read."""

    state: State
    files: Mapping[str, tuple[Change, ...]] = field(default_factory=lambda: MappingProxyType({}))
    uncommitted: frozenset[str] = frozenset()
    repo_root: Path | None = None
    docs_prefix: str = ""  # the docs dir relative to repo_root, "" or ending in "/"
    head: str | None = None
    git: str = "git"
    detail: str = ""  # why the state is not complete, for the caller's warning
    # Every old path (absent at HEAD or not) -> where its history went; paths deleted for good.
    renamed: Mapping[str, Rename] = field(default_factory=lambda: MappingProxyType({}))
    withdrawn: Mapping[str, Withdrawal] = field(default_factory=lambda: MappingProxyType({}))

    def changes(self, src_uri: str) -> tuple[Change, ...]:
        """Changes of one page (MkDocs `File.src_uri`), newest first; a withdrawn page's up to its deletion."""
        found = self.files.get(src_uri)
        if found is None and src_uri in self.withdrawn:
            return self.withdrawn[src_uri].changes
        return found or ()

    def read_texts(self, blob_ids: Iterable[str]) -> dict[str, str]:
        """Full texts of the given blobs, read by one cat-file process."""
        if self.repo_root is None:
            return {}
        return read_blobs(self.repo_root, blob_ids, git=self.git)


_CACHE: OrderedDict[tuple, tuple[Mapping, Mapping, Mapping]] = OrderedDict()
_CACHE_SIZE = 8


def clear_cache() -> None:
    """Forget memoised histories (tests; long-lived processes after a history rewrite)."""
    _CACHE.clear()
    _STATUS.clear()


def read_history(docs_dir: str | os.PathLike, *, git: str = "git", use_cache: bool = True) -> History:
    """Read the history of every file under `docs_dir` present at HEAD, plus uncommitted paths.

    The file history is memoised per (repo root, HEAD, docs dir): static-i18n rebuilds once per
    language in one process, and several hooks read it. `git status` runs again whenever a file or
    folder under the docs dir changed (mkdocs serve), not on every call. Raises HISTORY_UNREADABLE:
    GitError when git itself fails, NotADirectoryError when there is no docs dir.
    """
    docs = Path(docs_dir)
    if not docs.is_dir():
        raise NotADirectoryError(f"docs dir {docs} does not exist")
    try:
        top, prefix, shallow, head = _locate(git, docs)
    except NoGit:
        return History(State.NO_GIT, git=git, detail=f"git executable {git!r} not found")
    if top is None:
        return History(State.NOT_A_REPO, git=git, detail=f"{docs} is not inside a git work tree")
    uncommitted = _uncommitted_memo(git, top, prefix, head, docs) if use_cache else _uncommitted(git, top, prefix)
    state = State.SHALLOW if shallow else State.COMPLETE
    detail = "shallow clone: history before the oldest fetched commit is missing" if shallow else ""
    key = (str(top), head, prefix, shallow, git)
    read = _CACHE.get(key) if use_cache else None
    if read is None:
        read = tuple(MappingProxyType(part) for part in (_read_files(git, top, prefix) if head else ({}, {}, {})))
        if use_cache:
            _CACHE[key] = read
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    files, renamed, withdrawn = read
    return History(state, files, uncommitted, top, prefix, head, git, detail, renamed, withdrawn)


def _locate(git: str, docs: Path) -> tuple[Path | None, str, bool, str | None]:
    """(work tree root, docs prefix, shallow?, HEAD or None when no commit yet); root None outside git."""
    args = ("rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "--verify", "-q", "HEAD")
    try:
        out = decode_path(run_git(git, docs, *args, ok=(0, 1))).split("\n")
    except GitError as error:
        if error.returncode == 128 and ("not a git repository" in error.stderr or "work tree" in error.stderr):
            return None, "", False, None
        raise
    head = out[3] if len(out) > 3 and out[3] else None  # rc 1: HEAD is unborn
    return Path(out[0]), out[1], out[2] == "true", head


def _pathspec(prefix: str) -> list[str]:
    return ["--", prefix.rstrip("/")] if prefix else []


_STATUS: dict[tuple, frozenset[str]] = {}


def _tree_stamp(docs: Path) -> int:
    """Changes whenever a file or folder under `docs` is added, removed, renamed or written.

    os.scandir, not Path.rglob: a build asks for it some 20 times per process, and rglob's five
    system calls per file cost a 1,200-file docs dir 14 ms each time (scandir: 4 ms). Like rglob,
    it does not descend into folders that are symbolic links.
    """
    found: list[tuple[str, int, int]] = []
    folders = [os.fspath(docs)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    st = entry.stat(follow_symlinks=False)
                    found.append((entry.path, st.st_mtime_ns, st.st_size))
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
        except OSError:  # gone or unreadable since it was listed: the stamp has changed anyway
            found.append(("", 0, 0))
    return hash(tuple(sorted(found)))


def _uncommitted_memo(git: str, top: Path, prefix: str, head: str | None, docs: Path) -> frozenset[str]:
    # A build asks for the history from several hooks in each language's build: one `git status`
    # (0.2 s on a 6,000-page site) per state of the work tree is enough.
    key = (str(top), prefix, head, git, _tree_stamp(docs))
    if key not in _STATUS:
        _STATUS.clear()
        _STATUS[key] = _uncommitted(git, top, prefix)
    return _STATUS[key]


def _uncommitted(git: str, top: Path, prefix: str) -> frozenset[str]:
    out = run_git(git, top, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", *_pathspec(prefix))
    paths = (decode_path(entry[3:]) for entry in out.split(b"\0") if len(entry) > 3)
    return frozenset(p[len(prefix):] for p in paths if p.startswith(prefix))


def _read_files(git: str, top: Path, prefix: str) -> tuple[dict[str, tuple[Change, ...]], dict[str, Rename],
                                                            dict[str, Withdrawal]]:
    """(changes per file present at HEAD, old names, files deleted for good), from one log pass."""
    spec = _pathspec(prefix)
    log = run_git(git, top, "log", "-z", "--raw", "-M", "--no-abbrev", "--root", "--full-history", "--date-order",
               "--no-color", "--no-show-signature", "--no-relative", "--encoding=UTF-8",
               "--diff-merges=dense-combined", _FORMAT, "HEAD", *spec)
    cleaned: set[str] = set()
    commits = _parse_log(log, cleaned)
    merges = [c[0] for c in commits if c[4]]
    edited = _merge_edits(git, top, merges, spec) if merges else set()
    listing = run_git(git, top, "ls-tree", "-r", "-z", "--name-only", "--full-tree", "HEAD", *spec)
    present = {decode_path(p) for p in listing.split(b"\0") if p}
    # Walk newest first: a rename hands the older history of its source path to the renamed file,
    # and a path's history runs across a delete and re-add, as `git log --follow` does. A path absent
    # at HEAD whose newest change is a deletion was deleted for good: it keeps its history too.
    track = {p: p for p in present}
    kept: list[tuple[str, tuple, tuple]] = []
    old_names: dict[str, tuple[str, tuple]] = {}  # old path -> (its history's key, the renaming commit)
    deletions: dict[str, tuple] = {}  # withdrawn path -> the deleting commit
    for commit in commits:
        renamed = {}  # applied after the commit: its own entries still see the newer names
        for entry in commit[5]:
            path, old_path = entry[0], entry[1]
            if commit[4] and (commit[0], path) not in edited:
                continue  # the merge took one side's content, already listed as that side's commit
            key = track.get(path)
            if key is None:
                if entry[4] != "D":
                    continue  # left without a deletion we can see (e.g. beyond a shallow boundary)
                key = track[path] = path
                deletions[path] = commit
                continue  # the deletion itself is the Withdrawal, not a change of the text
            if old_path is not None:
                renamed[old_path] = key
                old_names.setdefault(old_path, (key, commit))
            kept.append((key, commit, entry))
        track.update(renamed)
    blobs = {sha for _, _, entry in kept for sha in (entry[3], *entry[2]) if sha != _NULL}
    facts: dict[str, Facts] = {}
    cat_file(git, top, blobs, lambda sha, data: facts.__setitem__(sha, front_facts(data)))
    found: dict[str, list[Change]] = {p: [] for p in (*present, *deletions)}
    for key, (sha, date, author, subject, is_merge, _), (path, _, parents, blob, status) in kept:
        before = tuple(b for b in parents if b != _NULL)
        previous = tuple(facts.get(b, NO_FACTS)[0] for b in before)
        effective, sooner, notice_days = facts.get(blob, NO_FACTS)
        found[key].append(Change(sha, date, author, subject, path[len(prefix):], status,
                                 None if blob == _NULL else blob, effective, previous,
                                 is_merge, before, sooner, notice_days, sha in cleaned))
    files = {p[len(prefix):]: tuple(found[p]) for p in present}
    withdrawn = {}
    for path, (sha, date, _, subject, _, entries) in deletions.items():
        last = next((e[2][0] for e in entries if e[0] == path and e[2] and e[2][0] != _NULL), None)
        if last is not None and found[path]:
            withdrawn[path[len(prefix):]] = Withdrawal(sha, date, subject, last, tuple(found[path]))
    renames = {old[len(prefix):]: Rename(key[len(prefix):], c[0], c[1], c[3]) for old, (key, c) in old_names.items()
               if key[len(prefix):] in files or key[len(prefix):] in withdrawn}
    return files, renames, withdrawn


def _parse_log(out: bytes, cleaned: set[str] | None = None) -> list[tuple]:
    """[(sha, date, author, subject, is_merge, [(path, renamed_from, parent_blobs, blob, status)])].

    Subjects and authors come without control characters; the commits that had some go to `cleaned`.
    """
    tokens = out.split(b"\0")
    commits: list[tuple] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(_HEADER):
            sha = token[1:].decode()
            date = dt.datetime.fromisoformat(tokens[i].decode())
            author, dirty_author = clean_text(tokens[i + 1].decode("utf-8", "replace"))
            subject, dirty_subject = clean_text(tokens[i + 2].split(b"\n", 1)[0].decode("utf-8", "replace"))
            if (dirty_author or dirty_subject) and cleaned is not None:
                cleaned.add(sha)
            entries: list[tuple] = []
            commits.append((sha, date, author, subject, False, entries))
            i += 3
        elif token.startswith(b":"):
            parents = len(token) - len(token.lstrip(b":"))
            fields = token[parents:].decode().split(" ")
            parent_blobs = tuple(fields[parents + 1:2 * parents + 1])
            blob, status = fields[2 * parents + 1], fields[2 * parents + 2]
            old_path = None
            if status[0] in "RC":
                old_path, i = decode_path(tokens[i]), i + 1
            path, i = decode_path(tokens[i]), i + 1
            if parents > 1:
                status = "D" if blob == _NULL else "A" if set(status) == {"A"} else "M"
                commits[-1] = commits[-1][:4] + (True, entries)
            else:
                status = {"T": "M", "C": "A"}.get(status[0], status[0])
                old_path = old_path if status == "R" else None
            entries.append((path, old_path, parent_blobs, blob, status))
    return commits


def _merge_edits(git: str, top: Path, merges: list[str], spec: list[str]) -> set[tuple[str, str]]:
    """(merge, path) pairs the merge itself edited: files with hunks in a dense combined diff.

    The raw combined diff also lists files that git merged cleanly from two changed sides, which
    nobody edited in the merge; `--cc` drops those, and also conflicts resolved by taking one side.
    """
    out = run_git(git, top, "log", "--no-walk=unsorted", "--stdin", "--cc", "--no-color", "--no-ext-diff",
               "--no-textconv", "--no-relative", "--format=%x1e%H", *spec, stdin="\n".join(merges).encode())
    edited: set[tuple[str, str]] = set()
    sha = ""
    for line in out.split(b"\n"):
        if line.startswith(_HEADER):
            sha = line[1:].decode()
        elif line.startswith(b"diff --cc "):
            name = line[10:]
            if name.startswith(b'"'):  # C-quoted: control characters, quotes or backslashes
                name = codecs.escape_decode(name[1:-1])[0]
            edited.add((sha, decode_path(name)))
    return edited
