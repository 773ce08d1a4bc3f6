"""Keep pages light on large sites: past `extra.policy_site.nav_limit` pages, the sidebar lists only the
Policies hub (which links every policy) and the page being read, instead of every policy on every page.
The 404 page's sidebar lists the hub; its text lists every policy itself.

Material's `navigation.prune` cannot help here: it prunes collapsed sections, and a policy site's
navigation is one flat list. On a site with 1,000 policies the full list is ~200 KB of every page.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from site_context import settings

DEFAULT_NAV_LIMIT = 60
# The pages of each language's navigation, as a set: looking a page up in the list, for every page,
# made the sites this hook exists for quadratic (1,000 policies: 3.3 million comparisons a language).
_in_nav: WeakKeyDictionary[Navigation, frozenset[int]] = WeakKeyDictionary()


def _limit(config: MkDocsConfig) -> int:
    return int(settings(config).get("nav_limit", DEFAULT_NAV_LIMIT))


def _trimmed(nav: Navigation, page: Page | None) -> Navigation:
    """The hub, and `page` when the navigation names it; every page still known, for previous/next and search."""
    if nav not in _in_nav:
        _in_nav[nav] = frozenset(id(known) for known in nav.pages)
    hub = nav.homepage
    items = [hub] if hub is not None else []
    if page is not None and page is not hub and id(page) in _in_nav[nav]:
        items.append(page)
    # Made with no pages, then given them: Navigation() looks for the homepage among the pages it is
    # given, a scan of the whole list on every page; the hub is known already.
    trimmed = Navigation(items, [])
    trimmed.pages, trimmed.homepage = nav.pages, hub
    return trimmed


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if len(nav.pages) > _limit(config):
        context["nav"] = _trimmed(nav, page)
    return context


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """The 404 page's sidebar trimmed too; its own list of every policy (overrides/404.html) reads the whole one."""
    nav = context.get("nav")
    if template_name == "404.html" and isinstance(nav, Navigation) and len(nav.pages) > _limit(config):
        context["policy_full_nav"], context["nav"] = nav, _trimmed(nav, None)
    return context
