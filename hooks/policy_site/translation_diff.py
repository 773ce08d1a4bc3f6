"""An outdated translation as shown (no MkDocs): the notice its readers see, the translators' diff page.

Readers of a translation that lacks a source change see, at the top, since when the source changed and
a link to the source page. /editors/translations/<lang>/<page>/ compares the source text the
translation follows with the source text now (policy_site.source_diff). Its two sides are named by
what they are (the translated commit, now), not by version numbers, and its introduction says what to
translate and the terminal command that prints the same diff. The hook renders the diff body
(hooks/translation_notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .dates import show_date
from .diff import Block, blocks_from_html
from .freshness import Freshness
from .frontmatter import split_front_matter
from .source_diff import SourceChange

__all__ = ["TextBlocks", "TranslationDiff", "outdated_notice", "translation_diff"]


def outdated_notice(state: Freshness, source_url: str, language: str, source: str,
                    text: Mapping[str, str]) -> dict[str, Any]:
    """The warning at the top of an outdated translation (`state.outdated`), in its language (`text`)."""
    return {"id": "translation-outdated", "kind": "warning", "title": text["outdated_title"],
            "text": text["outdated_text"].format(date=show_date(state.since, language)),
            "link": {"url": source_url, "title": text["outdated_link"], "hreflang": source}}


@dataclass(frozen=True)
class TranslationDiff:
    texts: tuple[str, str]  # the source texts compared, without front matter: what the translation follows, now
    diff: dict[str, Any]  # title, policy_title, text (the interface's words), old and new sides' names
    note: str  # e.g. several source versions followed (merged branches)
    intro: str


def translation_diff(change: SourceChange | None, title: str, page: str, language: str, source: str,
                     text: Mapping[str, str]) -> TranslationDiff:
    """The diff page of `page` in `language`, in the source language's words (`text`); no change: both sides empty."""
    words = dict(text)
    commit = change.base_commit[:7] if change and change.base_commit else "—"
    words["diff_side_label"] = "{number}"  # the sides are named by what they are, not by version numbers
    old, new = (change.old, change.new) if change else ("", "")
    diff = {"title": title, "policy_title": page, "text": words,
            "old": {"number": words["translations_diff_old"].format(commit=commit)},
            "new": {"number": words["translations_diff_new"]}}
    intro = words["translations_diff_intro"].format(source=source, page=page, language=language, commit=commit,
                                                    locale=language, stem=page[:-len(".md")])
    return TranslationDiff((split_front_matter(old)[1], split_front_matter(new)[1]), diff,
                           change.note if change else "", intro)


@dataclass
class TextBlocks:
    """The blocks of each distinct Markdown text, rendered once: a source page is compared for every language."""

    render: Callable[[str], str]  # Markdown to HTML, as readers see it
    known: dict[str, list[Block]] = field(default_factory=dict)

    def __call__(self, text: str) -> list[Block]:
        if text not in self.known:
            self.known[text] = blocks_from_html(self.render(text))
        return self.known[text]
