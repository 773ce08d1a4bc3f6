"""Keep pages light on large sites: past `extra.policy_site.nav_limit` pages, the sidebar lists only the
Policies hub (which links every policy) and the page being read, instead of every policy on every page.

Material's `navigation.prune` cannot help here: it prunes collapsed sections, and a policy site's
navigation is one flat list. On a site with 1,000 policies the full list is ~200 KB of every page.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from site_context import settings

DEFAULT_NAV_LIMIT = 60


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    limit = int(settings(config).get("nav_limit", DEFAULT_NAV_LIMIT))
    if len(nav.pages) <= limit:
        return context
    hub = nav.homepage
    items = [hub] if hub is not None else []
    if page is not hub and any(page is known for known in nav.pages):
        items.append(page)
    trimmed = Navigation(items, nav.pages)
    trimmed.homepage = hub
    context["nav"] = trimmed
    return context
