"""Interface text per language, from messages/<lang>.yml, falling back to the source language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml
from babel import Locale, UnknownLocaleError

MESSAGES_DIR = Path(__file__).with_name("messages")
FALLBACK = "en"


@lru_cache(maxsize=None)
def _catalogue(language: str) -> Mapping[str, str]:
    path = MESSAGES_DIR / f"{language}.yml"
    if not path.is_file():
        return MappingProxyType({})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error}); put text containing ': ' in quotes") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path}: every line must be `key: text`")
    return MappingProxyType(data)


@lru_cache(maxsize=None)  # read-only, like the catalogues it merges; hooks ask for it on every page
def messages(language: str) -> Mapping[str, str]:
    """All interface strings for `language`; keys it lacks come from the fallback language."""
    merged = dict(_catalogue(FALLBACK))
    merged.update(_catalogue(language))
    return MappingProxyType(merged)


def missing_messages(language: str) -> list[str]:
    """Keys the fallback language has and `language` lacks (for translators)."""
    return sorted(set(_catalogue(FALLBACK)) - set(_catalogue(language)))


def plural_category(language: str, count: int) -> str:
    """CLDR's plural category of `count` in `language` ('zero', 'one', 'few', 'many' or 'other')."""
    try:
        return Locale.parse(language.replace("-", "_")).plural_form(count)
    except (UnknownLocaleError, ValueError):
        return "one" if count == 1 else "other"


def counted(language: str, key: str, count: int) -> str:
    """Text `key` for `count` things, in the form `language` needs: from `key_one`, `key_few`, ... and
    `key_other` (the keys are per CLDR plural category; a category the language lacks uses `key_other`)."""
    own = _catalogue(language)
    form = f"{key}_{plural_category(language, count)}"
    text = own.get(form) or own.get(f"{key}_other") or messages(language)[f"{key}_other"]
    return text.format(count=count)
