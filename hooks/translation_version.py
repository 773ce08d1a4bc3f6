"""Warn, so that a --strict build fails, when a translation claims another version than the source
version it was translated from (policy_site.translation_version): file, line of `effective`, fix."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policy_site.translation_version import version_problem
from site_context import build_history_or_unread, current_language, languages, shown_docs_dir, source_language, \
    translated_page

# Under `mkdocs`, so --strict counts it; the message starts with the file, as front matter errors do.
log = logging.getLogger("mkdocs.plugins.policy_site.translation_version")

def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    page_name = translated_page(config, page.file)
    if page_name is None:
        return None
    language, source = current_language(config), source_language(config)
    history = build_history_or_unread(config)
    name = next((lang["name"] for lang in languages(config) if lang["locale"] == source), source)
    problem = version_problem(config.docs_dir, page_name, language, source, history,
                              source_name=name, shown_prefix=shown_docs_dir(config))
    if problem is not None:
        log.warning(str(problem))
    return None
