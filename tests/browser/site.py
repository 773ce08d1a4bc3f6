"""What the browser tests know about the built site: its pages by language, and where their links lead.

Everything comes from the build output and mkdocs.yml (through tests/site_facts.py), never from a list
written here, so new pages and new languages are checked without touching the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import site_facts
from site_facts import built_path

# site_facts parses mkdocs.yml on every call; the browser tests ask thousands of times per session.
config = cache(site_facts.config)
locales = cache(site_facts.locales)
source_locale = cache(site_facts.source_locale)

ERROR_PAGE = "404.html"


@dataclass(frozen=True)
class SitePage:
    relative: str  # path of the built file, e.g. 'ru/returns/index.html'
    language: str  # the language folder it belongs to, e.g. 'ru' ('en' for the root)
    slug: str  # the same page in every language, e.g. 'returns/' ('' for the hub, '404.html')

    @property
    def path(self) -> str:
        """The URL path a customer opens, e.g. '/ru/returns/'."""
        return url_path(self.language, self.slug)

    @property
    def is_error_page(self) -> bool:
        return self.slug == ERROR_PAGE

    @property
    def is_hub(self) -> bool:
        return self.slug == ""

    def __str__(self) -> str:
        return self.path


def url_path(language: str, slug: str) -> str:
    prefix = "/" if language == source_locale() else f"/{language}/"
    return prefix + slug


def site_page(relative: str) -> SitePage:
    first, _, rest = relative.partition("/")
    language, inner = (first, rest) if rest and first in locales() and first != source_locale() else (
        source_locale(), relative)
    slug = inner[: -len("index.html")] if inner == "index.html" or inner.endswith("/index.html") else inner
    return SitePage(relative, language, slug)


def site_pages(root: Path) -> list[SitePage]:
    """Every built HTML page, sorted by language (in mkdocs.yml order) and path."""
    pages = [site_page(p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.html"))]
    order = {locale: i for i, locale in enumerate(locales())}
    return sorted(pages, key=lambda p: (order[p.language], p.slug))


def next_language(language: str) -> str:
    """The language after `language` in mkdocs.yml, wrapping around: the one the switcher test picks."""
    all_ = locales()
    return all_[(all_.index(language) + 1) % len(all_)]


@cache
def footer_targets(language: str) -> tuple[str, ...]:
    """URL paths the policy footer must link to in `language`: the hub, then extra.policy_site.footer_pages."""
    pages = ["index.md", *config()["extra"]["policy_site"].get("footer_pages", [])]
    return tuple("/" + built_path(language, page).removesuffix("index.html") for page in pages)


@cache
def policy_slug() -> str:
    """The slug of the first policy in mkdocs.yml's nav (a page other than the hub), e.g. 'customer-service/'."""
    for item in config()["nav"]:
        page = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(page, str) and page.endswith(".md") and page != "index.md":
            return built_path(source_locale(), page).removesuffix("index.html")
    raise AssertionError("mkdocs.yml's nav lists no policy page")
