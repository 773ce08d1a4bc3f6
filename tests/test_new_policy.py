"""scripts/new-policy: a complete, valid, buildable policy in one command, or a clear refusal that
changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import pytest
import yaml

from editor_tools import commit_all, run_script, tool_project
from policy_site.translation_status import is_awaiting
from policy_site.validation import check_page
from site_facts import ROOT, config, locales, source_locale
from sitebuild import BuiltSite, build_site

sys.path.insert(0, str(ROOT / "scripts"))
from new_policy import Refused, add_to_hub, add_to_nav, plan  # noqa: E402
from project import load_project  # noqa: E402

SOURCE = source_locale()
OWNERS = config()["extra"]["policy_site"]["owners"]
TITLE = "Gift cards: how they work"


def snapshot(project: Path) -> dict[str, str]:
    """Hash of every file an editor's command could touch."""
    files = [project / "mkdocs.yml", *sorted((project / "docs").rglob("*"))]
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p.is_file()}


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory):
    """A project copy after `scripts/new-policy gift-cards --title ...`, and the command's result."""
    project = tool_project(tmp_path_factory.mktemp("new-policy") / "project")
    before = {name: (project / name).read_text(encoding="utf-8") for name in ("mkdocs.yml", f"docs/{SOURCE}/index.md")}
    result = run_script(project, "new-policy", "gift-cards", "--title", TITLE)
    return project, before, result


def test_creates_a_valid_source_page(created):
    project, _, result = created
    assert result.returncode == 0, result.output
    text = (project / "docs" / SOURCE / "gift-cards.md").read_text(encoding="utf-8")
    assert check_page(f"{SOURCE}/gift-cards.md", text, OWNERS) == []
    front = yaml.safe_load(text.split("---\n")[1])
    today = dt.date.today()
    assert front["title"] == TITLE and front["owner"] == OWNERS[0]
    assert front["effective"] == front["last_reviewed"] == today
    a_year_later = dt.date(today.year + 1, today.month, min(today.day, 28 if today.month == 2 else 31))
    assert front["review_by"] == (today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else a_year_later)
    assert f"\n# {TITLE} {{#gift-cards-how-they-work}}\n" in text and "TODO:" in text  # an explicit, stable id
    assert OWNERS[0] in result.output and "Reminder" in result.output  # the default owner is pointed out


def test_adds_one_nav_line_and_keeps_mkdocs_yml_otherwise_byte_identical(created):
    project, before, _ = created
    old = before["mkdocs.yml"].splitlines(keepends=True)
    new = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    added = [i for i in range(len(new)) if new[:i] + new[i + 1:] == old]
    assert added, "mkdocs.yml changed beyond one added line"
    assert new[added[0]] == "  - gift-cards.md\n"
    assert "!!python/object/apply:pymdownx.slugs.slugify" in "".join(new)
    nav_end = max(i for i, line in enumerate(old) if line.startswith("  - ") and line.rstrip().endswith(".md")
                  and i < next(j for j, l in enumerate(old) if l.startswith("markdown_extensions")))
    assert added[0] == nav_end + 1, "the page goes at the end of the nav"


def test_links_the_page_from_the_source_hub_after_the_other_policies(created):
    project, before, _ = created
    old = before[f"docs/{SOURCE}/index.md"].splitlines()
    new = (project / "docs" / SOURCE / "index.md").read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 1
    index = next(i for i, line in enumerate(new) if "(gift-cards.md)" in line)
    assert new[index].startswith(f"- [{TITLE}](gift-cards.md)")
    assert new[index - 1].startswith("- [") and not any(line.startswith("- [") for line in new[index + 1:])


def test_writes_an_awaiting_stub_for_every_other_language(created):
    project, _, _ = created
    source_text = (project / "docs" / SOURCE / "gift-cards.md").read_text(encoding="utf-8")
    for locale in locales():
        if locale == SOURCE:
            continue
        stub = (project / "docs" / locale / "gift-cards.md").read_text(encoding="utf-8")
        assert is_awaiting(stub), locale
        assert check_page(f"{locale}/gift-cards.md", stub, OWNERS) == []
        assert stub.split("---\n", 2)[2] == source_text.split("---\n", 2)[2]


