"""hooks/search_excluded_pages.py: pages left out of search skip Material's pass over their HTML, and the
site stays the same.

The contract it relies on, pinned with the project's own mkdocs.yml and the installed Material: for a
page whose front matter says `search: exclude`, the search plugin's on_page_context adds nothing to
the index and changes the page's HTML only by stripping `data-search-*` attributes; the hook's two
handlers run just before and just after it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

import search_excluded_pages
from site_facts import ROOT
from gitrepo import GitRepo
from sitebuild import PROJECT_PARTS, copy_project

HOOK = "hooks/search_excluded_pages.py"
EXCLUDED = {"search": {"exclude": True}}
HTML = ('<h1 id="returns">Returns</h1>\n<p>Bring the <strong>receipt</strong> within 30 days.</p>\n'
        '<table><tr><td class="x">Mon–Fri</td><td>09:00–18:00</td></tr></table>\n' * 20)
MARKED = '<p data-search-exclude="true">Staff only</p>\n' + HTML


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    loaded = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path_factory.mktemp("site")),
                         docs_dir=str(tmp_path_factory.mktemp("docs")))
    loaded.plugins["material/search"].on_config(loaded)  # makes its index, as a build does first
    return loaded


def page(config, name: str, content: str, meta: dict) -> Page:
    path = Path(config.docs_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("text\n", encoding="utf-8")
    made = Page(None, File(name, config.docs_dir, config.site_dir, config.use_directory_urls,
                           inclusion=InclusionLevel.NOT_IN_NAV), config)
    made.meta, made.content = dict(meta), content
    return made


def search_plugin(config):
    return config.plugins["material/search"]


def handlers(config) -> list:
    return config.plugins.events["page_context"]


def test_the_search_plugin_changes_an_excluded_page_only_by_its_data_search_attributes(config):
    plugin = search_plugin(config)
    before = len(plugin.search_index.entries)
    plain = page(config, "returns/versions/2.md", HTML, EXCLUDED)
    plugin.on_page_context({}, page=plain, config=config, nav=None)
    assert plain.content == HTML
    marked = page(config, "returns/versions/3.md", MARKED, EXCLUDED)
    plugin.on_page_context({}, page=marked, config=config, nav=None)
    assert marked.content == HTML.join(["<p>Staff only</p>\n", ""]) and "data-search-" not in marked.content
    assert len(plugin.search_index.entries) == before  # neither is indexed
    indexed = page(config, "returns.md", HTML, {})
    plugin.on_page_context({}, page=indexed, config=config, nav=None)
    assert len(plugin.search_index.entries) > before  # the yardstick: a page not excluded is


def test_the_html_is_set_aside_just_around_the_search_plugin(config):
    order = handlers(config)
    names = [getattr(h, "__qualname__", "") for h in order]
    search = next(i for i, h in enumerate(order) if getattr(h, "__self__", None) is search_plugin(config))
    set_aside = names.index("set_aside")
    put_back = names.index("put_back")
    reuse = next(i for i, h in enumerate(order) if h.__module__.endswith("page_reuse.py"))
    assert set_aside < search < put_back < reuse, names


STRIPPED = "<p>Staff only</p>\n" + HTML  # the attribute and the space before it gone


@pytest.mark.parametrize("content, meta, expected, while_searched", [
    (HTML, EXCLUDED, HTML, ""),  # set aside, put back as it was
    (MARKED, EXCLUDED, STRIPPED, MARKED),  # left to the plugin, which strips the attribute
    (MARKED, {}, STRIPPED, MARKED),  # a page in search: the plugin's as ever
])
def test_a_page_comes_out_of_the_three_handlers_as_out_of_the_plugin_alone(config, content, meta, expected,
                                                                           while_searched):
    shown = page(config, "contact/versions/1.md", content, meta)
    search_excluded_pages.set_aside({}, page=shown, config=config, nav=None)
    assert shown.content == while_searched
    search_plugin(config).on_page_context({}, page=shown, config=config, nav=None)
    search_excluded_pages.put_back({}, page=shown, config=config, nav=None)
    assert shown.content == expected


def test_the_site_is_the_same_without_the_hook(tmp_path):
    """The sample, with three versions of the returns policy, built with and without the hook: every
    file the same (cache off, today pinned)."""
    root = copy_project(ROOT, tmp_path / "project", (*PROJECT_PARTS, "scripts"))
    repo = GitRepo(root, init=False)
    source = (root / "docs/en/returns.md").read_text(encoding="utf-8")
    text = re.sub(r"^effective: .*$", "effective: 2026-04-01", source, count=1, flags=re.M) + "\nWithin 30 days.\n"
    repo.commit({"docs/en/returns.md": text}, "Extend the return window", date="2026-03-01")
    text = re.sub(r"^effective: .*$", "effective: 2026-12-15", text, count=1, flags=re.M) + "\nA new carrier.\n"
    repo.commit({"docs/en/returns.md": text}, "Change the carrier from December", date="2026-11-20")
    config_file = root / "mkdocs.yml"
    sites = {}
    for name in ("with", "without"):
        if name == "without":
            listed = config_file.read_text(encoding="utf-8")
            assert f"  - {HOOK}\n" in listed
            config_file.write_text(listed.replace(f"  - {HOOK}\n", ""), encoding="utf-8")
        sites[name] = tmp_path / name
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY="2026-11-29", POLICY_SITE_CACHE="off")
        done = subprocess.run([sys.executable, str(root / "scripts/parallel_build.py"), "--strict", "-q",
                               "-f", str(config_file), "-d", str(sites[name])],
                              cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.name not in ("sitemap.xml", "sitemap.xml.gz")}  # the build's own date

    with_hook, without_hook = files(sites["with"]), files(sites["without"])
    assert with_hook.keys() == without_hook.keys()
    assert {"returns/versions/2/diff/index.html", "returns/versions/3/diff-current/index.html"} <= set(with_hook)
    assert [name for name in with_hook if with_hook[name] != without_hook[name]] == []
