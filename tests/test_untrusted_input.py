"""Input from outside is bounded and escaped: front matter, policy Markdown, git metadata (issue 12, item 4).

Each rule is broken in a real page or a real commit: validation names file and line, the build fails
fast on what an editor can fix and goes on, with a NOTICE, on history that has already landed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from gitrepo import GitRepo
from site_facts import ROOT
from sitebuild import build_site, copy_project

sys.path.insert(0, str(ROOT / "hooks"))
from policy_site.validation import check_page  # noqa: E402

OWNERS = ("Customer Service", "Legal", "Privacy Office")
EN = "docs/en/returns.md"
TODAY = {"POLICY_SITE_TODAY": "2026-11-29"}


def page(title: str = "Returns and exchanges", extra: str = "", body: str = "# Returns\n\nText.\n") -> str:
    return ("---\n"
            f"title: {title}\n"
            "summary: How to return an item.\n"
            "effective: 2026-03-01\n"
            "last_reviewed: 2026-10-20\n"
            "review_by: 2027-10-20\n"
            "owner: Customer Service\n"
            f"{extra}"
            "---\n\n" + body)


def problems(text: str) -> list[str]:
    return [str(p) for p in check_page("en/returns.md", text, OWNERS, shown_as=EN)]


def billion_laughs(levels: int = 9) -> str:
    """The classic bomb: each level lists the previous one nine times (9**9 = 387,420,489 strings)."""
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- front matter -------------------------------------------------------------------------------

def test_alias_bomb_is_refused_at_its_line_fast_and_small():
    text = page(extra=billion_laughs())
    tracemalloc.start()
    started = time.perf_counter()
    found = problems(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2, elapsed
    assert peak < 20 * 2**20, peak
    assert len(found) == 1
    assert found[0].startswith(f"{EN}:8: front matter uses a YAML anchor or alias"), found  # the first anchor
    assert "anchors and aliases are not allowed" in found[0]


def test_deep_nesting_is_refused_before_libyaml_recurses():
    # 100,000 nested lists crash libyaml's composer (a segfault, not an exception) and take 25 s to parse.
    started = time.perf_counter()
    found = problems(page(extra="search: " + "[" * 100_000 + "]" * 100_000 + "\n"))
    assert time.perf_counter() - started < 2
    assert len(found) == 1 and found[0].startswith(f"{EN}:8: front matter is nested more than 8 levels deep"), found


def test_five_megabyte_title_is_refused_with_its_length():
    found = problems(page(title="x" * 5_000_000))
    assert found == [f"{EN}:2: `title` is 5000000 characters long, more than 120\n"
                     "    fix: shorten it: title is the policy's name as customers see it, plain text on one line "
                     "of at most 120 characters, e.g. `title: Returns and exchanges`"]


@pytest.mark.parametrize(("title", "expected"), [
    ("<img src=x onerror=alert(1)>", "`title` contains HTML markup `<img src=x o`"),
    ('"</title><script>alert(1)</script>"', "`title` contains HTML markup `</title><scr`"),
    ("Returns &lt;b&gt;", "`title` contains HTML markup `&lt;b&gt;`"),
    ('"Returns\\x1b[31m"', "`title` contains the control character U+001B at position 8"),
    ('"Returns\\u202Esnruter"', "`title` contains the invisible direction control U+202E RIGHT-TO-LEFT OVERRIDE"),
])
def test_markup_and_control_characters_in_title_are_refused(title, expected):
    found = problems(page(title=title))
    assert len(found) == 1 and found[0].startswith(f"{EN}:2: {expected}"), found
    assert "\x1b" not in found[0]  # the message itself cannot repaint the editor's terminal


def test_plain_titles_with_ampersand_and_less_than_pass():
    assert problems(page(title="Returns & refunds < 30 days")) == []


@pytest.mark.parametrize("raw", ['"New \\a rule"', '"New \\e[2J rule"'])
def test_control_character_in_change_summary_is_refused(raw):
    found = problems(page(extra=f"change_summary: {raw}\n"))
    assert len(found) == 1, found
    assert re.match(rf"{EN}:8: `change_summary` contains the control character U\+00(07|1B) at position 5", found[0])


def test_raw_control_character_is_refused_with_its_line():
    found = problems(page(extra="change_summary: New\x07rule\n"))
    assert found == [f"{EN}:8: front matter contains the character U+0007, which YAML does not allow "
                     "(an invisible control character)\n    fix: delete it: retype the line in a plain text editor"]


def test_description_may_not_leave_its_attribute():
    found = problems(page(extra="description: 'x\" http-equiv=\"refresh'\n"))
    assert len(found) == 1 and '`description` contains `"`' in found[0], found


# --- active content in the Markdown -------------------------------------------------------------

@pytest.mark.parametrize(("body", "line", "expected"), [
    ("Text.\n\n<script>alert(1)</script>\n", 14, "raw HTML `<script>` element"),
    ("Text.\n\n<IFrame src=\"https://evil.example\"></IFrame>\n", 14, "raw HTML `<iframe>` element"),
    ("Text.\n\n<object data=x></object>\n", 14, "raw HTML `<object>` element"),
    ("Text.\n\n<img src=x onerror=alert(1)>\n", 14, "event handler attribute `onerror=`"),
    ("Text.\n\n<img alt=\"a>b\"/onerror=alert(1)>\n", 14, "event handler attribute `onerror=`"),
    ("Text.\n\n[Click](javascript:alert(1))\n", 14, "link to a `javascript:` address"),
    ("Text.\n\n[Click](jav&#x61;script:alert(1))\n", 14, "link to a `javascript:` address"),
    ("Text.\n\n[Click](java\tscript:alert(1))\n", 14, "link to a `javascript:` address"),
    ("Text.\n\n[Click][x]\n\n[x]: JAVASCRIPT:alert(1)\n", 16, "link to a `javascript:` address"),
    ("Text.\n\n<a href=\" javascript:alert(1)\">x</a>\n", 14, "`javascript:` address in the `href` attribute"),
    ("Text.\n\n[Site](https://example.org){: onclick=\"alert(1)\" }\n", 14, "event handler attribute `onclick=`"),
])
def test_active_content_is_refused_with_file_and_line(body, line, expected):
    found = problems(page(body="# Returns\n\n" + body))
    assert len(found) == 1, found
    assert found[0].startswith(f"{EN}:{line}: {expected}"), found
    assert "\n    fix: " in found[0]


def test_tags_shown_as_code_pass():
    body = ("# Returns\n\nA code span shows `<script>` and ``<img src=x onerror=alert(1)>`` as text.\n\n"
            "```html\n<script>alert(1)</script>\n<iframe src=x></iframe>\n```\n\n"
            "~~~\n[x](javascript:alert(1))\n~~~\n\n"
            "Cookies and JavaScript: what we store. Once = once. <b>Bold</b> and <a href=\"https://e.example\">a link</a>.\n")
    assert problems(page(body=body)) == []


# --- real builds ---------------------------------------------------------------------------------

def _child_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB


def test_build_fails_fast_naming_every_bad_page(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    repo = GitRepo(project, init=False)
    en = (project / EN).read_text(encoding="utf-8")
    bomb = en.replace("owner: Customer Service\n", "owner: Customer Service\n" + billion_laughs(), 1)
    privacy = (project / "docs/en/privacy.md").read_text(encoding="utf-8")
    privacy = privacy.replace("title: ", "title: <img src=x onerror=alert(1)> ", 1) + "\n<script>alert(1)</script>\n"
    repo.commit({EN: bomb, "docs/en/privacy.md": privacy}, "Break two pages")
    script_line = privacy.count("\n")  # the <script> line is the last one
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **TODAY)
    started = time.perf_counter()
    # Without the rule this build ran for minutes and grew to ~10 GB before failing.
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert elapsed < 60, elapsed
    assert _child_peak_rss_mb() < 300, _child_peak_rss_mb()
    assert "Traceback" not in output
    assert "Page front matter has 2 problems:" in output
    assert f"{EN}:8: front matter uses a YAML anchor or alias" in output
    assert "docs/en/privacy.md:2: `title` contains HTML markup `<img src=x o`" in output
    assert "Page content has 1 problem:" in output
    assert f"docs/en/privacy.md:{script_line}: raw HTML `<script>` element" in output


@pytest.fixture(scope="module")
def landed_history(tmp_path_factory) -> tuple[GitRepo, Path, dict[str, str], str]:
    """returns.md gets a version written before these rules (markup title, a control character in
    change_summary, raw active content, a commit subject and author with terminal escapes), then a
    clean version; the build must pass and publish none of it raw."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("landed") / "project")
    repo = GitRepo(root, init=False)
    en = (root / EN).read_text(encoding="utf-8")
    bad = (en.replace("title: Returns and exchanges", "title: <img src=x onerror=alert(1)>Returns")
             .replace("effective: 2026-03-01", "effective: 2026-05-01")
             .replace("owner: Customer Service\n", 'owner: Customer Service\nchange_summary: "Faster\\x07 refunds"\n')
           + "\n<script>alert(1)</script>\n\n[Refund form](javascript:alert(1))\n")
    commits = {"bad": repo.commit({EN: bad}, "Faster refunds\x07 \x1b[31mnow", date="2026-04-20",
                                  author="Eve \x1b]0;pwned\x07Mallory")}
    clean = (en.replace("effective: 2026-03-01", "effective: 2026-06-01")
               .replace("title: Returns and exchanges", "title: Returns & refunds < 30 days"))
    commits["clean"] = repo.commit({EN: clean}, "Clean title", date="2026-05-20")
    site = tmp_path_factory.mktemp("landed-site")
    result = build_site(root, site, "-q", env=TODAY)
    assert result.returncode == 0, result.output
    return repo, site, commits, result.output


