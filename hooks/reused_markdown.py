"""A page's Markdown rendered once and reused while its text, address and link targets stay the same (issue 15).

MkDocs renders every page's Markdown on every build, though a policy's text changes a few times a
year: a warm M worker spent 1.3 s of its 12 s in Python-Markdown for its 606 current pages. MkDocs'
`Page.render` reads the page's text (after the on_page_markdown hooks), its own file (address,
inclusion), the config (Markdown extensions, validation levels: in the cache's salt, with
mkdocs.yml) and, for each link, the file `files.get_file_from_path` gives for the link's target.
`ReusablePage` keys the result by the text, the language and the file, and keeps with it every
lookup the render made and what it found. It is reused only when each lookup still finds the same
file at the same address, so an added, removed or renamed target renders the page anew.

A render that logged anything (a broken link, a link to an excluded page) is never stored: a reused
page would not repeat the warning, and --strict must see it. Nor is one made while MkDocs' log is set
above INFO (`mkdocs build -q`), which would hide such warnings from this check, or at DEBUG
(`mkdocs build -v`), where MkDocs keeps no links to anchors for --strict to check. Anything but
`get_file_from_path` asked of the files makes the render unstorable too; tests/test_reused_markdown.py
pins that MkDocs asks nothing else, with the project's mkdocs.yml.

Pages are made here in on_files, after every hook that makes its own, as hooks/blank_pages.py does;
a page the navigation names with a title of its own is left to MkDocs, which gives it that title.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from blank_pages import BlankAwarePage
from site_context import current_language, render_cache
from stored_fragments import toc_tokens

_PAGES_LOG = logging.getLogger(Page.__module__)  # MkDocs' (or ProperDocs') own logger of Page.render
_TOP_LOG = logging.getLogger(Page.__module__.split(".")[0])  # where MkDocs' records end up (no propagation)


class _Recorded(logging.Handler):
    """Every record logged while it is attached, under MkDocs' loggers or any other."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> "_Recorded":
        for logger in (_TOP_LOG, logging.getLogger()):
            logger.addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        for logger in (_TOP_LOG, logging.getLogger()):
            logger.removeHandler(self)


class _LookupRecorder:
    """The files as a render sees them: each `get_file_from_path` and its answer is written down."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, File | None] = {}
        self.other_use = False

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = found
        return found

    def __getattr__(self, name: str) -> Any:
        self.other_use = True  # a use this recorder cannot replay: render correctly, store nothing
        return getattr(self._files, name)


def _found(file: File | None) -> list[Any] | None:
    return None if file is None else [file.src_uri, file.url, file.inclusion.name]


class ReusablePage(BlankAwarePage):
    """A page whose rendered Markdown comes from the render cache when nothing it was made of changed."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        cache = render_cache(config)
        if self.markdown is None or not self.markdown.strip() or not cache.stores:
            super().render(config, files)
            return
        key = cache.key("markdown", current_language(config), self.file.src_uri, self.file.url,
                        self.file.inclusion.name, self.markdown)
        stored = cache.get(key)
        if stored is not None and self._reuse(json.loads(stored), files):
            return
        recorder = _LookupRecorder(files)
        with _Recorded() as logged:
            super().render(config, recorder)  # type: ignore[arg-type]  # MkDocs asks only get_file_from_path
        shows_all = logging.DEBUG < _PAGES_LOG.getEffectiveLevel() <= logging.INFO  # warnings and links to anchors
        if logged.records or recorder.other_use or not shows_all:
            return
        anchors = {file.src_uri: links for file, links in (self.links_to_anchors or {}).items()}
        cache.put(key, json.dumps({
            "html": self.content, "toc": toc_tokens(self.toc), "title": self._title_from_render,
            "ids": sorted(self.present_anchor_ids or ()), "anchors": anchors,
            "lookups": {path: _found(file) for path, file in recorder.lookups.items()}}, ensure_ascii=False))

    def _reuse(self, stored: dict[str, Any], files: Files) -> bool:
        """Put back a stored render if every lookup it made finds the same file now; False if one does not."""
        now = {path: files.get_file_from_path(path) for path in stored["lookups"]}
        if any(_found(file) != stored["lookups"][path] for path, file in now.items()):
            return False
        by_uri = {file.src_uri: file for file in now.values() if file is not None}
        by_uri[self.file.src_uri] = self.file
        if not set(stored["anchors"]) <= set(by_uri):
            return False  # links to anchors of a file no lookup found: render anew rather than guess
        self.content = stored["html"]
        self.toc = get_toc(stored["toc"])
        self._title_from_render = stored["title"]
        self.present_anchor_ids = set(stored["ids"])
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as MkDocs' own render
            self.links_to_anchors = {by_uri[uri]: links for uri, links in stored["anchors"].items()}
        return True


def _titled_in_nav(config: MkDocsConfig, files: Files) -> set[str]:
    """Files the nav names with a title (`- Policies: index.md`): MkDocs gives their pages that title."""
    titled: set[str] = set()

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, dict):
                continue
            for title, value in item.items():
                if isinstance(value, str):
                    file = files.get_file_from_path(value.lstrip("/"))
                    if file is not None:
                        titled.add(file.src_uri)
                else:
                    walk(value)

    walk(config.nav or [])
    return titled


@event_priority(-200)  # after static-i18n and every hook that makes pages of its own
def on_files(files: Files, config: MkDocsConfig) -> Files:
    titled = _titled_in_nav(config, files)
    for file in files.documentation_pages():
        if file.page is None and file.src_uri not in titled:
            ReusablePage(None, file, config)
    return files
