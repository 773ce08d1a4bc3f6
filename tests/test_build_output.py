"""What scripts/build says (issue 16): progress per language, each message once, the language that failed,
and uncommitted pages built as drafts locally but refused where CI is set.

The real `scripts/build` runs in a committed copy of the project (with its scripts and requirements.txt,
and the shared .venv linked in), as an editor runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitrepo import GitRepo
from site_facts import ROOT, locales, source_locale
from sitebuild import PROJECT_PARTS, copy_project

TODAY = "2026-12-01"
PROGRESS = re.compile(r"^INFO    -  ([a-z]{2}): (\d+) pages in \d+\.\d\d seconds$")
TOTAL = re.compile(r"^INFO    -  Built (\d) languages \((\d+) pages\) in 2 processes into (.+) in \d+\.\d\d seconds$")
DRAFT_NOTICE = "NOTICE  -  Uncommitted changes in 1 page(s), built as local drafts"


def scripts_build(project: Path, *args: str, ci: bool = False) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "POLICY_SITE_DRAFTS", "POLICY_SITE_SEQUENTIAL",
                                                            "POLICY_SITE_ENGINE")}
    env.update(POLICY_SITE_TODAY=TODAY, **({"CI": "true"} if ci else {}))
    proc = subprocess.run(["bash", str(project / "scripts/build"), "--jobs", "2", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr


def runnable_copy(dest: Path) -> Path:
    """A committed copy of the project that `scripts/build` runs in, with the shared .venv linked in."""
    project = copy_project(ROOT, dest, (*PROJECT_PARTS, "scripts", ".gitignore", "requirements.txt"))
    (project / ".venv").symlink_to((ROOT / ".venv").resolve())  # after the commit: not part of the history
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return runnable_copy(tmp_path_factory.mktemp("output") / "project")


@pytest.fixture(scope="module")
def draft(project: Path):
    """docs/en/returns.md with an uncommitted new sentence and a new effective date, for one module."""
    page = project / "docs/en/returns.md"
    committed = page.read_text(encoding="utf-8")
    effective = re.search(r"^effective: (\S+)", committed, re.M).group(1)
    page.write_text(committed.replace(f"effective: {effective}", "effective: 2027-02-01", 1)
                    + "\nA sentence still being written.\n", encoding="utf-8")
    yield page
    page.write_text(committed, encoding="utf-8")


@pytest.fixture(scope="module")
def local_build(project: Path, draft: Path) -> str:
    code, output = scripts_build(project)
    assert code == 0, output
    return output


def versions(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [li.get_text(" ", strip=True) for li in soup.select("[data-policy-history] li[data-version]")]


def test_a_local_build_makes_an_uncommitted_page_a_draft(project, draft, local_build, tmp_path):
    assert local_build.count(DRAFT_NOTICE) == 1, local_build  # each worker prints it; shown once
    assert "en/returns.md" in local_build
    soup = BeautifulSoup((project / "site/returns/index.html").read_text(encoding="utf-8"), "lxml")
    note = soup.select_one('[data-policy-notice="unpublished-changes"]')
    assert note is not None and "Uncommitted draft" in note.get_text(" ", strip=True)
    assert "2027-02-01" not in str(soup.select_one("[data-policy-history]"))  # history ends at the last commit
    ru = BeautifulSoup((project / "site/ru/returns/index.html").read_text(encoding="utf-8"), "lxml")
    assert ru.select_one('[data-policy-notice="unpublished-changes"]') is None  # the Russian file is committed
    # The same page from the last commit: the same versions, and no draft notice.
    clean = tmp_path / "clean"
    subprocess.run(["git", "clone", "-q", str(project), str(clean)], check=True)
    env = dict(os.environ, POLICY_SITE_TODAY=TODAY)
    env.pop("POLICY_SITE_DRAFTS", None)
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "mkdocs", "build", "--strict", "-q", "-d",
                    str(tmp_path / "site")], cwd=clean, env=env, check=True, capture_output=True)
    assert versions(tmp_path / "site/returns/index.html")  # the sample's returns policy has versions
    assert versions(project / "site/returns/index.html") == versions(tmp_path / "site/returns/index.html")


def test_ci_refuses_uncommitted_pages(project, draft):
    code, output = scripts_build(project, ci=True)
    assert code == 1, output
    assert "WARNING -  policy_history: Uncommitted changes in 1 page(s)" in output
    assert "Aborted: the build of en failed on docs/en/returns.md (see above); site/ is as it was." in output
    assert DRAFT_NOTICE not in output


def test_the_default_output_is_one_line_per_language_and_the_total(project, local_build):
    lines = local_build.splitlines()
    progress = [PROGRESS.match(line) for line in lines if PROGRESS.match(line)]
    assert sorted(m.group(1) for m in progress) == sorted(locales(project))
    site = project / "site"
    for match in progress:  # each count is the language's pages in the built site
        lang = match.group(1)
        folder = site if lang == source_locale(project) else site / lang
        pages = [p for p in folder.rglob("*.html")
                 if lang != source_locale(project) or p.relative_to(site).parts[0] not in locales(project)]
        assert int(match.group(2)) == len(pages), lang
    total = TOTAL.match(lines[-1])
    assert total, lines[-1]
    assert int(total.group(1)) == len(locales(project))
    assert int(total.group(2)) == sum(int(m.group(2)) for m in progress)
    assert "Building 'en' documentation" not in local_build and "lunr.js" not in local_build
    # Nothing else: the draft's NOTICE, the progress lines and the total.
    assert len(lines) == 1 + len(progress) + 1, local_build


def test_quiet_keeps_notices_and_drops_progress(project, draft, local_build):
    code, output = scripts_build(project, "-q")
    assert code == 0, output
    assert output.count(DRAFT_NOTICE) == 1, output  # -q used to drop successful workers' output
    assert not any(PROGRESS.match(line) or TOTAL.match(line) for line in output.splitlines()), output


def test_a_broken_page_is_blamed_on_its_language_and_file(tmp_path):
    broken = runnable_copy(tmp_path / "broken")
    repo = GitRepo(broken, init=False)
    page = "docs/ru/returns.md"  # ru builds in the first group (en, ru, be)
    repo.commit({page: (broken / page).read_text(encoding="utf-8").replace("effective: ", "effective: [x", 1)},
                message="Break a page", date="2026-11-30")
    code, output = scripts_build(broken, "-v")
    assert code == 1, output
    assert "docs/ru/returns.md:" in output
    assert "Aborted: the build of ru failed on docs/ru/returns.md (see above); site/ is as it was." in output
    assert "Build of en, ru, be" not in output and "the build of en, ru, be" not in output
    # -v: everything the workers print, e.g. their INFO lines from loading the config (whether the
    # other group reached "Building 'en'" before it was stopped depends on timing, so not that).
    assert "INFO    -  mkdocs_static_i18n: " in output


def test_pages_are_checked_once_by_the_last_worker_and_a_broken_one_still_fails_the_build(tmp_path):
    """The source language's worker leaves the check to the other (it has the most to build): a page
    whose front matter it would build anyway (as landed history, with a notice) still fails the build,
    reported by the worker that checks every language."""
    broken = runnable_copy(tmp_path / "broken")
    repo = GitRepo(broken, init=False)
    page = "docs/en/privacy.md"  # en builds in the first group (en, ru, be)
    text = (broken / page).read_text(encoding="utf-8")
    repo.commit({page: text.replace("title: ", "title: <b>Privacy</b> ", 1)}, message="Bold title",
                date="2026-11-30")
    code, output = scripts_build(broken)
    assert code == 1, output
    assert output.count("Page front matter has 1 problem:") == 1, output
    assert "docs/en/privacy.md:2: `title` contains HTML markup" in output
    assert "Aborted: the build of en failed on docs/en/privacy.md (see above); site/ is as it was." in output
    # The first worker alone, told that another checks the pages, does not check them: it builds.
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    import parallel_build
    import validate_pages
    assert parallel_build.CHECKED_ELSEWHERE_ENV == validate_pages.CHECKED_ELSEWHERE_ENV == \
        "POLICY_SITE_PAGES_CHECKED_ELSEWHERE"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "POLICY_SITE_DRAFTS")}
    env.update(POLICY_SITE_TODAY=TODAY, POLICY_SITE_BUILD_LANGUAGES="en,ru,be", POLICY_SITE_PAGES_CHECKED_ELSEWHERE="1")
    worker = subprocess.run([str(broken / ".venv/bin/python"), str(broken / "scripts/parallel_build.py"), "build",
                             "--strict", "-q", "-d", str(tmp_path / "worker-site")], cwd=broken, env=env,
                            capture_output=True, text=True, timeout=600)
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert "front matter has" not in worker.stdout + worker.stderr
    assert (tmp_path / "worker-site/privacy/index.html").is_file()


def test_a_broken_link_is_blamed_on_the_language_whose_build_warned(tmp_path):
    broken = runnable_copy(tmp_path / "broken")
    repo = GitRepo(broken, init=False)
    page = "docs/lv/contact.md"  # lv builds last in the second group (th, et, lv)
    repo.commit({page: (broken / page).read_text(encoding="utf-8") + "\n[x](nowhere.md)\n"},
                message="Link to nothing", date="2026-11-30")
    code, output = scripts_build(broken)
    assert code == 1, output
    assert output.count("contains a link 'nowhere.md'") == 1, output
    assert "Aborted: the build of lv failed on docs/lv/contact.md (see above); site/ is as it was." in output


def test_more_jobs_than_languages_build_the_same_site_in_one_process_per_language(tmp_path):
    """The workers start before the parent has read mkdocs.yml (each reads its own group of languages):
    with more jobs than languages, the extra workers build nothing and the site is the one of two jobs.
    The parent learns the languages from the first worker: it imports no plugin, nor the engine itself
    (`-X importtime` lists what it imported; the workers are started without it)."""
    project = runnable_copy(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "POLICY_SITE_DRAFTS", "POLICY_SITE_SEQUENTIAL")}
    env.update(POLICY_SITE_TODAY=TODAY)
    sites = {}
    for jobs in ("2", "9"):
        site = tmp_path / f"site-{jobs}"
        proc = subprocess.run([str(project / ".venv/bin/python"), "-X", "importtime",
                               str(project / "scripts/parallel_build.py"), "--jobs", jobs, "--strict", "-d", str(site)],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        imported = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
        assert "build_output" in imported, lines[:5]  # -X importtime took effect
        engine = ("mkdocs_static_i18n", "material", "mkdocs", "properdocs")
        assert sorted(m for m in imported if m.split(".")[0] in engine) == [], jobs
        last = [line for line in lines if not line.startswith("import time:")][-1]
        workers = min(int(jobs), len(locales(project)))
        assert re.search(rf"Built {len(locales(project))} languages \(\d+ pages\) in {workers} processes", last), last
        sites[jobs] = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert sites["2"].keys() == sites["9"].keys()
    assert [name for name in sites["2"] if sites["2"][name] != sites["9"][name]] == []


def test_the_number_of_languages_is_bounded_from_mkdocs_yml_without_loading_a_plugin(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from parallel_build import languages_at_most

    assert languages_at_most(ROOT / "mkdocs.yml") == len(locales(ROOT))
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: !ENV [NAME, x]\nplugins:\n  - search\n  - i18n:\n      languages:\n"
                      "        - {locale: en, default: true}\n        - {locale: ru, build: false}\n", encoding="utf-8")
    assert languages_at_most(config) == 2  # at least as many as it builds
    for text in ("INHERIT: base.yml\n", "plugins:\n  - search\n", "plugins: [i18n]\n", "a: [\n", "- 1\n"):
        config.write_text(text, encoding="utf-8")
        assert languages_at_most(config) is None, text
    assert languages_at_most(tmp_path / "missing.yml") is None


def test_an_unreadable_mkdocs_yml_is_one_clear_error_and_the_site_stays(tmp_path):
    """YAML that does not parse, or no such file: the engine's message (file, line), exit 1, no traceback."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the published site", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Amber Lane Home\nnav: [index.md\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("POLICY_SITE_SEQUENTIAL", "POLICY_SITE_ENGINE")}
    for config, said in (("mkdocs.yml", 'mkdocs.yml", line 3, column 1'), ("missing.yml", "does not exist")):
        proc = subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "scripts/parallel_build.py"), "--jobs", "2",
                               "-f", str(tmp_path / config), "-d", str(site)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 1, output
        assert "Traceback" not in output, output
        assert said in output, output
        assert output.strip().splitlines()[-1] == f"ERROR   -  Aborted: {config} could not be read; site/ is as it was."
        assert [p.name for p in site.iterdir()] == ["index.html"]
        assert (site / "index.html").read_text(encoding="utf-8") == "the published site"


def test_a_mkdocs_yml_with_an_invalid_setting_names_it_and_the_site_stays(tmp_path):
    """A setting MkDocs refuses: its line as MkDocs' own command line prints it, then what was kept; exit 1.
    (MkDocs ends such a read with a SystemExit, which used to end the build with no word of the site.)"""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the published site", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Amber Lane Home\nsite_url: 12\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("POLICY_SITE_SEQUENTIAL", "POLICY_SITE_ENGINE")}
    proc = subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "scripts/parallel_build.py"), "--jobs", "2",
                           "-d", str(site)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output, output
    assert output.strip().splitlines()[-2:] == [
        "ERROR   -  Config value 'site_url': Expected a string, got <class 'int'>",
        "ERROR   -  Aborted: mkdocs.yml has invalid settings (above); site/ is as it was."], output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the published site"
