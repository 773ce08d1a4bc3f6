"""Git-based freshness of translations (policy_site.freshness), the notices readers see, and the
translators' status page, on a real git repository with dated commits."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import GitRepo
from policy_site.freshness import FreshnessState, freshness, history_for
from policy_site.history import clear_cache
from policy_site.translation_status import TranslationStatus, page_status
from site_facts import ROOT
from sitebuild import build_site, copy_project

TODAY = {"POLICY_SITE_TODAY": "2026-11-23"}


def set_front(text: str, key: str, value: str) -> str:
    """`text` with `key: "value"` added as the last front matter line. Quoted, as the build asks editors
    to: unquoted, a commit abbreviated to digits (`1234567`, `8e12345`) is a number to YAML."""
    head, rest = text.split("\n---\n", 1)
    return f"{head}\n{key}: {json.dumps(value)}\n---\n{rest}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    root = copy_project(ROOT, tmp_path_factory.mktemp("fresh") / "project", date="2026-01-05")
    repo = GitRepo(root, init=False)
    read = lambda path: (root / path).read_text(encoding="utf-8")  # noqa: E731
    commits = {"start": repo.head()}
    # A translation committed after its source: fresh.
    commits["ru_contact"] = repo.commit({"docs/ru/contact.md": read("docs/ru/contact.md") + "\nУточнение.\n"},
                                        "Russian: reword contact", date="2026-02-01")
    # The source changes (an editorial fix counts too): every translation of returns is outdated ...
    commits["en_returns"] = repo.commit({"docs/en/returns.md": read("docs/en/returns.md") + "\nTypo fixed.\n"},
                                        "Fix a typo in returns", date="2026-03-01")
    # ... except Thai, updated afterwards, and Belarusian, marked reviewed against that commit.
    commits["th_returns"] = repo.commit({"docs/th/returns.md": read("docs/th/returns.md") + "\nแก้ไข\n"},
                                        "Thai: follow returns", date="2026-03-10")
    commits["be_reviewed"] = repo.commit(
        {"docs/be/returns.md": set_front(read("docs/be/returns.md"), "source_reviewed", commits["en_returns"][:7])},
        "Belarusian: returns checked, nothing to reword", date="2026-03-15")
    # A mark does not cover later source changes: complaints changes after the marked commit.
    commits["en_complaints"] = repo.commit({"docs/en/complaints.md": read("docs/en/complaints.md") + "\nMore.\n"},
                                           "Complaints: add a line", date="2026-04-01")
    commits["lv_mark"] = repo.commit(
        {"docs/lv/complaints.md": set_front(read("docs/lv/complaints.md"), "source_reviewed", commits["en_returns"])},
        "Latvian: complaints marked against an older commit", date="2026-04-05")
    # A missing page and a stub awaiting translation.
    awaiting = set_front(read("docs/en/privacy.md"), "translation", "awaiting")
    commits["gaps"] = repo.commit({"docs/et/contact.md": None, "docs/lv/privacy.md": awaiting},
                                  "Estonian contact removed; Latvian privacy awaiting", date="2026-04-10")
    clear_cache()
    return repo, commits


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fresh-site")
    result = build_site(repo[0].root, out, env=TODAY)
    assert result.returncode == 0, result.output
    return out


def soup(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


def fresh(repo: GitRepo, page: str, language: str):
    return freshness(repo.root / "docs", page, language, "en", history_for(repo.root / "docs"))


def test_translation_committed_after_its_source_is_fresh(repo):
    state = fresh(repo[0], "contact.md", "ru")
    assert state.state is FreshnessState.FRESH and not state.pending


def test_source_change_after_translation_makes_it_outdated_since_that_change(repo):
    git, commits = repo
    state = fresh(git, "returns.md", "ru")
    assert state.state is FreshnessState.OUTDATED
    assert [c.commit for c in state.pending] == [commits["en_returns"]]
    assert state.since.date().isoformat() == "2026-03-01"
    assert state.source_commit == commits["en_returns"]
    assert page_status(git.root / "docs", "returns.md", "ru", "en") is TranslationStatus.OUTDATED


def test_translation_updated_after_the_source_change_is_fresh_again(repo):
    assert fresh(repo[0], "returns.md", "th").state is FreshnessState.FRESH


def test_source_reviewed_mark_clears_it(repo):
    state = fresh(repo[0], "returns.md", "be")
    assert state.state is FreshnessState.FRESH and state.mark == repo[1]["en_returns"][:7]
    assert page_status(repo[0].root / "docs", "returns.md", "be", "en") is TranslationStatus.TRANSLATED


def test_mark_covers_only_changes_up_to_its_commit(repo):
    git, commits = repo
    state = fresh(git, "complaints.md", "lv")
    assert state.state is FreshnessState.OUTDATED
    assert [c.commit for c in state.pending] == [commits["en_complaints"]]


def test_translation_changes_take_the_followed_text_read_before_or_read_it(repo):
    """The build reads every followed source text in one git process and hands them over; a text it did
    not read is read from git, so both give the same change."""
    from policy_site.source_diff import followed_blob, followed_texts, translation_changes

    git, commits = repo
    docs, history = git.root / "docs", history_for(git.root / "docs")
    blob = followed_blob(fresh(git, "returns.md", "ru"))
    assert blob == subprocess.run(["git", "rev-parse", f"{commits['start']}:docs/en/returns.md"], cwd=git.root,
                                  capture_output=True, text=True, check=True).stdout.strip()
    read_here = translation_changes(docs, "returns.md", "ru", "en", history)
    handed = translation_changes(docs, "returns.md", "ru", "en", history, history.read_texts([blob]))
    missing = translation_changes(docs, "returns.md", "ru", "en", history, {})
    assert read_here == handed == missing
    assert read_here.old.startswith("---") and "Typo fixed." not in read_here.old and "Typo fixed." in read_here.new
    assert translation_changes(docs, "returns.md", "ru", "en", history, {blob: "given"}).old == "given"
    assert followed_blob(fresh(git, "returns.md", "th")) is None  # up to date: follows nothing to diff
    pages = [("ru", "returns.md"), ("et", "returns.md"), ("th", "returns.md")]
    assert followed_texts(docs, pages, "en", history) == {blob: read_here.old}  # one text, read once


def test_a_verdict_is_reused_for_the_same_history_and_text_only(repo):
    """Judged once per history and text (a build asks about each translation several times); an edit
    is judged anew, and so is the committed text again once the edit is undone."""
    git, commits = repo
    first = fresh(git, "returns.md", "ru")
    assert first.state is FreshnessState.OUTDATED
    assert fresh(git, "returns.md", "ru") is first
    page = git.root / "docs/ru/returns.md"
    committed = page.read_text(encoding="utf-8")
    try:
        page.write_text(set_front(committed, "source_reviewed", commits["en_returns"][:7]), encoding="utf-8")
        edited = fresh(git, "returns.md", "ru")
        assert edited.state is FreshnessState.UNKNOWN and "uncommitted" in edited.reason
    finally:
        page.write_text(committed, encoding="utf-8")
    assert fresh(git, "returns.md", "ru") == first


def test_unknown_without_git_or_with_uncommitted_changes(repo, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(repo[0].root / "docs", docs)
    assert freshness(docs, "returns.md", "ru", "en").state is FreshnessState.UNKNOWN
    copy = copy_project(ROOT, tmp_path / "dirty")
    (copy / "docs/ru/returns.md").write_text("---\ntitle: x\n---\n# x\n", encoding="utf-8")
    state = freshness(copy / "docs", "returns.md", "ru", "en")
    assert state.state is FreshnessState.UNKNOWN and "uncommitted" in state.reason


def notices(page: BeautifulSoup) -> dict[str, BeautifulSoup]:
    return {n["data-policy-notice"]: n for n in page.select("[data-policy-notice]")}


def test_outdated_page_shows_notice_in_its_language_with_date_and_source_link(site):
    page = soup(site, "ru/returns/index.html")
    notice = notices(page)["translation-outdated"]
    assert "Перевод может быть устаревшим" in notice.get_text()
    assert "1 марта 2026" in notice.get_text()  # Babel's long date in Russian
    link = notice.find("a")
    assert link["hreflang"] == "en" and link["href"] == "../../returns/"
    th = notices(soup(site, "th/returns/index.html"))
    be = notices(soup(site, "be/returns/index.html"))
    assert "translation-outdated" not in th and "translation-outdated" not in be
    lv = notices(soup(site, "lv/complaints/index.html"))["translation-outdated"]
    # "was changed on ...": the locative, not Babel's nominative "aprīlis" (hooks/policy_site/date_forms.yml)
    assert "2026. gada 1. aprīlī," in lv.get_text()


def test_fresh_and_source_pages_have_no_outdated_notice(site):
    for relative in ("returns/index.html", "ru/contact/index.html", "index.html"):
        assert "translation-outdated" not in notices(soup(site, relative))


def test_missing_page_falls_back_to_source_with_notice_in_readers_language(site):
    page = soup(site, "et/contact/index.html")
    assert page.find("html")["lang"] == "et"
    assert "Veel tõlkimata" in page.select_one(".md-content").get_text()
    assert page.select_one(".md-content h1").get_text(strip=True).startswith("Contact")


def test_awaiting_page_is_never_shown_as_translated(site, repo):
    page = soup(site, "lv/privacy/index.html")
    content = page.select_one(".md-content").get_text()
    assert "Vēl nav tulkots" in content
    english = (repo[0].root / "docs/en/privacy.md").read_text(encoding="utf-8")
    latvian_title = (ROOT / "docs/lv/privacy.md").read_text(encoding="utf-8").split("title:", 1)[1].split("\n")[0].strip()
    assert english.split("title:", 1)[1].split("\n")[0].strip() in page.select_one(".md-content h1").get_text()
    assert latvian_title not in page.select_one(".md-content h1").get_text()
    assert "translation-outdated" not in notices(page)


def test_status_page_for_translators(site, repo):
    git, commits = repo
    page = soup(site, "editors/translations/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    ru = page.select_one('[data-translation-status="ru"]')
    row = ru.select_one('tr[data-page="returns.md"]')
    assert row["data-status"] == "outdated" and "2026-03-01" in row.get_text()
    assert row.select_one("[data-commit]")["data-commit"] == commits["en_returns"]
    et = page.select_one('[data-translation-status="et"]')
    assert et.select_one('tr[data-page="contact.md"]')["data-status"] == "missing"
    lv = page.select_one('[data-translation-status="lv"]')
    assert lv.select_one('tr[data-page="privacy.md"]')["data-status"] == "awaiting"
    assert "2 outdated" in ru.select_one("[data-totals]").get_text()  # returns and complaints
    # Linked from the register, not from the customers' navigation.
    register = soup(site, "editors/register/index.html")
    assert register.select_one("[data-translations-link]")["href"] == "../translations/"
    assert not soup(site, "index.html").select('a[href*="editors/translations"]')


def test_hreflang_alternates_with_x_default_and_switcher_to_the_same_page(site):
    expected = {  # page -> where each language's version of it is, relative to it
        "ru/returns/index.html": {"en": "../../returns/", "ru": "./", "be": "../../be/returns/",
                                  "th": "../../th/returns/", "et": "../../et/returns/", "lv": "../../lv/returns/"},
        "returns/index.html": {"en": "./", "ru": "../ru/returns/", "be": "../be/returns/", "th": "../th/returns/",
                               "et": "../et/returns/", "lv": "../lv/returns/"},
    }
    for relative, alternates in expected.items():
        page = soup(site, relative)
        links = {link["hreflang"]: link["href"] for link in page.select('head link[rel="alternate"][hreflang]')}
        assert links == {**alternates, "x-default": alternates["en"]}
        switcher = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
        assert switcher == alternates
