"""Give every page, 404 included, the footer block linking to its language's policies."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from policy_site.messages import messages
from site_context import HUB_PAGE, current_language, page_files, settings

# Footer targets of the language being built; static-i18n builds languages one after another.
_targets: dict[str, list[File]] = {}


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # After static-i18n's on_files, so `files` holds this language's pages and fallbacks.
    names = [HUB_PAGE, *settings(config).get("footer_pages", [])]
    targets, pages = [], page_files(files)
    for name in names:
        file = pages.get(name)
        if file is None:
            raise_missing(name, current_language(config))
        targets.append(file)
    _targets[current_language(config)] = targets
    return nav


def raise_missing(name: str, language: str) -> None:
    from mkdocs.exceptions import PluginError

    raise PluginError(f"Footer page '{name}' (extra.policy_site.footer_pages in mkdocs.yml) does not exist "
                      f"for language '{language}' nor in the source language: create docs/<lang>/{name} "
                      "or remove it from footer_pages")


def _footer(config: MkDocsConfig, page: Page | None, base_url: str) -> dict[str, Any]:
    language = current_language(config)
    hub, *others = _targets[language]
    text = messages(language)

    def link(file: File) -> dict[str, str]:
        title = file.page.title if file.page is not None and file.page.title else file.name
        return {"url": normalize_url(file.url, page, base_url), "title": title}

    return {"language": language, "heading": text["footer_heading"], "intro": text["footer_intro"],
            "hub": {**link(hub), "title": text["footer_all"]}, "links": [link(file) for file in others]}


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    context["policy_footer"] = _footer(config, page, context.get("base_url", ""))
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    # Theme templates such as 404.html have no page; MkDocs gives them an absolute base URL.
    if template_name.endswith(".html"):
        context["policy_footer"] = _footer(config, None, context.get("base_url", ""))
    return context
