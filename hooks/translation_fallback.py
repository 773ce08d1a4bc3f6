"""Never show an untranslated page as if it were translated.

static-i18n already serves the source page when a language lacks a file. A stub marked
`translation: awaiting` (scripts/new-policy writes one per language) gets the same treatment: its
language's build reads the source file instead. Every such page then carries a short notice, in the
reader's language, that the text is the source-language original.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policy_site.messages import messages
from policy_site.translation_status import is_awaiting
from site_context import current_language, source_language

_FIRST_HEADING = re.compile(r"^# .*$", re.M)


@event_priority(-110)  # after static-i18n (-100) has chosen each page's file for this language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language, source = current_language(config), source_language(config)
    if language == source:
        return files
    for file in files.documentation_pages():
        if getattr(file, "locale", None) != language or file.abs_src_path is None:
            continue
        original = Path(config.docs_dir) / source / file.norm_src_uri
        if original.is_file() and is_awaiting(file.content_string):
            # Keep the File (its URL and language alternates stay right); read the source text instead.
            file.abs_src_path = str(original)
            file.locale = source
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    language, source = current_language(config), source_language(config)
    if language == source or getattr(page.file, "locale", language) != source:
        return markdown
    text = messages(language)
    notice = f'!!! info "{text["untranslated_title"]}"\n    {text["untranslated_text"]}\n'
    heading = _FIRST_HEADING.search(markdown)
    if heading is None:
        return f"{notice}\n{markdown}"
    return f"{markdown[:heading.end()]}\n\n{notice}{markdown[heading.end():]}"
