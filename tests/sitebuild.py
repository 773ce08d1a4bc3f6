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
    """
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    if commit:
        from gitrepo import GitRepo

        repo = GitRepo(dest)
        repo.git("add", "-A")
        repo.commit(message=commit, date=date)
    return dest


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
