"""Large sites: past nav_limit pages the sidebar lists the hub and the page itself, and the hub still
reaches every policy."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from gitrepo import GitRepo
from site_facts import built_path, locales, source_locale, source_pages
from sitebuild import build_site


def sidebar_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    primary = soup.select_one("nav.md-nav--primary > ul.md-nav__list")
    return [a["href"] for a in primary.select(":scope > li > a.md-nav__link, :scope > li > label + nav a.md-nav__link")
            if not a["href"].startswith("#")] if primary else []


def test_sidebar_trimmed_past_limit_and_hub_reaches_every_policy(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("nav_limit: 60", "nav_limit: 3"), encoding="utf-8")
    GitRepo(project_copy, init=False).commit({"mkdocs.yml": config.read_text(encoding="utf-8")}, "Lower nav_limit")
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.output
    for locale in locales():
        hub = built_path(locale, "index.md")
        hub_links = {urljoin("/" + hub, a["href"]).split("#")[0]
                     for a in BeautifulSoup((site / hub).read_text(encoding="utf-8"), "lxml").select("article a[href]")}
        for page in source_pages():
            relative = built_path(locale, page)
            links = {urljoin("/" + relative, href) for href in sidebar_links((site / relative).read_text(encoding="utf-8"))}
            own = "/" + relative.removesuffix("index.html")
            expected = {"/" + hub.removesuffix("index.html"), own}
            assert links == expected, f"{relative}: sidebar {links}"
            if page != "index.md":
                assert own in hub_links, f"the {locale} hub does not link {own}"
        # The 404 page: its sidebar trimmed as well, its own list still every policy of the language.
        not_found = BeautifulSoup((site / not_found_page(locale)).read_text(encoding="utf-8"), "lxml")
        shown = {urljoin("/" + not_found_page(locale), href) for href in sidebar_links(str(not_found))}
        assert shown == {"/" + hub.removesuffix("index.html")}, locale
        assert len(not_found.select("[data-policy-not-found] a")) == len(source_pages()), locale  # the hub and each


def not_found_page(locale: str) -> str:
    return "404.html" if locale == source_locale() else f"{locale}/404.html"


def test_sidebar_lists_every_policy_below_limit(built_site):
    html = (built_site.root / built_path("th", "returns.md")).read_text(encoding="utf-8")
    assert len(sidebar_links(html)) == len(source_pages())
    not_found = (built_site.root / not_found_page("th")).read_text(encoding="utf-8")
    assert len(sidebar_links(not_found)) == len(source_pages())
