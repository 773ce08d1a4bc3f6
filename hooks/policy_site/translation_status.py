"""Whether each page exists, translated, in each language (no MkDocs, no git yet).

`page_status` is the one place that decides a page's status in a language: git-based
"outdated" (the source changed after the translation was checked) belongs there.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .freshness import freshness, history_for
from .history import History
from .page_texts import AWAITING_VALUE, is_awaiting, page_text  # the first two also for callers of this module


class TranslationStatus(enum.StrEnum):
    """A page's state in one language."""

    SOURCE = "source"  # the page is in the source language
    TRANSLATED = "translated"
    OUTDATED = "outdated"  # translated, but the source changed in git since (policy_site.freshness)
    AWAITING = "awaiting"  # a stub with `translation: awaiting`; the source text is shown instead
    MISSING = "missing"  # no file: the source text is shown instead


def page_status(docs_dir: Path, page: str, language: str, source: str,
                history: History | None = None) -> TranslationStatus:
    """Status of `page` (e.g. 'returns.md') in `language`, judged from the files in `docs_dir` and git.

    A translated page whose source has a commit the translation's base lacks is OUTDATED (see policy_site.freshness;
    unknown freshness, e.g. without git, counts as TRANSLATED). Pass `history` when judging many pages.
    """
    if language == source:
        return TranslationStatus.SOURCE
    translation = page_text(docs_dir / language / page)
    if translation is None:
        return TranslationStatus.MISSING
    if translation.awaiting:
        return TranslationStatus.AWAITING
    if freshness(docs_dir, page, language, source, history).outdated:
        return TranslationStatus.OUTDATED
    return TranslationStatus.TRANSLATED


@dataclass(frozen=True)
class PageTranslations:
    """One source page and its status in every other language, in the configured order."""

    page: str
    statuses: dict[str, TranslationStatus]

    def with_status(self, status: TranslationStatus) -> list[str]:
        return [language for language, value in self.statuses.items() if value == status]


def source_pages(docs_dir: Path, source: str) -> list[str]:
    """Markdown pages of the source language, relative to its folder, sorted."""
    folder = docs_dir / source
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))


def translation_table(docs_dir: Path, source: str, languages: Iterable[str]) -> list[PageTranslations]:
    """Every source page with its status in each language other than the source."""
    targets = [language for language in languages if language != source]
    history = history_for(docs_dir)  # one git read for the whole table
    return [PageTranslations(page, {language: page_status(docs_dir, page, language, source, history)
                                    for language in targets})
            for page in source_pages(docs_dir, source)]
