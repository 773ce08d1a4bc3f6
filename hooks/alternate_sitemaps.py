"""Answer Material's sitemap requests next to each page, so a page view makes no failing request.

Material's bundle fetches `sitemap.xml` relative to every `<link rel="alternate">` of a page (it maps
links between alternate sites). Our alternates are per page (hreflang translations, Atom feeds), so
the requests land in page folders; an empty sitemap there answers them. The site's real sitemap stays
at the root.

One empty sitemap is written per build and the others are hard links to it: creating a file took
170 µs on the build machine, a link 7 µs, and a site has one per page. Never in a language's root
folder: MkDocs writes the real sitemap there later, in place, which would change every link.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from site_context import build_state, languages

EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
FEED_NAME = "feed.xml"


def _language_roots(config: MkDocsConfig) -> set[Path]:
    """The folders where a build may write a real sitemap.xml: the site dir and each language's."""
    state = build_state(config)
    key = ("sitemap_roots", config.site_dir)
    if key not in state:
        site = Path(config.site_dir)
        state[key] = {site, *(site / language["locale"] for language in languages(config))}
    return state[key]


def _answer(folder: Path, config: MkDocsConfig) -> None:
    target = folder / "sitemap.xml"
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if folder in _language_roots(config):
        target.write_text(EMPTY_SITEMAP, encoding="utf-8")  # its own file: MkDocs may write the real one here
        return
    state = build_state(config)
    source = state.get(("empty_sitemap", config.site_dir))
    if source is not None:
        try:
            os.link(source, target)
            return
        except OSError:  # no hard links here, or the file has as many as it can: a new file, linked from now on
            pass
    target.write_text(EMPTY_SITEMAP, encoding="utf-8")
    state[("empty_sitemap", config.site_dir)] = target


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _answer(Path(page.file.abs_dest_path).parent, config)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    for feed in Path(config.site_dir).rglob(FEED_NAME):
        _answer(feed.parent, config)
