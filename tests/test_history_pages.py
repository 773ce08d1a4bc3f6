"""Version history on built policy pages, from real git repositories, checked against `git log --follow`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from editor_tools import effective_of
from gitrepo import DEFAULT_AUTHOR, GitRepo
from site_facts import ROOT
from sitebuild import build_site, copy_project

TODAY = {"POLICY_SITE_TODAY": "2026-11-23"}
HOSTILE = "<img src=x onerror=alert(1)>"
SECRET_EMAIL = "zoe.secret@example.org"
# git itself drops < and > from names; quotes and ampersands reach the page.
HOSTILE_AUTHOR = "Zoë \"&amp;\" O'Brien"


def edit(text: str, *, effective: str | None = None, append: str = "") -> str:
    if effective:
        text = re.sub(r"^effective: .*$", f"effective: {effective}", text, count=1, flags=re.M)
    return text + append


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "lxml")


def history_of(soup: BeautifulSoup) -> list[tuple[int, list[tuple[str, bool]]]]:
    """[(version number, [(commit, editorial), ...]), ...] as the page's edit log shows them, newest first."""
    return [(int(v["data-edit-version"]),
             [(c["data-commit"], c.has_attr("data-editorial")) for c in v.select("[data-commit]")])
            for v in soup.select("[data-policy-history] [data-policy-edit-log] [data-edit-version]")]


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    """The sample project with three versions of the returns policy and editorial fixes in between,
    built with the edit log and authors' names on (commits are shown to customers only there)."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("history") / "project", commit=None)
    # Version 1 from the first commit's day in every language, so that the versions below come later.
    for page in root.glob("docs/*/returns.md"):
        page.write_text(edit(page.read_text(encoding="utf-8"), effective="2026-01-05"), encoding="utf-8")
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.commit(message="Publish the policies", date="2026-01-05")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    edit_log: false\n", "    edit_log: true\n", 1)
    repo.commit({"mkdocs.yml": config.replace("    show_authors: false\n", "    show_authors: true\n", 1)},
                "Show the edit log with authors", date="2026-01-06")
    source = (root / "docs/en/returns.md").read_text(encoding="utf-8")
    commits = {"v1": repo.head()}
    commits["typo"] = repo.commit({"docs/en/returns.md": edit(source, append="\nTypo fixed.\n")},
                                  "Fix a typo in the returns policy", date="2026-02-01")
    text = edit(source, effective="2026-04-01", append="\nReturns within 30 days.\n")
    commits["v2"] = repo.commit({"docs/en/returns.md": text}, "Extend the return window", date="2026-03-01")
    commits["hostile"] = repo.commit({"docs/en/returns.md": text + "\nWording.\n"}, HOSTILE,
                                     date="2026-03-10", author=HOSTILE_AUTHOR,
                                     email=SECRET_EMAIL)
    text = edit(text, effective="2026-12-15", append="\nNew carrier.\n")
    commits["v3"] = repo.commit({"docs/en/returns.md": text}, "Change the carrier from December",
                                date="2026-11-20")
    return repo, commits


@pytest.fixture(scope="module")
def history_site(history_repo, tmp_path_factory) -> Path:
    repo, _ = history_repo
    site = tmp_path_factory.mktemp("history-site")
    result = build_site(repo.root, site, env=TODAY)
    assert result.returncode == 0, result.output
    return site


def test_history_matches_git_log_follow(history_repo, history_site):
    repo, commits = history_repo
    shown = history_of(page(history_site, "returns/index.html"))
    assert [number for number, _ in shown] == [3, 2, 1]
    listed = [commit for _, changes in shown for commit, _ in changes]
    assert listed == repo.log_follow("docs/en/returns.md")
    editorial = {commit for _, changes in shown for commit, flag in changes if flag}
    assert editorial == {commits["typo"], commits["hostile"]}


def test_translation_has_its_own_history(history_repo, history_site):
    repo, _ = history_repo
    shown = history_of(page(history_site, "ru/returns/index.html"))
    assert [commit for _, changes in shown for commit, _ in changes] == repo.log_follow("docs/ru/returns.md")


def test_meta_line_shows_version_in_force_and_upcoming(history_site):
    soup = page(history_site, "returns/index.html")
    meta = soup.select_one("[data-policy-meta]")
    times = [t["datetime"] for t in meta.select(".policy-meta__dates time")]
    # Version 3 takes effect on 2026-12-15, after the build's today: version 2 is in force.
    assert times == ["2026-04-01", "2026-11-20"]
    assert "Version 2" in meta.get_text(" ", strip=True)
    upcoming = soup.select_one('[data-version="3"]')
    assert "Upcoming" in upcoming.get_text(" ", strip=True)
    thai = page(history_site, "th/returns/index.html").select_one("[data-policy-meta]").get_text(" ", strip=True)
    assert "มีผลตั้งแต่" in thai and "ฉบับที่" in thai


def test_hostile_subjects_and_names_are_text_and_no_email_is_published(history_site):
    soup = page(history_site, "returns/index.html")
    history = soup.select_one("[data-policy-history]")
    log = history.select_one("[data-policy-edit-log]")
    assert HOSTILE in log.get_text()
    assert f"({HOSTILE_AUTHOR})" in log.get_text()
    assert not history.select("img, script")
    log.decompose()  # outside the edit log, customers see change notes only
    assert HOSTILE not in history.get_text() and HOSTILE_AUTHOR not in history.get_text()
    for path in history_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js"):
            data = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET_EMAIL not in data and DEFAULT_AUTHOR[1] not in data, path


def test_same_commit_builds_byte_identical_html(history_repo, history_site, tmp_path):
    repo, _ = history_repo
    again = tmp_path / "again"
    assert build_site(repo.root, again, env=TODAY).returncode == 0
    first = sorted(p.relative_to(history_site) for p in history_site.rglob("*.html"))
    assert first == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    for relative in first:
        assert (history_site / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_commit_links_when_repo_url_is_set(history_repo, tmp_path):
    repo, commits = history_repo
    config = repo.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text("repo_url: https://example.org/shop/policies\n" + original, encoding="utf-8")
        result = build_site(repo.root, tmp_path / "site", env=TODAY, strict=False)
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.output
    link = page(tmp_path / "site", "returns/index.html").select_one(f'[data-commit="{commits["v2"]}"] a')
    assert link["href"] == f"https://example.org/shop/policies/commit/{commits['v2']}"


def test_shallow_clone_says_history_is_incomplete(history_repo, tmp_path):
    repo, _ = history_repo
    clone = repo.shallow_clone(tmp_path / "clone")
    strict = build_site(clone.root, tmp_path / "strict", env=TODAY)
    assert strict.returncode != 0
    assert "shallow" in strict.output and "fetch-depth: 0" in strict.output
    assert "Traceback" not in strict.output
    result = build_site(clone.root, tmp_path / "site", env=TODAY, strict=False)
    assert result.returncode == 0, result.output
    soup = page(tmp_path / "site", "returns/index.html")
    assert soup.select_one('[data-policy-notice="history-incomplete"]') is not None
    assert [commit for _, changes in history_of(soup) for commit, _ in changes] == [clone.head()]


def test_without_git_pages_use_front_matter_dates(tmp_path):
    project = copy_project(ROOT, tmp_path / "project", commit=None)
    result = build_site(project, tmp_path / "site", env=TODAY, strict=False)
    assert result.returncode == 0, result.output
    assert "No git history" in result.output
    soup = page(tmp_path / "site", "returns/index.html")
    assert soup.select_one('[data-policy-notice="history-unavailable"]') is not None
    effective = effective_of(project / "docs/en/returns.md")
    assert soup.select_one("[data-policy-meta] time")["datetime"] == effective.isoformat()
    assert soup.select_one("[data-policy-history]") is None


def test_uncommitted_edit_is_marked_unpublished(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    target = project / "docs/en/returns.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nDraft sentence.\n", encoding="utf-8")
    strict = build_site(project, tmp_path / "strict", env=TODAY)
    assert strict.returncode != 0 and "en/returns.md" in strict.output
    result = build_site(project, tmp_path / "site", env=TODAY, strict=False)
    assert result.returncode == 0, result.output
    assert page(tmp_path / "site", "returns/index.html").select_one('[data-policy-notice="unpublished-changes"]')
    assert not page(tmp_path / "site", "privacy/index.html").select_one('[data-policy-notice="unpublished-changes"]')


def test_an_uncommitted_edit_shows_on_the_page_and_in_no_diff(history_repo, tmp_path):
    """The diffs compare committed texts: a draft of the version in force must not leak into them, though
    the page shows it and diffs reuse the text the page rendered when it is the committed one."""
    repo, _ = history_repo
    project = tmp_path / "project"
    shutil.copytree(repo.root, project, ignore=shutil.ignore_patterns(".cache"))
    target = project / "docs/en/returns.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nDraft sentence.\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site, env={"POLICY_SITE_TODAY": "2026-12-20"}, strict=False)  # version 3 in force
    assert result.returncode == 0, result.output
    assert "Draft sentence." in page(site, "returns/index.html").get_text()
    diffs = sorted(site.glob("returns/versions/*/diff*/index.html"))
    assert {path.parent.name for path in diffs} == {"diff", "diff-current"}, diffs
    assert "New carrier." in page(site, "returns/versions/1/diff-current/index.html").get_text()
    for path in diffs:
        assert "Draft sentence." not in path.read_text(encoding="utf-8"), path


def test_what_another_hook_adds_to_a_page_stays_out_of_the_diffs(history_repo, tmp_path):
    """Diffs compare the versions' texts as MkDocs converts them, whatever a hook run before them adds."""
    repo, _ = history_repo
    project = tmp_path / "project"
    shutil.copytree(repo.root, project, ignore=shutil.ignore_patterns(".cache"))
    (project / "hooks" / "stamp.py").write_text(
        "def on_page_content(html, page, config, files):\n    return html + '<p>Stamped by another hook.</p>'\n",
        encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nhooks:\n", "\nhooks:\n  - hooks/stamp.py\n", 1)  # the first hook: before policy_versions
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site, env={"POLICY_SITE_TODAY": "2026-12-20"}, strict=False)
    assert result.returncode == 0, result.output
    assert "Stamped by another hook." in page(site, "returns/versions/2/index.html").get_text()  # the hook ran
    diffs = sorted(site.glob("returns/versions/*/diff*/index.html"))
    assert len(diffs) >= 3, diffs
    for path in diffs:
        assert "Stamped by another hook." not in path.read_text(encoding="utf-8"), path


def test_history_can_be_switched_off(history_repo, tmp_path):
    repo, _ = history_repo
    result = build_site(repo.root, tmp_path / "site", env={**TODAY, "POLICY_SITE_HISTORY": "off"})
    assert result.returncode == 0, result.output
    soup = page(tmp_path / "site", "returns/index.html")
    assert soup.select_one("[data-policy-history]") is None and soup.select_one("[data-policy-meta]") is None
