"""Warn about a docs/<lang>/ folder that mkdocs.yml does not list (so --strict fails), naming the fix.

Without this, static-i18n skips such a folder without a word and its pages are silently unpublished.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from policy_site.languages import unlisted_folders
from site_context import languages

log = get_plugin_logger("language_folders")
_warned: set[Path] = set()  # static-i18n runs one build per language in the same process: warn once


def on_pre_build(config: MkDocsConfig) -> None:
    """One warning per unlisted folder of docs_dir."""
    docs_dir = Path(config.docs_dir)
    shown = docs_dir.name
    for folder in unlisted_folders(docs_dir, [lang["locale"] for lang in languages(config)], shown):
        if folder.path not in _warned:
            _warned.add(folder.path)
            log.warning(folder.describe())
