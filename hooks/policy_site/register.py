"""The policy register: every source-language policy with its dates, review state, versions and
translations, for editors and auditors (no MkDocs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .freshness import history_for
from .frontmatter import FrontMatterError, read_front_matter
from .history import HISTORY_UNREADABLE, State, read_history
from .review import Review, review_of
from .translation_status import TranslationStatus, page_status, source_pages
from .validation import is_policy
from .versions import build_versions


@dataclass(frozen=True)
class VersionCounts:
    """Versions per source page (e.g. 'returns.md'); `complete` is False in a shallow clone."""

    counts: Mapping[str, int]
    complete: bool = True


@dataclass(frozen=True)
class PolicyEntry:
    """One row of the register."""

    page: str  # relative to the source language folder, e.g. 'returns.md'
    title: str
    owner: str
    effective: dt.date | None
    last_reviewed: dt.date | None
    review_by: dt.date | None
    review: Review | None  # None when review_by is missing or not a date (validation reports it)
    versions: int | None  # None when git history is unavailable
    translations: Mapping[str, TranslationStatus]
    lines: Mapping[str, int]  # 1-based line of each front matter key, for messages


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def read_register(docs_dir: Path, source: str, languages: Iterable[str], today: dt.date,
                  versions: VersionCounts | None = None) -> list[PolicyEntry]:
    """Every policy of the source language, most urgent review first, then by title.

    Pages whose front matter cannot be read are left out: the validation hook fails the build on them.
    """
    others = [language for language in languages if language != source]
    history = history_for(docs_dir)  # one git read for every page_status below (outdated translations)
    entries = []
    for page in source_pages(docs_dir, source):
        path = docs_dir / source / page
        try:
            front = read_front_matter(path.read_text(encoding="utf-8"), str(path))
        except (FrontMatterError, UnicodeDecodeError):
            continue
        if not is_policy(page, front.data):
            continue
        data = front.data
        review_by = _date(data.get("review_by"))
        entries.append(PolicyEntry(
            page=page,
            title=str(data.get("title") or page),
            owner=str(data.get("owner") or ""),
            effective=_date(data.get("effective")),
            last_reviewed=_date(data.get("last_reviewed")),
            review_by=review_by,
            review=review_of(review_by, today) if review_by else None,
            versions=versions.counts.get(page) if versions else None,
            translations={language: page_status(docs_dir, page, language, source, history)
                          for language in others},
            lines=front.lines,
        ))
    return sorted(entries, key=lambda e: (e.review_by or dt.date.max, e.title.casefold()))


def version_counts(docs_dir: Path, source: str) -> VersionCounts | None:
    """Versions of each source page from git history; None without git or outside a repository."""
    try:
        history = read_history(docs_dir)
    except HISTORY_UNREADABLE:
        return None
    if history.state in (State.NO_GIT, State.NOT_A_REPO):
        return None
    prefix = f"{source}/"
    counts = {path[len(prefix):]: len(build_versions(path, changes).versions)
              for path, changes in history.files.items() if path.startswith(prefix)}
    return VersionCounts(counts, complete=history.state == State.COMPLETE)
