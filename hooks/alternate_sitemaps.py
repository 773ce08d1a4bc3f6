"""Answer Material's sitemap requests next to each page, so a page view makes no failing request.

Material's bundle fetches `sitemap.xml` relative to every `<link rel="alternate">` of a page (it maps
links between alternate sites). Our alternates are per page (hreflang translations, Atom feeds), so
the requests land in page folders; an empty sitemap there answers them. The site's real sitemap stays
at the root.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
FEED_NAME = "feed.xml"


def _answer(folder: Path) -> None:
    target = folder / "sitemap.xml"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(EMPTY_SITEMAP, encoding="utf-8")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _answer(Path(page.file.abs_dest_path).parent)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    for feed in Path(config.site_dir).rglob(FEED_NAME):
        _answer(feed.parent)
