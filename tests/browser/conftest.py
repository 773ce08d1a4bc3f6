"""Browser fixtures: the site built once (tests/conftest.py `built_site`), served on 127.0.0.1, one Chromium.

Pages are reused: one browser context per viewport for the whole session, one tab in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from .chromium import VIEWPORTS, launch, serve
from .probe import PageLog
from .site import SitePage, site_pages


@dataclass
class ServedSite:
    root: object  # Path of the build output
    base_url: str  # 'http://127.0.0.1:PORT/'
    pages: list[SitePage] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def has_path(self, path: str) -> bool:
        """Whether the build has a page at URL path `path` (e.g. '/ru/returns/')."""
        return path in {page.path for page in self.pages}


@dataclass
class Tab:
    viewport: str
    context: object
    page: object  # the page under test
    log: PageLog  # what `page` requested and logged
    opened: dict = field(default_factory=dict)  # link URL followed -> (path, lang, status)


def block_other_hosts(context, base_url: str) -> None:
    """Abort any request to another host so the suite never touches the network (the log still sees it)."""
    origin = urlsplit(base_url).netloc
    context.route(lambda url: urlsplit(url).netloc not in ("", origin), lambda route: route.abort("blockedbyclient"))


@pytest.fixture(scope="session")
def served_site(built_site):
    with serve(built_site.root) as base_url:
        yield ServedSite(built_site.root, base_url, site_pages(built_site.root))


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def tabs(browser, served_site):
    """`tabs(viewport)`: the session's tab at that viewport ('phone' or 'desktop')."""
    made: dict[str, Tab] = {}

    def get(viewport: str) -> Tab:
        if viewport not in made:
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
            block_other_hosts(context, served_site.base_url)
            page = context.new_page()
            made[viewport] = Tab(viewport, context, page, PageLog(page, served_site.base_url))
        return made[viewport]

    yield get
    for tab in made.values():
        tab.context.close()
