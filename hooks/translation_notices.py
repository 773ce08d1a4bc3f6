"""Tell readers when a translation is behind its source page, and give translators a status page.

* An outdated translation (policy_site.freshness: the source has a commit its base lacks) gets a notice at
  the top, in the page's language: since when the source changed, with a link to the current source page.
* `<link rel="alternate" hreflang="x-default">` to the source page (Material prints one per language
  from static-i18n's alternates; partials/policy-hreflang.html adds the default).
* /editors/translations/ (source-language build only, not in the navigation or search) lists every
  page × language: up to date / outdated since <date> / awaiting / missing, with the source commit id
  a translator puts in `source_reviewed`. The register (/editors/register/) links to it.

Untranslated pages (missing or `translation: awaiting`) get their notice from translation_fallback.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.dates import show_date
from policy_site.freshness import freshness, history_for
from policy_site.history import History
from policy_site.messages import messages
from policy_site.translation_report import status_report
from site_context import current_language, languages, source_language

STATUS_URI = "editors/translations.md"
REGISTER_URI = "editors/register.md"  # hooks/policy_register.py; its template links here
TEMPLATE = "policy-translations.html"

_history: dict[str, History] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    _history[config.docs_dir] = history_for(config.docs_dir)


@event_priority(-110)  # after static-i18n (-100), which drops files that live in no language folder
def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = source_language(config)
    if current_language(config) != source:
        return files
    meta = {"title": messages(source)["translations_title"], "template": TEMPLATE, "policy": False,
            "search": {"exclude": True}, "hide": ["navigation"]}
    content = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"
    files.append(File.generated(config, STATUS_URI, content=content))
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language, source = current_language(config), source_language(config)
    if page.file.src_uri == STATUS_URI:
        return _status_page(context, config, source)
    if page.file.src_uri == REGISTER_URI:
        context["policy_translations_link"] = {"url": get_relative_url("editors/translations/", page.url),
                                               "title": messages(source)["translations_link"]}
        return context
    context["policy_source_language"] = source  # for hreflang x-default (partials/policy-hreflang.html)
    prefix = f"{language}/"
    if language == source or getattr(page.file, "locale", language) != language \
            or not page.file.src_uri.startswith(prefix):
        return context  # the source itself, or a fallback (translation_fallback.py tells the reader)
    history = _history.get(config.docs_dir) or history_for(config.docs_dir)
    state = freshness(config.docs_dir, page.file.src_uri[len(prefix):], language, source, history)
    if not state.outdated:
        return context
    text = messages(language)
    source_url = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    since = show_date(state.since, language)
    context.setdefault("policy_notices", []).insert(0, {
        "id": "translation-outdated", "kind": "warning", "title": text["outdated_title"],
        "text": text["outdated_text"].format(date=since),
        "link": {"url": get_relative_url(source_url or ".", page.url or "."), "title": text["outdated_link"],
                 "hreflang": source},
    })
    return context


def _status_page(context: dict[str, Any], config: MkDocsConfig, source: str) -> dict[str, Any]:
    names = {lang["locale"]: lang["name"] for lang in languages(config)}
    history = _history.get(config.docs_dir) or history_for(config.docs_dir)
    context["policy_translations"] = {
        "text": messages(source),
        "report": status_report(Path(config.docs_dir), source, names, history).as_dict(),
    }
    return context
