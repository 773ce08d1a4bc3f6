"""Atom feeds of new policy versions and the "What's new" page, from the versions test repository."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

from site_facts import source_pages
from sitebuild import build_site
from test_versions_pages import TODAY, versions_repo, versions_site  # noqa: F401 (fixtures, built once)

ATOM = "{http://www.w3.org/2005/Atom}"
POLICIES = len([page for page in source_pages() if page != "index.md"])  # the sample's policies (eight)


def feed(site: Path, relative: str) -> etree._Element:
    root = etree.fromstring((site / relative).read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root) -> list[dict[str, str]]:
    return [{"id": e.findtext(f"{ATOM}id"), "title": e.findtext(f"{ATOM}title"),
             "summary": e.findtext(f"{ATOM}summary"), "updated": e.findtext(f"{ATOM}updated"),
             "link": e.find(f"{ATOM}link").get("href")} for e in root.findall(f"{ATOM}entry")]


def test_policy_feed_has_one_entry_per_version(versions_site):
    root = feed(versions_site, "returns/versions/feed.xml")
    items = entries(root)
    assert [item["id"] for item in items] == [
        f"https://policies.amberlane.example/returns/versions/{n}/" for n in (3, 2, 1)]
    assert items[0]["summary"] == "A new carrier collects returns."  # change_summary at version 3
    assert items[1]["summary"] == "The return window is now 14 days."
    assert items[2]["summary"] == "First published version"  # never the commit subject
    assert items[0]["link"] == "https://policies.amberlane.example/returns/versions/3/diff/"
    assert "15 December 2026" in items[0]["title"]
    assert root.findtext(f"{ATOM}updated") == items[0]["updated"] == "2026-11-20T12:00:00+00:00"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_language_feed_lists_every_policy_in_its_language(versions_site):
    en = entries(feed(versions_site, "changes/feed.xml"))
    assert len(en) == POLICIES + 2  # a version 1 of every policy, and returns has two more versions
    th = entries(feed(versions_site, "th/changes/feed.xml"))
    assert len(th) == POLICIES + 2
    assert all(item["id"].startswith("https://policies.amberlane.example/th/") for item in th)
    assert "ฉบับที่ 3" in th[0]["title"]
    # The Thai text has no change_summary: the English one, marked as English in Thai.
    assert th[1]["summary"] == "(ภาษาอังกฤษ) The return window is now 14 days."
    assert not [item for item in th if "Publish the policies" in item["summary"]]


def test_pages_link_their_feeds_and_whats_new_lists_versions(versions_site):
    soup = BeautifulSoup((versions_site / "returns/index.html").read_text(encoding="utf-8"), "lxml")
    links = [link["href"] for link in soup.select('link[rel="alternate"][type="application/atom+xml"]')]
    assert links == ["../changes/feed.xml", "versions/feed.xml"]
    hub = BeautifulSoup((versions_site / "ru/index.html").read_text(encoding="utf-8"), "lxml")
    assert [l["href"] for l in hub.select('link[type="application/atom+xml"]')] == ["changes/feed.xml"]
    news = BeautifulSoup((versions_site / "changes/index.html").read_text(encoding="utf-8"), "lxml")
    items = news.select("[data-policy-news] li")
    assert len(items) == POLICIES + 2 and "Upcoming" in items[0].get_text()
    assert news.select_one('meta[name="robots"]') is None


def test_feeds_are_byte_identical_across_builds(versions_repo, versions_site, tmp_path):
    repo, _ = versions_repo
    again = tmp_path / "again"
    result = build_site(repo.root, again, env=TODAY)
    assert result.returncode == 0, result.output
    feeds = sorted(p.relative_to(versions_site) for p in versions_site.rglob("feed.xml"))
    assert len(feeds) == POLICIES * 6 + 6  # a feed per policy per language, and one per language
    assert feeds == sorted(p.relative_to(again) for p in again.rglob("feed.xml"))
    for relative in feeds:
        assert (versions_site / relative).read_bytes() == (again / relative).read_bytes(), relative
    for relative in ("returns/versions/2/diff/index.html", "th/returns/versions/1/index.html"):
        assert (versions_site / relative).read_bytes() == (again / relative).read_bytes(), relative
