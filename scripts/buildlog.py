"""Run the site build for scripts/check and sort what MkDocs logs into the check's categories."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Log lines look like "WARNING -  text"; a message may continue on the following unprefixed lines.
_LEVEL = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(.*)$")
_ABORTED = re.compile(r"^Aborted with ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# (category, pattern): the first match wins. Texts are MkDocs 1.6's and the project hooks' own.
_CATEGORIES = (
    ("front matter", re.compile(r"^Page front matter has ")),
    ("anchors", re.compile(r"does not contain an anchor")),
    ("links", re.compile(r"contains (?:a|an absolute|an unrecognized relative) link")),
    ("navigation", re.compile(r"'nav' configuration|\"nav\" configuration|not included in the nav", re.I)),
    ("uncommitted", re.compile(r"Uncommitted changes in ")),
    ("languages", re.compile(r"is not a language of this site")),  # hooks/language_folders.py
)


@dataclass(frozen=True)
class LogMessage:
    """One WARNING or ERROR message of the build, with the language being built when it was logged."""

    level: str
    text: str
    language: str | None
    category: str  # one of _CATEGORIES' names, or "build" for anything else


@dataclass(frozen=True)
class BuildRun:
    returncode: int
    output: str
    messages: list[LogMessage]


def classify(text: str) -> str:
    """The check category of a build message."""
    for category, pattern in _CATEGORIES:
        if pattern.search(text):
            return category
    return "build"


_BUILDING = re.compile(r"Building '([^']+)' documentation")


def parse_log(output: str) -> list[LogMessage]:
    """WARNING and ERROR messages in build output, each once, in order."""
    messages: list[LogMessage] = []
    seen: set[str] = set()
    current: list[str] | None = None
    level, language = "", None

    def flush() -> None:
        if current is not None:
            text = "\n".join(current).rstrip()
            if text not in seen:
                seen.add(text)
                messages.append(LogMessage(level, text, language, classify(text)))

    for raw in output.splitlines():
        line = _ANSI.sub("", raw)
        match = _LEVEL.match(line)
        if match or _ABORTED.match(line) or not line.strip():
            flush()
            current = None
        if match:
            if match.group(1) in ("WARNING", "ERROR", "CRITICAL"):
                level, current = match.group(1), [match.group(2)]
            elif building := _BUILDING.search(match.group(2)):
                language = building.group(1)
        elif current is not None:
            current.append(line)
    flush()
    return messages


def run_build(project: Path, today: str | None = None) -> BuildRun:
    """Build the whole site (every language) into a temporary directory and collect its messages.

    Strict mode stops at the end of the first language build that warns, hiding the other languages'
    problems; so this build runs with --no-strict and the caller treats every warning as an error.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if today:
        env["POLICY_SITE_TODAY"] = today  # the build judges dates on the same day as the check
    with tempfile.TemporaryDirectory(prefix="policy-site-check-") as site_dir:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(project / "mkdocs.yml"), "-d", site_dir],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    return BuildRun(proc.returncode, proc.stdout, parse_log(proc.stdout))
