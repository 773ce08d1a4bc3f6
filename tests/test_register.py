"""The policy register: review states, register data, and the generated /editors/register/ page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from editor_tools import commit_all, set_field, tool_project
from gitrepo import GitRepo
from policy_site.register import read_register, version_counts
from policy_site.review import ReviewState, add_months, review_of
from policy_site.translation_status import TranslationStatus
from site_facts import locales, source_locale
from sitebuild import BuiltSite, build_site

SOURCE = source_locale()
TODAY = dt.date(2027, 6, 1)


@pytest.mark.parametrize("review_by, state, text", [
    ("2027-05-31", ReviewState.OVERDUE, "overdue by 1 day"),
    ("2027-06-01", ReviewState.DUE_SOON, "due today"),
    ("2027-07-01", ReviewState.DUE_SOON, "due in 30 days"),
    ("2027-07-02", ReviewState.OK, "due in 31 days"),
])
def test_review_state_boundaries(review_by, state, text):
    review = review_of(dt.date.fromisoformat(review_by), TODAY)
    assert (review.state, review.describe()) == (state, text)


@pytest.mark.parametrize("day, months, expected", [
    ("2026-11-23", 12, "2027-11-23"), ("2028-02-29", 12, "2029-02-28"), ("2026-01-31", 1, "2026-02-28"),
    ("2026-12-15", 1, "2027-01-15"),
])
def test_add_months(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def policy(title: str, review_by: str, owner: str = "Legal") -> str:
    return (f"---\ntitle: {title}\nsummary: S.\neffective: 2026-01-01\nlast_reviewed: 2026-06-01\n"
            f"review_by: {review_by}\nowner: {owner}\n---\n# {title}\n")


def test_register_data_from_files(tmp_path: Path):
    docs = tmp_path / "docs"
    files = {"en/index.md": "---\ntitle: Hub\npolicy: false\n---\n# Hub\n",
             "en/a.md": policy("Alpha", "2027-09-01"), "en/b.md": policy("Beta", "2027-05-01"),
             "en/c.md": "---\ntitle: [broken\n---\n",
             "ru/a.md": policy("Альфа", "2027-09-01"), "ru/b.md": policy("Beta", "2027-05-01") + "",
             "th/a.md": "---\ntitle: Alpha\ntranslation: awaiting\n---\n"}
    files["ru/b.md"] = files["ru/b.md"].replace("owner: Legal", "owner: Legal\ntranslation: awaiting")
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    entries = read_register(docs, "en", ["en", "ru", "th"], TODAY)
    assert [e.title for e in entries] == ["Beta", "Alpha"]  # most urgent first; hub and broken page left out
    beta, alpha = entries
    assert beta.review.state is ReviewState.OVERDUE and beta.lines["review_by"] == 6
    assert alpha.review.state is ReviewState.OK and alpha.owner == "Legal" and alpha.versions is None
    assert alpha.translations == {"ru": TranslationStatus.TRANSLATED, "th": TranslationStatus.AWAITING}
    assert beta.translations == {"ru": TranslationStatus.AWAITING, "th": TranslationStatus.MISSING}


def test_version_counts_follow_effective_dates(tmp_path: Path):
    repo = GitRepo(tmp_path / "repo")
    text = policy("Alpha", "2027-09-01")
    repo.commit({"docs/en/a.md": text, "docs/ru/a.md": text}, "Add")
    repo.commit({"docs/en/a.md": text.replace("# Alpha\n", "# Alpha\n\nTypo fixed.\n")}, "Editorial")
    repo.commit({"docs/en/a.md": text.replace("effective: 2026-01-01", "effective: 2026-07-01")}, "Version 2")
    counts = version_counts(tmp_path / "repo" / "docs", "en")
    assert counts is not None and counts.complete and dict(counts.counts) == {"a.md": 2}
    outside = tmp_path / "plain" / "docs"
    outside.mkdir(parents=True)
    assert version_counts(outside, "en") is None


@pytest.fixture(scope="module")
def register_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample with one overdue policy, one due soon, one awaiting translation, one missing."""
    project = tool_project(tmp_path_factory.mktemp("register") / "project")
    docs = project / "docs"
    set_field(docs / SOURCE / "returns.md", "review_by", "2027-05-01")  # overdue on TODAY
    set_field(docs / SOURCE / "contact.md", "review_by", "2027-06-20")  # due within 30 days
    others = [locale for locale in locales() if locale != SOURCE]
    awaiting, missing = others[0], others[1]
    stub = docs / awaiting / "returns.md"
    stub.write_text((docs / SOURCE / "returns.md").read_text(encoding="utf-8")
                    .replace("---\n", "---\ntranslation: awaiting\n", 1), encoding="utf-8")
    (docs / missing / "contact.md").unlink(missing_ok=True)
    commit_all(project)
    out = tmp_path_factory.mktemp("register-site")
    result = build_site(project, out, env={"POLICY_SITE_TODAY": TODAY.isoformat()})
    assert result.returncode == 0, result.output
    site = BuiltSite(out, result)
    site.awaiting, site.missing = awaiting, missing  # type: ignore[attr-defined]
    return site