def test_landed_control_characters_give_a_notice_not_a_failure(landed_history):
    _, _, commits, output = landed_history
    assert "WARNING" not in output and "Traceback" not in output, output
    short = commits["bad"][:7]
    notices = [line for line in output.splitlines() if line.startswith("NOTICE") and short in line]
    assert any("control characters in its subject or author name" in line for line in notices), output
    assert any("`title` contains HTML markup" in line and "left out" in line for line in notices), output
    assert any("raw HTML `<script>` element, shown as text" in line for line in notices), output
    assert "\x1b" not in output and "\x07" not in output


def test_feeds_are_valid_xml_without_control_characters(landed_history):
    _, site, _, _ = landed_history
    feeds = sorted(site.rglob("feed.xml"))
    assert feeds
    for path in feeds:
        data = path.read_bytes()
        etree.fromstring(data)  # raises on anything XML cannot carry
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data), path
    summaries = [e.text for e in etree.fromstring((site / "returns/versions/feed.xml").read_bytes()).iter(
        "{http://www.w3.org/2005/Atom}summary")]
    # The invalid change_summary is left out, and a commit subject never stands in for it on customer pages.
    assert summaries and not [s for s in summaries if "Faster refunds" in (s or "")], summaries


def test_no_page_publishes_landed_markup_or_active_content(landed_history):
    _, site, _, _ = landed_history
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert not soup.select("img[onerror]"), path
        assert not [s for s in soup.find_all("script") if "alert(1)" in s.get_text()], path
        assert not soup.select('a[href^="javascript:"]'), path
        assert "\x1b" not in soup.get_text() and "\x07" not in soup.get_text(), path
    version = BeautifulSoup((site / "returns/versions/2/index.html").read_text(encoding="utf-8"), "lxml")
    assert "<script>alert(1)</script>" in version.select_one("article").get_text()  # shown as text


