"""Whole pages reused from the render cache when nothing they show has changed (issue 15).

A past version's page is the same day after day, and so is a policy's page between its edits, yet the
theme rendered every page anew on every build. Once every other hook has filled a page's context, the
page is keyed by everything the theme reads from it: the page (address, title, text, table of
contents, front matter), the navigation as shown, the language's theme and search settings, `extra`
(language switcher included), the paths of assets and every value the hooks added (notices, dates,
alternates). The salt of policy_site/render_cache.py covers the templates, the hooks, mkdocs.yml and
the packages. A key that would hold an object without a stable description is not made: such a page
is always rendered.

On a hit, overrides/main.html extends partials/policy-stored-page.html, which prints the stored
output, instead of Material's base.html; the on_post_page hooks then run on it as on a new one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from site_context import current_language, render_cache
from stored_fragments import toc_tokens

# Context entries MkDocs itself puts in every page's context: keyed through the page, config and nav.
_MKDOCS_ENTRIES = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                   "build_date_utc", "config", "page"}
_CONFIG_SHOWN = ("site_name", "site_description", "site_author", "site_url", "copyright", "repo_url",
                 "repo_name", "edit_uri", "extra", "use_directory_urls")
_pending: dict[str, str] = {}  # src_uri -> key of a page rendered in full now, stored by on_post_page


def _nav_items(items: list[Any]) -> list[Any]:
    """The navigation as the theme reads it: kind, title, address, active, front matter (icons, status), children."""
    return [[type(item).__name__, item.title, getattr(item, "url", None), bool(getattr(item, "active", False)),
             getattr(item, "meta", None), _nav_items(item.children or []) if getattr(item, "children", None) else []]
            for item in items]


def _neighbour(page: Any) -> Any:
    return [page.title, page.url] if page is not None else None


def _search_settings(config: MkDocsConfig) -> dict[str, Any]:
    found = {}
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            found[name] = dict(plugin.config)
    return found


def page_inputs(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> str | None:
    """Everything of `context` a theme template can show, as JSON; None if part of it has no stable form."""
    shown_nav = context.get("nav", nav)
    data = {
        "language": current_language(config),
        "page": {"url": page.url, "title": page.title, "meta": page.meta, "canonical": page.canonical_url,
                 "edit": page.edit_url, "toc": toc_tokens(page.toc), "homepage": page.is_homepage,
                 "content": hashlib.sha256((page.content or "").encode("utf-8")).hexdigest(),
                 "previous": _neighbour(page.previous_page), "next": _neighbour(page.next_page),
                 "ancestors": [a.title for a in page.ancestors]},
        "nav": _nav_items(list(shown_nav.items)) if shown_nav is not None else None,
        "homepage": _neighbour(getattr(shown_nav, "homepage", None)),
        "assets": [context.get(k) for k in ("base_url", "extra_css", "extra_javascript", "mkdocs_version")],
        "config": {k: config.get(k) for k in _CONFIG_SHOWN},
        "theme": {k: config.theme[k] for k in sorted(config.theme.keys())},
        "search": _search_settings(config),
        "hooks": {k: v for k, v in context.items() if k not in _MKDOCS_ENTRIES},
    }
    # ASCII: escaping is a third faster than writing out Thai or Cyrillic text, and as unambiguous.
    # No check for circular values (a third of the time): one that loops ends in RecursionError instead.
    try:
        text = json.dumps(data, default=repr, sort_keys=True, check_circular=False)
    except RecursionError:  # a value that contains itself has no stable form: render the page in full
        return None
    return None if " at 0x" in text else text  # an object's address: it would never match, nor should it


@event_priority(-1000)  # last: every other hook has filled the context
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    cache = render_cache(config)
    if not cache.stores:  # off (POLICY_SITE_CACHE=off, or an unknown Markdown extension): no key to make
        return context
    inputs = page_inputs(context, page, config, nav)
    if inputs is None:
        return context
    key = cache.key("page", hashlib.sha256(inputs.encode("utf-8")).hexdigest())  # not the JSON quoted again
    stored = cache.get(key)
    if stored is not None:
        context["policy_stored_page"] = stored
    else:
        _pending[page.file.src_uri] = key
    return context


@event_priority(1000)  # first: what is stored is the theme's output, before other hooks change it
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    key = _pending.pop(page.file.src_uri, None)
    if key is not None:
        render_cache(config).put(key, output)
    return output
