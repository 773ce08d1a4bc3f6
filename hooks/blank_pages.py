"""Generated pages with a blank text skip Python-Markdown's set-up (issue 15). Not a hook: a helper.

MkDocs' `Page.render` sets up a new Python-Markdown instance, every extension included, for each page,
and Python-Markdown's `convert` returns "" for a blank text before it runs any of them. For a blank
page the set-up is therefore the whole cost: 0.25 to 0.6 ms a page, measured on the M corpus. Many
generated pages are blank: a diff page's text is made whole by hooks/version_diffs.py, and a version
page whose text comes from the render cache is emptied by hooks/policy_versions.py's on_page_markdown.

`BlankAwarePage` gives such a page what MkDocs' own render gives it (no text, no table of contents,
no anchors, no title) without the set-up; any other page is rendered by MkDocs as before.
tests/test_blank_pages.py pins that both agree on a blank text with the project's own mkdocs.yml.
MkDocs itself creates a `Page` only for a file that has none (`get_navigation`, `build`), so a page
made here in on_files is the one MkDocs renders, as Material's blog plugin does with its posts.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class BlankAwarePage(Page):
    """A page that MkDocs renders as usual, except that a blank text is not handed to Python-Markdown."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def blank_aware(file: File, config: MkDocsConfig) -> File:
    """`file` with its page made now as a BlankAwarePage (call once its address is final)."""
    BlankAwarePage(None, file, config)
    return file
