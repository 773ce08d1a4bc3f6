"""The built sample site: every page in every language, really translated, footer everywhere, no third parties."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_facts import ROOT, built_path, locales, source_locale, source_pages

TRANSLATIONS = [locale for locale in locales() if locale != source_locale()]
SCRIPT_OF = {"ru": "CYRILLIC", "be": "CYRILLIC", "th": "THAI", "et": "LATIN", "lv": "LATIN"}
# Letters a text in the language must use and English never does.
MARKERS = {"ru": "ыэъ", "be": "ўі", "et": "õäöü", "lv": "āēīūšžķļņ", "th": ""}


def article_text(built_site, relative: str) -> str:
    article = built_site.soup(relative).select_one("article")
    assert article is not None, f"{relative} has no <article>"
    for permalink in article.select(".headerlink"):
        permalink.decompose()
    return article.get_text(" ", strip=True)


def script_share(text: str, script: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(script in unicodedata.name(c, "") for c in letters) / max(len(letters), 1)


def test_build_is_strict_clean(built_site):
    assert "WARNING" not in built_site.result.output, built_site.result.output


@pytest.mark.parametrize("locale", locales())
def test_every_source_page_exists_in_every_language(built_site, locale):
    for page in source_pages():
        assert (ROOT / "docs" / locale / page).is_file(), f"docs/{locale}/{page} is missing"
        built = built_site.root / built_path(locale, page)
        assert built.is_file(), f"{built} was not built"
        assert built_site.soup(built_path(locale, page)).html["lang"] == locale


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_translations_are_in_their_language(built_site, locale):
    script = SCRIPT_OF[locale]
    for page in source_pages():
        text = article_text(built_site, built_path(locale, page))
        english = article_text(built_site, built_path(source_locale(), page))
        share = script_share(text, script)
        limit = 0.5 if script == "THAI" else 0.8
        assert share >= limit, f"{locale}/{page}: only {share:.0%} of letters are {script}"
        if MARKERS[locale]:
            assert set(MARKERS[locale]) & set(text.lower()), f"{locale}/{page} lacks letters of {locale}"
        similarity = difflib.SequenceMatcher(None, text.split(), english.split(), autojunk=False).ratio()
        assert similarity < 0.3, f"{locale}/{page} is {similarity:.0%} the same words as English"
        assert len(text) > 0.4 * len(english), f"{locale}/{page} is much shorter than English"


def _language_of_url(relative: str) -> str:
    first = relative.split("/", 1)[0]
    return first if first in TRANSLATIONS else source_locale()


def test_footer_on_every_page_links_same_language(built_site):
    pages = built_site.html_files()
    assert len(pages) >= len(locales()) * (len(source_pages()) + 1)
    headings: dict[str, str] = {}
    for path in pages:
        relative = path.relative_to(built_site.root).as_posix()
        soup = built_site.soup(relative)
        footer = soup.select_one("[data-policy-footer]")
        assert footer is not None, f"{relative} has no policy footer"
        language = _language_of_url(relative)
        assert soup.html["lang"] == language, relative
        hrefs = [a["href"] for a in footer.select("a[href]")]
        assert len(hrefs) == 3, f"{relative}: footer links {hrefs}"
        targets = []
        for href in hrefs:
            # 404 pages use absolute paths; others are relative to the page.
            url = urljoin("/" + relative, href)
            target = urlsplit(url).path.lstrip("/")
            target = target + "index.html" if target.endswith("/") or not target else target
            assert (built_site.root / target).is_file(), f"{relative}: footer link {href} leads nowhere"
            assert _language_of_url(target) == language, f"{relative}: footer link {href} leaves {language}"
            targets.append(target)
        expected = [built_path(language, page) for page in ("index.md", "contact.md", "privacy.md")]
        assert targets == expected, relative
        assert all(a.get_text(strip=True) for a in footer.select("a")), relative
        # Each policy link reads as its page's own heading, in the page's language (never a file name).
        for link, target in zip(footer.select("a")[1:], targets[1:]):
            if target not in headings:
                heading = built_site.soup(target).select_one("article h1")
                heading.select_one(".headerlink").decompose()
                headings[target] = heading.get_text(strip=True)
            assert link.get_text(strip=True) == headings[target], f"{relative}: footer link to {target}"


def test_404_page_in_every_language(built_site):
    assert built_site.soup("404.html").html["lang"] == source_locale()
    for locale in TRANSLATIONS:
        assert built_site.soup(f"{locale}/404.html").html["lang"] == locale


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def test_no_third_party_requests(built_site):
    for path in built_site.html_files():
        soup = built_site.soup(path.relative_to(built_site.root))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                               ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                               ("object", "data")):
            for element in soup.find_all(tag):
                value = element.get(attribute) or ""
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload", "prefetch",
                                          "preconnect", "dns-prefetch", "manifest"} & set(element.get("rel", [])):
                    continue  # canonical and alternate links are navigation, not requests
                assert not EXTERNAL.match(value), f"{path}: <{tag} {attribute}={value}> loads from another host"
    for css in built_site.root.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not EXTERNAL.match(url), f"{css}: {url} loads from another host"


def test_sitemaps_real_at_the_roots_empty_in_page_folders(built_site):
    """The site's sitemap lists every language's pages; every page folder has an empty one (for
    Material's alternate-link probe), hard links to one file per build, but in the language roots,
    where MkDocs may write a real one in place: there each is a file of its own."""
    site = built_site.root
    real = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert real.count("<url>") >= len(source_pages()) * len(locales()), "the site's sitemap lists too few pages"
    roots = {site / "sitemap.xml", *(site / locale / "sitemap.xml" for locale in TRANSLATIONS)}
    for path in roots:
        assert path.is_file(), f"no {path.relative_to(site)}"
        assert path.stat().st_nlink == 1, f"{path.relative_to(site)} shares its file with another path"
    pages = [p for p in site.rglob("index.html") if p.parent / "sitemap.xml" not in roots]
    assert len(pages) > 100
    empty = [p.parent / "sitemap.xml" for p in pages]
    missing = [str(p.relative_to(site)) for p in empty if not p.is_file()]
    assert not missing, f"page folders without sitemap.xml: {missing[:5]}"
    for path in empty:
        text = path.read_text(encoding="utf-8")
        assert "<urlset" in text and "<url>" not in text, f"{path.relative_to(site)} is not an empty sitemap"
    shared = {path.stat().st_ino for path in empty}
    assert len(shared) <= 2 * len(locales()), f"{len(shared)} separate files for {len(empty)} empty sitemaps"
