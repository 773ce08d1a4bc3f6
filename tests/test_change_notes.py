"""What changed, told to customers in their language: change notes on every customer page and feed,
and no commit subject or author name outside the editors' pages (issue 13)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from gitrepo import GitRepo
from site_facts import ROOT, locales
from sitebuild import build_site, copy_project

TODAY = {"POLICY_SITE_TODAY": "2026-11-23"}
SUBJECT = "ZQX-internal-subject"
AUTHOR = "Zed Quux-Author"
EN_SUMMARY = "The return window is now 14 days."
RU_SUMMARY = "Срок возврата теперь 14 дней."
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAGES = (".html", ".xml", ".json")


def set_effective(text: str, day: str, summary: str | None = None) -> str:
    text = re.sub(r"^effective: .*$", f"effective: {day}", text, count=1, flags=re.M)
    return text.replace("\nowner:", f"\nchange_summary: {summary}\nowner:", 1) if summary else text


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


def notes(soup: BeautifulSoup) -> dict[int, BeautifulSoup]:
    """Version number -> its change note in the page's history section."""
    return {int(v["data-version"]): v.select_one("[data-change-note]")
            for v in soup.select("[data-policy-history] [data-version]")}


def feed_summaries(site: Path, relative: str) -> tuple[etree._Element, dict[str, str]]:
    root = etree.fromstring((site / relative).read_bytes())
    return root, {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")}


def customer_files(site: Path) -> list[Path]:
    """Every page and feed a customer can reach: everything but the editors' pages, in every language."""
    found = [p for p in site.rglob("*") if p.suffix in PAGES and "editors" not in p.relative_to(site).parts]
    assert len(found) > 100
    return found


@pytest.fixture(scope="module")
def notes_repo(tmp_path_factory) -> GitRepo:
    """Every commit has the same distinctive subject prefix and author.

    returns.md: v1 (2026-03-01) in every language; v2 (2026-04-01) with an English and a Russian
    change_summary and a Thai text without one; v3 (2026-12-15, upcoming) that carries v2's summaries
    over unchanged. The Estonian returns page is missing, so Estonian readers get the English page.
    """
    root = copy_project(ROOT, tmp_path_factory.mktemp("notes") / "project", commit=None)
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.commit(message=f"{SUBJECT}: publish", date="2026-01-05", author=AUTHOR)
    texts = {lang: (root / f"docs/{lang}/returns.md").read_text(encoding="utf-8") for lang in ("en", "ru", "th")}
    repo.commit({"docs/en/returns.md": texts["en"] + "\nTypo fixed.\n", "docs/et/returns.md": None},
                f"{SUBJECT}: typo", date="2026-02-01", author=AUTHOR)
    v2 = {"docs/en/returns.md": set_effective(texts["en"], "2026-04-01", EN_SUMMARY),
          "docs/ru/returns.md": set_effective(texts["ru"], "2026-04-01", RU_SUMMARY),
          "docs/th/returns.md": set_effective(texts["th"], "2026-04-01")}
    repo.commit(v2, f"{SUBJECT}: shorter window", date="2026-03-01", author=AUTHOR)
    repo.commit({path: set_effective(text, "2026-12-15") for path, text in v2.items()},
                f"{SUBJECT}: new carrier", date="2026-11-20", author=AUTHOR)
    return repo


def build(repo: GitRepo, site: Path, **settings: bool) -> Path:
    config = repo.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    changed = original
    for key, value in settings.items():
        changed = changed.replace(f"    {key}: false\n", f"    {key}: {str(value).lower()}\n", 1)
    assert changed.count("true\n") - original.count("true\n") == sum(settings.values())
    config.write_text(changed, encoding="utf-8")
    try:
        result = build_site(repo.root, site, env=TODAY)
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return site


@pytest.fixture(scope="module")
def notes_site(notes_repo, tmp_path_factory) -> Path:
    return build(notes_repo, tmp_path_factory.mktemp("notes-site"))


def test_no_commit_subject_or_author_on_any_customer_page(notes_repo, notes_site):
    assert SUBJECT in notes_repo.git("log", "--format=%s") and AUTHOR in notes_repo.git("log", "--format=%an")
    for path in customer_files(notes_site):
        data = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        assert SUBJECT not in data and AUTHOR not in data, path
        assert path.suffix != ".html" or not BeautifulSoup(data, "lxml").select("[data-policy-edit-log]"), path


def test_russian_summary_on_every_russian_page(notes_site):
    note = notes(page(notes_site, "ru/returns/index.html"))[2]
    assert note.get_text(strip=True) == RU_SUMMARY and not note.has_attr("data-fallback")
    assert not note.select("[lang]")
    news = page(notes_site, "ru/changes/index.html")
    item = news.select_one('[data-policy-news] li:has(a[href*="returns/versions/2/"])')
    assert item.select_one("[data-change-note]").get_text(strip=True) == RU_SUMMARY
    root, summaries = feed_summaries(notes_site, "ru/changes/feed.xml")
    assert summaries["https://policies.amberlane.example/ru/returns/versions/2/"] == RU_SUMMARY
    assert root.get(XML_LANG) == "ru"
    _, own = feed_summaries(notes_site, "ru/returns/versions/feed.xml")
    assert own["https://policies.amberlane.example/ru/returns/versions/2/"] == RU_SUMMARY
    banner = page(notes_site, "ru/returns/versions/2/index.html").select_one('[data-policy-notice="policy-version"]')
    assert banner.select_one("[data-change-note]").get_text(strip=True) == RU_SUMMARY


def test_feeds_and_whats_new_read_in_their_language(notes_site):
    for lang, word in (("ru", "правила"), ("be", "правілы"), ("th", "นโยบาย"), ("et", "põhimõtted"),
                       ("lv", "noteikumi")):
        root = etree.fromstring((notes_site / f"{lang}/changes/feed.xml").read_bytes())
        assert root.get(XML_LANG) == lang
        title = root.findtext(f"{ATOM}title")
        assert word in title and "Policies" not in title and "policy" not in title, title
        head = page(notes_site, f"{lang}/changes/index.html").select_one('link[type="application/atom+xml"]')
        assert head["title"] == title
        firsts = {e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")
                  if "/returns/" not in e.findtext(f"{ATOM}id")}
        assert len(firsts) == 1 and firsts != {"First published version"}, (lang, firsts)


def test_translation_without_summary_shows_the_source_marked(notes_site):
    note = notes(page(notes_site, "th/returns/index.html"))[2]
    assert note.has_attr("data-fallback")
    quoted = note.select_one('[lang="en"]')
    assert quoted.get_text(strip=True) == EN_SUMMARY
    assert note.get_text(" ", strip=True) == f"{EN_SUMMARY} (ภาษาอังกฤษ)"
    _, summaries = feed_summaries(notes_site, "th/changes/feed.xml")
    assert summaries["https://policies.amberlane.example/th/returns/versions/2/"] == f"(ภาษาอังกฤษ) {EN_SUMMARY}"
    news = page(notes_site, "th/changes/index.html")
    item = news.select_one('[data-policy-news] li:has(a[href*="returns/versions/2/"])')
    assert item.select_one('[data-change-note] [lang="en"]').get_text(strip=True) == EN_SUMMARY
    # No Estonian page: Estonian readers get the English one, its notes marked in Estonian.
    estonian = notes(page(notes_site, "et/returns/index.html"))
    assert estonian[2].select_one('[lang="en"]').get_text(strip=True) == EN_SUMMARY
    assert "(inglise keeles)" in estonian[2].get_text(" ", strip=True)


@pytest.mark.parametrize("lang, first, changes", [
    ("en", "First published version", "Changes effective 15 December 2026"),
    ("ru", "Первая опубликованная версия", "Изменения с 15 декабря 2026 г."),
    ("th", "ฉบับแรกที่เผยแพร่", "การเปลี่ยนแปลงที่มีผลตั้งแต่วันที่ 15 ธันวาคม พ.ศ. 2569"),
])
def test_version_one_and_versions_without_summary_get_neutral_labels(notes_site, lang, first, changes):
    prefix = "" if lang == "en" else f"{lang}/"
    shown = notes(page(notes_site, f"{prefix}returns/index.html"))
    assert shown[1].get_text(strip=True) == first and shown[1].has_attr("data-neutral")
    # Version 3 only carried version 2's summary over: nothing new was said about it.
    expected = changes  # British English dates (extra.policy_site.locales), Thai in the Buddhist era
    assert shown[3].get_text(strip=True).replace("\u202f", " ") == expected and shown[3].has_attr("data-neutral")
    # The hub also lists the policies first published after today (delivery, accessibility): find returns.
    hub = page(notes_site, f"{prefix}index.html").select_one('[data-policy-upcoming] li:has(a[href*="returns/"])')
    assert hub.select_one("[data-change-note]").get_text(strip=True).replace("\u202f", " ") == expected
    banner = page(notes_site, f"{prefix}returns/versions/1/index.html")
    assert banner.select_one('[data-policy-notice="policy-version"] [data-change-note]').get_text(strip=True) == first


def test_latvian_history_is_all_latvian(notes_site):
    shown = notes(page(notes_site, "lv/returns/index.html"))
    assert list(shown) == [1] and shown[1].get_text(strip=True) == "Pirmā publicētā versija"


def test_edit_log_shows_commits_collapsed_and_authors_only_when_enabled(notes_repo, tmp_path):
    for show_authors in (False, True):
        site = build(notes_repo, tmp_path / f"site-{show_authors}", edit_log=True, show_authors=show_authors)
        logs = 0
        for path in customer_files(site):
            text = path.read_text(encoding="utf-8", errors="replace")
            soup = BeautifulSoup(text, "lxml") if path.suffix == ".html" else None
            if soup is None:  # feeds, sitemaps, search indexes: no edit log belongs there
                assert SUBJECT not in html.unescape(text) and AUTHOR not in html.unescape(text), path
                continue
            for log in soup.select("[data-policy-edit-log]"):
                assert log.name == "details" and not log.has_attr("open"), path
                assert (AUTHOR in log.get_text()) is show_authors, path
                logs += 1
                log.decompose()
            rest = html.unescape(str(soup))
            assert SUBJECT not in rest and AUTHOR not in rest, path
        assert logs >= len(locales()) * 6
        log = page(site, "returns/index.html").select_one("[data-policy-edit-log]")
        subjects = [c.select_one("a, span").get_text() for c in log.select("[data-commit]")]
        assert subjects == [f"{SUBJECT}: {s}" for s in ("new carrier", "shorter window", "typo", "publish")]
        assert [int(v["data-edit-version"]) for v in log.select("[data-edit-version]")] == [3, 2, 1]


def test_edit_log_setting_must_be_true_or_false(notes_repo, tmp_path):
    config = notes_repo.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("    show_authors: false\n", "    show_authors: yes please\n"), encoding="utf-8")
    try:
        result = build_site(notes_repo.root, tmp_path / "site", env=TODAY)
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "extra.policy_site.show_authors is 'yes please'" in result.output
    assert "fix: write `show_authors: true` or `show_authors: false`" in result.output


