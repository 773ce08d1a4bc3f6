"""Run real `mkdocs build`s and read what they produce."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs")


@dataclass
class BuildResult:
    returncode: int
    output: str


@dataclass
class BuiltSite:
    root: Path
    result: BuildResult

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def soup(self, relative: str | Path) -> BeautifulSoup:
        return BeautifulSoup((self.root / relative).read_text(encoding="utf-8"), "lxml")


def copy_project(source: Path, dest: Path, parts: tuple[str, ...] = PROJECT_PARTS, *,
                 commit: str | None = "Publish the policies", date: str = "2026-01-05") -> Path:
    """Copy the project's site parts to `dest`, committed to a new git repository unless commit=None.

    Builds read the version history from git, and uncommitted pages fail --strict builds, so a copy
    is committed by default; edit it through gitrepo.GitRepo(dest, init=False) to add history.
    A copy starts a new history, so each of its pages is a version 1: its front matter is the one
    the page was first published with (the sample's later versions — their dates, change_summary,
    applies_sooner — belong to the project's own history, which the copy does not have); the text is
    today's.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    if (dest / "docs").is_dir():
        for path, front in first_front_matter(source).items():
            target = dest / path
            if target.is_file():
                text = target.read_text(encoding="utf-8")
                parts_ = text.split("---\n", 2)
                if text.startswith("---\n") and len(parts_) == 3:
                    target.write_text(f"---\n{front}---\n{parts_[2]}", encoding="utf-8")
    if commit:
        from gitrepo import GitRepo

        repo = GitRepo(dest)
        repo.git("add", "-A")
        repo.commit(message=commit, date=date)
    return dest


_FIRST: dict[str, dict[str, str]] = {}


def first_front_matter(source: Path) -> dict[str, str]:
    """docs path -> the front matter (YAML text) of that file's first committed version, from git."""
    key = str(source)
    if key not in _FIRST:
        found: dict[str, str] = {}
        log = subprocess.run(["git", "-C", str(source), "log", "--reverse", "--diff-filter=A", "--format=%x1e%H",
                              "--name-only", "--no-renames", "--", "docs"], capture_output=True, text=True)
        firsts: dict[str, str] = {}
        for block in log.stdout.split("\x1e")[1:]:
            commit, *paths = block.split()
            for path in paths:
                firsts.setdefault(path, commit)
        for path, commit in firsts.items():
            shown = subprocess.run(["git", "-C", str(source), "show", f"{commit}:{path}"], capture_output=True,
                                   text=True)
            parts = shown.stdout.split("---\n", 2)
            if shown.returncode == 0 and shown.stdout.startswith("---\n") and len(parts) == 3:
                found[path] = parts[1]
        _FIRST[key] = found
    return _FIRST[key]


def build_site(project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None,
               strict: bool = True) -> BuildResult:
    """`mkdocs build [--strict]` of `project` into `site_dir`, as a separate process like a user runs it."""
    run_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir), *extra],
        cwd=project, env=run_env, capture_output=True, text=True, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr)