@pytest.fixture(scope="module")
def built(created, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project, _, _ = created
    commit_all(project, "Add the gift cards policy")
    out = tmp_path_factory.mktemp("new-policy-site")
    return BuiltSite(out, build_site(project, out))


def test_output_builds_strict_clean_in_every_language(built: BuiltSite):
    assert built.result.returncode == 0, built.result.output
    assert "WARNING" not in built.result.output, built.result.output
    for locale in locales():
        prefix = "" if locale == SOURCE else f"{locale}/"
        soup = built.soup(f"{prefix}gift-cards/index.html")
        assert soup.html["lang"] == locale
        assert TITLE in soup.select_one("article h1").get_text()


def test_stubs_show_the_source_text_with_a_notice_never_as_translated(built: BuiltSite):
    english = built.soup("gift-cards/index.html").select_one("article")
    assert english.select_one(".admonition.info") is None
    for locale in locales():
        if locale == SOURCE:
            continue
        article = built.soup(f"{locale}/gift-cards/index.html").select_one("article")
        notice = article.select_one(".admonition.info")
        assert notice is not None, locale
        assert "TODO: write the policy here" in article.get_text()


def test_every_translated_hub_links_the_page_in_the_source_language_without_a_placeholder(created):
    project, _, _ = created
    for locale in locales():
        if locale == SOURCE:
            continue
        hub = (project / "docs" / locale / "index.md").read_text(encoding="utf-8")
        before = (ROOT / "docs" / locale / "index.md").read_text(encoding="utf-8")
        lines = [line for line in hub.splitlines() if "(gift-cards.md)" in line]
        assert lines == [f"- [{TITLE}](gift-cards.md)"], locale  # the summary was a TODO: left out
        assert "TODO:" not in hub
        front = yaml.safe_load(hub.split("---\n")[1])
        assert front["translation"] == "outdated", locale
        assert check_page(f"{locale}/index.md", hub, OWNERS) == [], locale
        assert len(hub.splitlines()) == len(before.splitlines()) + 2  # the link and the mark, nothing else


def test_a_given_summary_is_used_in_every_hub():
    result = plan(load_project(), "gift-cards", "Gift cards", None, "What a gift card buys.", None, dt.date(2026, 11, 23))
    hubs = {path.parent.name: text for path, text in result.writes.items() if path.name == "index.md"}
    assert set(hubs) == set(locales())
    for locale, text in hubs.items():
        assert "- [Gift cards](gift-cards.md) — What a gift card buys.\n" in text, locale
        assert ("translation: outdated" in text) == (locale != SOURCE), locale


def test_translated_hubs_count_as_outdated_until_translated(built: BuiltSite):
    status = built.soup("editors/translations/index.html")
    for section in status.select("section[data-translation-status]"):
        row = section.select_one('tr[data-page="index.md"]')
        assert row["data-status"] == "outdated", section["data-translation-status"]
    for locale in locales():
        if locale == SOURCE:
            continue
        hub = built.soup(f"{locale}/index.html")
        assert hub.select_one("article [data-policy-notice='translation-outdated']") is not None, locale


def test_translators_hub_is_fresh_again_once_the_mark_is_gone(created, built: BuiltSite):
    project, _, _ = created
    status = run_script(project, "translation-status")
    hub_row = next(line for line in status.output.splitlines() if line.startswith("index.md"))
    assert hub_row.count("OUTDATED since") == len(locales()) - 1, status.output
    diff = run_script(project, "translation-status", "--diff", "ru", "index")
    assert "{+- [" + TITLE + "](gift-cards.md)" in diff.output, diff.output
    hub = project / "docs" / "ru" / "index.md"
    text = hub.read_text(encoding="utf-8")
    hub.write_text("\n".join(line for line in text.splitlines() if not line.startswith("translation: outdated"))
                   .replace(f"[{TITLE}]", "[Подарочные карты]") + "\n", encoding="utf-8")
    commit_all(project, "ru: translate the gift cards line")
    status = run_script(project, "translation-status")
    hub_row = next(line for line in status.output.splitlines() if line.startswith("index.md")).split()
    assert hub_row[1:3] == ["up", "to"], status.output  # ru is the first language


def test_register_lists_the_new_policy_as_awaiting(built: BuiltSite):
    row = next(r for r in built.soup("editors/register/index.html").select("tbody tr") if TITLE in r.get_text())
    assert {cell.get_text(strip=True) for cell in row.select("td[data-language]")} == {"awaiting"}


@pytest.mark.parametrize("slug", ["Gift-Cards", "gift_cards", "-gift", "gift-", "gift--cards", "gift cards", "подарки"])
def test_refuses_ill_formed_slugs(slug):
    with pytest.raises(Refused, match="lowercase letters, digits and hyphens"):
        plan(load_project(), slug, "T", None, "S.", None, dt.date(2026, 11, 23))


@pytest.mark.parametrize("slug", ["index", "editors", *locales()])
def test_refuses_names_the_site_already_uses(slug):
    with pytest.raises(Refused, match="already used by the site"):
        plan(load_project(), slug, "T", None, "S.", None, dt.date(2026, 11, 23))


@pytest.mark.parametrize("kwargs, message", [
    ({"owner": "Sales"}, "owner 'Sales' is not in mkdocs.yml; use one of"),
    ({"title": "  "}, "--title must not be empty"),
    ({"effective": dt.date(2028, 1, 1)}, r"effective \(2028-01-01\) is after review_by"),
])
def test_refuses_invalid_options(kwargs, message):
    args = {"title": "T", "owner": None, "summary": "S.", "effective": None, **kwargs}
    with pytest.raises(Refused, match=message):
        plan(load_project(), "gift-cards", args["title"], args["owner"], args["summary"], args["effective"],
             dt.date(2026, 11, 23))


def test_refusals_change_nothing(tmp_path: Path):
    project = tool_project(tmp_path / "project")
    existing = sorted(p.stem for p in (project / "docs" / SOURCE).glob("*.md") if p.name != "index.md")[0]
    before = snapshot(project)
    for args in ([existing, "--title", "Again"], ["Bad_Slug", "--title", "X"], ["x", "--title", "X", "--owner", "Sales"]):
        result = run_script(project, "new-policy", *args)
        assert result.returncode == 1, result.output
        assert result.output.startswith("error: ") and "Nothing was changed." in result.output
        assert "Traceback" not in result.output
        assert snapshot(project) == before, args
    assert f"a policy called '{existing}' already exists: docs/{SOURCE}/{existing}.md" in \
        run_script(project, "new-policy", existing, "--title", "Again").output


def test_nav_keeps_comments_and_blank_lines_around_the_last_item():
    base = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    last = next(line for line in reversed(base.split("\nmarkdown_extensions:")[0].splitlines()) if line.startswith("  - "))
    for variant in (last + "  # the last one", last.replace("  - ", "  - Last: "), "  - More:\n      - x-last.md"):
        text = base.replace(last + "\n", variant + "\n", 1)
        lines = add_to_nav(text, "new.md").splitlines()
        index = lines.index("  - new.md")
        assert lines[index - 1] == variant.splitlines()[-1] and lines[index + 1] == "", variant


def test_config_without_nav_is_left_alone():
    assert add_to_nav("site_name: x\n", "new.md") is None


def test_hub_without_a_list_gets_the_link_at_the_end():
    assert add_to_hub("# Hub\n\nText.", "A [b]", "a.md", "S.") == "# Hub\n\nText.\n\n- [A \\[b\\]](a.md) — S.\n"