def test_translation_versions_are_matched_by_effective_date_not_number():
    """A translation first published when the source was at version 2 has its own version 1 for that day."""
    from policy_site.change_notes import VersionText, change_notes, summary_of
    from policy_site.messages import messages

    day1, day2, day3 = dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1)
    source = [VersionText(1, day1, "en1"), VersionText(2, day2, "en2"), VersionText(3, day3, "en3")]
    russian = [VersionText(1, day2, "ru1"), VersionText(2, day3, "ru2")]
    found = {"en2": EN_SUMMARY, "en3": "A new carrier.", "ru2": RU_SUMMARY}
    shown = change_notes("ru", russian, "en", source, found, messages("ru"))
    assert (shown[1].text, shown[1].lang, shown[1].is_fallback) == (EN_SUMMARY, "en", True)
    assert shown[1].plain() == f"(на английском) {EN_SUMMARY}"
    assert (shown[2].text, shown[2].lang, shown[2].is_fallback) == (RU_SUMMARY, "ru", False)
    # A summary today's schema refuses (control characters, over 500 characters) is left out of an old
    # text (frontmatter.split_text, which says why in a build notice); a valid one is shown whole.
    assert summary_of("---\nchange_summary: \"a\\u0007b\"\n---\n") == ""
    assert summary_of(f"---\nchange_summary: {'x' * 501}\n---\n") == ""
    assert summary_of(f"---\nchange_summary: \"a\\n  b {'x' * 400}\"\n---\n") == "a b " + "x" * 400
    assert summary_of("---\nchange_summary: [1, 2]\n---\n") == "" and summary_of("no front matter") == ""
