"""hooks/reused_markdown.py: a page's Markdown rendered once, reused only while nothing it was made of changed.

The contract it relies on, pinned with the project's own mkdocs.yml: MkDocs' Page.render asks the files
nothing but `get_file_from_path`, and what it makes of a page is its text, table of contents, anchors,
title and links to anchors. Each test renders with MkDocs' own Page next to ReusablePage and a real
render cache in a temporary folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import mkdocs.structure.pages
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from reused_markdown import ReusablePage, _LookupRecorder
from site_context import render_cache

ROOT = Path(__file__).resolve().parent.parent
TEXT = """# Returns and exchanges

Ask [our team](contact.md#hours), read [the privacy notice](privacy.md) or [below](#how), see
![the receipt](receipt.png) and [the shop](https://example.com/).

## How { #how }

Bring the receipt.

<a id="raw-anchor"></a>
"""


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_SITE_CACHE", str(tmp_path / "cache"))
    top = logging.getLogger("mkdocs")
    level = top.level
    top.setLevel(logging.INFO)  # as `mkdocs build` sets it
    (tmp_path / "docs").mkdir()
    yield load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), docs_dir=str(tmp_path / "docs"))
    top.setLevel(level)


def made(config, name: str, content: str = "# Page\n", inclusion=InclusionLevel.UNDEFINED,
         dest_uri: str | None = None) -> File:
    path = Path(config.docs_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return File(name, config.docs_dir, config.site_dir, config.use_directory_urls, dest_uri=dest_uri,
                inclusion=inclusion)


def site_files(config, page_dest: str | None = None, **others: File | None) -> tuple[File, Files]:
    """en/returns.md with TEXT, and the files its links lead to (`others` replaces or, as None, drops one)."""
    page = made(config, "en/returns.md", TEXT, dest_uri=page_dest)
    targets = {"contact": made(config, "en/contact.md", "# Contact\n\n## Hours\n"),
               "privacy": made(config, "en/privacy.md"), "receipt": made(config, "en/receipt.png", "png")}
    targets.update(others)
    return page, Files([page] + [f for f in targets.values() if f is not None])


def render(kind: type[Page], config, file: File, files: Files) -> Page:
    page = kind(None, file, config)
    page.read_source(config)
    page.render(config, files)
    return page


def shown(page: Page) -> tuple:
    return (page.content, [(i.title, i.id, i.level, [c.id for c in i.children]) for i in page.toc],
            sorted(page.present_anchor_ids), page.title,
            {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()})


@pytest.fixture
def markdown_runs(monkeypatch) -> list[int]:
    """Counts the Python-Markdown conversions MkDocs' Page.render runs (the real class does the work)."""
    runs: list[int] = []
    real = markdown.Markdown

    class Counted(real):
        def convert(self, source):
            runs.append(1)
            return super().convert(source)

    monkeypatch.setattr(mkdocs.structure.pages.markdown, "Markdown", Counted)
    return runs


def test_mkdocs_asks_the_files_only_for_the_file_behind_each_link(config):
    file, files = site_files(config)
    recorder = _LookupRecorder(files)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, recorder)
    assert not recorder.other_use, "MkDocs' Page.render used the files otherwise: reused_markdown must learn it"
    assert {path: f.src_uri for path, f in recorder.lookups.items()} == {
        "en/contact.md": "en/contact.md", "en/privacy.md": "en/privacy.md", "en/receipt.png": "en/receipt.png"}


def test_a_reused_render_is_mkdocs_render_without_running_python_markdown(config, markdown_runs):
    file, files = site_files(config)
    by_mkdocs = render(Page, config, file, files)
    first = render(ReusablePage, config, file, files)
    assert len(markdown_runs) == 2
    reused = render(ReusablePage, config, file, files)
    assert len(markdown_runs) == 2, "the stored render was not reused"
    assert shown(first) == shown(reused) == shown(by_mkdocs)
    assert reused.title == "Returns and exchanges" and "raw-anchor" in reused.present_anchor_ids
    assert {f.src_uri: links for f, links in reused.links_to_anchors.items()} == {
        "en/contact.md": {"hours": "contact.md#hours"},
        "en/returns.md": {"how": "#how", "returns-and-exchanges": "#returns-and-exchanges"}}  # and the permalinks
    assert all(f is files.get_file_from_path(f.src_uri) for f in reused.links_to_anchors if f is not file)
    assert render_cache(config).hits["markdown"] == 1


@pytest.mark.parametrize("change", ["moved", "excluded", "deleted"])
def test_a_changed_link_target_renders_the_page_anew(config, markdown_runs, caplog, change):
    file, files = site_files(config)
    render(ReusablePage, config, file, files)
    if change == "moved":  # the same name, another address
        other = {"contact": made(config, "en/contact.md", "# Contact\n\n## Hours\n",
                                 dest_uri="en/help/contact/index.html")}
    elif change == "excluded":
        other = {"contact": made(config, "en/contact.md", "# Contact\n\n## Hours\n", InclusionLevel.EXCLUDED)}
    else:
        other = {"privacy": None}
    file, files = site_files(config, **other)
    with caplog.at_level(logging.INFO):
        again = render(ReusablePage, config, file, files)
    assert len(markdown_runs) == 2, "a stored render was reused though a link's target changed"
    assert shown(again) == shown(render(Page, config, file, files))
    if change == "moved":
        assert 'href="../help/contact/#hours"' in again.content
    else:
        assert "privacy.md" in caplog.text if change == "deleted" else "excluded" in caplog.text


def test_a_render_that_warned_is_never_stored_so_every_build_warns(config, markdown_runs, caplog):
    file, files = site_files(config, privacy=None)
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            render(ReusablePage, config, file, files)
        assert "privacy.md" in caplog.text and "not found among documentation files" in caplog.text
    assert len(markdown_runs) == 2
    assert render_cache(config).hits["markdown"] == 0


@pytest.mark.parametrize("level", [logging.ERROR, logging.DEBUG])
def test_nothing_is_stored_while_mkdocs_log_is_quiet_or_verbose(config, markdown_runs, level):
    """`mkdocs build -q` sets MkDocs' logger to ERROR: a warning would not be seen, so it cannot be ruled
    out. `-v` sets DEBUG, where MkDocs keeps no links to anchors: a reused page would escape their check."""
    top = logging.getLogger("mkdocs")
    top.setLevel(level)
    render(ReusablePage, config, *site_files(config, privacy=None))
    render(ReusablePage, config, *site_files(config))
    top.setLevel(logging.INFO)
    render(ReusablePage, config, *site_files(config, privacy=None))
    reused = render(ReusablePage, config, *site_files(config))
    assert len(markdown_runs) == 4, "a render made at that level was reused"
    assert {f.src_uri for f in reused.links_to_anchors} == {"en/contact.md", "en/returns.md"}


def test_another_address_or_language_is_another_entry(config, markdown_runs):
    render(ReusablePage, config, *site_files(config))
    moved = render(ReusablePage, config, *site_files(config, page_dest="en/returns-and-exchanges/index.html"))
    assert len(markdown_runs) == 2
    assert 'href="../contact/#hours"' in moved.content
    config.plugins["i18n"].current_language = "ru"  # the language static-i18n builds (site_context)
    render(ReusablePage, config, *site_files(config))
    assert len(markdown_runs) == 3
