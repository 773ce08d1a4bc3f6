"""hooks/blank_pages.py: a blank generated page skips Python-Markdown and still renders as MkDocs renders it.

The contract it relies on, pinned with the project's own mkdocs.yml: MkDocs' Page.render of a blank
text gives no text, no table of contents, no anchors and no title; MkDocs keeps a page made in
on_files instead of making its own.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import mkdocs.structure.pages
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from blank_pages import BlankAwarePage

ROOT = Path(__file__).resolve().parent.parent
TEXT = "# Returns\n\nSee [contact](contact.md) and [below](#how).\n\n## How\n\nBring the receipt.\n"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path_factory.mktemp("site")),
                       docs_dir=str(tmp_path_factory.mktemp("docs")))


def made(config, name: str, content: str) -> File:
    """A file as a hook makes it in on_files (File.generated wants a running plugin event, so on disk)."""
    path = Path(config.docs_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return File(name, config.docs_dir, config.site_dir, config.use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV)


def rendered(kind: type[Page], config, content: str) -> Page:
    file = made(config, "en/returns.v2.diff.md", content)
    contact = made(config, "en/contact.md", "# Contact\n")
    page = kind(None, file, config)
    page.read_source(config)
    page.render(config, Files([file, contact]))
    return page


def shown(page: Page) -> tuple:
    return (page.content, [(i.title, i.id, i.level) for i in page.toc], sorted(page.present_anchor_ids),
            page.title, {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()})


@pytest.fixture
def markdown_setups(monkeypatch) -> list[int]:
    """Counts the Python-Markdown instances MkDocs' Page.render sets up (the real class does the work)."""
    made: list[int] = []
    real = markdown.Markdown

    class Counted(real):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(mkdocs.structure.pages.markdown, "Markdown", Counted)
    return made


@pytest.mark.parametrize("content", ["", "---\ntitle: Returns, version 2\n---\n", "---\ntitle: T\n---\n\n \t\n\n"])
def test_a_blank_page_is_shown_as_mkdocs_shows_it_without_setting_up_python_markdown(config, content, markdown_setups):
    by_mkdocs = rendered(Page, config, content)
    assert len(markdown_setups) == 1
    blank = rendered(BlankAwarePage, config, content)
    assert len(markdown_setups) == 1, "a blank page set up Python-Markdown"
    assert shown(blank) == shown(by_mkdocs)
    assert blank.content == "" and list(blank.toc) == [] and blank.present_anchor_ids == set()
    assert blank.meta == by_mkdocs.meta


def test_a_page_with_text_is_rendered_by_mkdocs(config, markdown_setups):
    by_mkdocs = rendered(Page, config, TEXT)
    ours = rendered(BlankAwarePage, config, TEXT)
    assert len(markdown_setups) == 2
    assert shown(ours) == shown(by_mkdocs)
    assert '<a href="../contact/">contact</a>' in ours.content and [i.title for i in ours.toc] == ["Returns"]
    assert ours.title == "Returns"


def test_mkdocs_keeps_a_page_made_in_on_files(config):
    file = made(config, "en/returns.v2.md", "")
    page = BlankAwarePage(None, file, config)
    get_navigation(Files([file]), config)
    assert file.page is page, "MkDocs replaced the page made in on_files: hooks/blank_pages.py no longer applies"


GIVEN_META = [
    {"title": "Returns, version 2", "policy": False, "history": False, "search": {"exclude": True},
     "robots": "noindex"},
    {"title": "Возврат: что изменилось в версии 2 — «новое»", "hide": ["toc"], "search": {"exclude": True}},
    {"title": "นโยบาย # 3: 'quotes' \"and\" {braces} [brackets] & *stars*", "policy": False},
    {"title": "yes", "robots": "null"},
]
GIVEN_TEXT = ["", "\n\n# Returns\n\nBring the receipt.\n", "---\n\nA rule first, then text.\n",
              "Title: not front matter\n\nText.\n"]


@pytest.mark.parametrize("meta", GIVEN_META)
@pytest.mark.parametrize("text", GIVEN_TEXT)
def test_a_front_matter_given_as_data_reads_as_mkdocs_reads_it_from_yaml(config, meta, text):
    from policy_site.frontmatter import front_matter_block

    by_mkdocs = Page(None, made(config, "en/returns.v2.md", front_matter_block(meta) + "\n" + text), config)
    by_mkdocs.read_source(config)
    given = BlankAwarePage(None, made(config, "en/returns.v3.md", text), config)
    given.given_meta = meta
    given.read_source(config)
    assert (given.markdown, given.meta) == (by_mkdocs.markdown, by_mkdocs.meta)
    given.meta["search"] = "changed by a hook"
    assert "changed" not in str(meta), "the page shares its front matter with the data it was given"
