"""scripts/check: one command, every category in its summary, exit code 1 exactly when there are errors."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from editor_tools import commit_all, replace_in, run_script, set_field, tool_project
from site_facts import ROOT, locales, source_locale

sys.path.insert(0, str(ROOT / "scripts"))
from buildlog import classify, parse_log  # noqa: E402

SOURCE = source_locale()
CATEGORIES = ("front matter", "links", "anchors", "navigation", "languages", "build", "review dates", "placeholders",
              "uncommitted changes", "translations", "clause anchors", "record", "changes", "service hours")


def summary(output: str) -> dict[str, str]:
    """The summary block: category -> status text."""
    block = output.split("\nSummary (as of ", 1)[1]
    return {m.group(1): m.group(2) for m in re.finditer(r"^  (\S.*?)\s{2,}(\S.*)$", block, re.M)}


def earliest_review(project: Path) -> dt.date:
    dates = re.findall(r"^review_by: (\d{4}-\d{2}-\d{2})", "\n".join(
        p.read_text(encoding="utf-8") for p in (project / "docs" / SOURCE).glob("*.md")), re.M)
    return min(dt.date.fromisoformat(d) for d in dates)


def test_parse_log_groups_dedupes_and_classifies():
    log = "\n".join([
        "INFO    -  mkdocs_static_i18n: Building 'en' documentation to directory: /x",
        "WARNING -  Doc file 'en/a.md' contains a link 'b.md', but the target 'en/b.md' is not found among documentation files.",
        "INFO    -  mkdocs_static_i18n: Building 'lv' documentation to directory: /x/lv",
        "\x1b[33mWARNING -  \x1b[0mDoc file 'lv/a.md' contains a link 'a.md#x', but the doc 'lv/a.md' does not contain an anchor '#x'.",
        "WARNING -  Doc file 'en/a.md' contains a link 'b.md', but the target 'en/b.md' is not found among documentation files.",
        "ERROR   -  Page front matter has 1 problem:",
        "docs/en/a.md:4: `effective: x` is not a valid date",
        "    fix: write effective as YYYY-MM-DD",
        "",
        "Aborted with a BuildError!",
    ])
    messages = parse_log(log)
    assert [(m.level, m.category, m.language) for m in messages] == [
        ("WARNING", "links", "en"), ("WARNING", "anchors", "lv"), ("ERROR", "front matter", "lv")]
    assert messages[2].text.endswith("fix: write effective as YYYY-MM-DD")


@pytest.mark.parametrize("text, category", [
    ("Doc file 'en/a.md' contains an absolute link '/x/', it was left as is.", "links"),
    ("Doc file 'en/a.md' contains an unrecognized relative link 'x/', it was left as is.", "links"),
    ("The following pages exist in the docs directory, but are not included in the \"nav\" configuration:", "navigation"),
    ("A reference to 'x.md' is included in the 'nav' configuration, which is not found in the documentation files.", "navigation"),
    ("policy_history: Uncommitted changes in 1 page(s), marked as unpublished", "uncommitted"),
    ("language_folders: docs/xx/ is not a language of this site (plugins > i18n > languages in mkdocs.yml)",
     "languages"),
    ("Something else entirely", "build"),
])
def test_classify(text, category):
    assert classify(text) == category


def test_bad_today_is_a_usage_error(tmp_path: Path):
    result = run_script(ROOT, "check", "--today", "next week")
    assert result.returncode == 2 and "--today" in result.output and "Traceback" not in result.output


def test_clean_sample_passes(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    today = earliest_review(project) - dt.timedelta(days=60)
    result = run_script(project, "check", "--today", today.isoformat())
    assert result.returncode == 0, result.output
    status = summary(result.output)
    assert list(status) == list(CATEGORIES)
    assert all(status[c] == "ok" for c in CATEGORIES if c != "translations"), result.output
    assert "errors" not in status["translations"], result.output  # translation gaps only ever warn
    assert re.search(r"^PASSED", result.output, re.M)


def test_every_problem_is_found_named_and_fails(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    docs = project / "docs"
    today = earliest_review(project) - dt.timedelta(days=60)
    last_language = locales()[-1]  # strict mode would stop before reaching the last language built
    hub = docs / SOURCE / "index.md"
    text = hub.read_text(encoding="utf-8")
    link = re.search(r"\]\(([a-z-]+)\.md\)", text)
    hub.write_text(text.replace(link.group(0), f"]({link.group(1)}-gone.md)", 1)
                   + f"\nSee [the rules]({link.group(1)}.md#no-such-heading).\n", encoding="utf-8")
    last_hub = docs / last_language / "index.md"
    last_hub.write_text(last_hub.read_text(encoding="utf-8") + "\n[x](nowhere.md)\n", encoding="utf-8")
    policies = sorted(p for p in (docs / SOURCE).glob("*.md") if p.name != "index.md")
    set_field(policies[0], "review_by", (today - dt.timedelta(days=3)).isoformat())
    set_field(policies[0], "last_reviewed", (today - dt.timedelta(days=300)).isoformat())
    # A new effective date: later than the current version's (the copy's version 1), but before today.
    set_field(policies[0], "effective", (today - dt.timedelta(days=30)).isoformat())
    set_field(policies[1], "review_by", (today + dt.timedelta(days=10)).isoformat())
    replace_in(policies[1], "\n# ", "\nTODO: finish this.\n\n# ")
    commit_all(project)
    (docs / SOURCE / "contact.md").write_text((docs / SOURCE / "contact.md").read_text(encoding="utf-8") + "\nMore.\n")

    result = run_script(project, "check", "--today", today.isoformat())
    out = result.output
    assert result.returncode == 1, out
    assert "Traceback" not in out
    status = summary(out)
    assert status["links"] == "2 errors", out
    assert status["anchors"] == "1 error", out
    assert status["review dates"] == "1 error, 1 warning", out
    assert status["placeholders"] == "1 error", out
    assert status["uncommitted changes"] == "1 warning", out
    # A new effective date without change_summary (policies[0]); sentences added without one, in
    # policies[1] (the TODO) and in contact.md (tests/test_material_guard.py).
    assert status["changes"] == "3 errors", out
    effective_line = next(n for n, text in enumerate(policies[0].read_text(encoding="utf-8").splitlines(), 1)
                          if text.startswith("effective:"))
    assert f"docs/{SOURCE}/{policies[0].name}:{effective_line}: effective changed" in out
    assert "change_summary is missing" in out
    assert f"docs/{SOURCE}/{policies[1].name}:" in out and '"TODO: finish this." (sentence added)' in out
    assert f"docs/{SOURCE}/contact.md:" in out and '"More." (sentence added)' in out
    assert status["front matter"] == status["navigation"] == status["build"] == "ok", out
    assert f"{link.group(1)}-gone.md" in out and "no-such-heading" in out
    # MkDocs' link warnings come back as file:line with a fix, like front-matter errors.
    line = next(n for n, text in enumerate(last_hub.read_text(encoding="utf-8").splitlines(), 1) if "(nowhere.md)" in text)
    assert f"docs/{last_language}/index.md:{line}: link to `nowhere.md`: there is no page docs/{last_language}/nowhere.md" in out
    assert f"docs/{SOURCE}/index.md:" in out and f"fix: did you mean `{link.group(1)}.md`?" in out
    assert "has no heading with the anchor #no-such-heading" in out and "Doc file '" not in out
    assert f"docs/{SOURCE}/{policies[0].name}:" in out and "has passed (overdue by 3 days)" in out
    assert "due in 10 days" in out
    # The new effective date is before the day the change lands (today, as it is not on main yet).
    assert status["record"] == "1 error", out
    assert f"docs/{SOURCE}/{policies[0].name}: commit " in out and f"before the day the change lands ({today})" in out
    # The last hub, committed with the source hub's broken links, is compared with that source: its
    # links point elsewhere (policy_site.anchors); the other hubs are outdated and follow the old source.
    assert status["clause anchors"] == "2 errors", out
    assert f"docs/{last_language}/index.md:{line}: links to nowhere.md where the source links to " \
           f"{link.group(1)}.md#no-such-heading" in out
    assert re.search(r"^FAILED: 11 errors, \d+ warnings", out, re.M), out


def test_front_matter_errors_stop_link_checks_and_say_so(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    set_field(project / "docs" / SOURCE / "returns.md", "effective", "2026-02-30")
    result = run_script(project, "check")
    assert result.returncode == 1, result.output
    status = summary(result.output)
    assert status["front matter"] == "1 error"
    for category in ("links", "anchors", "navigation", "build"):
        assert status[category].startswith("SKIPPED"), result.output  # never "ok" for what was not checked
    assert f"docs/{SOURCE}/returns.md:" in result.output and "fix: write effective as YYYY-MM-DD" in result.output


def test_summary_lines_for_a_front_matter_error_in_a_modified_file(tmp_path: Path):
    """The summary, line by line: skipped checks say so, the modified file is counted, the totals read well."""
    project = tool_project(tmp_path / "project")
    set_field(project / "docs" / SOURCE / "returns.md", "effective", "2026-02-30")
    today = earliest_review(project) - dt.timedelta(days=60)
    result = run_script(project, "check", "--today", today.isoformat())
    assert result.returncode == 1
    status = summary(result.output)
    assert status["front matter"] == "1 error"
    assert status["uncommitted changes"] == "1 warning"
    assert f"docs/{SOURCE}/returns.md: not committed" in result.output
    assert re.search(r"^FAILED: 1 error, \d+ warnings?\. Fix the errors before merging\.$", result.output, re.M), \
        result.output
    assert ", ." not in result.output


def test_summary_line_without_warnings_is_well_formed(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    replace_in(project / "docs" / SOURCE / "returns.md", "(complaints.md)", "(complaint.md)")
    commit_all(project)
    today = earliest_review(project) - dt.timedelta(days=60)
    result = run_script(project, "check", "--today", today.isoformat())
    assert result.returncode == 1
    assert summary(result.output)["links"] == "1 error"
    assert f"fix: did you mean `complaints.md`?" in result.output
    last = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"FAILED: 1 error(, \d+ warnings?)?\. Fix the errors before merging\.", last), last


def test_a_language_folder_missing_from_mkdocs_yml_is_an_error(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    (project / "docs" / "xx").mkdir()
    (project / "docs" / "xx" / "contact.md").write_bytes((project / "docs" / SOURCE / "contact.md").read_bytes())
    commit_all(project)
    today = earliest_review(project) - dt.timedelta(days=60)
    result = run_script(project, "check", "--today", today.isoformat())
    assert result.returncode == 1, result.output
    status = summary(result.output)
    assert status["languages"] == "1 error", result.output
    assert status["build"] == "ok", result.output
    assert "error: language_folders: docs/xx/ is not a language of this site" in result.output
    assert "fix: scripts/add-language xx, or remove the folder" in result.output
