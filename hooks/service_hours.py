"""Service hours as data (issue 17 item 5): the contact policy's `service_hours` and `response_times`,
rendered where its Markdown has the line `<!-- service-hours -->` or `<!-- response-times -->`.

Every language shows the data of the source-language version it follows (the source page's version
with the same `effective`), so translators never copy numbers; a version page shows that version's
data, so old pages show the hours as they were. The page in force also gets the live badge's data
and schema.org OpeningHoursSpecification (partials/policy-service-hours-head.html).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.service_hours import DATA_KEYS, MARKERS, badge_data, effective_of, organisation_jsonld, \
    read_service_hours
from build_notices import notice
from shown_hours import data_of, rendered_parts, versions_front, with_hours
from site_context import current_language, source_language

log = get_plugin_logger("service_hours")
_VERSION_PAGE = re.compile(r"^(?P<name>.+)\.v(?P<number>\d+)\.md$")  # policy_versions' generated pages
_live: dict[str, dict[str, Any]] = {}  # page src_uri -> badge and JSON-LD data, for on_page_context


def _shown(config: MkDocsConfig, page: Page) -> tuple[str, dt.date | None, bool]:
    """(policy file name, effective date of the text shown, whether it is the page in force)."""
    language = current_language(config)
    src = page.file.src_uri
    local = src[len(language) + 1:] if src.startswith(f"{language}/") else src
    version = _VERSION_PAGE.match(local)
    if version is None:
        name = getattr(page.file, "norm_src_uri", local)
        metas = versions_front(config, src)
        shown = next((m for _, status, m in metas if status == "in_force"), None)
        if metas and metas[0][1] == "upcoming" and shown is not None:
            return name, effective_of(shown), True  # policy_versions shows the text in force today
        return name, effective_of(page.meta), True
    name, number = version["name"] + ".md", int(version["number"])
    own = f"{language}/{name}" if (Path(config.docs_dir) / language / name).is_file() else \
        f"{source_language(config)}/{name}"
    meta = next((m for n, _, m in versions_front(config, own) if n == number), {})
    return name, effective_of(meta), False


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A translation's own copy of the data would be ignored: say so rather than drop it silently."""
    language, source = current_language(config), source_language(config)
    own = [key for key in DATA_KEYS if key in page.meta]
    if own and language != source and page.file.src_uri.startswith(f"{language}/"):
        name = page.file.src_uri[len(language) + 1:]
        log.warning(f"{Path(config.docs_dir).name}/{page.file.src_uri}: {' and '.join(own)} in a translation is not "
                    f"used: every language shows the data of the {source} page\n    fix: delete it here; change the "
                    f"data in {Path(config.docs_dir).name}/{source}/{name}")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not any(marker in html for marker in MARKERS.values()):
        return html
    _live.pop(page.file.src_uri, None)
    name, effective, in_force = _shown(config, page)
    meta = data_of(config, name, effective)
    hours = read_service_hours(meta) if meta else None
    if hours is None:
        if meta and any(key in meta for key in DATA_KEYS):  # landed history that no longer reads: said, not fatal
            notice(f"{page.file.src_uri}: the service hours of the {source_language(config)} version of {effective} "
                   "cannot be read; the page shows its text without them")
        else:
            log.info(f"{page.file.src_uri}: no service hours for the version of {effective}; the markers stay empty")
        return html
    html = with_hours(html, rendered_parts(config, hours, live=in_force))
    language = current_language(config)
    if in_force:
        _live[page.file.src_uri] = {
            "badge": badge_data(hours, language),
            "script": get_relative_url("assets/javascripts/policy-service-hours.js", page.url),
            "jsonld": organisation_jsonld(hours, config.site_name, config.site_url or "", language)}
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    live = _live.get(page.file.src_uri)
    if live is not None:
        context["policy_service_hours"] = live
    return context
