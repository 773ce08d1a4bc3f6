"""Run the editors' commands (scripts/check, scripts/new-policy) for real, in a copy of the project."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import PROJECT_PARTS, copy_project

TOOL_PARTS = (*PROJECT_PARTS, "scripts", "requirements.txt")


def tool_project(dest: Path) -> Path:
    """A committed copy of the project with its scripts, sharing the project's venv (no install)."""
    project = copy_project(ROOT, dest, TOOL_PARTS)
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    return project


@dataclass
class ScriptResult:
    returncode: int
    output: str  # stdout and stderr, interleaved as the editor sees them


def run_script(project: Path, name: str, *args: str) -> ScriptResult:
    """`scripts/<name> args` exactly as an editor types it, from the project root."""
    env = dict(os.environ)
    env.pop("POLICY_SITE_TODAY", None)  # the commands decide the day themselves (--today)
    done = subprocess.run([str(project / "scripts" / name), *args], cwd=project, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return ScriptResult(done.returncode, done.stdout)


def commit_all(project: Path, message: str = "Editor's change") -> None:
    """Commit every change in the copy, as the pull request would contain it."""
    repo = GitRepo(project, init=False)
    repo.git("add", "-A", "--", "docs", "mkdocs.yml")
    repo.commit(message=message, date="2026-01-06")  # after copy_project's own commit


def set_field(path: Path, key: str, value: str) -> None:
    """Set an existing front matter field of a page, e.g. set_field(page, "review_by", "2027-05-01")."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{re.escape(key)}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count, f"{path} has no {key}"
    path.write_text(new, encoding="utf-8")


def set_or_add(path: Path, key: str, value: str) -> None:
    """Set a front-matter key, adding it after `owner:` when the page has none (the sample has history)."""
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{re.escape(key)}:", text, re.M):
        set_field(path, key, value)
    else:
        path.write_text(text.replace("\nowner: ", f"\n{key}: {value}\nowner: ", 1), encoding="utf-8")


def effective_of(path: Path) -> dt.date:
    """A page's front-matter `effective` date."""
    return dt.date.fromisoformat(re.search(r"^effective: (\S+)", path.read_text(encoding="utf-8"), re.M).group(1))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
