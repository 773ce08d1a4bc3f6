"""The sample site's own history, as customers see it: versions in force, an upcoming one, in every language.

The repository's history is the sample history: contact and returns got a version 2 in force since
2026-11-29 (in the customer's favour, so they apply at once, with the reason shown), and privacy a
version 2 that takes effect on 2027-01-04; later commits add more versions. Builds pin
POLICY_SITE_TODAY, so these tests keep passing after those dates. Expected texts are read from the
pages as those commits wrote them (the input), never from what the build wrote.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from policy_site.messages import messages  # interface text per language, the English fallback filled in
from sitebuild import build_site
from site_facts import ROOT, locales, source_locale

LANGUAGES = locales()
SOURCE = source_locale()
ATOM = "{http://www.w3.org/2005/Atom}"
BEFORE_PRIVACY_V2, AFTER_PRIVACY_V2 = "2026-12-01", "2027-01-05"


# The commits that started these versions, by the start of their subject (the sample's own story).
VERSION_2 = {"contact.md": "Contact: phone line open on Saturdays", "returns.md": "Returns: free return shipping",
             "privacy.md": "Privacy: record calls"}


def committed(lang: str, page: str) -> str:
    """The page as the commit that started its version 2 wrote it."""
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-F", f"--grep={VERSION_2[page]}", "--format=%H", "-1"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert commit, f"no commit starts with {VERSION_2[page]!r}"
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:docs/{lang}/{page}"], capture_output=True,
                          text=True, check=True).stdout


def front(lang: str, page: str) -> dict:
    """Front matter of version 2 of `page` in `lang`."""
    return yaml.safe_load(committed(lang, page).split("---\n", 2)[1])


def english_summaries() -> set[str]:
    """Every change_summary the English pages ever had (none may show on another language's pages)."""
    log = subprocess.run(["git", "-C", str(ROOT), "log", "-p", "--format=", "--", "docs/en"], capture_output=True,
                         text=True, check=True).stdout
    return {" ".join(yaml.safe_load(line[1:].split(":", 1)[1]).split())
            for line in log.splitlines() if line.startswith("+change_summary:")}


def prefix(lang: str) -> str:
    return "" if lang == SOURCE else f"{lang}/"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the project's committed history (uncommitted work in the tree cannot change the result)."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"], capture_output=True,
                      text=True).stdout.strip() == "true":
        pytest.skip("the project is a shallow clone: the sample history is cut short (git fetch --unshallow)")
    dest = tmp_path_factory.mktemp("sample") / "project"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(dest)], check=True)
    # The code under test is the working tree's (as in every other test); the docs and their history
    # are the committed ones. Only docs/ is read from git, so the overlay changes no version.
    for part in ("mkdocs.yml", "hooks", "overrides"):
        src = ROOT / part
        if src.is_dir():
            shutil.rmtree(dest / part)
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="module")
def site(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-site") / "site"
    result = build_site(clone, out, env={"POLICY_SITE_TODAY": BEFORE_PRIVACY_V2})
    assert result.returncode == 0, result.output
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def history_version(page: BeautifulSoup, number: int):
    found = page.select_one(f"[data-policy-history] [data-version='{number}']")
    assert found is not None, f"version {number} is not in the history"
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("policy", ["contact", "returns"])
def test_version_2_is_in_force_with_its_note_and_reason_in_every_language(site, lang, policy):
    expected = front(lang, f"{policy}.md")
    page = soup(site, f"{prefix(lang)}{policy}/index.html")
    version = history_version(page, 2)
    shown = text_of(version)
    assert " ".join(expected["change_summary"].split()) in shown
    assert " ".join(expected["applies_sooner"].split()) in shown  # the reason, in the reader's language
    assert not version.select("[data-fallback]"), "every language has its own summary"
    assert version.select_one("time[datetime='2026-11-29']") is not None
    first = history_version(page, 1)
    assert messages(lang)["change_note_first"] in text_of(first)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_keeps_the_text_in_force_and_announces_version_2(site, lang):
    row = next(line for line in committed(lang, "privacy.md").splitlines()
               if line.startswith("| ") and "90" in line)  # the retention row version 2 adds
    cell = row.split("|")[1].strip()
    page = soup(site, f"{prefix(lang)}privacy/index.html")
    assert cell not in text_of(page.select_one("article"))  # version 1 is the text in force
    notices = " ".join(text_of(n) for n in page.select("[data-policy-notice='upcoming-version']"))
    assert " ".join(front(lang, "privacy.md")["change_summary"].split()) in notices, "no notice of version 2"
    assert cell in text_of(soup(site, f"{prefix(lang)}privacy/versions/2/index.html").select_one("article"))
    hub = soup(site, f"{prefix(lang)}index.html")
    upcoming = hub.select_one("time[datetime='2027-01-04']")
    assert upcoming is not None, "the hub does not list the upcoming change"
    assert " ".join(front(lang, "privacy.md")["change_summary"].split()) in text_of(upcoming.find_parent("li"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_whats_new_and_feeds_read_in_their_own_language(site, lang):
    summaries = [" ".join(front(lang, f"{p}.md")["change_summary"].split()) for p in ("contact", "returns", "privacy")]
    news = text_of(soup(site, f"{prefix(lang)}changes/index.html").select_one("article"))
    for summary in summaries:
        assert summary in news
    feed = etree.fromstring((site / f"{prefix(lang)}changes/feed.xml").read_bytes())
    entries = [" ".join((e.findtext(f"{ATOM}summary") or "").split()) for e in feed.iter(f"{ATOM}entry")]
    for summary in summaries:
        assert summary in entries
    assert messages(lang)["change_note_first"] in entries  # every version 1 has the neutral label
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    if lang != SOURCE:
        english = english_summaries() | {messages("en")["change_note_first"]}
        shown = [e for e in entries if e in english] + [t for t in english if t in news]
        assert not shown, f"English on the {lang} What's new or feed: {shown}"


def test_no_commit_subject_reaches_a_customer_page(site, clone):
    subjects = subprocess.run(["git", "-C", str(clone), "log", "--format=%s", "--", "docs"], capture_output=True,
                              text=True, check=True).stdout.splitlines()
    assert len(subjects) >= 9
    for path in list(site.rglob("*.html")) + list(site.rglob("*.xml")):
        if "editors" in path.relative_to(site).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for subject in subjects:
            assert subject not in text, f"{path.relative_to(site)} shows the commit subject {subject!r}"


def test_the_returns_diff_shows_the_one_change_and_links_to_it(site):
    page = soup(site, "returns/versions/2/diff/index.html")
    links = page.select("a[href^='#change-']")
    assert len(links) == 1
    target = page.select_one(links[0]["href"])
    assert target is not None and target.select("del") and target.select("ins")
    assert "Lithuania" in text_of(target.select_one("del")) and "every EU country" in text_of(target.select_one("ins"))


def test_after_4_january_2027_privacy_version_2_is_in_force(clone, tmp_path):
    out = tmp_path / "site"
    result = build_site(clone, out, env={"POLICY_SITE_TODAY": AFTER_PRIVACY_V2})
    assert result.returncode == 0, result.output
    page = soup(out, "privacy/index.html")
    assert "Recordings of calls" in text_of(page.select_one("article"))
    assert re.search(r"2027", text_of(history_version(page, 2)))
    assert not soup(out, "index.html").select_one("time[datetime='2027-01-04']")  # no longer upcoming
