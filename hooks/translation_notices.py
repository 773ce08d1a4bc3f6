"""Tell readers when a translation is behind its source page, and give translators a status page.

* An outdated translation (policy_site.freshness: the source has a commit its base lacks) gets a notice at
  the top, in the page's language: since when the source changed, with a link to the current source page.
* `<link rel="alternate" hreflang="x-default">` to the source page (Material prints one per language
  from static-i18n's alternates; partials/policy-hreflang.html adds the default).
* /editors/translations/ (source-language build only, not in the navigation or search) lists every
  page × language: up to date / outdated since <date> / awaiting / missing, with the source commit id
  a translator puts in `source_reviewed`. The register (/editors/register/) links to it.
* /editors/translations/<lang>/<page>/ for each outdated translation: the source page's diff from the
  version the translation follows to now (policy_site.source_diff, rendered like a version diff),
  linked from the status cell. Source language only, noindex, not in search.

Untranslated pages (missing or `translation: awaiting`) get their notice from translation_fallback.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.diff_outline import compared
from policy_site.freshness import freshness
from policy_site.frontmatter import front_matter_block
from policy_site.messages import messages
from policy_site.source_diff import followed_texts, translation_changes
from policy_site.translation_diff import TextBlocks, outdated_notice, translation_diff
from policy_site.translation_report import OUTDATED, status_report
from blank_pages import blank_aware
from site_context import build_history_or_unread, current_language, languages, render_cache, source_language, \
    theme_template, translated_page
from stored_fragments import markdown_renderer

STATUS_URI = "editors/translations.md"
REGISTER_URI = "editors/register.md"  # hooks/policy_register.py; its template links here
TEMPLATE = "policy-translations.html"
DIFF_TEMPLATE = "policy-translation-diff.html"
DIFF_FOLDER = "editors/translations"

_diff_pages: dict[str, dict[str, tuple[str, str]]] = {}  # docs_dir -> src_uri -> (language, page)
_reports: dict[str, Any] = {}  # docs_dir -> this build's translation status report
# docs_dir -> the source texts the outdated translations follow, by blob id (read in one git process),
# and the text blocks of each distinct text compared (a source page is compared for every language).
_followed: dict[str, dict[str, str]] = {}
_blocks: dict[str, TextBlocks] = {}


@event_priority(-110)  # after static-i18n (-100), which drops files that live in no language folder
def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = source_language(config)
    if current_language(config) != source:
        return files
    meta = {"title": messages(source)["translations_title"], "template": TEMPLATE, "policy": False,
            "search": {"exclude": True}, "hide": ["navigation"]}
    content = front_matter_block(meta)
    files.append(File.generated(config, STATUS_URI, content=content))
    _diff_pages[config.docs_dir] = {}
    history = build_history_or_unread(config)
    report = _reports[config.docs_dir] = status_report(
        Path(config.docs_dir), source, {lang["locale"]: lang["name"] for lang in languages(config)}, history)
    for language in report.languages:
        for cell in language.cells:
            if cell.status != OUTDATED:
                continue
            uri = f"{DIFF_FOLDER}/{language.locale}/{cell.page}"
            title = messages(source)["translations_diff_title"].format(page=cell.page, source=source,
                                                                        language=language.locale)
            meta = {**meta, "title": title, "template": DIFF_TEMPLATE}
            files.append(blank_aware(File.generated(config, uri, content=front_matter_block(meta)), config))
            _diff_pages[config.docs_dir][uri] = (language.locale, cell.page)
    _followed[config.docs_dir] = followed_texts(Path(config.docs_dir), _diff_pages[config.docs_dir].values(), source,
                                                history)
    _blocks[config.docs_dir] = TextBlocks(lambda text: markdown_renderer(config).convert(text))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    _followed.pop(config.docs_dir, None)
    _blocks.pop(config.docs_dir, None)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language, source = current_language(config), source_language(config)
    if page.file.src_uri == STATUS_URI:
        return _status_page(context, config, source, page)
    if page.file.src_uri in _diff_pages.get(config.docs_dir, {}):
        return _diff_page(context, config, source, page)
    if page.file.src_uri == REGISTER_URI:
        context["policy_translations_link"] = {"url": get_relative_url("editors/translations/", page.url),
                                               "title": messages(source)["translations_link"]}
        return context
    context["policy_source_language"] = source  # for hreflang x-default (partials/policy-hreflang.html)
    name = translated_page(config, page.file)
    if name is None:
        return context  # a fallback tells the reader itself (translation_fallback.py)
    history = build_history_or_unread(config)
    state = freshness(config.docs_dir, name, language, source, history)
    if not state.outdated:
        return context
    prefix = f"{language}/"
    source_url = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    context.setdefault("policy_notices", []).insert(0, outdated_notice(
        state, get_relative_url(source_url or ".", page.url or "."), language, source, messages(language)))
    return context


def _status_page(context: dict[str, Any], config: MkDocsConfig, source: str, page: Page) -> dict[str, Any]:
    diff_urls = {f"{language}/{name}": get_relative_url(uri[:-len(".md")] + "/", page.url)
                 for uri, (language, name) in _diff_pages.get(config.docs_dir, {}).items()}
    context["policy_translations"] = {
        "text": messages(source),
        "report": _reports[config.docs_dir].as_dict(),  # made by on_files in this build
        "diff_urls": diff_urls,
    }
    return context


def _diff_page(context: dict[str, Any], config: MkDocsConfig, source: str, page: Page) -> dict[str, Any]:
    """The source page's changes an outdated translation lacks, rendered like a version diff."""
    language, name = _diff_pages[config.docs_dir][page.file.src_uri]
    history = build_history_or_unread(config)
    change = translation_changes(Path(config.docs_dir), name, language, source, history,
                                 _followed.get(config.docs_dir))
    shown = translation_diff(change, page.title, name, language, source, messages(source))
    # The body (summary and text of the diff) depends on the two texts and the words only: rendered once.
    cache = render_cache(config)
    key = cache.key("translation-diff", shown.texts, shown.diff)
    body = cache.get(key)
    if body is None:
        body = theme_template(config, "partials/policy-diff-body.html").render(diff={
            **shown.diff, **compared(*map(_blocks[config.docs_dir], shown.texts), source)})
        cache.put(key, body)
    context["diff"] = {**shown.diff, "body": body, "note": shown.note, "intro": shown.intro,
                       "status_url": get_relative_url("editors/translations/", page.url),
                       "script_url": get_relative_url("assets/javascripts/policy-diff.js", page.url)}
    return context
