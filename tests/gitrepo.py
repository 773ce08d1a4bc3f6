"""Build real git repositories in a test's tmp_path, with fixed dates and authors.

    repo = GitRepo(tmp_path / "repo")
    a = repo.commit({"docs/en/a.md": "text"}, "Add a", date="2024-01-01")
    repo.mv("docs/en/a.md", "docs/en/b.md"); repo.commit(message="Rename")
    repo.branch("feature"); repo.commit({"docs/en/b.md": None}, "Delete b")   # None deletes
    repo.checkout("main"); repo.merge("feature", resolve={"docs/en/b.md": "merged"})
    clone = repo.shallow_clone(tmp_path / "clone")

Each commit without a `date` gets the day after the previous one, so history order is stable.
Global and system git config are ignored, so a developer's settings cannot change the outcome.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

DEFAULT_AUTHOR = ("Test Author", "author@example.org")
_START = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def git_env(**extra: str) -> dict[str, str]:
    """The environment the helper runs git with: no user config, fixed identity."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C",
               GIT_AUTHOR_NAME=DEFAULT_AUTHOR[0], GIT_AUTHOR_EMAIL=DEFAULT_AUTHOR[1],
               GIT_COMMITTER_NAME=DEFAULT_AUTHOR[0], GIT_COMMITTER_EMAIL=DEFAULT_AUTHOR[1])
    env.update(extra)
    return env


def _stamp(when: str | dt.date | dt.datetime) -> str:
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when) if "T" in when or " " in when else dt.date.fromisoformat(when)
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(12, 0), tzinfo=dt.timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.isoformat()


class GitRepo:
    """A work tree at `root` (created with `git init` unless `init=False`)."""

    def __init__(self, root: Path, *, branch: str = "main", init: bool = True) -> None:
        self.root = Path(root)
        self._last = _START - dt.timedelta(days=1)
        if init:
            self.root.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", branch)

    def git(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
        """Run git in the work tree and return stdout (UTF-8)."""
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, env=env or git_env())
        if check and done.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.decode('utf-8', 'replace')}")
        return done.stdout.decode("utf-8", "replace")

    def write(self, path: str, text: str) -> Path:
        """Write a file in the work tree without staging it."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def stage(self, files: dict[str, str | None]) -> None:
        """Write (text) or delete (None) files and stage exactly those paths."""
        for path, text in files.items():
            if text is None:
                (self.root / path).unlink(missing_ok=True)
            else:
                self.write(path, text)
        if files:
            self.git("add", "-A", "--", *files)

    def commit(self, files: dict[str, str | None] | None = None, message: str = "Change",
               date: str | dt.date | dt.datetime | None = None, author: str = DEFAULT_AUTHOR[0],
               email: str = DEFAULT_AUTHOR[1], *, committer_date: str | dt.date | dt.datetime | None = None) -> str:
        """Stage `files`, commit everything staged with fixed dates, return the commit id."""
        self.stage(files or {})
        if date is None:
            date = self._last + dt.timedelta(days=1)
        stamp = _stamp(date)
        self._last = dt.datetime.fromisoformat(stamp)
        env = git_env(GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL=email, GIT_AUTHOR_DATE=stamp,
                      GIT_COMMITTER_DATE=_stamp(committer_date) if committer_date else stamp)
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message, env=env)
        return self.head()

    def mv(self, src: str, dst: str) -> None:
        """`git mv` (staged; commit it next)."""
        (self.root / dst).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", src, dst)

    def head(self, rev: str = "HEAD") -> str:
        return self.git("rev-parse", rev).strip()

    def branch(self, name: str, start: str = "HEAD") -> None:
        """Create branch `name` at `start` and check it out."""
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, message: str | None = None, date: str | dt.date | dt.datetime | None = None,
              author: str = DEFAULT_AUTHOR[0], *, resolve: dict[str, str | None] | None = None) -> str:
        """Merge `branch` with a merge commit; `resolve` writes files (e.g. conflict resolutions) first."""
        done = subprocess.run(["git", "merge", "-q", "--no-ff", "--no-commit", branch], cwd=self.root,
                              capture_output=True, env=git_env())
        if done.returncode and not resolve:
            raise AssertionError(f"merge of {branch} failed: {done.stdout!r} {done.stderr!r}")
        return self.commit(resolve, message or f"Merge branch '{branch}'", date, author)

    def shallow_clone(self, dest: Path, depth: int = 1) -> GitRepo:
        """`git clone --depth N file://...`: the clone's history has a boundary."""
        subprocess.run(["git", "clone", "-q", "--depth", str(depth), f"file://{self.root}", str(dest)],
                       check=True, capture_output=True, env=git_env())
        clone = GitRepo(dest, init=False)
        clone._last = self._last
        return clone

    def log_follow(self, path: str) -> list[str]:
        """Commit ids of `git log --follow -- path`, newest first (the reference for history tests)."""
        return self.git("log", "--follow", "--format=%H", "--", path).split()

    def log_path(self, path: str) -> list[str]:
        """Commit ids of `git log -- path` (no --follow; lists merges that changed the file)."""
        return self.git("log", "--format=%H", "--", path).split()
