"""The translators' status report: every source page × language, for scripts/translation-status and
the site's /editors/translations/ page (no MkDocs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .freshness import FreshnessState, freshness, history_for, review_commit
from .history import History, State
from .translation_status import TranslationStatus, page_status, source_pages

# Statuses in report order; "unknown" is a translated page whose freshness git cannot tell.
UP_TO_DATE, OUTDATED, AWAITING, MISSING, UNKNOWN = "up-to-date", "outdated", "awaiting", "missing", "unknown"
STATUSES = (UP_TO_DATE, OUTDATED, AWAITING, MISSING, UNKNOWN)


@dataclass(frozen=True)
class Cell:
    page: str
    status: str
    since: str | None = None  # ISO date of the first source change the translation lacks (outdated)
    pending: int = 0  # how many source commits it lacks
    note: str = ""


@dataclass(frozen=True)
class LanguageReport:
    locale: str
    name: str
    cells: list[Cell]
    totals: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    source: str
    history: str  # State value: "complete", "shallow", "no-git", "not-a-repo"
    pages: list[str]
    source_commits: dict[str, str | None]  # page -> a commit with every source change (for `source_reviewed`)
    languages: list[LanguageReport]

    @property
    def needs_work(self) -> bool:
        """True when any page is outdated or missing (what `--check` fails on)."""
        return any(lang.totals.get(OUTDATED) or lang.totals.get(MISSING) for lang in self.languages)

    def as_dict(self) -> dict:
        return asdict(self)


def status_report(docs_dir: Path, source: str, names: Mapping[str, str],
                  history: History | None = None) -> Report:
    """Status of every source page in every language of `names` (locale -> name) but the source."""
    history = history if history is not None else history_for(docs_dir)
    pages = source_pages(docs_dir, source)
    commits = {page: review_commit(history, history.changes(f"{source}/{page}")) for page in pages}
    reports = []
    for locale, name in names.items():
        if locale == source:
            continue
        cells = [_cell(docs_dir, page, locale, source, history) for page in pages]
        totals = {status: sum(c.status == status for c in cells) for status in STATUSES}
        reports.append(LanguageReport(locale, name, cells, totals))
    return Report(source, history.state.value, pages, commits, reports)


def _cell(docs_dir: Path, page: str, language: str, source: str, history: History) -> Cell:
    status = page_status(docs_dir, page, language, source, history)
    if status is TranslationStatus.AWAITING:
        return Cell(page, AWAITING)
    if status is TranslationStatus.MISSING:
        return Cell(page, MISSING)
    state = freshness(docs_dir, page, language, source, history)
    if state.state is FreshnessState.OUTDATED:
        return Cell(page, OUTDATED, state.since.date().isoformat(), len(state.pending), state.reason)
    if state.state is FreshnessState.UNKNOWN:
        return Cell(page, UNKNOWN, note=state.reason)
    return Cell(page, UP_TO_DATE, note=state.reason)


__all__ = ["Cell", "LanguageReport", "Report", "STATUSES", "State", "status_report"]
