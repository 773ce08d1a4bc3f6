"""Front matter rules: each one broken in a real build (file, line and fix shown, no traceback), the
rest through validation.check_page directly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_site.validation import Problem, check_docs, check_page
from site_facts import config, source_locale
from sitebuild import build_site

SOURCE = source_locale()
OWNERS = config()["extra"]["policy_site"]["owners"]
GOOD = {"title": "Returns and exchanges", "summary": "How to return an item.", "effective": "2026-03-01",
        "last_reviewed": "2026-10-20", "review_by": "2027-10-20", "owner": OWNERS[0]}


def page(**changes: str | None) -> str:
    """A policy page from GOOD with some fields changed (None removes one), fields in GOOD's order."""
    fields = {**GOOD, **changes}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n# Returns\n\nText.\n"


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(f"{key}:"))


# (case, page text, line of the problem, message pattern, text of the fix)
BUILD_CASES = [
    ("invalid YAML", page(title="Returns: and exchanges"), 2, r"invalid YAML in front matter", "put text containing ': ' in quotes"),
    ("missing field", page(owner=None), 1, r"required field `owner` is missing", "add `owner:` to the front matter"),
    ("impossible date", page(effective="2026-02-30"), 4, r"`effective: 2026-02-30` is not a valid date", "write effective as YYYY-MM-DD"),
    ("words for a date", page(review_by="next week"), 6, r"`review_by: next week` is not a valid date", "write review_by as YYYY-MM-DD"),
    ("review before last review", page(review_by="2026-10-01"), 6,
     r"review_by \(2026-10-01\) must be after last_reviewed \(2026-10-20\)", "set review_by to the next review date"),
    ("effective after review", page(effective="2028-01-01"), 4,
     r"effective \(2028-01-01\) is after review_by \(2027-10-20\)", "move review_by later"),
    ("unknown owner", page(owner="Sales Team"), 7, r"owner `Sales Team` is not one of the owners listed in mkdocs.yml",
     "use one of: " + ", ".join(OWNERS)),
    ("misspelt field", page(reviewed_by="2027-10-20"), 8, r"unknown field `reviewed_by`", "did you mean `review_by`?"),
]


