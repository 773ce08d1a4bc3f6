"""Generated pages with a blank text skip Python-Markdown's set-up (issue 15). Not a hook: a helper.

MkDocs' `Page.render` sets up a new Python-Markdown instance, every extension included, for each page,
and Python-Markdown's `convert` returns "" for a blank text before it runs any of them. For a blank
page the set-up is therefore the whole cost: 0.25 to 0.6 ms a page, measured on the M corpus. Many
generated pages are blank: a diff page's text is made whole by hooks/version_diffs.py, and a version
page whose text comes from the render cache is emptied by hooks/policy_versions.py's on_page_markdown.

`BlankAwarePage` gives such a page what MkDocs' own render gives it (no text, no table of contents,
no anchors, no title) without the set-up; any other page is rendered by MkDocs as before.
tests/test_blank_pages.py pins that both agree on a blank text with the project's own mkdocs.yml.

A generated page's front matter is known as data when the page is made. Writing it out as YAML for
MkDocs to parse back cost 0.13 ms a page each way (0.28 s for one process's 2,200 generated pages at
M); `blank_aware(file, config, meta)` hands it to the page instead, and the file holds only the text.
`read_source` then gives the page what MkDocs gives it for the same text behind a `---` block of
that YAML: the same front matter, the same Markdown (tests/test_blank_pages.py compares the two).

MkDocs itself creates a `Page` only for a file that has none (`get_navigation`, `build`), so a page
made here in on_files is the one MkDocs renders, as Material's blog plugin does with its posts.
"""

from __future__ import annotations

import copy
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data


class BlankAwarePage(Page):
    """A page that MkDocs renders as usual, except that a blank text is not handed to Python-Markdown,
    and a front matter given as data is not parsed from YAML."""

    given_meta: dict[str, Any] | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        if self.given_meta is None:
            super().read_source(config)
            return
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:  # a plugin's text replaces the file's, front matter included, as in MkDocs
            self.markdown, self.meta = get_data(source)
            return
        # What MkDocs' meta.get_data leaves of "---\n<YAML>---\n" + text: the text, newlines before it dropped.
        self.markdown, self.meta = self.file.content_string.lstrip("\n"), copy.deepcopy(self.given_meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def blank_aware(file: File, config: MkDocsConfig, meta: dict[str, Any] | None = None) -> File:
    """`file` with its page made now as a BlankAwarePage (call once its address is final); `meta`: the
    page's front matter, which the file's text then leaves out."""
    page = BlankAwarePage(None, file, config)
    page.given_meta = meta
    return file
