"""A docs/<lang>/ folder that mkdocs.yml does not list is reported, never silently left unbuilt (issue 12)."""

from __future__ import annotations

from pathlib import Path

from policy_site.languages import nearest_languages, unlisted_folders
from sitebuild import build_site


def test_unlisted_folders_are_the_unconfigured_language_folders_and_page_folders(tmp_path: Path):
    docs = tmp_path / "docs"
    for folder in ("en", "ru", "xx", "pt-BR", "tlh", "assets", "german", ".git"):
        (docs / folder).mkdir(parents=True)
    (docs / "german" / "returns.md").write_text("# Returns\n", encoding="utf-8")
    (docs / "assets" / "logo.png").write_bytes(b"\x89PNG")
    found = unlisted_folders(docs, ["en", "ru"])
    assert [f.shown for f in found] == ["docs/german", "docs/pt-BR", "docs/tlh", "docs/xx"]
    described = {f.name: f.describe() for f in found}
    assert "fix: scripts/add-language xx, or remove the folder" in described["xx"]
    assert "fix: scripts/add-language pt-BR" in described["pt-BR"]
    assert "fix: rename it to a language code" in described["german"]  # static-i18n would not take 'german'
    assert unlisted_folders(docs, ["en", "ru", "xx", "pt-BR", "tlh", "german"]) == []


def test_nearest_languages_share_the_base_language_or_the_family():
    available = {"en", "nb", "nn", "pt", "pt-BR", "de"}
    assert nearest_languages("pt-PT", available) == ["pt", "pt-BR"]
    assert nearest_languages("no", available) == ["nb", "nn"]
    assert nearest_languages("ga", available) == ["en"]


def test_a_strict_build_with_an_unlisted_folder_fails_naming_it_and_the_fix(project_copy: Path, tmp_path: Path):
    folder = project_copy / "docs" / "xx"
    folder.mkdir()
    (folder / "contact.md").write_bytes((project_copy / "docs" / "en" / "contact.md").read_bytes())
    result = build_site(project_copy, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-11-23"})
    assert result.returncode == 1, result.output
    assert ("WARNING -  language_folders: docs/xx/ is not a language of this site (plugins > i18n > languages "
            "in mkdocs.yml)") in result.output
    assert "fix: scripts/add-language xx, or remove the folder" in result.output
    assert result.output.count("docs/xx/ is not a language") == 1  # once, not once per language built
