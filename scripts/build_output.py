"""What scripts/build prints: progress per language, every warning, error and NOTICE once, and who failed.

Each build worker writes MkDocs' log to a file; the parent reads the files as they grow
(`WorkerLog.poll`), splits them into records (a `LEVEL   -  text` line and the unprefixed lines that
continue it) and decides what to show (`Screen`). By default: no INFO lines, but one line per
language with its page count and seconds; NOTICE, WARNING and ERROR records in full, each once even
though every worker prints the build-wide ones; anything unprefixed (a traceback, "Aborted with …")
as it is. `-v` shows every worker's log whole; `-q` leaves out the progress lines.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

_LEVEL = re.compile(r"^(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL)\s+-\s")
# mkdocs-static-i18n announces each language it builds; everything logged after it belongs to it.
_BUILDING = re.compile(r"Building '([A-Za-z][\w-]{0,34})' documentation to directory")
# A file named in a message: ours say docs/<lang>/<page>.md; MkDocs says 'en/returns.md'.
_DOCS_FILE = re.compile(r"(?<![\w/.-])([\w.-]+/[\w./-]{1,400}?\.md)\b")
SHOWN = ("NOTICE", "WARNING", "ERROR", "CRITICAL", "")  # "" is an unprefixed record (a traceback …)
PROBLEMS = ("WARNING", "ERROR", "CRITICAL", "")


@dataclass
class Record:
    level: str  # one of _LEVEL's names, or "" for lines that continue no record
    lines: list[str]
    language: str | None  # the language being built when it was logged

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class WorkerLog:
    """One worker's log file, read as it grows; the languages it built, with when each one started."""

    path: Path
    ended: float = 0.0  # when the parent saw the worker end
    records: list[Record] = field(default_factory=list)
    starts: list[tuple[str, float]] = field(default_factory=list)
    _offset: int = 0
    _partial: str = ""
    _open: Record | None = None

    @property
    def language(self) -> str | None:
        return self.starts[-1][0] if self.starts else None

    def poll(self, final: bool = False) -> list[Record]:
        """The records completed since the last call (all of them, the last one included, when `final`)."""
        with self.path.open("r", encoding="utf-8", errors="replace") as log:
            log.seek(self._offset)
            chunk = log.read()
            self._offset = log.tell()
        lines = (self._partial + chunk).split("\n")
        self._partial = "" if final else lines.pop()
        done: list[Record] = []
        for line in lines:
            match = _LEVEL.match(line)
            if match or not line.strip() or line.startswith("Aborted with "):
                if self._open is not None:
                    done.append(self._open)
                self._open = None
            if match:
                self._open = Record(match.group(1), [line], self.language)
                if match.group(1) == "INFO" and (building := _BUILDING.search(line)):
                    self.starts.append((building.group(1), time.perf_counter()))
                    self._open.language = self.language
            elif not line.strip():
                continue
            elif self._open is not None:
                self._open.lines.append(line)
            else:
                self._open = Record("", [line], self.language)
        if final and self._open is not None:
            done.append(self._open)
            self._open = None
        self.records += done
        return done

    def timings(self, ended: float) -> list[tuple[str, float]]:
        """(language, seconds) in build order: each language lasts until the next one starts."""
        ends = [start for _, start in self.starts[1:]] + [ended]
        return [(lang, end - start) for (lang, start), end in zip(self.starts, ends)]

    def blame(self, project: Path, docs: str) -> tuple[str | None, str | None]:
        """(language, file) of the first problem this worker logged, as far as its log says.

        A page of one language can fail every worker (front matter is checked before any language is
        built), so a file named in the problem decides the language (docs/<lang>/…, the folder layout);
        else the language being built.
        """
        for record in self.records:
            if record.level in PROBLEMS:
                page = named_file(record.text, project, docs)
                parts = page.split("/") if page else []
                return (parts[1] if len(parts) > 2 else record.language), page
        return self.language, None


def named_file(text: str, project: Path, docs: str) -> str | None:
    """The first docs file a message names, as `docs/<lang>/<page>.md` when it exists there."""
    for match in _DOCS_FILE.finditer(text):
        name = match.group(1)
        if name.startswith(f"{docs}/"):
            return name
        if (project / docs / name).is_file():
            return f"{docs}/{name}"
    return None


def count_pages(out: Path, language: str, languages: set[str]) -> int:
    """HTML pages the build wrote for `language`: its folder, or the site root minus other languages'."""
    folder = out / language
    if folder.is_dir():
        return _html_files(folder)
    return _html_files(out, skip=languages)


def _html_files(folder: Path, skip: set[str] = frozenset()) -> int:
    """HTML files under `folder`, but for its top-level folders named in `skip` (os.walk: a large site
    has tens of thousands of files, and pathlib's rglob took half a second at M)."""
    count = 0
    for top, folders, files in os.walk(folder):
        if top == str(folder):
            folders[:] = [name for name in folders if name not in skip]
        count += sum(1 for name in files if name.endswith(".html"))
    return count


class Screen:
    """Prints what the user should see of the workers' logs, each shown message once."""

    def __init__(self, verbose: bool, quiet: bool, stream: IO[str] = sys.stderr) -> None:
        self.verbose, self.quiet, self.stream = verbose, quiet, stream
        self._seen: set[str] = set()

    def show(self, records: list[Record]) -> None:
        if self.verbose:
            return  # -v prints each worker's log whole when it ends (`whole_log`)
        for record in records:
            if record.level in SHOWN and (record.level == "" or record.text not in self._seen):
                self._seen.add(record.text)
                print(record.text, file=self.stream)

    def whole_log(self, languages: list[str], text: str) -> None:
        if self.verbose and text.strip():
            print(f"[{', '.join(languages)}]\n{text}", file=self.stream, end="" if text.endswith("\n") else "\n")

    def progress(self, line: str) -> None:
        if not self.quiet:
            print(f"INFO    -  {line}", file=self.stream)
