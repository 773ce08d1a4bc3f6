"""Stable clause anchors: a translation keeps the source's heading ids and links (policy_site.anchors),
checked by scripts/check and scripts/translation-status on real git repositories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import GitRepo
from policy_site.anchors import headings, links, lint_source, lint_translation
from site_facts import ROOT
from sitebuild import PROJECT_PARTS, copy_project

EN = (ROOT / "docs/en/returns.md").read_text(encoding="utf-8")
RU = (ROOT / "docs/ru/returns.md").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of `text` containing `needle` (the sample's text changes over time)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_headings_and_links_are_read_outside_code():
    text = ("---\ntitle: T\n---\n\n# Title {#title}\n\n```\n## Not a heading {#no}\n[x](no.md)\n```\n\n"
            "## Part {: #part .wide }\n\nSee [a](a.md#part), `[b](b.md)`, [c][ref], ![img](pic.png) and "
            "[site](https://example.com).\n\n[ref]: ./c.md#x\n")
    assert [(h.line, h.level, h.title, h.id) for h in headings(text)] == [(5, 1, "Title", "title"), (12, 2, "Part", "part")]
    assert [(link.line, link.target) for link in links(text)] == [(14, "a.md#part"), (14, "c.md#x")]


def test_the_sample_translations_keep_every_id_and_link():
    assert lint_translation(RU, "docs/ru/returns.md", EN, "docs/en/returns.md") == []


def test_a_missing_heading_id_is_reported_with_file_line_and_fix():
    ru = RU.replace("## Сроки вкратце {#time-limits-at-a-glance}", "## Сроки вкратце", 1)
    [problem] = lint_translation(ru, "docs/ru/returns.md", EN, "docs/en/returns.md")
    assert str(problem) == ("docs/ru/returns.md:19: heading \"Сроки вкратце\" has no id; the source heading at this "
                            "place (docs/en/returns.md:19) has {#time-limits-at-a-glance}\n"
                            "    fix: end the line with {#time-limits-at-a-glance}")


def test_a_translated_id_is_reported():
    ru = RU.replace("{#time-limits-at-a-glance}", "{#сроки-вкратце}", 1)
    [problem] = lint_translation(ru, "docs/ru/returns.md", EN, "docs/en/returns.md")
    assert (problem.line, problem.fix) == (19, "write {#time-limits-at-a-glance} (ids are never translated)")


def test_a_dropped_heading_names_the_id_that_is_gone():
    ru = RU.replace("### Как происходит обмен {#how-exchanges-work}\n", "", 1)
    problems = lint_translation(ru, "docs/ru/returns.md", EN, "docs/en/returns.md")
    assert [p.text for p in problems] == ["no heading has the id {#how-exchanges-work} of the source heading "
                                          f"\"How exchanges work\" (docs/en/returns.md:{line_of(EN, '{#how-exchanges-work}')})"]


def test_a_link_to_another_page_is_reported_with_file_line_and_fix():
    ru = RU.replace("(complaints.md)", "(contact.md#write-to-us)", 1)
    [problem] = lint_translation(ru, "docs/ru/returns.md", EN, "docs/en/returns.md")
    ru_line, en_line = line_of(RU, "(complaints.md)"), line_of(EN, "(complaints.md)")
    assert str(problem) == (f"docs/ru/returns.md:{ru_line}: links to contact.md#write-to-us where the source links to "
                            f"complaints.md (docs/en/returns.md:{en_line})\n    fix: link to complaints.md, as the source does")


def test_a_missing_link_is_reported():
    ru = RU.replace("[Жалобы и их эскалация](complaints.md)", "Жалобы и их эскалация", 1)
    [problem] = lint_translation(ru, "docs/ru/returns.md", EN, "docs/en/returns.md")
    en_line = line_of(EN, "(complaints.md)")
    assert problem.line == line_of(RU, "[Жалобы и их эскалация](complaints.md)")
    assert f"the link to complaints.md (docs/en/returns.md:{en_line}) is missing" in problem.text


def test_a_source_heading_without_an_id_gets_the_id_to_write():
    en = EN.replace("## Time limits at a glance {#time-limits-at-a-glance}", "## Time limits: at a glance!", 1)
    [problem] = lint_source(en, "docs/en/returns.md")
    assert problem.line == 19
    assert problem.fix == "end the line with {#time-limits-at-a-glance} and write the same id in every translation"


def anchor_findings(root: Path) -> list[str]:
    code = ("import sys; sys.path.insert(0, 'scripts'); import check, project; "
            "p = project.load_project(project.Path('.').resolve()); "
            "[print(f.severity, f.category, f.text.replace(chr(10), ' | ')) for f in check.check_anchors(p)]")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, GitRepo]:
    root = copy_project(ROOT, tmp_path_factory.mktemp("anchors") / "project", (*PROJECT_PARTS, "scripts"))
    return root, GitRepo(root, init=False)


def test_check_and_status_report_a_translation_that_breaks_ids_and_links(project):
    root, repo = project
    assert anchor_findings(root) == []
    original = (root / "docs/lv/returns.md").read_text(encoding="utf-8")
    heading = line_of(original, "{#time-limits-at-a-glance}")  # the copy's front matter is version 1's
    lv = original.replace("{#time-limits-at-a-glance}", "", 1).replace("(complaints.md)", "(privacy.md)", 1)
    repo.commit({"docs/lv/returns.md": lv}, "lv: returns reworded", date="2026-02-01")
    found = anchor_findings(root)
    assert len(found) == 2 and all(f.startswith("error clause anchors docs/lv/returns.md:") for f in found), found
    assert any(f"docs/lv/returns.md:{heading}: heading" in f and "fix: end the line with {#time-limits-at-a-glance}" in f
               for f in found), found
    assert any("links to privacy.md where the source links to complaints.md" in f for f in found), found
    status = subprocess.run([sys.executable, "scripts/translation_status.py"], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert f"docs/lv/returns.md:{heading}: heading" in status.stdout and "scripts/check fails on them" in status.stdout
    repo.commit({"docs/lv/returns.md": original}, "lv: fixed",
                date="2026-02-02")
    assert anchor_findings(root) == []


def test_an_outdated_translation_is_compared_with_the_source_it_follows(project):
    root, repo = project
    en = (root / "docs/en/returns.md").read_text(encoding="utf-8")
    new = en.replace("## Questions about returns {#questions-about-returns}",
                     "## Gift receipts {#gift-receipts}\n\nSee [returns](#time-limits-at-a-glance).\n\n"
                     "## Questions about returns {#questions-about-returns}", 1)
    repo.commit({"docs/en/returns.md": new}, "Returns: gift receipts", date="2026-03-01")
    assert anchor_findings(root) == []  # outdated translations (readers see a notice), not wrong ones
    ru = (root / "docs/ru/returns.md").read_text(encoding="utf-8")
    updated = ru.replace("## Вопросы о возврате {#questions-about-returns}",
                         "## Подарочные чеки\n\n## Вопросы о возврате {#questions-about-returns}", 1)
    repo.commit({"docs/ru/returns.md": updated}, "ru: gift receipts", date="2026-03-02")
    found = anchor_findings(root)
    assert found and all("docs/ru/returns.md" in f for f in found), found
    assert any("{#gift-receipts}" in f for f in found) and any("#time-limits-at-a-glance" in f for f in found), found