@pytest.mark.parametrize("case, text, line, message, fix", BUILD_CASES, ids=[c[0] for c in BUILD_CASES])
def test_broken_front_matter_fails_the_build(project_copy: Path, tmp_path: Path, case, text, line, message, fix):
    (project_copy / "docs" / SOURCE / "returns.md").write_text(text, encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    assert re.search(rf"^docs/{SOURCE}/returns\.md:{line}: {message}", result.output, re.M), result.output
    assert re.search(rf"^    fix: .*{re.escape(fix)}", result.output, re.M), result.output


def test_every_problem_in_every_file_is_reported_at_once(project_copy: Path, tmp_path: Path):
    docs = project_copy / "docs"
    (docs / SOURCE / "returns.md").write_text(page(effective="2026-02-30"), encoding="utf-8")
    other = next(p for p in sorted(docs.glob("*/*.md")) if p.parent.name != SOURCE and p.name != "index.md")
    other.write_text(page(owner="Nobody"), encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "Page front matter has 2 problems" in result.output, result.output
    assert f"docs/{SOURCE}/returns.md:4:" in result.output
    assert f"{other.relative_to(project_copy).as_posix()}:7:" in result.output


def problems(text: str, path: str = f"{SOURCE}/returns.md") -> list[Problem]:
    return check_page(path, text, OWNERS)


def only(text: str, path: str = f"{SOURCE}/returns.md") -> Problem:
    found = problems(text, path)
    assert len(found) == 1, found
    assert found[0].fix.strip(), found[0]
    return found[0]


def test_a_complete_page_passes():
    assert problems(page()) == []


def test_quoted_dates_and_optional_fields_pass():
    text = page(effective="'2026-03-01'", change_summary="We now refund in 5 days.", history="false",
                hide="[toc]", search="{exclude: true}", source_reviewed="0123abc")
    assert problems(text) == []


@pytest.mark.parametrize("path", [f"{SOURCE}/index.md", f"{SOURCE}/about/index.md"])
def test_hubs_need_no_policy_fields(path):
    assert problems("---\ntitle: Our policies\n---\n# Our policies\n", path) == []


def test_policy_false_pages_need_no_policy_fields():
    assert problems("---\ntitle: About\npolicy: false\n---\n# About\n", f"{SOURCE}/about.md") == []


@pytest.mark.parametrize("text, line, message", [
    ("# Returns\n", 1, "policy page has no front matter"),
    ("---\ntitle: Returns\n# Returns\n", 1, "front matter is not closed"),
    ("---\n- title\n- summary\n---\n", 2, "front matter must be a list of `key: value` lines"),
    ("---\ntitle: Returns\n\tsummary: x\n---\n", 3, "invalid YAML in front matter: found a tab character that violates indentation"),
    (page().replace("owner:", "owner: Legal\nowner:"), 8, "`owner` is given twice"),
    (page(effective="20260301"), 4, "`effective: 20260301` is not a valid date"),
    (page(last_reviewed="2026-10-20 09:00"), 5, "`last_reviewed: 2026-10-20 09:00` is not a valid date"),
    (page(review_by="2026-10-20"), 6, "review_by (2026-10-20) must be after last_reviewed (2026-10-20)"),
    (page(title="2026"), 2, "`title` must be text, not a number"),
    (page(title="''"), 2, "`title` is empty"),
    (page(summary="x" * 301), 3, "`summary` is 301 characters long, more than 300"),
    (page(translation="done"), 8, "`translation` cannot be `done`"),
    (page(source_reviewed="main"), 8, "`source_reviewed: main` is not in the expected form"),
    (page(policy="maybe"), 8, "`policy` must be true or false, not text"),
    (page(hide="[sidebar]"), 8, "`hide` cannot be `sidebar`"),
    (page(search="{exlude: true}"), 8, "`search` has an unknown key `exlude`"),
    (page(search="{exclude: sometimes}"), 8, "`search.exclude` must be true or false, not text"),
    (page(colour="red"), 8, "unknown field `colour`"),
])
def test_each_rule_names_line_and_fix(text, line, message):
    problem = only(text)
    assert (problem.line, problem.message) == (line, message)


def test_missing_fields_are_all_listed():
    found = problems("---\ntitle: Returns\n---\n# Returns\n")
    assert [p.message for p in found] == [f"required field `{f}` is missing"
                                          for f in ("effective", "last_reviewed", "owner", "review_by", "summary")]


def test_unknown_field_lists_allowed_fields_when_no_guess():
    assert "allowed are" in only(page(colour="red")).fix and "review_by" in only(page(colour="red")).fix


def test_check_docs_reports_every_language_and_non_utf8(tmp_path: Path):
    (tmp_path / SOURCE).mkdir()
    (tmp_path / "xx").mkdir()
    (tmp_path / SOURCE / "returns.md").write_text(page(), encoding="utf-8")
    (tmp_path / "xx" / "returns.md").write_text(page(owner="Nobody"), encoding="utf-8")
    (tmp_path / "xx" / "latin1.md").write_bytes(page().replace("Text.", "Caf\xe9").encode("latin-1"))
    found = check_docs(tmp_path, OWNERS)
    assert [(p.path, p.line) for p in found] == [("docs/xx/latin1.md", 1), ("docs/xx/returns.md", 7)]
    assert "not UTF-8" in found[0].message


def test_pages_found_clean_are_skipped_only_while_text_and_owners_are_the_same(tmp_path: Path):
    (tmp_path / SOURCE).mkdir()
    good, other = tmp_path / SOURCE / "returns.md", tmp_path / SOURCE / "delivery.md"
    good.write_text(page(), encoding="utf-8")
    other.write_text(page(owner=OWNERS[1]), encoding="utf-8")
    (tmp_path / SOURCE / "privacy.md").write_text(page(owner="Nobody"), encoding="utf-8")
    clean: set[str] = set()
    first = check_docs(tmp_path, OWNERS, clean=clean)
    assert [(p.path, p.line) for p in first] == [(f"docs/{SOURCE}/privacy.md", 7)]
    assert len(clean) == 2
    assert check_docs(tmp_path, OWNERS, clean=clean) == first and len(clean) == 2  # the broken page is checked again
    good.write_text(page(effective="2026-02-30"), encoding="utf-8")  # a clean page broken: its text is new
    assert [(p.path, p.line) for p in check_docs(tmp_path, OWNERS, clean=clean)] == \
        [(f"docs/{SOURCE}/privacy.md", 7), (f"docs/{SOURCE}/returns.md", 4)]
    assert len(clean) == 1
    fewer = [owner for owner in OWNERS if owner != OWNERS[1]]  # the other page's owner no longer listed
    assert f"docs/{SOURCE}/delivery.md" in {p.path for p in check_docs(tmp_path, fewer, clean=clean)}
    assert clean == set()


def test_a_page_broken_after_a_build_with_the_cache_fails_the_next(project_copy: Path, tmp_path: Path):
    assert build_site(project_copy, tmp_path / "site").returncode == 0
    (project_copy / "docs" / SOURCE / "returns.md").write_text(page(owner="Sales Team"), encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0, result.output
    assert f"docs/{SOURCE}/returns.md:7: owner `Sales Team`" in result.output, result.output
