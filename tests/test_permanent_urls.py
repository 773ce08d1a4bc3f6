"""Permanent URLs (issue 12 item 2): a renamed policy keeps every old URL as a redirect, a deleted one
stays online as withdrawn. Real git repositories and real builds of a three-language project (en, ru and
th, where th has no returns page of its own and shows the English one)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import build_site, copy_project

TODAY = {"POLICY_SITE_TODAY": "2026-11-23"}
SITE_URL = "https://policies.amberlane.example/"
LANGS = {"en": "", "ru": "ru/", "th": "th/"}
ATOM = "{http://www.w3.org/2005/Atom}"
GIFT = """---
title: {title}
summary: {summary}
effective: {effective}
last_reviewed: 2026-01-20
review_by: 2027-01-20
owner: Customer Service
---

# {title}

{body}
"""


def gift(lang: str, effective: str, body: str) -> str:
    title, summary = {"en": ("Gift cards", "How gift cards work."),
                      "ru": ("Подарочные карты", "Как работают подарочные карты.")}[lang]
    return GIFT.format(title=title, summary=summary, effective=effective, body=body)


def set_effective(text: str, day: str) -> str:
    return re.sub(r"^effective: .*$", f"effective: {day}", text, count=1, flags=re.M)


def nav_with(config: str, *, add: str | None = None, remove: str | None = None, rename: tuple | None = None) -> str:
    if add:
        config = config.replace("  - feedback.md\n", f"  - feedback.md\n  - {add}\n", 1)
    if remove:
        config = config.replace(f"  - {remove}\n", "", 1)
    if rename:
        config = config.replace(f"  - {rename[0]}\n", f"  - {rename[1]}\n", 1)
    return config


def small_project(dest: Path) -> GitRepo:
    """The sample project with three languages: en, ru and th (th without a returns page of its own)."""
    root = copy_project(ROOT, dest, commit=None)
    for lang in ("be", "et", "lv"):
        shutil.rmtree(root / "docs" / lang)
    (root / "docs/th/returns.md").unlink()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    for name in ("Беларуская", "Eesti", "Latviešu"):
        config = re.sub(rf"        - locale: \w+\n          name: {name}\n(?:          .*\n|            .*\n)*", "",
                        config, count=1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.commit(message="Publish the policies", date="2026-01-05")
    return repo


def relink(text: str, old: str, new: str) -> str:
    """`text` with every link to page `old` (also to a heading on it, `old#id`) pointing at `new` instead."""
    return re.sub(rf"\({re.escape(old)}(#[^)\s]*)?\)", lambda m: f"({new}{m.group(1) or ''})", text)


def relink_everywhere(root: Path, old: str, new: str) -> dict[str, str]:
    """What an editor renaming a policy changes: the links to it in every other page, in every language."""
    changed = {}
    for path in sorted((root / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if relink(text, old, new) != text:
            changed[path.relative_to(root).as_posix()] = relink(text, old, new)
    return changed


def hub_link(text: str, line: str) -> str:
    return text.replace("## Tell us", f"{line}\n\n## Tell us", 1)


def add_gift_cards(repo: GitRepo, hubs: dict[str, str]) -> str:
    """Commit gift-cards version 1 (en, ru, effective 2026-02-01) with its hub links and nav entry."""
    config = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    return repo.commit({
        "docs/en/gift-cards.md": gift("en", "2026-02-01", "Gift cards are valid for one year."),
        "docs/ru/gift-cards.md": gift("ru", "2026-02-01", "Подарочные карты действуют один год."),
        "docs/en/index.md": hub_link(hubs["en"], "- [Gift cards](gift-cards.md)"),
        "docs/ru/index.md": hub_link(hubs["ru"], "- [Подарочные карты](gift-cards.md)"),
        "mkdocs.yml": nav_with(config, add="gift-cards.md")}, "Add gift cards", date="2026-01-20")


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    """returns: v1 (2026-03-01), v2 (2026-04-01), renamed in en and ru to returns-and-exchanges.md.
    gift-cards (en, ru): v1 (2026-02-01), v2 (2026-05-01), deleted on 2026-11-20."""
    repo = small_project(tmp_path_factory.mktemp("permanent") / "project")
    root, commits = repo.root, {}
    hubs = {lang: (root / f"docs/{lang}/index.md").read_text(encoding="utf-8") for lang in ("en", "ru")}
    commits["gift v1"] = add_gift_cards(repo, hubs)
    returns = {lang: (root / f"docs/{lang}/returns.md").read_text(encoding="utf-8") for lang in ("en", "ru")}
    commits["returns v2"] = repo.commit({
        "docs/en/returns.md": set_effective(returns["en"], "2026-04-01") + "\nReturns within 14 days.\n",
        "docs/ru/returns.md": set_effective(returns["ru"], "2026-04-01") + "\nВозврат в течение 14 дней.\n"},
        "Shorten the return window", date="2026-03-15")
    commits["gift v2"] = repo.commit({
        "docs/en/gift-cards.md": gift("en", "2026-05-01", "Gift cards are valid for two years."),
        "docs/ru/gift-cards.md": gift("ru", "2026-05-01", "Подарочные карты действуют два года.")},
        "Longer gift cards", date="2026-04-20")
    for lang in ("en", "ru"):
        repo.mv(f"docs/{lang}/returns.md", f"docs/{lang}/returns-and-exchanges.md")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    commits["rename"] = repo.commit({
        **relink_everywhere(root, "returns.md", "returns-and-exchanges.md"),
        "mkdocs.yml": nav_with(config, rename=("returns.md", "returns-and-exchanges.md"))},
        "Rename the returns policy", date="2026-06-01")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    commits["delete"] = repo.commit({
        "docs/en/gift-cards.md": None, "docs/ru/gift-cards.md": None,
        "docs/en/index.md": relink(hubs["en"], "returns.md", "returns-and-exchanges.md"),
        "docs/ru/index.md": relink(hubs["ru"], "returns.md", "returns-and-exchanges.md"),
        "mkdocs.yml": nav_with(config, remove="gift-cards.md")}, "Stop selling gift cards", date="2026-11-20")
    return repo, commits


@pytest.fixture(scope="module")
def site(history, tmp_path_factory) -> tuple[Path, str]:
    repo, _ = history
    out = tmp_path_factory.mktemp("permanent-site")
    result = build_site(repo.root, out, env=TODAY)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    return out, result.output


def soup(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


# History


def test_history_knows_old_names_and_deleted_files(history):
    from policy_site.history import clear_cache, read_history

    repo, commits = history
    clear_cache()
    found = read_history(repo.root / "docs")
    assert {old: r.new_path for old, r in found.renamed.items()} == {
        "en/returns.md": "en/returns-and-exchanges.md", "ru/returns.md": "ru/returns-and-exchanges.md"}
    assert found.renamed["en/returns.md"].commit == commits["rename"]
    assert set(found.withdrawn) == {"en/gift-cards.md", "ru/gift-cards.md"}
    gone = found.withdrawn["en/gift-cards.md"]
    assert gone.commit == commits["delete"] and gone.date.date().isoformat() == "2026-11-20"
    assert gone.last_blob == repo.head(f"{commits['gift v2']}:docs/en/gift-cards.md")
    assert [c.commit for c in gone.changes] == [commits["gift v2"], commits["gift v1"]]
    assert "en/gift-cards.md" not in found.files


# Renamed


OLD_URLS = ["returns/", "returns/versions/1/", "returns/versions/2/", "returns/versions/2/diff/",
            "returns/versions/1/diff-current/"]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("old", OLD_URLS)
def test_every_old_url_redirects_to_the_new_one(site, lang, old):
    out, _ = site
    prefix = LANGS[lang]
    page = soup(out, f"{prefix}{old}index.html")
    new = prefix + old.replace("returns/", "returns-and-exchanges/", 1)
    assert (out / new / "index.html").is_file()
    assert page.find("html")["lang"] == lang
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    target = refresh.split("url=", 1)[1]
    assert urljoin(f"{SITE_URL}{prefix}{old}", target) == f"{SITE_URL}{new}"
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}{new}"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    link = page.select_one("[data-policy-redirect] a")
    assert link["href"] == target and link.get_text(strip=True)  # works without JavaScript
    assert not page.select("script")


def test_redirect_text_is_in_the_page_language(site):
    out, _ = site
    assert "This page has moved to" in soup(out, "returns/index.html").get_text()
    assert "Эта страница теперь находится здесь" in soup(out, "ru/returns/index.html").get_text()
    assert "หน้านี้ย้ายไปที่" in soup(out, "th/returns/index.html").get_text()


def test_fallback_language_follows_the_source_rename(site):
    """th never had its own returns page: /th/returns/ showed the English one and now redirects."""
    out, _ = site
    page = soup(out, "th/returns/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}th/returns-and-exchanges/"
    assert (out / "th/returns-and-exchanges/index.html").is_file()


def test_build_log_reports_each_rename_once(site, history):
    _, output = site
    _, commits = history
    short = commits["rename"][:7]
    for lang in ("en", "ru"):
        line = (f"NOTICE  -  docs/{lang}/returns.md was renamed to docs/{lang}/returns-and-exchanges.md in commit "
                f'{short} ("Rename the returns policy"): ')
        assert output.count(line) == 1, output
    assert re.search(rf"docs/en/returns.md was renamed .*: (\d+) old URLs redirect", output).group(1) == "5"


# Withdrawn


@pytest.mark.parametrize("lang, word", [("en", "Withdrawn on 20 November 2026"), ("ru", "Отменены 20 ноября 2026"),
                                        ("th", "ยกเลิกเมื่อ 20 พฤศจิกายน")])
def test_withdrawn_policy_keeps_its_page_and_versions_with_a_banner(site, lang, word):
    out, _ = site
    prefix = LANGS[lang]
    for relative in ("gift-cards/", "gift-cards/versions/1/", "gift-cards/versions/2/", "gift-cards/versions/2/diff/"):
        if lang == "th" and relative != "gift-cards/":
            continue  # th shows the English page as a fallback, without version pages of its own
        page = soup(out, f"{prefix}{relative}index.html")
        banner = page.select_one('[data-policy-notice="policy-withdrawn"]')
        assert banner is not None, (lang, relative)
        assert word in banner.get_text(" ", strip=True), banner.get_text(" ", strip=True)
    page = soup(out, f"{prefix}gift-cards/index.html")
    text = page.select_one("article").get_text(" ", strip=True)
    assert ("valid for two years" if lang != "ru" else "действуют два года") in text
    assert page.select_one('meta[name="robots"]') is None  # the record stays findable


def test_withdrawn_versions_end_on_the_withdrawal(site):
    out, _ = site
    page = soup(out, "gift-cards/versions/2/index.html")
    banner = page.select_one('[data-policy-notice="policy-version"]').get_text(" ", strip=True)
    assert "in effect from 1 May 2026 to 19 November 2026" in banner
    current = soup(out, "gift-cards/index.html")
    meta = current.select_one("[data-policy-meta]").get_text(" ", strip=True)
    assert "Withdrawn on 20 November 2026" in meta and "In effect since" not in meta
    assert "In force" not in current.select_one("[data-policy-history]").get_text(" ", strip=True)


@pytest.mark.parametrize("lang, heading", [("en", "Withdrawn policies"), ("ru", "Отменённые правила"),
                                           ("th", "นโยบายที่ยกเลิกแล้ว")])
def test_hub_lists_withdrawn_policies(site, lang, heading):
    out, _ = site
    block = soup(out, f"{LANGS[lang]}index.html").select_one("[data-policy-withdrawn]")
    assert block is not None and heading in block.get_text()
    items = block.select("li")
    assert len(items) == 1 and items[0].select_one("a")["href"] == "gift-cards/"
    assert items[0].select_one("time")["datetime"] == "2026-11-20"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_changes_page_and_feeds_announce_the_withdrawal(site, lang):
    out, _ = site
    prefix = LANGS[lang]
    item = soup(out, f"{prefix}changes/index.html").select_one("[data-policy-news] [data-withdrawn]")
    assert item is not None and item.select_one("time")["datetime"] == "2026-11-20"
    assert item.select_one("a")["href"] == "../gift-cards/"
    for feed in (f"{prefix}changes/feed.xml", f"{prefix}gift-cards/versions/feed.xml"):
        root = etree.fromstring((out / feed).read_bytes())
        first = root.findall(f"{ATOM}entry")[0]
        assert first.findtext(f"{ATOM}id") == f"{SITE_URL}{prefix}gift-cards/#withdrawn", feed
        assert first.find(f"{ATOM}link").get("href") == f"{SITE_URL}{prefix}gift-cards/"
        title = first.findtext(f"{ATOM}title")
        assert ("withdrawn on 20 November 2026" if lang == "en" else "отменены 20 ноября 2026") in title


def test_withdrawn_pages_are_not_in_search_or_navigation(site):
    out, _ = site
    index = (out / "search/search_index.json").read_text(encoding="utf-8")
    assert "gift-cards/" not in index
    nav = soup(out, "index.html").select_one("nav.md-nav--primary")
    assert not nav.select('a[href*="gift-cards"]')


def test_build_log_reports_each_withdrawal_once(site, history):
    _, output = site
    _, commits = history
    for lang, url in (("en", "/gift-cards/"), ("ru", "/ru/gift-cards/")):
        line = (f"NOTICE  -  docs/{lang}/gift-cards.md was deleted in commit {commits['delete'][:7]} on 2026-11-20: "
                f"withdrawn; its 2 versions stay at {url}\n")
        assert output.count(line) == 1, output


def test_parallel_build_puts_redirects_and_withdrawn_pages_in_each_language(site, history, tmp_path):
    out, _ = site
    repo, _ = history
    parallel = tmp_path / "parallel"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/parallel_build.py"), "--strict", "-f",
                           str(repo.root / "mkdocs.yml"), "-d", str(parallel), "--jobs", "2"], cwd=repo.root,
                          capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", **TODAY})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for prefix in LANGS.values():
        for relative in ("returns/index.html", "returns/versions/2/diff/index.html", "gift-cards/index.html",
                         "index.html", "changes/feed.xml"):
            path = f"{prefix}{relative}"
            if prefix == "th/" and "versions" in relative:
                continue
            assert (parallel / path).read_bytes() == (out / path).read_bytes(), path


# A name used again


def test_a_page_at_an_old_name_wins_and_is_reported(history, tmp_path):
    """After the rename and the deletion, new returns.md and gift-cards.md pages (en) are published."""
    repo, commits = history
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True, capture_output=True)
    again = GitRepo(clone, init=False)
    config = (clone / "mkdocs.yml").read_text(encoding="utf-8")
    again.commit({
        "docs/en/returns.md": GIFT.format(title="Returning a rental", summary="Rentals.", effective="2026-11-21",
                                          body="Rented items go back within 3 days."),
        "docs/en/gift-cards.md": gift("en", "2026-11-22", "Gift cards are back, valid for one year."),
        "mkdocs.yml": nav_with(nav_with(config, add="gift-cards.md"), add="returns.md")},
        "New rental returns and gift cards", date="2026-11-22")
    out = tmp_path / "site"
    result = build_site(clone, out, env=TODAY)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output, result.output
    page = soup(out, "returns/index.html")
    assert page.select_one('meta[http-equiv="refresh"]') is None
    assert "Rented items go back" in page.select_one("article").get_text()
    # Versions the new page does not have still lead to the renamed policy.
    moved = soup(out, "returns/versions/2/index.html").select_one('link[rel="canonical"]')["href"]
    assert moved == f"{SITE_URL}returns-and-exchanges/versions/2/"
    assert f"NOTICE  -  /returns/ is served by docs/en/returns.md, so it does not redirect to /returns-and-exchanges/ " \
           f"(docs/en/returns.md was renamed in commit {commits['rename'][:7]})" in result.output
    gift_page = soup(out, "gift-cards/index.html")
    assert gift_page.select_one('[data-policy-notice="policy-withdrawn"]') is None
    assert "back, valid for one year" in gift_page.select_one("article").get_text()
    assert "two years" in soup(out, "gift-cards/versions/2/index.html").select_one("article").get_text()
    assert (f"NOTICE  -  docs/en/gift-cards.md was deleted in commit {commits['delete'][:7]} and added again in commit "
            f"{again.head()[:7]}: /gift-cards/ shows the new text; its 2 earlier versions keep their numbers "
            "under /gift-cards/versions/") in result.output
    # ru still withdrew its translation: its readers see the English page, and the build says so.
    assert soup(out, "ru/gift-cards/index.html").select_one('[data-policy-notice="policy-withdrawn"]') is None
    assert "docs/ru/gift-cards.md was deleted in commit" in result.output


# The rules per language, on a real repository without a build


def test_each_language_follows_its_own_file_else_the_source(tmp_path):
    from policy_site import permanence
    from policy_site.history import clear_cache, read_history
    from policy_site.past_versions import read_texts

    repo = GitRepo(tmp_path / "repo")
    stub = "---\ntitle: A\ntranslation: awaiting\n---\n\nEnglish text.\n"
    repo.commit({"docs/en/a.md": "---\ntitle: A\n---\n\nEnglish text.\n", "docs/ru/a.md": stub,
                 "docs/en/old.md": "---\ntitle: Old\n---\n\nOld.\n", "docs/ru/old.md": "---\ntitle: Старое\n---\n",
                 "docs/en/b.md": "---\ntitle: B\n---\n", "docs/ru/b.md": "---\ntitle: Б\n---\n",
                 "docs/en/logo.png": "not a page"}, "Add")
    repo.mv("docs/en/old.md", "docs/en/new.md")
    repo.commit(message="Rename in English")
    repo.commit({"docs/en/a.md": None, "docs/ru/a.md": None, "docs/ru/b.md": None, "docs/en/logo.png": None},
                "Delete")
    clear_cache()
    history = read_history(repo.root / "docs")
    texts = read_texts(history, (w.last_blob for w in history.withdrawn.values()))
    ru, replaced = permanence.withdrawn_pages(history, "ru", "en", {"b.md", "new.md", "old.md"}, texts)
    # ru's stub awaiting translation yields to the English text; ru's b.md is replaced by the English page.
    assert {n: (p.src_uri, p.fallback) for n, p in ru.items()} == {"a.md": ("en/a.md", True)}
    assert [path for path, _ in replaced] == ["ru/b.md"]
    th, _ = permanence.withdrawn_pages(history, "th", "en", {"b.md", "new.md"}, texts)
    assert set(th) == {"a.md"} and th["a.md"].locale == "en"
    assert [(m.old_name, m.new_name) for m in permanence.moves_for(history.renamed, "th", "en")] == [("old.md", "new.md")]
    assert permanence.moves_for(history.renamed, "ru", "en")[0].path == "en/old.md"
    assert permanence.dest_of("returns.md", "ru/") == "ru/returns/index.html"
    assert permanence.dest_of("a/index.md") == "a/index.html"
    assert permanence.dest_of("returns.md", "", use_directory_urls=False) == "returns.html"
