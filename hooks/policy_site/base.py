"""The base a pull request is compared with: what `scripts/check --base` resolves (no MkDocs).

A change "lands" when the main branch takes it. Before that, checks compare the work tree (and the
commits on the branch) with the base: by default the merge-base of HEAD and `origin/main`, else
`main`, else the previous commit. Commits reachable from the base have landed; the others, and
uncommitted changes, are the pull request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .git_commands import GitError, NoGit, run_git

__all__ = ["Base", "BaseError", "resolve_base", "DEFAULT_CANDIDATES"]

# Tried in order when no --base is given; each is merged-based with HEAD.
DEFAULT_CANDIDATES = ("origin/main", "main")


class BaseError(ValueError):
    """The requested base cannot be resolved; the message says what to do."""


@dataclass(frozen=True)
class Base:
    """A resolved base: the commit, and how it was chosen (for the report)."""

    commit: str | None  # None: no commit to compare with (an empty repository)
    described: str  # e.g. "merge-base with origin/main (1a2b3c4)"

    def landed(self, repo_root: Path, commit: str, *, git: str = "git") -> bool:
        """Whether `commit` is reachable from the base (it has landed on main)."""
        if self.commit is None:
            return False
        return _git(git, repo_root, "merge-base", "--is-ancestor", commit, self.commit, no=(1,)) is not None


def _git(git: str, cwd: Path, *args: str, no: tuple[int, ...] = ()) -> str | None:
    """git's output; None when it exits with a code in `no` (an answer, not a failure)."""
    try:
        return run_git(git, cwd, *args).decode("utf-8", "replace")
    except NoGit as error:
        raise BaseError(str(error)) from None
    except GitError as error:
        if error.returncode in no:
            return None
        raise BaseError(str(error)) from None


def _verify(git: str, root: Path, ref: str) -> str | None:
    return (_git(git, root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}", no=(1, 128)) or "").strip() or None


def resolve_base(repo_root: str | os.PathLike, ref: str | None = None, *, git: str = "git") -> Base:
    """Resolve `ref` (or the default) to the commit a pull request is compared with.

    An explicit `ref` is merged-based with HEAD, so a branch that is behind main compares with the
    point it forked from. Raises BaseError when an explicit ref does not name a commit.
    """
    root = Path(repo_root)
    head = _verify(git, root, "HEAD")
    if head is None:
        return Base(None, "no commit yet: everything is new")
    if ref is not None:
        target = _verify(git, root, ref)
        if target is None:
            raise BaseError(f"--base {ref}: not a commit in this repository; "
                            "fix: name a branch, tag or commit, e.g. --base origin/main (run `git fetch` first)")
        fork = (_git(git, root, "merge-base", "HEAD", target, no=(1,)) or "").strip()
        return Base(fork or None, f"merge-base with {ref} ({(fork or 'none')[:7]})")
    for candidate in DEFAULT_CANDIDATES:
        target = _verify(git, root, candidate)
        if target is None:
            continue
        fork = (_git(git, root, "merge-base", "HEAD", target, no=(1,)) or "").strip()
        if fork and fork != head:
            return Base(fork, f"merge-base with {candidate} ({fork[:7]})")
        if fork == head:
            break  # on main itself: compare with the previous commit
    previous = _verify(git, root, "HEAD~1")
    if previous is None:
        return Base(None, "the first commit: everything is new")
    return Base(previous, f"the previous commit ({previous[:7]})")
