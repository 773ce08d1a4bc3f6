"""Pages left out of search skip Material's pass over their text (issue 15).

In on_page_context, Material's search plugin indexes a page unless its front matter says
`search: exclude`, and then, on every page, strips `data-search-*` attributes from the page's HTML
with a regular expression. On the pages left out of search (every version and diff page:
policy_site.version_pages) that pass finds nothing, yet it took 0.7 s of a warm build's 10 s per
process: the pattern is tried at every character of the longest pages of the site. So the HTML of
such a page, when it holds no `data-search-` at all, is set aside just before the plugin runs (the
plugin then strips an empty text) and put back before any hook reads it. No hook of ours reads a
page's HTML in on_page_context before hooks/page_reuse.py; tests/test_search_excluded_pages.py pins
what the plugin does with such a page, and that the site is the same.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

_set_aside: dict[str, str] = {}  # src_uri -> the page's HTML, while the search plugin runs


@event_priority(100)  # before the search plugin (priority 0)
def set_aside(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude") and page.content and "data-search-" not in page.content:
        _set_aside[page.file.src_uri] = page.content
        page.content = ""
    return context


@event_priority(-1)  # after the search plugin and every other handler of priority 0
def put_back(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    content = _set_aside.pop(page.file.src_uri, None)
    if content is not None:
        page.content = content
    return context


on_page_context = CombinedEvent(set_aside, put_back)  # MkDocs' way to handle one event twice
