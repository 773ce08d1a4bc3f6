"""Hours and response times stated in prose that disagree with the contact policy's data.

Used by scripts/check (category "service hours").

The data (policy_site.service_hours) is written once; other pages should link to it. A page that still
states an opening hour ("09:00–18:00", "с 09:00 до 18:00") or a response time ("a personal reply within
1 business day", "phone calls answered within 3 minutes on average") must agree with it: this module
finds those that do not, in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .frontmatter import split_front_matter, split_text
from .service_hours import MARKERS, ServiceHours, read_service_hours, time_text
from .translation_status import is_awaiting

_TIME = r"(?<![\d:.])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])"
# A range of times: a dash, or the word for "to" of the language ("с 09:00 до 18:00", "no 09:00 līdz 18:00").
TIME_RANGE = re.compile(_TIME + r"(?:\s*(?:น\.)?\s*(?:[–—-]|до|да|līdz|kuni|ถึง)\s*)" + _TIME)
# Response times as each language states them: (channels, kind, pattern whose group 1 is the number). A personal
# reply answers the written channels; phone and chat give an average in minutes. A language without an entry
# is checked for opening hours only.
WRITTEN = ("email", "contact_form")
STATEMENTS: dict[str, tuple[tuple[tuple[str, ...], str, str], ...]] = {
    "en": (
        (WRITTEN, "business_days", r"personal reply[^.]*?(\d+) business days?"),
        (("phone",), "minutes", r"phone[^.]*?(\d+) minutes?"),
        (("chat",), "minutes", r"chat[^.]*?(\d+) minutes?"),
    ),
    "ru": (
        (WRITTEN, "business_days", r"личн\w* ответ[^.]*?(\d+) рабоч"),
        (("phone",), "minutes", r"телефон[^.]*?(\d+) минут"),
        (("chat",), "minutes", r"чат[^.]*?(\d+) минут"),
    ),
    "be": (
        (WRITTEN, "business_days", r"асабіст\w* адказ[^.]*?(\d+) працоўн"),
        (("phone",), "minutes", r"тэлефон[^.]*?(\d+) хвілін"),
        (("chat",), "minutes", r"чат[^.]*?(\d+) хвілін"),
    ),
    "th": (
        (WRITTEN, "business_days", r"การตอบกลับจากเจ้าหน้าที่[^.]*?(\d+) วันทำการ"),
        (("phone",), "minutes", r"โทรศัพท์[^.]*?(\d+) นาที"),
        (("chat",), "minutes", r"แชท[^.]*?(\d+) นาที"),
    ),
    "et": (
        (WRITTEN, "business_days", r"isiklik\w* vastus\w*[^.]*?(\d+) tööpäev"),
        (("phone",), "minutes", r"telefon[^.]*?(\d+) minuti"),
        (("chat",), "minutes", r"vestlus[^.]*?(\d+) minuti"),
    ),
    "lv": (
        (WRITTEN, "business_days", r"personisk\w* atbild\w*[^.]*?(\d+) darba dien"),
        (("phone",), "minutes", r"tālru[^.]*?(\d+) minū"),
        (("chat",), "minutes", r"tērzē[^.]*?(\d+) minū"),
    ),
}
_UNITS = {"business_days": "business day(s)", "minutes": "minute(s)"}


@dataclass(frozen=True, order=True)
class Disagreement:
    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}\n    fix: {self.fix}"


def find_hours_page(docs_dir: Path, source: str) -> tuple[str, ServiceHours] | None:
    """(file name, data) of the source-language page whose front matter holds `service_hours`."""
    for path in sorted((docs_dir / source).rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "service_hours:" not in text:
            continue
        hours = read_service_hours(split_text(text)[0])
        if hours is not None:
            return path.relative_to(docs_dir / source).as_posix(), hours
    return None


def disagreements(docs_dir: Path, source: str, languages: Iterable[str], shown_docs: str = "docs") -> list[Disagreement]:
    """Every stated opening hour or response time, in every language's pages, that the data does not have."""
    found = find_hours_page(docs_dir, source)
    if found is None:
        return []
    name, hours = found
    intervals = {interval for schedule in hours.schedules for day in schedule.week.values() for interval in day}
    link = f"{name}#service-hours"
    problems = []
    for language in dict.fromkeys([source, *languages]):
        statements = [(channels, kind, re.compile(pattern, re.I)) for channels, kind, pattern in STATEMENTS.get(language, ())]
        for path in sorted((docs_dir / language).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if is_awaiting(text):
                continue
            shown = f"{shown_docs}/{path.relative_to(docs_dir).as_posix()}"
            front, body = split_front_matter(text)
            first = text.count("\n", 0, len(text) - len(body)) + 1 if front is not None else 1
            for number, line in enumerate(body.split("\n"), start=first):
                if any(marker in line for marker in MARKERS.values()):
                    continue
                for match in TIME_RANGE.finditer(line):
                    start, end = int(match[1]) * 60 + int(match[2]), int(match[3]) * 60 + int(match[4])
                    if (start, end) not in intervals:
                        problems.append(Disagreement(
                            shown, number, f"`{match[0]}` is not an opening interval in the service hours of "
                            f"{source}/{name}", f"link to {link} instead of repeating the hours, or correct it to "
                            f"one of: {_ranges(intervals, language)}"))
                problems += _response_problems(statements, hours, line, shown, number, name, source)
    return sorted(problems)


def _response_problems(statements, hours: ServiceHours, line: str, shown: str, number: int, name: str,
                       source: str) -> list[Disagreement]:
    problems = []
    for channels, kind, pattern in statements:
        values = {value for channel, (unit, value) in hours.response_times.items() if channel in channels and unit == kind}
        for match in pattern.finditer(line) if values else ():
            if int(match[1]) not in values:
                problems.append(Disagreement(
                    shown, number, f"{match[1]} {_UNITS[kind]} for {' or '.join(channels)} disagrees with the response "
                    f"times of {source}/{name} ({', '.join(map(str, sorted(values)))})",
                    f"link to {name}#response-times instead of repeating the time, or correct the number"))
    return problems


def _ranges(intervals: set[tuple[int, int]], language: str) -> str:
    return ", ".join(f"{time_text(a, language)}–{time_text(b, language)}" for a, b in sorted(intervals))
