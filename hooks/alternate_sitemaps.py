"""Answer Material's sitemap requests next to each page, so a page view makes no failing request.

Material's bundle fetches `sitemap.xml` relative to every `<link rel="alternate">` of a page (it maps
links between alternate sites). Our alternates are per page (hreflang translations, Atom feeds), so
the requests land in page folders; an empty sitemap there answers them. The site's real sitemap stays
at the root.

One empty sitemap is written per build and the others are hard links to it: creating a file took
170 µs on the build machine, a link 7 µs, and a site has one per page. They are made once the pages
are written (on_post_build), when every folder exists: making them page by page cost a check, a
folder and a link per page, 0.4 to 0.8 ms, a tenth of a warm build. Never in a language's root folder:
MkDocs may write the real sitemap there, in place, which would change every link.
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
    state = build_state(config)
    shared = ("empty_sitemap", config.site_dir)
    own_file = folder in _language_roots(config)  # MkDocs may write the real sitemap there, in place
    if not own_file and shared in state:
        try:
            os.link(state[shared], target)
            return
        except FileExistsError:
            return
        except OSError:  # no hard links here, or the file has as many as it can: a new file, linked from now on
            pass
    if target.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(EMPTY_SITEMAP, encoding="utf-8")
    if not own_file:
        state[shared] = target


def _page_folders(config: MkDocsConfig) -> set[Path]:
    return build_state(config).setdefault(("sitemap_folders", config.site_dir), set())


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _page_folders(config).add(Path(page.file.abs_dest_path).parent)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    folders = _page_folders(config)
    folders.update(feed.parent for feed in Path(config.site_dir).rglob(FEED_NAME))
    for folder in sorted(folders):
        _answer(folder, config)
    folders.clear()