def test_templates_escape_titles_everywhere_including_the_register(landed_history):
    _, site, _, _ = landed_history
    title = "Returns & refunds < 30 days"
    for relative in ("editors/register/index.html", "changes/index.html", "returns/versions/3/diff/index.html"):
        raw = (site / relative).read_text(encoding="utf-8")
        assert "Returns &amp; refunds &lt; 30 days" in raw, relative
        assert title in BeautifulSoup(raw, "lxml").get_text(), relative
    register = BeautifulSoup((site / "editors/register/index.html").read_text(encoding="utf-8"), "lxml")
    link = [a for a in register.select("[data-policy-register] a") if a.get_text() == title]
    assert link and link[0].get("dir") == "auto"
    history = BeautifulSoup((site / "returns/index.html").read_text(encoding="utf-8"), "lxml")
    assert "Mallory" not in history.get_text()  # author names are the editors' record, not the customer's


def test_file_names_with_quotes_or_control_characters_are_refused(tmp_path: Path):
    from policy_site.validation import check_docs

    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en/returns.md").write_text(page(), encoding="utf-8")
    (docs / "en/x\" onmouseover=\"alert(1).md").write_text(page(), encoding="utf-8")
    (docs / "en/notice\x1b[2J.md").write_text(page(), encoding="utf-8")
    found = [str(p) for p in check_docs(docs, OWNERS)]
    assert found == [
        "docs/en/notice\\x1b[2J.md:1: the file name contains U+001B\n"
        "    fix: rename the file with lowercase letters, digits and hyphens, e.g. gift-cards.md",
        'docs/en/x" onmouseover="alert(1).md:1: the file name contains U+0022 QUOTATION MARK\n'
        "    fix: rename the file with lowercase letters, digits and hyphens, e.g. gift-cards.md"], found


