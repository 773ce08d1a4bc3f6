"""scripts/translation-status and the translation warnings of scripts/check, on a real git repository."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import PROJECT_PARTS, copy_project


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts/translation_status.py"), *args],
                          cwd=project, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = copy_project(ROOT, tmp_path_factory.mktemp("status") / "project", (*PROJECT_PARTS, "scripts"))
    repo = GitRepo(root, init=False)
    text = (root / "docs/en/returns.md").read_text(encoding="utf-8")
    commits = {"returns": repo.commit({"docs/en/returns.md": text + "\nNew sentence.\n"}, "Returns: add a sentence",
                                      date="2026-03-01")}
    th = (root / "docs/th/returns.md").read_text(encoding="utf-8")
    repo.commit({"docs/th/returns.md": th + "\nประโยคใหม่\n", "docs/et/feedback.md": None},
                "Thai returns updated; Estonian feedback removed", date="2026-03-05")
    return root, commits


def test_table_shows_outdated_since_missing_totals_and_source_commit(project):
    root, commits = project
    done = run(root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header, returns = lines[0].split(), next(line for line in lines if line.startswith("returns.md"))
    assert header[:6] == ["page", "ru", "be", "th", "et", "lv"]
    assert returns.count("OUTDATED since 2026-03-01") == 4  # all but Thai
    assert returns.split()[-1] == commits["returns"][:7]
    assert "MISSING" in next(line for line in lines if line.startswith("feedback.md"))
    pages = len(list((root / "docs/en").glob("*.md")))  # the sample's pages (nine since issue 18)
    assert f"  ru (Русский): {pages - 1} up to date, 1 outdated, 0 awaiting, 0 missing" in lines
    assert f"  et (Eesti): {pages - 2} up to date, 1 outdated, 0 awaiting, 1 missing" in lines
    assert f"  th (ไทย): {pages} up to date, 0 outdated, 0 awaiting, 0 missing" in lines
    # The mark it tells translators to add, filled in as told, is text to YAML even for an id of digits only.
    mark = re.search(r"`(source_reviewed: [^`]*<commit>[^`]*)`", lines[-1]).group(1)
    assert yaml.safe_load(mark.replace("<commit>", "1234567")) == {"source_reviewed": "1234567"}


def test_json_and_check_exit_code(project):
    root, commits = project
    done = run(root, "--check", "--format", "json")
    assert done.returncode == 1 and "outdated or missing" in done.stderr
    report = json.loads(done.stdout)
    assert report["source_commits"]["returns.md"] == commits["returns"]
    ru = next(lang for lang in report["languages"] if lang["locale"] == "ru")
    cell = next(c for c in ru["cells"] if c["page"] == "returns.md")
    assert cell == {"page": "returns.md", "status": "outdated", "since": "2026-03-01", "pending": 1, "note": ""}



def test_scripts_check_warns_about_outdated_translations(project):
    root, _ = project
    code = ("import sys; sys.path.insert(0, 'scripts'); import check, project; "
            "p = project.load_project(project.Path('.').resolve()); "
            "[print(f.severity, f.text.splitlines()[0]) for f in check.check_translations(p)]")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "warning ru (Русский): returns.md is outdated: its en page has changes this translation does not include; readers see a notice" \
        in done.stdout.splitlines()
    assert "warning et (Eesti): feedback.md is missing; readers see the en page" in done.stdout.splitlines()


def test_diff_prints_the_source_change_an_outdated_translation_lacks(project):
    root, commits = project
    first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=root, capture_output=True,
                           text=True).stdout.strip()
    done = run(root, "--diff", "ru", "returns")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"en/returns.md for ru/returns.md: from {first[:7]} (what the translation follows) to now"
    assert f"source commits it lacks: {commits['returns'][:7]}" in lines[1]
    assert "{+New sentence.+}" in lines and "\x1b" not in done.stdout  # plain marks when not a terminal
    everyone = run(root, "--diff", "returns").stdout
    assert [line.split(" for ")[1].split(":")[0] for line in everyone.splitlines() if line.startswith("en/returns.md for")] \
        == ["ru/returns.md", "be/returns.md", "et/returns.md", "lv/returns.md"]  # Thai is up to date
    assert "nothing to diff" in run(root, "--diff", "th").stdout
    bad = run(root, "--diff", "xx")
    assert bad.returncode == 1 and "'xx' is neither a language" in bad.stderr and "Traceback" not in bad.stderr


def test_status_page_links_each_outdated_cell_to_a_rendered_source_diff(project, tmp_path):
    from sitebuild import BuiltSite, build_site

    root, commits = project
    built = BuiltSite(tmp_path / "site", build_site(root, tmp_path / "site", env={"POLICY_SITE_TODAY": "2026-12-01"}))
    assert built.result.returncode == 0, built.result.output
    status = built.soup("editors/translations/index.html")
    links = {}
    for section in status.select("section[data-translation-status]"):
        cell = section.select_one('tr[data-page="returns.md"] a[data-translation-diff-link]')
        links[section["data-translation-status"]] = cell["href"] if cell else None
    assert links == {"ru": "ru/returns/", "be": "be/returns/", "th": None, "et": "et/returns/", "lv": "lv/returns/"}
    # What to type is set as code, to be copied as it stands (quotes included), with no stray backticks.
    howto = status.select_one("[data-translations-howto]")
    assert [code.get_text() for code in howto.select("code")] == ['source_reviewed: "<commit>"']
    assert "`" not in howto.get_text()
    page = built.soup("editors/translations/ru/returns/index.html")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    # Each language's diff of the same source change (its texts are read and rendered once for all).
    for language in ("ru", "be", "et", "lv"):
        other = built.soup(f"editors/translations/{language}/returns/index.html")
        assert [ins.get_text() for ins in other.select("[data-policy-diff-body] ins")] == ["New sentence."], language
        assert not other.select("[data-policy-diff-body] del"), language
    assert page.select_one("[data-policy-diff-summary] h2").get_text() == "1 passage changed"
    first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=root, capture_output=True,
                           text=True).stdout.strip()
    assert f"(commit {first[:7]})" in page.select_one(".policy-diff__intro").get_text()
    assert "editors/translations/ru" not in (tmp_path / "site/search/search_index.json").read_text(encoding="utf-8")
    assert not (tmp_path / "site/ru/editors").exists()  # source language only


def test_diff_on_a_terminal_is_coloured_not_bracketed(project):
    import os
    import pty

    root, _ = project
    leader, follower = pty.openpty()
    done = subprocess.run([sys.executable, str(root / "scripts/translation_status.py"), "--diff", "lv", "returns.md"],
                          cwd=root, stdout=follower, stderr=subprocess.PIPE, timeout=60)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    out = b"".join(chunks).decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert "\x1b[4;32mNew sentence.\x1b[0m" in out and "{+" not in out  # underlined green: not colour alone


def test_a_translators_diff_names_its_sides_and_says_what_to_translate_and_readers_are_warned():
    import datetime as dt

    from policy_site.freshness import Freshness, FreshnessState
    from policy_site.history import Change
    from policy_site.messages import messages
    from policy_site.source_diff import SourceChange
    from policy_site.translation_diff import TextBlocks, outdated_notice, translation_diff

    state = Freshness(FreshnessState.OUTDATED)
    change = SourceChange("returns.md", "ru", state, "0123456789abcdef", "---\ntitle: Returns\n---\n# Old\n",
                          "---\ntitle: Returns\n---\n# New\n", note="")
    shown = translation_diff(change, "returns.md: what changed", "returns.md", "ru", "en", messages("en"))
    assert shown.texts == ("# Old\n", "# New\n")  # front matter is not part of what readers compare
    assert (shown.diff["old"]["number"], shown.diff["new"]["number"]) == ("Translated (0123456)", "Now")
    assert shown.diff["text"]["diff_side_label"] == "{number}" and messages("en")["diff_side_label"] != "{number}"
    assert "(commit 0123456)" in shown.intro and "scripts/translation-status --diff ru returns" in shown.intro
    nothing = translation_diff(None, "t", "returns.md", "ru", "en", messages("en"))
    assert nothing.texts == ("", "") and nothing.diff["old"]["number"] == "Translated (—)"

    # What readers of the outdated translation see at its top, in their language.
    source_change = Change(commit="f" * 40, date=dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc), author="",
                           subject="Returns: add a sentence", path="en/returns.md", status="M", blob="b" * 40,
                           effective=None)
    late = Freshness(FreshnessState.OUTDATED, pending=(source_change,))
    notice = outdated_notice(late, "../../returns/", "ru", "en", messages("ru"))
    assert notice["kind"] == "warning" and notice["link"] == {
        "url": "../../returns/", "title": messages("ru")["outdated_link"], "hreflang": "en"}
    assert "1 марта 2026" in notice["text"] and notice["title"] == messages("ru")["outdated_title"]

    rendered: list[str] = []
    blocks = TextBlocks(lambda text: rendered.append(text) or f"<p>{text}</p>")
    assert blocks("a") is blocks("a") and [b.text for b in blocks("b")] == ["b"]
    assert rendered == ["a", "b"]  # each distinct text rendered once, for every language compared with it
