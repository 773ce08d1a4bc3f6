"""A page's text and HTML let go once the page is written (issue 15: the largest process's memory).

static-i18n builds every other language from inside the first language's `on_post_build`, so the
first build's pages, each holding its Markdown and HTML, stay alive until the last language is
built: at the M corpus, 15 MB more in every later language's build, and version and diff pages make
that grow with the history. Nothing reads a page's text after it is written but its title (the search
index and the hooks keep what they need before then), so the last `on_post_page` keeps the title and
drops the text.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


@event_priority(-10000)  # after every other on_post_page: the output string is already made
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Later pages still show this one's title (navigation, previous/next links), and MkDocs works the
    # title out from the text when it is asked: keep the answer before the text goes.
    page.title = page.title
    page.content = None
    page.markdown = None
    return output
