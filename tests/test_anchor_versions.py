"""Version pages of texts written before the explicit heading ids keep the anchors they had then, and the
current text has the stable ids in every language (a real git history, a real build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import BuiltSite, build_site, copy_project

ID = re.compile(r"[ \t]*\{#[^}]+\}[ \t]*$", re.M)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuiltSite:
    root = copy_project(ROOT, tmp_path_factory.mktemp("anchor-versions") / "project", commit=None)
    repo = GitRepo(root)
    current = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in (root / "docs").rglob("*.md")}
    # The copy's pages carry their first-published front matter; returns version 2 gets its own, later
    # date (with a month's notice), so the second commit really starts a new version.
    for path in [p for p in current if p.endswith("/returns.md")]:
        current[path] = re.sub(r"^effective: .*$", "effective: 2026-11-01", current[path], count=1, flags=re.M)
    # Version 1, as it read before the ids: no {#…} on any heading, an earlier effective date.
    old = {path: ID.sub("", text) for path, text in current.items()}
    for path in [p for p in old if p.endswith("/returns.md")]:
        old[path] = re.sub(r"^effective: .*$", "effective: 2026-03-01", old[path], count=1, flags=re.M)
        old[path] = re.sub(r"^(change_summary|applies_sooner): .*\n", "", old[path], flags=re.M)
    repo.git("add", "-A")
    repo.commit(old, "Publish the policies", date="2026-01-05")
    repo.commit(current, "Returns version 2, with stable heading ids", date="2026-10-01")
    site = tmp_path_factory.mktemp("anchor-versions-site")
    return BuiltSite(site, build_site(root, site, env={"POLICY_SITE_TODAY": "2026-12-01"}))


def heading_ids(built: BuiltSite, page: str) -> list[str]:
    """Ids of the policy text's headings (the site's own sections, e.g. the version history, left out)."""
    return [h["id"] for h in built.soup(page).select("article h2[id], article h3[id]") if not h["id"].startswith("policy-")]


def test_the_old_version_keeps_the_anchors_it_had(built: BuiltSite):
    assert built.result.returncode == 0, built.result.output
    assert heading_ids(built, "ru/returns/versions/1/index.html")[:2] == ["сроки-вкратце", "условия-возврата"]
    assert heading_ids(built, "returns/versions/1/index.html")[:2] == ["time-limits-at-a-glance", "conditions-for-a-return"]
    assert heading_ids(built, "lv/returns/versions/1/index.html")[0] != "time-limits-at-a-glance"


@pytest.mark.parametrize("prefix", ["", "ru/", "be/", "th/", "et/", "lv/"])
def test_the_current_text_has_the_same_ids_in_every_language(built: BuiltSite, prefix: str):
    ids = heading_ids(built, f"{prefix}returns/index.html")
    assert ids[:3] == ["time-limits-at-a-glance", "conditions-for-a-return", "items-we-cannot-take-back"], prefix
    assert ids == heading_ids(built, "returns/index.html")
    assert heading_ids(built, f"{prefix}returns/versions/2/index.html") == ids
