"""Contact channels, service hours and response times as data (issue 17 item 5).

The data lives once, in the source-language contact policy's front matter (`service_hours:` and
`response_times:`, shape in policy.schema.json); a change to it is a change of that policy. This
module reads it, checks what the schema cannot (time zone, interval order), and turns it into what
pages show: the hours table and response times in a language (Babel), the badge's data, and
schema.org OpeningHoursSpecification. No MkDocs here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from babel.dates import format_time, get_day_names, get_timezone_location

from .dates import locale_for, show_date
from .history import History, State
from .messages import counted, messages
from .frontmatter import split_text
from .past_versions import plan_policy, read_texts

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # Python's weekday() order
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Where a page shows the data: a line of its own in the Markdown, replaced by the rendered partial.
MARKERS = {"hours": "<!-- service-hours -->", "response_times": "<!-- response-times -->"}
DAY_END = 24 * 60
DATA_KEYS = ("service_hours", "response_times")  # front matter of the source-language page only


@dataclass(frozen=True)
class Schedule:
    """The weekly hours of one or more channels: weekday (0 = Monday) -> (start, end) minutes after midnight."""

    channels: tuple[str, ...]
    week: Mapping[int, tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class ServiceHours:
    time_zone: str
    schedules: tuple[Schedule, ...]
    closed_on: tuple[dt.date, ...]
    response_times: Mapping[str, tuple[str, int]]  # channel -> ("minutes" | "business_days", value)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _intervals(values: Any) -> tuple[tuple[int, int], ...]:
    return tuple((_minutes(start), _minutes(end)) for start, end in (str(v).split("-") for v in values or ()))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_service_hours(meta: Mapping[str, Any]) -> ServiceHours | None:
    """The data of a page's front matter, or None when it has none or it cannot be read.

    Current pages are validated before this runs; an old version from git that does not read is shown
    with its prose alone (callers say so).
    """
    hours = meta.get("service_hours")
    if not isinstance(hours, Mapping):
        return None
    try:
        schedules = tuple(Schedule(tuple(item["channels"]), {day: _intervals(item.get(name))
                                                             for day, name in enumerate(WEEKDAYS) if item.get(name)})
                          for item in hours["schedules"])
        times = {str(channel): next(iter(value.items())) for channel, value in (meta.get("response_times") or {}).items()}
        return ServiceHours(str(hours["time_zone"]), schedules,
                            tuple(sorted(_date(day) for day in hours.get("closed_on") or ())),
                            {channel: (str(kind), int(value)) for channel, (kind, value) in times.items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def hours_problems(meta: Mapping[str, Any], line_of: Callable[[tuple], int]) -> list[tuple[int, str, str]]:
    """(line, message, fix) for what the schema cannot check: the time zone, and the order of intervals."""
    hours = meta.get("service_hours")
    if not isinstance(hours, Mapping):
        return []
    problems = []
    zone = str(hours.get("time_zone", ""))
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append((line_of(("service_hours", "time_zone")), f"`service_hours.time_zone: {zone}` is not a time zone",
                         "write an IANA time zone name, e.g. Europe/Riga"))
    seen: dict[str, int] = {}
    for number, item in enumerate(hours.get("schedules") or ()):
        for channel in item.get("channels") or ():
            if channel in seen:
                problems.append((line_of(("service_hours", "schedules", number, "channels")),
                                 f"channel `{channel}` has hours in two schedules",
                                 "list each channel in one schedule only"))
            seen[channel] = number
        for name in WEEKDAYS:
            intervals = _intervals(item.get(name))
            ends = [0] + [end for _, end in intervals]
            for (start, end), before in zip(intervals, ends):
                if end <= start or start < before:
                    problems.append((line_of(("service_hours", "schedules", number, name)),
                                     f"the hours of `{name}` in schedule {number + 1} are not in order: "
                                     + ", ".join(map(str, item.get(name))),
                                     'write each interval as "HH:MM-HH:MM" with its end after its start, '
                                     'earliest first, without overlaps, e.g. ["09:00-13:00", "14:00-18:00"]'))
                    break
    return problems


# --- which version's data a page shows -----------------------------------------------------------------

def effective_of(meta: Mapping[str, Any]) -> dt.date | None:
    value = meta.get("effective")
    return value if isinstance(value, dt.date) else None


def version_fronts(history: History, src_uri: str, day: dt.date) -> list[tuple[int, str, dict[str, Any]]]:
    """(number, status, front matter) of every committed version of `src_uri` (e.g. "en/contact.md"), newest first."""
    if history.state not in (State.COMPLETE, State.SHALLOW):
        return []
    plan = plan_policy(src_uri, history, day)
    texts = read_texts(history, (v.blob for v in plan.versions))
    return [(v.number, v.status, split_text(texts[v.blob])[0]) for v in reversed(plan.versions) if v.blob in texts]


def source_front(history: History, docs_dir: Path, source: str, name: str, effective: dt.date | None,
                 day: dt.date) -> dict[str, Any] | None:
    """The front matter of the source-language page `name` in its version with `effective` (the data every
    language shows for that version): the file itself when it is that version, else git's; None if none is."""
    path = Path(docs_dir) / source / name
    if effective is None or not path.is_file():
        return None
    meta, _ = split_text(path.read_text(encoding="utf-8"))
    if effective_of(meta) == effective:
        return meta
    return next((m for _, _, m in version_fronts(history, f"{source}/{name}", day) if effective_of(m) == effective),
                None)


