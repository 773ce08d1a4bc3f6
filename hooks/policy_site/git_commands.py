"""Running git for the history readers: one command, and blobs streamed through one `cat-file` (no MkDocs)."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["GitError", "NoGit", "cat_file", "decode_path", "read_blobs", "run_git"]

# Every command gets these: raw UTF-8 paths, no glob magic in the docs path, no index.lock taken
# (a build must not collide with an editor's `git add`).
GIT_OPTIONS = ("-c", "core.quotepath=off", "--literal-pathspecs", "--no-optional-locks")


class GitError(RuntimeError):
    """A git command failed; the message carries the command and git's stderr."""

    def __init__(self, args: Iterable[str], returncode: int, stderr: str) -> None:
        self.args_, self.returncode, self.stderr = tuple(args), returncode, stderr
        super().__init__(f"`git {' '.join(self.args_)}` failed ({returncode}): {stderr.strip()}")


class NoGit(Exception):
    """The git executable cannot be run; the message says what to do."""


def run_git(git: str, cwd: Path, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
    """git's standard output; GitError when it exits with a code not in `ok`, NoGit when it cannot run."""
    # LC_ALL=C: English stderr, so "not a git repository" can be recognised.
    env = dict(os.environ, LC_ALL="C")
    try:
        done = subprocess.run([git, *GIT_OPTIONS, *args], cwd=cwd, input=stdin, capture_output=True, env=env)
    except (FileNotFoundError, PermissionError) as error:
        raise NoGit(f"cannot run {git}: install git, or put it on the PATH") from error
    if done.returncode not in ok:
        raise GitError(args, done.returncode, done.stderr.decode("utf-8", "replace"))
    return done.stdout


def decode_path(raw: bytes) -> str:
    """A path as git printed it (core.quotepath=off): round-trips any byte, as os.fsdecode does."""
    return raw.decode("utf-8", "surrogateescape")


def read_blobs(repo_root: str | os.PathLike, blob_ids: Iterable[str], *, git: str = "git",
               raw: bool = False) -> dict[str, str] | dict[str, bytes]:
    """Texts (UTF-8, errors replaced; `raw`: the bytes) of blobs by id, in one cat-file process; missing ones are left out."""
    texts: dict[str, bytes] = {}
    cat_file(git, Path(repo_root), blob_ids, texts.__setitem__)
    return texts if raw else {sha: data.decode("utf-8", "replace") for sha, data in texts.items()}


def cat_file(git: str, top: Path, blob_ids: Iterable[str], sink: Callable[[str, bytes], None]) -> None:
    """Stream blobs through one `git cat-file --batch`, calling sink(sha, content) for each found."""
    wanted = list(dict.fromkeys(blob_ids))
    if not wanted:
        return
    try:
        proc = subprocess.Popen([git, *GIT_OPTIONS, "cat-file", "--batch", "--buffer"], cwd=top, bufsize=1 << 20,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=dict(os.environ, LC_ALL="C"))
    except (FileNotFoundError, PermissionError) as error:
        raise GitError(("cat-file",), -1, f"cannot run {git}: {error}") from error

    def feed() -> None:  # a thread, so a full stdout pipe cannot deadlock us against cat-file
        try:
            proc.stdin.write("".join(f"{sha}\n" for sha in wanted).encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = proc.stdout
    for _ in wanted:
        header = out.readline().split()
        if len(header) < 3:
            if not header:
                break  # cat-file died; stderr is reported below
            continue  # "<sha> missing", e.g. beyond a shallow boundary
        data = out.read(int(header[2]) + 1)[:-1]
        sink(header[0].decode(), data)
    writer.join()
    stderr = proc.stderr.read()
    out.close()
    proc.stderr.close()
    if proc.wait():
        raise GitError(("cat-file", "--batch"), proc.returncode, stderr.decode("utf-8", "replace"))
