"""hooks/page_reuse.py: a page's key names everything its context shows, and no key is made for a value
without a stable form (an object known only by its address, a value that contains itself).

Real MkDocs objects: the project's mkdocs.yml loaded, a real page and navigation.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from page_reuse import page_inputs

ROOT = Path(__file__).resolve().parent.parent


def test_a_page_key_follows_what_the_page_shows_and_is_not_made_for_unstable_values(tmp_path: Path):
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "returns.md").write_text("# Returns\n", encoding="utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), docs_dir=str(tmp_path / "docs"))
    page = Page("Returns", File("en/returns.md", config.docs_dir, config.site_dir, True), config)
    page.content = "<h1>Returns</h1>"
    nav = Navigation([page], [page])

    def key(**hooks_added: object) -> str | None:
        return page_inputs(dict(hooks_added), page, config, nav)

    first = key(policy_notes=[{"number": 3, "start": "2026-12-01"}])
    assert first is not None and '"policy_notes"' in first
    assert key(policy_notes=[{"number": 3, "start": "2026-12-01"}]) == first  # the same inputs, the same key
    assert key(policy_notes=[{"number": 3, "start": "2026-12-02"}]) != first  # any value a hook added
    page.content = "<h1>Returns and exchanges</h1>"
    assert key(policy_notes=[{"number": 3, "start": "2026-12-01"}]) != first  # the page's own HTML
    page.content = "<h1>Returns</h1>"
    assert key(policy_notes=[{"number": 3, "start": "2026-12-01"}]) == first

    loop: list[object] = []
    loop.append(loop)
    assert key(policy_notes=loop) is None  # rendered in full, never keyed (nor a failed build)
    assert key(policy_notes={"nested": {"deeper": loop}}) is None
    assert key(policy_notes=object()) is None  # its repr names an address: it would never match
