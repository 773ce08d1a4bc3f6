"""No interface English on a translated page: the visible text of every built page of every other language
holds none of the source language's interface strings (policy-site's messages/en.yml and Material's
English interface text), except in content marked lang="en" (a fallback) and on pages awaiting translation."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import material
import pytest
import yaml
from bs4 import BeautifulSoup

from site_facts import ROOT, config, locales, source_locale
from sitebuild import first_front_matter

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site.messages import messages  # noqa: E402

TRANSLATIONS = [locale for locale in locales() if locale != source_locale()]
# Editors' pages are built in the source language only (the register, the translation status).
SOURCE_ONLY_KEYS = ("register_", "translations_")
MATERIAL_EN = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
# Material's keys whose English text is not interface prose (codes, patterns) or names no page shows.
MATERIAL_SKIP = ("language", "direction", "search.config.", "blog.", "rss.", "readtime.", "consent.",
                 "announce.", "meta.comments", "source.file.", "action.view", "action.edit")
ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


def _fragments(text: str) -> list[str]:
    """The literal parts of a message around its {placeholders}, those worth searching for."""
    parts = re.split(r"\{[^}]*\}", text)
    return [part.strip(" :.,;()“”\"") for part in parts if len(re.findall(r"[A-Za-z]{2,}", part)) >= 1
            and len(part.strip(" :.,;()“”\"")) >= 4]


def english_interface() -> list[str]:
    strings = set()
    for key, text in messages(source_locale()).items():
        if not key.startswith(SOURCE_ONLY_KEYS):
            strings.update(_fragments(text))
    for key, text in re.findall(r'^\s*"([^"]+)": "((?:[^"\\]|\\.)*)",?$', MATERIAL_EN.read_text(encoding="utf-8"), re.M):
        if not key.startswith(MATERIAL_SKIP):
            strings.update(_fragments(text.replace("#", "")))
    strings.add("Not found")  # Material's 404.html heading, "404 - Not found", is not in its language files
    # The site's own name and description and the owners' names, as written in the source language.
    site = config()
    strings.update(_fragments(site["site_name"]) + _fragments(site.get("site_description", "")))
    strings.update(site["extra"]["policy_site"]["owners"])
    return sorted(strings, key=len, reverse=True)


ENGLISH = english_interface()


def visible_text(path: Path) -> str | None:
    """What a reader sees on the page (and assistive technology reads), without fallback content in
    English; None for a page awaiting translation (it says so in its notice)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    for fallback in soup.select('[lang="en"]:not(html)'):
        fallback.decompose()
    language = soup.html.get("lang") if soup.html else None
    if language and messages(language)["untranslated_title"] in soup.get_text(" "):
        return None
    attributes = [element[name] for name in ATTRIBUTES for element in soup.find_all(attrs={name: True})
                  if isinstance(element[name], str)]
    return " ".join([soup.get_text(" ", strip=True), *attributes])


def test_the_interface_strings_are_collected():
    # The check is only as good as its list: it holds policy-site's texts and Material's.
    for expected in ("In effect since", "Version history", "Skip to content", "Back to top", "Search",
                     "Page not found", "Owner", "Next review by", "Customer Service", "Amber Lane Home – Policies"):
        assert expected in ENGLISH


def test_the_check_finds_english(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html lang="lv"><body><p>Versiju vēsture</p><p>In effect since 2026</p>'
                    '<p lang="en">Returns and exchanges</p><input placeholder="Search"></body></html>',
                    encoding="utf-8")
    found = [s for s in ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", visible_text(page))]
    assert "In effect since" in found and "Search" in found and "Returns and exchanges" not in found


@pytest.mark.parametrize("locale", TRANSLATIONS)
def test_no_english_interface_on_translated_pages(built_site, locale):
    pages = sorted((built_site.root / locale).rglob("*.html"))
    assert len(pages) > 10
    leaks = []
    for path in pages:
        text = visible_text(path)
        if text is None:
            continue
        for string in ENGLISH:
            if re.search(rf"(?<![A-Za-z]){re.escape(string)}(?![A-Za-z])", text):
                leaks.append(f"{path.relative_to(built_site.root)}: {string!r}")
    assert not leaks, "English interface text on translated pages:\n" + "\n".join(leaks[:60])


def test_owner_labels_of_the_sample_cover_every_language():
    from policy_site.owners import missing_owner_labels, owner_label

    site = config()["extra"]["policy_site"]
    assert missing_owner_labels(site["owners"], site["owner_labels"], TRANSLATIONS) == []
    assert owner_label("Customer Service", "lv", site["owner_labels"]) == "Klientu apkalpošanas dienests"
    assert owner_label("Customer Service", "en", site["owner_labels"]) == "Customer Service"
    assert missing_owner_labels(["Legal"], {"Legal": {"ru": "Юридический отдел"}}, ["ru", "th"]) == [("Legal", "th")]


@pytest.mark.parametrize("locale, since", [
    ("lv", "Spēkā kopš 2026. gada 1. marta"),
    ("et", "Kehtib alates 1. märtsist 2026"),
    ("th", "มีผลตั้งแต่วันที่ 1 มีนาคม พ.ศ. 2569"),
    ("ru", "Действует с 1 марта 2026 г."),
    ("en", "In effect since 1 March 2026"),
])
def test_policy_pages_show_dates_in_their_case(built_site, locale, since):
    # The built copy is one commit, so its returns policy is one version with the front matter it was
    # first published with (sitebuild.copy_project): `since` is that input's date, hand-written per case.
    relative = "returns/index.html" if locale == source_locale() else f"{locale}/returns/index.html"
    first = yaml.safe_load(first_front_matter(ROOT)[f"docs/{locale}/returns.md"])
    assert first["effective"] == dt.date(2026, 3, 1)
    effective = first["effective"].isoformat()
    soup = BeautifulSoup((built_site.root / relative).read_text(encoding="utf-8"), "html.parser")
    meta = soup.select_one("[data-policy-meta] .policy-meta__dates")
    assert meta.get_text(" ", strip=True).replace("\u202f", " ").startswith(since)
    assert meta.select_one("time")["datetime"] == effective
    in_force = soup.select_one(".policy-history__effective")
    assert in_force.get_text(" ", strip=True).replace("\u202f", " ") == since
    assert [t["datetime"] for t in in_force.select("time")] == [effective]