# --- what pages show ---------------------------------------------------------------------------------

def time_text(minutes: int, language: str) -> str:
    """A time of day as the language writes it (Babel's short time), e.g. '09:00'."""
    if minutes >= DAY_END:
        return "24:00"
    return format_time(dt.time(minutes // 60, minutes % 60), format="short", locale=locale_for(language))


def _range_text(intervals: tuple[tuple[int, int], ...], language: str) -> list[str]:
    return [f"{time_text(start, language)}–{time_text(end, language)}" for start, end in intervals]


def channel_names(channels: tuple[str, ...], language: str) -> str:
    """The channels' names as one label: "Phone, live chat" (names after the first in lower case, as in a list)."""
    text = messages(language)
    names = [text[f"channel_{channel}"] for channel in channels]
    return ", ".join([names[0], *(name[:1].lower() + name[1:] for name in names[1:])])


def hours_table(hours: ServiceHours, language: str) -> dict[str, Any]:
    """The hours table in `language`: one row per weekday, one column per schedule."""
    text = messages(language)
    locale = locale_for(language)
    names = get_day_names("wide", context="stand-alone", locale=locale)
    rows = [{"day": names[day], "key": WEEKDAYS[day],
             "cells": [_range_text(schedule.week.get(day, ()), language) for schedule in hours.schedules]}
            for day in range(7)]
    city = get_timezone_location(hours.time_zone, locale=locale, return_city=True)
    return {"text": text, "city": city, "columns": [channel_names(s.channels, language) for s in hours.schedules], "rows": rows,
            "closed_on": [show_date(day, language) for day in hours.closed_on]}


def response_rows(hours: ServiceHours, language: str) -> list[dict[str, str]]:
    return [{"channel": messages(language)[f"channel_{channel}"],
             "time": counted(language, f"response_{kind}", value)}
            for channel, (kind, value) in hours.response_times.items()]


def badge_data(hours: ServiceHours, language: str) -> dict[str, Any]:
    """What the browser needs to say "open now" in the shop's time zone, with the table's texts."""
    text = messages(language)
    locale = locale_for(language)
    names = get_day_names("wide", context="format", locale=locale)
    return {
        "timeZone": hours.time_zone,
        "closedOn": [day.isoformat() for day in hours.closed_on],
        "days": [names[day] for day in range(7)],
        "schedules": [{"label": channel_names(s.channels, language),
                       "week": [[[start, end, time_text(start, language), time_text(end, language)]
                                 for start, end in s.week.get(day, ())] for day in range(7)]}
                      for s in hours.schedules],
        "text": {key: text[f"hours_badge_{key}"] for key in ("open", "opens_today", "opens_tomorrow", "opens_on",
                                                                 "closed")},
    }


def opening_hours_specification(schedule: Schedule, closed_on: tuple[dt.date, ...]) -> list[dict[str, Any]]:
    """schema.org OpeningHoursSpecification of one schedule: days with the same hours together, closures as
    a day that opens and closes at 00:00 (schema.org's way to say closed)."""
    by_hours: dict[tuple, list[str]] = {}
    for day in range(7):
        for interval in schedule.week.get(day, ()):
            by_hours.setdefault(interval, []).append(f"https://schema.org/{SCHEMA_DAYS[day]}")
    found = [{"@type": "OpeningHoursSpecification", "dayOfWeek": days,
              "opens": _schema_time(start), "closes": _schema_time(end)}
             for (start, end), days in sorted(by_hours.items())]
    found += [{"@type": "OpeningHoursSpecification", "validFrom": day.isoformat(), "validThrough": day.isoformat(),
               "opens": "00:00", "closes": "00:00"} for day in closed_on]
    return found


def _schema_time(minutes: int) -> str:
    return "23:59" if minutes >= DAY_END else f"{minutes // 60:02d}:{minutes % 60:02d}"


def organisation_jsonld(hours: ServiceHours, name: str, url: str, language: str) -> dict[str, Any]:
    """The shop as schema.org sees it: a ContactPoint per channel schedule, the showroom as a Store."""
    points, places = [], []
    for schedule in hours.schedules:
        spec = opening_hours_specification(schedule, hours.closed_on)
        label = channel_names(schedule.channels, language)
        if schedule.channels == ("showroom",):
            places.append({"@type": "Store", "name": label, "openingHoursSpecification": spec})
        else:
            points.append({"@type": "ContactPoint", "contactType": label, "hoursAvailable": spec})
    document: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url,
                                "contactPoint": points}
    if places:
        document["department"] = places
    return document
