"""Dates as readers of each language write them (Babel), plus the machine-readable ISO form."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from typing import TypedDict

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


class ShownDate(TypedDict):
    iso: str
    text: str


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """Babel's locale for a site language code (e.g. 'th', 'pt-BR'); English if Babel lacks it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def show_date(value: dt.date | dt.datetime, language: str) -> ShownDate:
    """`value` as a long date in `language`, e.g. '1 March 2026', '1 มีนาคม 2026'."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return {"iso": day.isoformat(), "text": _long_date(day, language)}


@lru_cache(maxsize=4096)
def _long_date(day: dt.date, language: str) -> str:
    # Every page shows a handful of dates, mostly the same ones: Babel's formatting is the cost.
    return format_date(day, format="long", locale=locale_for(language))


def today() -> dt.date:
    """The build's today; POLICY_SITE_TODAY=YYYY-MM-DD pins it for tests and reproducible builds."""
    pinned = os.environ.get("POLICY_SITE_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
