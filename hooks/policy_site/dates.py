"""Dates as readers of each language write them (Babel), in the grammatical form each message needs.

A shown date is a dict with the ISO form (`iso`) and Babel's long date (`text`), plus the case forms
of its language from date_forms.yml (Latvian genitive, dative, locative; Estonian elative, adessive,
terminative). Messages choose the form with a format spec: `"Spēkā kopš {date:genitive}".format(date=d)`;
a language without that form uses `text`, which already fits (Russian and Belarusian dates are in the
genitive, Thai and English have no cases). Templates call `date.form("genitive")`.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names

FORMS_FILE = Path(__file__).with_name("date_forms.yml")
# Every form a message may name; a misspelt one is an error, not a silent nominative.
CASES = ("genitive", "dative", "locative", "elative", "adessive", "terminative")

_locales: dict[str, str] = {}


def configure_locales(locales: Mapping[str, str] | None) -> None:
    """Which Babel locale each site language uses (mkdocs.yml `extra.policy_site.locales`,
    e.g. {en: en_GB}); a language not listed uses its own code."""
    wanted = {str(language): str(locale) for language, locale in (locales or {}).items()}
    if wanted != _locales:
        _locales.clear()
        _locales.update(wanted)
        locale_for.cache_clear()
        _long_date.cache_clear()


def unknown_locales(locales: Mapping[str, str]) -> list[tuple[str, str]]:
    """(language, locale) pairs of `locales` that Babel cannot parse, for a clear configuration error."""
    bad = []
    for language, code in locales.items():
        try:
            Locale.parse(str(code).replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            bad.append((str(language), str(code)))
    return bad


class ShownDate(dict):
    """{"iso": "2026-02-01", "text": "2026. gada 1. februāris", "genitive": ..., ...}."""

    def form(self, name: str = "") -> str:
        """The date in grammatical form `name` ('' for `text`); `text` where the language has no such form."""
        if name and name not in CASES:
            raise ValueError(f"unknown date form {name!r}: use one of {', '.join(CASES)} (or none)")
        return self.get(name) or self["text"] if name else self["text"]

    def __format__(self, spec: str) -> str:
        return self.form(spec)


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """Babel's locale for a site language code (e.g. 'th', 'pt-BR'); English if Babel lacks it."""
    for code in (_locales.get(language), language):
        if not code:
            continue
        try:
            return Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def language_name(language: str, reader: str) -> str:
    """`language` ('en') named in `reader`'s language ('angļu'), from Babel's CLDR data; else the code."""
    return locale_for(reader).languages.get(locale_for(language).language) or language


def show_date(value: dt.date | dt.datetime, language: str) -> ShownDate:
    """`value` as a long date in `language`, e.g. '1 March 2026', '1 มีนาคม พ.ศ. 2569', with its case forms."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return ShownDate(iso=day.isoformat(), **_long_date(day, language))


@lru_cache(maxsize=4096)
def _long_date(day: dt.date, language: str) -> Mapping[str, str]:
    # Every page shows a handful of dates, mostly the same ones: Babel's formatting is the cost.
    locale = locale_for(language)
    rules = _forms().get(language.split("-")[0], {})
    pattern = rules.get("pattern")
    if isinstance(pattern, str):
        text = format_date(day, format=pattern.format(buddhist_year=day.year + 543), locale=locale)
    else:
        text = format_date(day, format="long", locale=locale)
    shown = {"text": text}
    month = get_month_names("wide", context="format", locale=locale)[day.month]
    for case in CASES:
        names = rules.get(case)
        if names and month in text:
            shown[case] = text.replace(month, names[day.month - 1], 1)
    return MappingProxyType(shown)


@lru_cache(maxsize=1)
def _forms() -> Mapping[str, Mapping[str, object]]:
    data = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8")) or {}
    for language, rules in data.items():
        for case, names in rules.items():
            if case != "pattern" and (case not in CASES or not isinstance(names, list) or len(names) != 12):
                raise ValueError(f"{FORMS_FILE}: {language}.{case} must be one of {', '.join(CASES)} "
                                 "with 12 month names, January to December")
    return data


def today() -> dt.date:
    """The build's today; POLICY_SITE_TODAY=YYYY-MM-DD pins it for tests and reproducible builds."""
    pinned = os.environ.get("POLICY_SITE_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