def _rows(site: BuiltSite) -> dict[str, object]:
    table = site.soup("editors/register/index.html").select_one("table[data-policy-register]")
    assert table is not None
    return {row.select_one("th a").get_text(strip=True): row for row in table.select("tbody tr")}


def test_register_page_is_built_strict_clean_for_editors_only(register_site: BuiltSite):
    assert "WARNING" not in register_site.result.output, register_site.result.output
    soup = register_site.soup("editors/register/index.html")
    assert soup.html["lang"] == SOURCE
    assert soup.select_one('meta[name="robots"][content="noindex"]') is not None
    for locale in locales():  # built once, in the source language only
        if locale != SOURCE:
            assert not (register_site.root / locale / "editors").exists()
    for html in register_site.html_files():  # no customer page links to it
        if "editors" not in html.parts:
            assert "editors/register" not in html.read_text(encoding="utf-8"), html
    index = json.loads((register_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("editors/")]
    assert "editors/register" not in (register_site.root / "sitemap.xml").read_text(encoding="utf-8")


def test_register_lists_every_policy_with_link_and_dates(register_site: BuiltSite):
    rows = _rows(register_site)
    policies = [p for p in sorted((Path(__file__).parent.parent / "docs" / SOURCE).glob("*.md")) if p.name != "index.md"]
    assert len(rows) == len(policies)
    for title, row in rows.items():
        href = row.select_one("th a")["href"]
        target = (register_site.root / "editors" / "register" / href / "index.html").resolve()
        assert target.is_file(), f"{title}: {href}"
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        assert cells[0] and all(c[:4].isdigit() for c in cells[1:4]), cells  # owner, then three dates
        assert cells[4] == "1", f"{title}: versions {cells[4]}"  # the copy has one commit per page


def test_register_flags_reviews_in_words_not_colour_alone(register_site: BuiltSite):
    rows = {row["data-review"]: row for row in _rows(register_site).values()}
    overdue, soon = rows["overdue"], rows["due-soon"]
    assert "2027-05-01" in overdue.get_text() and "Overdue" in overdue.select_one(".policy-register__flag").get_text()
    assert "2027-06-20" in soon.get_text() and "Due within 30 days" in soon.get_text()
    assert rows["ok"].select_one(".policy-register__flag") is None
    css = (register_site.root / "assets" / "stylesheets" / "policy-register.css").read_text(encoding="utf-8")
    assert ".policy-register__review--overdue" in css and ".policy-register__review--due-soon" in css


def test_register_shows_translation_status_per_language(register_site: BuiltSite):
    statuses = {}
    for row in _rows(register_site).values():
        for cell in row.select("td[data-language]"):
            statuses.setdefault(cell["data-language"], []).append(cell.get_text(strip=True))
    assert sorted(statuses) == sorted(locale for locale in locales() if locale != SOURCE)
    assert "awaiting" in statuses[register_site.awaiting]
    assert "missing" in statuses[register_site.missing]