def test_scripts_check_reports_active_content_with_file_and_line(tmp_path: Path):
    from editor_tools import commit_all, run_script, tool_project

    project = tool_project(tmp_path / "project")
    path = project / EN
    text = path.read_text(encoding="utf-8") + "\n[Refund form](jav&#x61;script:alert(1))\n"
    path.write_text(text, encoding="utf-8")
    commit_all(project)
    result = run_script(project, "check")
    assert result.returncode == 1, result.output
    assert f"{EN}:{text.count(chr(10))}: link to a `javascript:` address" in result.output, result.output
    assert "Traceback" not in result.output
    assert re.search(r"front matter\s*[:.]*\s*1 error", result.output), result.output


def test_lists_are_bounded_too():
    found = problems(page(extra="hide: [" + ", ".join(["toc"] * 7) + "]\n"))
    assert f"{EN}:8: `hide` has 7 items, more than 6\n    fix: list each item once: hide is Material's list of page parts to hide" in found, found


def test_raw_control_character_after_thai_text_is_on_its_own_line():
    text = page(title="นโยบายการคืนสินค้า", extra="change_summary: ใหม่\x1bกฎ\n")
    assert problems(text)[0].startswith(f"{EN}:8: front matter contains the character U+001B")


@pytest.mark.parametrize("title", [
    'Returns: "quoted" — and \\ a backslash', "---", "title: not a key", "Возврат 😀 ฿", "C1 \x85 and \x9f controls",
    "2026-03-01", "yes", "# not a comment", "line\nbreak", "",
])
def test_generated_front_matter_reads_back_as_written(title):
    """A generated page's front matter (titles come from editors' pages) is read by MkDocs as written."""
    from mkdocs.utils.meta import get_data

    from policy_site.frontmatter import front_matter_block

    meta = {"title": title, "policy": False, "search": {"exclude": True}, "hide": ["toc"], "number": 3}
    body, read = get_data(front_matter_block(meta) + "\nThe text.\n")
    assert read == meta
    assert body.strip() == "The text."


def test_an_old_text_parsed_once_still_reports_to_every_caller_and_copies_its_front_matter():
    """split_text parses each front matter once per process: every caller still hears what was left out,
    and changing what one caller got changes nothing for the next."""
    from policy_site.frontmatter import split_text

    text = "---\ntitle: " + "R" * 121 + "\nhours:\n  weekdays: [9, 18]\n---\n\nThe text.\n"
    for _ in range(2):
        problems: list[str] = []
        meta, body = split_text(text, problems)
        assert meta == {"hours": {"weekdays": [9, 18]}} and body == "\nThe text.\n"
        assert problems == ["`title` is 121 characters long, more than 120: left out"]
        meta["hours"]["weekdays"].append(21)
    for _ in range(2):
        problems = []
        assert split_text("---\na: &x [1]\nb: *x\n---\nx\n", problems) == ({}, "x\n")
        assert len(problems) == 1 and "anchor or alias" in problems[0], problems


def test_front_matter_read_once_names_each_callers_file_and_copies_its_values():
    """read_front_matter parses each front matter once per process: an error still names the file of
    whoever asks, at its line, and changing what one caller got (nested lists and dicts included)
    changes nothing for the next."""
    from policy_site.frontmatter import FrontMatterError, read_front_matter

    text = "---\ntitle: Returns\nhours:\n  weekdays: [9, 18]\nreviewed: 2026-03-01\n---\n\nThe text.\n"
    for _ in range(2):
        front = read_front_matter(text, "docs/en/returns.md")
        assert front.data == {"title": "Returns", "hours": {"weekdays": [9, 18]}, "reviewed": dt.date(2026, 3, 1)}
        assert front.lines == {"title": 2, "hours": 3, "reviewed": 5} and front.body == "\nThe text.\n"
        front.data["hours"]["weekdays"].append(21)
        front.data["title"] = "changed"
        front.lines["title"] = 99
    bad = "---\ntitle: Returns\ntitle: Again\n---\nx\n"
    for path in ("docs/en/a.md", "docs/ru/a.md", "docs/en/a.md"):
        with pytest.raises(FrontMatterError) as raised:
            read_front_matter(bad, path)
        assert (raised.value.path, raised.value.line) == (path, 3)
        assert str(raised.value) == f"{path}:3: `title` is given twice"
