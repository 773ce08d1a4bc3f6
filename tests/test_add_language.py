"""scripts/add-language on a committed copy of the project: a new language builds strict-clean with
every page awaiting translation; an existing, repeated or nonsense code changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import GitRepo
from site_facts import ROOT, i18n_languages, source_pages
from sitebuild import PROJECT_PARTS, build_site, copy_project

PARTS = (*PROJECT_PARTS, "scripts")


def add_language(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts/add_language.py"), *args], cwd=project,
                          capture_output=True, text=True, timeout=60)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project's config, docs and messages, to prove nothing changed."""
    files = [project / "mkdocs.yml", *sorted((project / "docs").rglob("*")), *sorted((project / "overrides").rglob("*")),
             *sorted((project / "hooks/policy_site/messages").iterdir())]
    return {str(f.relative_to(project)): f.read_bytes() if f.is_file() else b"<dir>" for f in files}


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, bytes]:
    project = copy_project(ROOT, tmp_path_factory.mktemp("add-language") / "project", PARTS)
    before = (project / "mkdocs.yml").read_bytes()
    done = add_language(project, "de")
    repo = GitRepo(project, init=False)
    repo.git("add", "-A")
    repo.commit(message="Add German", date="2026-02-01")
    return project, done, before


@pytest.fixture(scope="module")
def german_site(german, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("add-language-site")
    result = build_site(german[0], out, env={"POLICY_SITE_TODAY": "2026-11-23"})
    assert result.returncode == 0, result.output
    return out, result.output


def test_adds_folder_messages_and_config_entry(german):
    project, done, before = german
    assert done.returncode == 0, done.stderr
    assert "Added Deutsch (de)" in done.stdout
    pages = source_pages()
    assert sorted(p.relative_to(project / "docs/de").as_posix() for p in (project / "docs/de").rglob("*.md")) == pages
    for page in pages:
        assert "\ntranslation: awaiting" in (project / "docs/de" / page).read_text(encoding="utf-8")
    stub = (project / "hooks/policy_site/messages/de.yml").read_text(encoding="utf-8")
    assert "# footer_heading: Our policies" in stub
    entry = i18n_languages(project)[-1]
    assert entry == {"locale": "de", "name": "Deutsch", "build": True, "site_name": "Amber Lane Home – Policies",
                     "site_description": "Customer service, returns, complaints, contact and privacy policies "
                                         "of Amber Lane Home.",
                     "nav_translations": {"Policies": "Policies"}}
    # Only the new entry was inserted: comments, order and the slugify tag are byte-identical.
    old, new = before.decode().splitlines(keepends=True), (project / "mkdocs.yml").read_text().splitlines(keepends=True)
    assert len(new) == len(old) + 7  # locale, name, build, site_name, site_description, nav_translations + 1
    start = next(i for i, (a, b) in enumerate(zip(old, new)) if a != b)
    assert new[:start] + new[start + 7:] == old
    assert "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n" in new


def test_new_language_builds_strict_clean_with_awaiting_fallbacks(german_site):
    site, output = german_site
    page = BeautifulSoup((site / "de/returns/index.html").read_text(encoding="utf-8"), "lxml")
    assert page.html["lang"] == "de"
    content = page.select_one(".md-content")
    assert "Not yet translated" in content.get_text()  # the German messages are still the English stub
    assert content.h1.get_text(strip=True).startswith("Returns and exchanges")
    assert (site / "de/index.html").is_file()


@pytest.mark.parametrize("args, message", [
    (("de",), "'de' (Deutsch) is already a language of this site"),
    (("ru",), "'ru' (Русский) is already a language of this site"),
    (("xx",), "'xx' is not a language Babel knows"),
    (("tlh",), "'tlh' is not a language code the site can use"),  # Babel knows it; static-i18n does not
    # Babel knows these, Material has no partials/languages/<code>.html for them:
    (("ga",), "Material for MkDocs has no interface text for 'ga' (partials/languages/ga.html)"),
    (("pt-PT",), "fix: use a code it has (nearest: pt, pt-BR), or add --theme-language"),
    (("no",), "(nearest: nb, nn)"),
    (("ga", "--theme-language", "xx"), "--theme-language xx: Material has no interface text for it either"),
    (("fr", "--theme-language", "en"), "the theme has interface text for 'fr' already"),
    (("not a code",), "is not a language code"),
    (("DE!",), "is not a language code"),
])
def test_refuses_and_changes_nothing(german, args, message):
    project = german[0]
    before = snapshot(project)
    done = add_language(project, *args)
    assert done.returncode == 1
    assert message in done.stderr and "Nothing was changed." in done.stderr
    assert snapshot(project) == before


def test_refuses_when_the_folder_exists_and_keeps_mkdocs_yml_byte_identical(tmp_path):
    project = copy_project(ROOT, tmp_path / "project", PARTS, commit=None)
    (project / "docs/fr").mkdir()
    before = snapshot(project)
    done = add_language(project, "fr", "--name", "Français")
    assert done.returncode == 1 and "docs/fr already exists" in done.stderr
    assert snapshot(project) == before


@pytest.fixture(scope="module")
def irish(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Path]:
    """Irish, which Babel knows and Material has no interface text for, with English as the interface."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("add-irish") / "project", PARTS)
    done = add_language(project, "ga", "--theme-language", "en")
    repo = GitRepo(project, init=False)
    repo.git("add", "-A")
    repo.commit(message="Add Irish", date="2026-02-01")
    out = tmp_path_factory.mktemp("irish-site")
    result = build_site(project, out, env={"POLICY_SITE_TODAY": "2026-11-23"})
    assert result.returncode == 0, result.output
    return project, done, out


def test_theme_language_fallback_builds_with_the_pages_language(irish):
    project, done, site = irish
    assert done.returncode == 0, done.stderr
    assert "overrides/partials/languages/ga.html" in done.stdout
    assert i18n_languages(project)[-1]["locale"] == "ga"
    page = BeautifulSoup((site / "ga/returns/index.html").read_text(encoding="utf-8"), "lxml")
    assert page.html["lang"] == "ga"  # the page's language, not the interface's fallback
    # Material's own interface text comes from the fallback (English) partial.
    assert page.select_one("input.md-search__input")["placeholder"] == "Search"
    assert (site / "ga/index.html").is_file()
