"""What the record needs from a page's front matter, read from raw bytes without parsing all of it (no MkDocs).

The history reader asks this of every blob of every commit, so `effective` is found by a pattern,
and YAML runs only for a text that has one of the rarer keys.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

__all__ = ["NO_FACTS", "Facts", "front_facts"]

Facts = tuple  # (effective, applies_sooner, notice_days)
NO_FACTS: Facts = (None, None, None)
# Front matter as MkDocs reads it: `---` on the first line, closed by a `---` or `...` line.
_OPEN = re.compile(rb"\A(?:\xef\xbb\xbf)?-{3}[ \t]*\r?\n")
_CLOSE = re.compile(rb"^(?:-{3}|\.{3})[ \t]*\r?$", re.M)
_EFFECTIVE = re.compile(rb"^effective[ \t]*:[ \t]*(['\"]?)(\d{4}-\d{2}-\d{2})\1[ \t]*(?:#.*)?\r?$", re.M)
_RECORD_KEYS = re.compile(rb"^(?:applies_sooner|notice_days)[ \t]*:", re.M)


def front_facts(data: bytes) -> Facts:
    """(`effective` date or None if absent or not a real date, `applies_sooner`, `notice_days`) of a text.

    The two rarer keys are read with YAML only when present; a malformed value counts as absent
    (the page's own validation reports it).
    """
    start = _OPEN.match(data)
    end = _CLOSE.search(data, start.end()) if start else None
    if not end:
        return NO_FACTS
    match = _EFFECTIVE.search(data, start.end(), end.start())
    effective = None
    if match:
        try:
            effective = dt.date.fromisoformat(match.group(2).decode())
        except ValueError:  # e.g. 2026-02-30
            pass
    sooner = notice_days = None
    if _RECORD_KEYS.search(data, start.end(), end.start()):
        try:
            front = yaml.safe_load(data[start.end():end.start()].decode("utf-8", "replace"))
        except (yaml.YAMLError, ValueError):  # PyYAML raises ValueError for a date such as 2026-02-30
            front = None
        if isinstance(front, dict):
            reason = front.get("applies_sooner")
            sooner = " ".join(reason.split())[:300] or None if isinstance(reason, str) else None
            days = front.get("notice_days")
            notice_days = days if isinstance(days, int) and not isinstance(days, bool) and days >= 0 else None
    return effective, sooner, notice_days
