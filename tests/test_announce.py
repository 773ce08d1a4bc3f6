"""scripts/announce: a notice per language of a real new version, from a real git history."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from editor_tools import replace_in, run_script, set_field, tool_project
from gitrepo import GitRepo

LANGUAGES = ("en", "ru", "be", "th", "et", "lv")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with a version 2 of returns: summaries in en and ru only, a reason to apply sooner."""
    root = tool_project(tmp_path_factory.mktemp("announce") / "project")
    for lang in LANGUAGES:
        set_field(root / "docs" / lang / "returns.md", "effective", "2026-04-01")
    replace_in(root / "docs/en/returns.md", "owner: Customer Service",
               "owner: Customer Service\nchange_summary: The return window is now 60 days.\n"
               "applies_sooner: In your favour, so it applies at once.")
    replace_in(root / "docs/ru/returns.md", "owner: Customer Service",
               "owner: Customer Service\nchange_summary: Срок возврата теперь 60 дней.")
    repo = GitRepo(root, init=False)
    repo.git("add", "-A", "--", "docs")
    repo.commit(message="ZQX internal subject: returns v2", date="2026-01-20", author="Zed Quux")
    return root


def notice(root: Path, lang: str, name: str = "customer-notice.txt") -> str:
    return (root / "out" / lang / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def announced(project: Path) -> Path:
    result = run_script(project, "announce", "returns", "--out", "out", "--today", "2026-01-25")
    assert result.returncode == 0, result.output
    assert "Version 2 of returns" in result.output and "6 language(s)" in result.output
    # Languages without their own summary are named, so the editor can ask translators first.
    for lang in ("be", "th", "et", "lv"):
        assert f"warning: {lang}: docs/{lang}/returns.md has no change_summary for version 2" in result.output
    return project


def test_every_language_gets_a_notice_and_a_briefing(announced: Path):
    for lang in LANGUAGES:
        for name in ("customer-notice.txt", "customer-notice.html", "staff-briefing.txt"):
            assert (announced / "out" / lang / name).stat().st_size > 100


def test_the_notice_is_in_the_readers_language_with_dates_and_links(announced: Path):
    ru = notice(announced, "ru")
    assert "Срок возврата теперь 60 дней." in ru
    assert "1 апреля 2026\u202fг." in ru  # Babel's Russian long date (narrow no-break space), as on the site
    assert "https://policies.amberlane.example/ru/returns/versions/2/diff/" in ru
    assert "https://policies.amberlane.example/ru/returns/versions/2/" in ru
    assert "https://policies.amberlane.example/ru/contact/" in ru
    en = notice(announced, "en")
    assert "The return window is now 60 days." in en and "1 April 2026" in en
    assert "https://policies.amberlane.example/returns/versions/2/diff/" in en
    assert "In your favour, so it applies at once." in en


def test_a_missing_translation_shows_the_source_summary_marked(announced: Path):
    lv = notice(announced, "lv")
    assert "The return window is now 60 days. (oriģināla valoda: angļu)" in lv
    html = BeautifulSoup(notice(announced, "lv", "customer-notice.html"), "lxml")
    assert html.html["lang"] == "lv"
    marked = html.find(lang="en")
    assert marked is not None and marked.get_text(strip=True) == "The return window is now 60 days."


def test_git_internals_stay_in_the_staff_briefing(announced: Path):
    for lang in LANGUAGES:
        for name in ("customer-notice.txt", "customer-notice.html"):
            text = notice(announced, lang, name)
            assert "ZQX" not in text and "Zed Quux" not in text
    briefing = notice(announced, "en", "staff-briefing.txt")
    assert "ZQX internal subject: returns v2" in briefing
    assert "Zed Quux" not in briefing  # names are never needed to brief staff


def test_html_notice_escapes_front_matter(tmp_path: Path):
    root = tool_project(tmp_path / "project")
    for lang in LANGUAGES:
        set_field(root / "docs" / lang / "returns.md", "effective", "2026-04-01")
    replace_in(root / "docs/en/returns.md", "owner: Customer Service",
               'owner: Customer Service\nchange_summary: "Refunds faster & simpler for orders < EUR 30."')
    repo = GitRepo(root, init=False)
    repo.git("add", "-A", "--", "docs")
    repo.commit(message="Returns v2", date="2026-01-20")
    result = run_script(root, "announce", "returns", "--lang", "en", "--out", "out", "--today", "2026-01-25")
    assert result.returncode == 0, result.output
    html = (root / "out/en/customer-notice.html").read_text(encoding="utf-8")
    assert "Refunds faster &amp; simpler for orders &lt; EUR 30." in html
    assert not (root / "out/ru").exists()


def test_unknown_policy_version_and_language_are_clear_errors(project: Path):
    result = run_script(project, "announce", "gift-cards")
    assert result.returncode == 2 and "there is no policy 'gift-cards'" in result.output and "returns" in result.output
    result = run_script(project, "announce", "returns", "--version", "7")
    assert result.returncode == 2 and "has versions 1 to 2, not 7" in result.output
    result = run_script(project, "announce", "returns", "--lang", "xx")
    assert result.returncode == 2 and "--lang xx is not a language of this site" in result.output
    assert "Traceback" not in result.output


def test_the_site_does_not_publish_the_announcement_templates(built_site):
    assert not list(built_site.root.rglob("customer-notice*")) and not list(built_site.root.rglob("staff-briefing*"))
