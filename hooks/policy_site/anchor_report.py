"""Heading ids and links of every page in every language, for scripts/check and scripts/translation-status (no MkDocs).

A translation is compared with the source text it translates: the source page as it was in the
version the translation follows (policy_site.freshness), so a new English heading is not an error in
translations that are merely outdated (they show readers a notice; their translator adds the heading
and its id when updating). A translation that matches the current source is fine as well (e.g. a hub
that `scripts/new-policy` gave the new policy's line). Stubs awaiting translation and missing pages
show the source page and are not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .anchors import Problem, lint_source, lint_translation
from .freshness import freshness, history_for
from .history import History
from .translation_status import is_awaiting, source_pages

__all__ = ["anchor_problems"]


def anchor_problems(docs_dir: Path, source: str, languages: Iterable[str], shown_prefix: str = "docs",
                    history: History | None = None) -> dict[str, list[Problem]]:
    """Problems per language (the source's own: headings without an id), in page order."""
    history = history if history is not None else history_for(docs_dir)
    pages = source_pages(docs_dir, source)
    shown = lambda lang, page: f"{shown_prefix}/{lang}/{page}"  # noqa: E731
    current = {page: (docs_dir / source / page).read_text(encoding="utf-8", errors="replace") for page in pages}
    found: dict[str, list[Problem]] = {source: [p for page in pages for p in lint_source(current[page], shown(source, page))]}
    followed = _followed_texts(docs_dir, source, languages, pages, history)
    for language in languages:
        if language == source:
            continue
        found[language] = []
        for page in pages:
            path = docs_dir / language / page
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if is_awaiting(text):
                continue
            now = lint_translation(text, shown(language, page), current[page], shown(source, page))
            base = followed.get((language, page))
            if now and base is not None and base != current[page]:
                then = lint_translation(text, shown(language, page), base, shown(source, page) + " (the version "
                                        "this translation follows)")
                now = then if then else []
            found[language].extend(now)
    return found


def _followed_texts(docs_dir: Path, source: str, languages: Iterable[str], pages: list[str],
                    history: History) -> dict[tuple[str, str], str]:
    """The source text each translation follows, when git can tell (one cat-file process for all)."""
    blobs: dict[tuple[str, str], str] = {}
    for language in languages:
        if language == source:
            continue
        for page in pages:
            if not (docs_dir / language / page).is_file():
                continue
            state = freshness(docs_dir, page, language, source, history)
            if len(state.follows) == 1 and state.follows[0].blob:
                blobs[(language, page)] = state.follows[0].blob
    if not blobs or history.repo_root is None:
        return {}
    texts = history.read_texts(set(blobs.values()))
    return {key: texts[blob] for key, blob in blobs.items() if blob in texts}
