"""The render cache (issue 15, hooks/policy_site/render_cache.py): a warm build is the cold build, byte for byte.

A small synthetic corpus (scripts/make_corpus.py: 4 policies x en, ru x 16 revisions) with the
project's mkdocs.yml, hooks and overrides as scripts/bench.py configures it (write_config, variant
"site": versions, diffs, feeds on), built as scripts/build builds it (scripts/parallel_build.py) on a
pinned day. One cold build serves the whole module; each test that changes something works on a copy
of the built project (its cache included) and compares its warm build with a build that reads no cache
(POLICY_SITE_CACHE=off, itself checked against the cold build).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import zstandard
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from gitrepo import GitRepo
from policy_site.render_cache import FORMAT, PRUNED_MARK, RenderCache, prune, prune_if_due

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
PARALLEL = ROOT / "scripts" / "parallel_build.py"
DAY = 86400
LANGUAGES = ("en", "ru")  # make_corpus --languages 2
TODAY = "2026-12-02"
CACHE = Path(".cache") / "policy-site"

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402  (scripts/bench.py: write_config)
import parallel_build  # noqa: E402  (scripts/parallel_build.py: prune_cache, what scripts/build runs after publishing)

CACHE_LINE = re.compile(r"policy_versions: (\w+): (\d+) diff pages from the cache, (\d+) rendered")
# The same line goes on: "; whole pages <from the cache> and <rendered>, version texts <...> and <...>,
# translation diffs <...> and <...>, page texts <...> and <...>, old texts <...> and <...>" (page texts:
# hooks/reused_markdown.py; old texts: past versions' texts made safe and relinked, policy_site/old_texts.py).
ALL_LINE = re.compile(r"policy_versions: (\w+): (\d+) diff pages from the cache, (\d+) rendered; "
                      r"whole pages (\d+) and (\d+), version texts (\d+) and (\d+), "
                      r"translation diffs (\d+) and (\d+), page texts (\d+) and (\d+), old texts (\d+) and (\d+)")
DAMAGED_LINE = re.compile(r"(\d+) damaged cache entries in .* were rendered anew")


@dataclass
class Build:
    project: Path
    site: Path
    output: str

    def counts(self) -> dict[str, tuple[int, int]]:
        """language -> (diff pages from the cache, diff pages rendered), as the build logged them."""
        return {lang: (int(hits), int(rendered)) for lang, hits, rendered in CACHE_LINE.findall(self.output)}

    def totals(self) -> tuple[int, int]:
        """(entries read, entries rendered and stored) over every language and kind: diffs, pages, texts."""
        found = [[int(n) for n in numbers] for _, *numbers in ALL_LINE.findall(self.output)]
        assert found, "no cache line in the build's log: " + self.output[-2000:]
        return sum(sum(n[0::2]) for n in found), sum(sum(n[1::2]) for n in found)


# Entries that are not rendered output, and not in the build's count of entries: the pages validation
# found clean, and each language folder's change summaries (read before the count starts).
NOT_COUNTED = 1 + len(LANGUAGES)


def config_of(project: Path) -> Path:
    return project / "mkdocs-site.yml"


def build(project: Path, site: Path, cache: str | None = None, today: str = TODAY, jobs: int = 1) -> Build:
    """scripts/parallel_build.py --strict -v of `project` into `site`; POLICY_SITE_CACHE=`cache` when given.

    One worker process unless `jobs` says more: each process costs its start-up, and the cold build
    (two workers filling one cache at once) is the one where the split matters.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY=today)
    env.pop("POLICY_SITE_CACHE", None)
    if cache is not None:
        env["POLICY_SITE_CACHE"] = cache
    proc = subprocess.run([sys.executable, str(PARALLEL), "--strict", "-v", "--jobs", str(jobs),
                           "-f", str(config_of(project)), "-d", str(site)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Build(project, site, proc.stdout + proc.stderr)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative name -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def written(project: Path) -> dict[str, bytes]:
    """The project's files but Python's bytecode (importing the hooks writes that)."""
    return {name: data for name, data in tree(project).items() if "__pycache__" not in name}


def all_entries(project: Path) -> dict[str, bytes]:
    """The cache's entries (`<2 hex>/<key>`; not the .gitignore it keeps beside them)."""
    folder = project / CACHE
    return {name: data for name, data in tree(folder).items() if "/" in name} if folder.is_dir() else {}


def is_compiled_template(entry: bytes) -> bool:
    """Jinja's compiled code of a template (hooks/site_context.py CompiledTemplates), which starts with its magic."""
    return valid(entry) and zstandard.ZstdDecompressor().decompress(entry.partition(b"\n")[2]).startswith(b"j2")


def entries(project: Path) -> dict[str, bytes]:
    """The cache's entries of rendered output: not the templates' compiled code, which a build stores as it
    first uses a template (a warm build uses the stored-page template, which a cold build never needs), and
    whose key names the template's file (a traceback names it), so another checkout compiles its own."""
    return {name: data for name, data in all_entries(project).items() if not is_compiled_template(data)}


def compiled_templates(project: Path) -> dict[str, bytes]:
    return {name: data for name, data in all_entries(project).items() if is_compiled_template(data)}


def assert_same_site(one: Path, other: Path) -> None:
    """Same file names, same bytes in every file (named, so that a failure says where)."""
    a, b = tree(one), tree(other)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"


def changed_files(one: Path, other: Path) -> set[str]:
    a, b = tree(one), tree(other)
    return {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}


def diff_pages(site: Path, lang: str) -> list[Path]:
    base = site if lang == "en" else site / lang
    return sorted(p for p in base.glob("policy-*/versions/*/diff*/index.html"))


def copy(project: Path, dest: Path) -> Path:
    shutil.copytree(project, dest, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with the shipped configuration, committed as make_corpus left it; no build yet."""
    dest = tmp_path_factory.mktemp("render-cache") / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(dest), "--policies", "4", "--languages", "2",
                    "--commits", "16", "--paragraphs", "8"], check=True, capture_output=True)
    path = bench.write_config(dest, "site")
    yaml = YAML()
    config = yaml.load(path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:  # only the corpus's languages: the others would be fallbacks, built for nothing
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [lang for lang in plugin["i18n"]["languages"] if lang["locale"] in LANGUAGES]
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(config, handle)
    return dest


@pytest.fixture(scope="module")
def cold(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The first build of a copy of the corpus: an empty cache."""
    project = copy(corpus, tmp_path_factory.mktemp("cold") / "project")
    assert not (project / CACHE).exists()
    return build(project, project.parent / "site", jobs=2)


@pytest.fixture(scope="module")
def cold_entries(cold: Build) -> dict[str, bytes]:
    return entries(cold.project)


@pytest.fixture(scope="module")
def warm(cold: Build, cold_entries: dict[str, bytes]) -> Build:
    """A second build of the same project, unchanged, with the cache the cold build left."""
    return build(cold.project, cold.project.parent / "site-warm")


@pytest.fixture
def project(cold: Build, cold_entries: dict[str, bytes], tmp_path: Path) -> Path:
    """A copy of the cold-built project, its cache as the cold build left it."""
    dest = copy(cold.project, tmp_path / "project")
    assert entries(dest) == cold_entries
    return dest


# (a) cold and warm builds ------------------------------------------------------------------------

def test_the_cold_build_fills_the_cache_with_what_it_rendered(cold: Build, cold_entries):
    pages = sum(len(diff_pages(cold.site, lang)) for lang in LANGUAGES)
    assert pages > 20  # the corpus has diff pages in every language, or this test proves nothing
    assert {lang: hits for lang, (hits, _) in cold.counts().items()} == {lang: 0 for lang in LANGUAGES}
    assert sum(rendered for _, rendered in cold.counts().values()) == pages
    # every diff fragment, version text, page text and whole version or diff page it rendered, one entry each, and
    # the list of pages validation found clean (hooks/validate_pages.py) and each folder's change summaries
    # (policy_site/change_notes.py), one entry however many workers wrote it
    assert cold.totals() == (0, len(cold_entries) - NOT_COUNTED) and len(cold_entries) > 2 * pages


def test_the_cache_is_never_an_uncommitted_change(cold: Build, cold_entries):
    """The corpus has no .gitignore: the cache keeps itself out of git (scripts/export refuses a dirty tree)."""
    assert cold_entries and not (cold.project / ".gitignore").exists()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=cold.project,
                            capture_output=True, text=True, check=True).stdout
    assert ".cache" not in status, status


def test_a_warm_build_is_byte_identical_to_the_cold_build(cold: Build, warm: Build):
    assert_same_site(cold.site, warm.site)


def test_a_warm_build_of_an_unchanged_project_renders_no_diff_and_adds_no_entry(cold: Build, warm: Build,
                                                                                cold_entries):
    assert {lang: rendered for lang, (_, rendered) in warm.counts().items()} == {lang: 0 for lang in LANGUAGES}
    assert warm.totals() == (len(cold_entries) - NOT_COUNTED, 0)
    assert entries(warm.project) == cold_entries


# (b) editing what the pages are made of ------------------------------------------------------------

def assert_warm_equals_uncached(project: Path, today: str = TODAY) -> tuple[Build, Build]:
    """Build `project` with its cache, then without any; the two sites must be the same."""
    warm = build(project, project.parent / f"site-warm-{today}", today=today)
    uncached = build(project, project.parent / f"site-uncached-{today}", cache="off", today=today)
    assert_same_site(uncached.site, warm.site)
    return warm, uncached


def test_a_template_edit_reaches_every_diff_page_of_a_warm_build(cold: Build, project: Path, cold_entries):
    template = project / "overrides" / "partials" / "policy-diff.html"
    text = template.read_text(encoding="utf-8")
    assert 'class="policy-diff"' in text
    template.write_text(text.replace('class="policy-diff"', 'class="policy-diff policy-diff--edited"'),
                        encoding="utf-8")
    month_ago = time.time() - 31 * DAY
    for name in cold_entries:
        os.utime(project / CACHE / name, (month_ago, month_ago))
    os.utime(project / CACHE / PRUNED_MARK, (month_ago, month_ago))  # the cold build pruned: a month ago
    warm, _ = assert_warm_equals_uncached(project)
    assert {lang: hits for lang, (hits, _) in warm.counts().items()} == {lang: 0 for lang in LANGUAGES}
    # The old template's entries, unused for a month, were pruned after the build; the new ones are there.
    assert set(entries(project)).isdisjoint(cold_entries)
    assert len(entries(project)) == len(cold_entries)
    for lang in LANGUAGES:
        pages = diff_pages(warm.site, lang)
        assert pages and all("policy-diff--edited" in p.read_text(encoding="utf-8") for p in pages), lang
    # Only the diff pages show that template.
    assert changed_files(cold.site, warm.site) == \
        {p.relative_to(warm.site).as_posix() for lang in LANGUAGES for p in diff_pages(warm.site, lang)}


def test_a_message_edit_reaches_that_languages_diff_pages_and_no_other(cold: Build, project: Path):
    messages = project / "hooks" / "policy_site" / "messages" / "ru.yml"
    text = messages.read_text(encoding="utf-8")
    assert "\ndiff_legend_ins: добавлено\n" in text
    messages.write_text(text.replace("\ndiff_legend_ins: добавлено\n",
                                     "\ndiff_legend_ins: вставлено\n"),
                        encoding="utf-8")
    warm, _ = assert_warm_equals_uncached(project)
    counts = warm.counts()
    assert counts["ru"][0] == 0 and counts["ru"][1] == len(diff_pages(warm.site, "ru"))  # ru: every diff anew
    assert counts["en"][1] == 0  # English words did not change: all from the cache
    for page in diff_pages(warm.site, "ru"):
        legend = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(".policy-diff__legend ins")
        assert legend is not None and legend.get_text() == "вставлено", page
    changed = changed_files(cold.site, warm.site)
    assert changed and all(name.startswith("ru/") for name in changed), sorted(changed)[:5]
    ru_diffs = {p.relative_to(warm.site).as_posix() for p in diff_pages(warm.site, "ru")}
    assert ru_diffs <= changed


def test_a_mkdocs_yml_edit_reaches_a_warm_build(cold: Build, project: Path):
    config = config_of(project)
    text = config.read_text(encoding="utf-8")
    assert text.count("permalink: true") == 1
    config.write_text(text.replace("permalink: true", "permalink: '¶¶'"), encoding="utf-8")
    warm, _ = assert_warm_equals_uncached(project)
    assert {lang: hits for lang, (hits, _) in warm.counts().items()} == {lang: 0 for lang in LANGUAGES}
    policy = warm.site / "policy-0001" / "index.html"
    assert "¶¶" in policy.read_text(encoding="utf-8") and "¶¶" not in (cold.site / "policy-0001" / "index.html") \
        .read_text(encoding="utf-8")
    assert len(changed_files(cold.site, warm.site)) > 0


# (c) damaged entries ----------------------------------------------------------------------------------

def valid(entry: bytes) -> bool:
    head, _, body = entry.partition(b"\n")
    return head == f"{FORMAT} {hashlib.sha256(body).hexdigest()}".encode()


def stored_text(entry: bytes) -> bytes:
    """What an entry holds, uncompressed (its header and checksum left out)."""
    return zstandard.ZstdDecompressor().decompress(entry.partition(b"\n")[2])


def with_text(entry: bytes, text: bytes) -> bytes:
    """`entry` holding `text` under its old header: what a disk error that kept the file whole would leave."""
    return entry.partition(b"\n")[0] + b"\n" + zstandard.ZstdCompressor().compress(text)


def test_corrupted_truncated_and_headless_entries_are_rendered_anew_never_served(cold: Build, project: Path,
                                                                               cold_entries):
    folder = project / CACHE
    # Three diff pages' fragments (partials/policy-diff.html; not a translators' diff body, nor a whole page).
    diffs = sorted(name for name, data in cold_entries.items()
                   if b"<del>" in (text := stored_text(data)) and b"data-policy-diff data-old=" in text
                   and b"<html" not in text)
    flipped, truncated, headless = diffs[:3]
    text = stored_text(cold_entries[flipped])
    # A change a reader would see if it were served: what was deleted now reads as inserted.
    (folder / flipped).write_bytes(with_text(cold_entries[flipped],
                                             text.replace(b"<del>", b"<ins>", 1).replace(b"</del>", b"</ins>", 1)))
    (folder / truncated).write_bytes(cold_entries[truncated][: len(cold_entries[truncated]) // 2])
    (folder / headless).write_bytes(cold_entries[headless].partition(b"\n")[2])  # the body alone
    warm = build(project, project.parent / "site-warm")
    assert_same_site(cold.site, warm.site)
    assert sum(int(n) for n in DAMAGED_LINE.findall(warm.output)) == 3, warm.output
    assert sum(rendered for _, rendered in warm.counts().values()) == 3
    after = entries(project)
    assert after == cold_entries  # the damaged files are whole again, with the same (deterministic) bytes
    assert all(valid(after[name]) for name in (flipped, truncated, headless))


def test_damaged_compiled_templates_are_compiled_anew_never_run(cold: Build, project: Path):
    first = build(project, project.parent / "site-first")  # this checkout compiles and stores its own
    own = {name: data for name, data in compiled_templates(project).items()
           if name not in compiled_templates(cold.project)}
    assert len(own) > 10, sorted(own)  # main.html, base.html and the partials they include
    folder = project / CACHE
    for n, (name, data) in enumerate(sorted(own.items())):
        code = stored_text(data)
        damaged = with_text(data, code[:8] + bytes([code[8] ^ 0xFF]) + code[9:]) if n % 2 else data[: len(data) // 2]
        (folder / name).write_bytes(damaged)
    again = build(project, project.parent / "site-again")
    assert_same_site(cold.site, first.site)
    assert_same_site(cold.site, again.site)
    after = compiled_templates(project)
    assert set(own) <= set(after) and all(valid(after[name]) for name in own)


# (d) the daily case: one committed edit ----------------------------------------------------------

def test_a_committed_edit_and_the_day_it_takes_effect_give_the_cold_builds_of_that_commit_and_day(
        cold: Build, project: Path, cold_entries):
    """The daily case: one policy edited in one language and committed (a new version, announced with
    notice), then the rebuild on the day it takes effect, when what is in force changes by the date alone."""
    repo = GitRepo(project, init=False)
    text = (project / "docs" / "en" / "policy-0001.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^effective: .*$", "effective: 2026-12-10", text)
    text = re.sub(r"(?m)^change_summary: .*$", "change_summary: Replies within two days.", text)
    assert "effective: 2026-12-10" in text and "change_summary: Replies within two days." in text
    repo.commit({"docs/en/policy-0001.md": text + "\nReplies come within two days.\n"},
                message="Announce a new version of policy 1", date="2026-11-01")
    announced, _ = assert_warm_equals_uncached(project)  # 2 December: announced, not yet in force
    counts = announced.counts()
    assert counts["ru"][1] == 0  # nothing of Russian changed
    assert 0 < counts["en"][1] < counts["en"][0]  # the edited policy's diffs anew, the rest from the cache
    assert len(set(entries(project)) - set(cold_entries)) == announced.totals()[1]
    assert "policy-0001/index.html" in changed_files(cold.site, announced.site)
    assert "Replies come within two days." not in (announced.site / "policy-0001" / "index.html").read_text("utf-8")

    in_force, _ = assert_warm_equals_uncached(project, today="2026-12-12")
    assert sum(hits for hits, _ in in_force.counts().values()) > 0
    assert "Replies come within two days." in (in_force.site / "policy-0001" / "index.html").read_text("utf-8")


# (e) POLICY_SITE_CACHE -------------------------------------------------------------------------------

def test_cache_off_reads_writes_and_prunes_nothing_and_builds_the_same_site(cold: Build, project: Path,
                                                                          cold_entries):
    month_ago = time.time() - 31 * DAY
    old = sorted(cold_entries)[0]
    os.utime(project / CACHE / old, (month_ago, month_ago))
    (project / CACHE / old).write_bytes(b"damaged")  # served, it would show; read, it would be deleted
    before = written(project)
    off = build(project, project.parent / "site", cache="off")
    assert_same_site(cold.site, off.site)
    assert written(project) == before  # the old, damaged entry included: off means the cache is not touched
    assert off.counts() == {}  # no cache: nothing counted as read or rendered through it


def test_a_cache_folder_elsewhere_is_used_and_pruned_there(cold: Build, corpus: Path, cold_entries, tmp_path: Path):
    project = copy(corpus, tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    month_ago = time.time() - 31 * DAY
    for name, data in cold_entries.items():  # another checkout's entries (keys do not depend on the folder)
        (elsewhere / name).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / name).write_bytes(data)
        os.utime(elsewhere / name, (month_ago, month_ago))  # old, but this build reads them: kept
    other = RenderCache(elsewhere, salt="another project")
    unused_old, unused_new = other.key("old"), other.key("new")
    other.put(unused_old, "old")
    os.utime(elsewhere / unused_old[:2] / unused_old, (month_ago, month_ago))
    other.put(unused_new, "new")
    stopped = elsewhere / unused_old[:2] / ".tmp-stopped"
    stopped.write_bytes(b"half")
    os.utime(stopped, (month_ago, month_ago))
    built = build(project, tmp_path / "site", cache=str(elsewhere))
    assert_same_site(cold.site, built.site)
    assert sum(rendered for _, rendered in built.counts().values()) == 0
    assert not (project / ".cache").exists()
    kept = {name for name, data in tree(elsewhere).items() if not is_compiled_template(data)}
    assert kept == set(cold_entries) | {f"{unused_new[:2]}/{unused_new}", PRUNED_MARK}
    assert re.search(r"Deleted 2 render-cache entries no build used for 30 days", built.output), built.output


# mkdocs serve ----------------------------------------------------------------------------------------------

REBUILD = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, sys.argv[3])
from parallel_build import limit_i18n_build

if sys.argv[4] != "*":
    limit_i18n_build(sys.argv[4].split(","))  # as `scripts/serve --lang ...` serves
template = Path("overrides/partials/policy-diff.html")
build(load_config("mkdocs-site.yml", site_dir=sys.argv[1]))
template.write_text(template.read_text(encoding="utf-8").replace('class="policy-diff"',
                    'class="policy-diff policy-diff--edited"'), encoding="utf-8")
build(load_config("mkdocs-site.yml", site_dir=sys.argv[2]))
"""


def serve_edit(corpus: Path, tmp_path: Path, languages: str, cache: str | None) -> list[str]:
    """Two builds in one process with a diff template edit between them, as `mkdocs serve` rebuilds
    (a new config, `build`); the English diff pages of the second build that do not show the edit."""
    project = copy(corpus, tmp_path / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY=TODAY)
    env.pop("POLICY_SITE_CACHE", None)
    env.update({"POLICY_SITE_CACHE": cache} if cache else {})
    proc = subprocess.run([sys.executable, "-c", REBUILD, str(tmp_path / "first"), str(tmp_path / "second"),
                           str(ROOT / "scripts"), languages], cwd=project, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    pages = diff_pages(tmp_path / "second", "en")
    assert pages and not any("policy-diff--edited" in p.read_text(encoding="utf-8")
                             for p in diff_pages(tmp_path / "first", "en"))
    return [p.relative_to(tmp_path).as_posix() for p in pages if "policy-diff--edited" not in p.read_text("utf-8")]


def test_a_template_edit_during_mkdocs_serve_reaches_the_diff_pages(corpus: Path, tmp_path: Path):
    assert serve_edit(corpus, tmp_path, "*", cache=None) == []


def test_a_template_edit_during_serve_of_one_language_reaches_the_diff_pages(corpus: Path, tmp_path: Path):
    assert serve_edit(corpus, tmp_path, "en", cache="off") == []


SERVE_AFTER_COMMIT = """
import os, re, subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

build(load_config("mkdocs-site.yml", site_dir=sys.argv[1]))
for lang in ("en", "ru"):  # a new version of policy 1 in both languages, committed between the builds
    page = Path(f"docs/{lang}/policy-0001.md")
    text = re.sub(r"^effective: .*$", "effective: 2026-11-20", page.read_text(encoding="utf-8"), count=1, flags=re.M)
    page.write_text(text.replace("change_summary:", "change_summary: New terms.", 1) + "\\nA new clause.\\n",
                    encoding="utf-8")
when = {k: "2026-11-10T10:00:00+00:00" for k in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")}
subprocess.run(["git", "commit", "-qam", "Policy 1: new terms"], check=True, env=dict(os.environ, **when))
build(load_config("mkdocs-site.yml", site_dir=sys.argv[2]))
"""


def test_a_commit_during_mkdocs_serve_reaches_every_language_switcher(corpus: Path, tmp_path: Path):
    """Plans are kept from one language's build to the next in a process (policy_site.past_versions.LanguagePlans),
    never from one commit to the next: after a commit, the new version's page links to its translation."""
    project = copy(corpus, tmp_path / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY=TODAY, POLICY_SITE_CACHE="off",
               GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.com",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.com")
    proc = subprocess.run([sys.executable, "-c", SERVE_AFTER_COMMIT, str(tmp_path / "first"), str(tmp_path / "second")],
                          cwd=project, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    numbers = sorted(int(p.name) for p in (tmp_path / "first" / "policy-0001" / "versions").iterdir() if p.name.isdigit())
    new = numbers[-1] + 1
    for site, lang, other in ((tmp_path / "second", "en", "ru"), (tmp_path / "second" / "ru", "ru", "en")):
        page = BeautifulSoup((site / "policy-0001" / "versions" / str(new) / "index.html").read_text("utf-8"), "html.parser")
        link = page.find("link", rel="alternate", hreflang=other)
        assert link is not None, lang
        expected = f"{'' if other == 'en' else 'ru/'}policy-0001/versions/{new}/"
        assert link["href"].endswith(expected), (lang, link["href"])


# (f) the store itself ---------------------------------------------------------------------------------


def test_an_entry_reads_back_as_stored_and_carries_its_checksum(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    key = cache.key("diff", "ru", "текст")
    assert re.fullmatch(r"[0-9a-f]{64}", key) and key != cache.key("diff", "ru", "текст!")
    assert key != RenderCache(tmp_path, salt="t").key("diff", "ru", "текст")  # the salt is part of every key
    assert cache.get(key) is None and sum(cache.misses.values()) == 1
    cache.put(key, "<p>Возврат — 14 дней</p>")
    path = tmp_path / key[:2] / key
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    assert head == f"{FORMAT} {hashlib.sha256(body).hexdigest()}".encode()
    assert zstandard.ZstdDecompressor().decompress(body) == "<p>Возврат — 14 дней</p>".encode()  # compressed: pages repeat the theme
    assert cache.get(key) == "<p>Возврат — 14 дней</p>" and sum(cache.hits.values()) == 1
    assert list(tmp_path.glob("*/.tmp-*")) == []


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "no header", "other format", "not compressed"])
def test_a_damaged_entry_is_a_miss_and_is_deleted(tmp_path: Path, damage: str):
    cache = RenderCache(tmp_path, salt="s")
    key = cache.key("x")
    cache.put(key, "<p>one two three</p>\n<p>four</p>")
    path = tmp_path / key[:2] / key
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    damaged = {
        "flip": data[:-3] + bytes([data[-3] ^ 0x01]) + data[-2:],
        "truncate": data[: len(data) // 2],
        "empty": b"",
        "no header": body,
        "other format": head.replace(FORMAT.encode(), b"policy-site-render-cache 2") + b"\n" + body,
        # whole and checksummed, but not what put() writes: never served as text
        "not compressed": f"{FORMAT} {hashlib.sha256(b'<p>one</p>').hexdigest()}\n<p>one</p>".encode(),
    }[damage]
    path.write_bytes(damaged)
    assert cache.get(key) is None
    assert cache.corrupt == [key] and sum(cache.misses.values()) == 1 and not cache.hits
    assert not path.exists()


def test_entries_are_stored_when_the_cache_folder_is_missing_or_deleted_during_a_build(tmp_path: Path):
    folder = tmp_path / "not" / "made" / "yet"
    cache = RenderCache(folder, salt="s")
    first, second = cache.key("page", 1), cache.key("page", 2)
    cache.put(first, "<p>one</p>")
    shutil.rmtree(tmp_path / "not")  # a cache cleared by hand while a build runs
    cache.put(second, "<p>two</p>")
    assert cache.get(first) is None and cache.get(second) == "<p>two</p>"
    assert list(folder.glob("*/.tmp-*")) == []
    read_only = RenderCache(tmp_path / "file" / "below", salt="s")
    (tmp_path / "file").write_text("a file where the folder should be")
    read_only.put(read_only.key("x"), "text")  # cannot be stored: costs speed, never the build
    assert read_only.get(read_only.key("x")) is None


def test_a_cache_without_a_folder_stores_nothing(tmp_path: Path):
    cache = RenderCache(None, salt="s")
    cache.put(cache.key("x"), "text")
    assert cache.get(cache.key("x")) is None
    assert list(tmp_path.iterdir()) == []
    assert not cache.stores and RenderCache(tmp_path, salt="s").stores  # the hooks then make no keys


def aged_entries(cache: RenderCache, ages: dict[str, float], now: float) -> dict[str, Path]:
    """An entry per name, holding the name, last used `ages[name]` seconds before `now`; name -> its file."""
    paths = {}
    for name, age in ages.items():
        key = cache.key(name)
        cache.put(key, name)
        paths[name] = cache.folder / key[:2] / key
        os.utime(paths[name], (now - age, now - age))
    return paths


def test_prune_deletes_old_entries_and_stale_temporary_files_and_keeps_the_rest(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    now = time.time()
    paths = aged_entries(cache, {"fresh": 1 * DAY, "month-less-a-day": 29 * DAY, "old": 31 * DAY,
                                 "ancient": 400 * DAY}, now)
    for name, age in {".tmp-stopped": 2 * 3600, ".tmp-writing": 60}.items():
        paths[name] = tmp_path / "ab" / name
        paths[name].parent.mkdir(exist_ok=True)
        paths[name].write_bytes(b"half")
        os.utime(paths[name], (now - age, now - age))
    assert prune(tmp_path, keep_days=30, now=now) == 3
    assert {name for name, path in paths.items() if path.exists()} == {"fresh", "month-less-a-day", ".tmp-writing"}
    assert prune(tmp_path, keep_days=1, now=now + 2 * DAY) == 3  # keep_days counts: now the rest is old too
    assert prune(tmp_path / "missing", now=now) == 0


def test_a_read_entry_is_marked_used_once_a_day_and_kept_by_prune(tmp_path: Path):
    """Reading an entry sets its time to now when that time is a day old or more (or ahead of the clock),
    so prune keeps what builds use without a write on every read."""
    cache = RenderCache(tmp_path, salt="s")
    now = time.time()
    paths = aged_entries(cache, {"read-an-hour-ago": 3600, "read-two-days-ago": 2 * DAY, "read-a-month-ago": 31 * DAY,
                                 "ahead-of-the-clock": -3 * DAY}, now)
    for name in paths:
        assert cache.get(cache.key(name)) == name
    times = {name: now - path.stat().st_mtime for name, path in paths.items()}
    assert abs(times["read-an-hour-ago"] - 3600) < 5  # left as it was: no write for a read
    assert all(abs(times[name]) < 60 for name in ("read-two-days-ago", "read-a-month-ago", "ahead-of-the-clock"))
    assert prune(tmp_path, keep_days=30, now=now) == 0


def test_a_build_prunes_once_a_week(tmp_path: Path):
    """Pruning stats every entry (half a second a build at M), so builds do it once a week."""
    cache = RenderCache(tmp_path, salt="s")
    now = time.time()
    keys = [cache.key(name) for name in ("first", "second", "third")]
    for key in keys:
        cache.put(key, key)

    def unused(key: str) -> None:
        os.utime(tmp_path / key[:2] / key, (now - 40 * DAY, now - 40 * DAY))

    unused(keys[0])
    assert prune_if_due(tmp_path, now=now) == 1  # never pruned before
    assert abs((tmp_path / PRUNED_MARK).stat().st_mtime - now) < 1
    unused(keys[1])
    assert prune_if_due(tmp_path, now=now + 6 * DAY) == 0  # six days later: not yet
    assert (tmp_path / keys[1][:2] / keys[1]).exists()
    assert prune_if_due(tmp_path, now=now + 7 * DAY) == 1  # a week later
    assert abs((tmp_path / PRUNED_MARK).stat().st_mtime - (now + 7 * DAY)) < 1
    unused(keys[2])
    assert prune_if_due(tmp_path, now=now - DAY) == 1  # the mark is ahead of the clock: prune, not never
    assert prune_if_due(tmp_path / "missing", now=now) == 0 and not (tmp_path / "missing").exists()


def old_files(folder: Path, names: list[str], age: float = 40 * DAY) -> list[Path]:
    paths = []
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
        os.utime(path, (time.time() - age, time.time() - age))
        paths.append(path)
    return paths


def test_prune_deletes_only_what_the_cache_wrote(tmp_path: Path):
    foreign = old_files(tmp_path, ["pip/selfcheck.json", "ab/notes.txt"])
    prune(tmp_path, keep_days=30)
    assert [path for path in foreign if not path.exists()] == []


def test_the_build_prunes_only_its_own_entries_in_a_folder_it_shares(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    """POLICY_SITE_CACHE=~/.cache, say: other programs' files must survive the build's pruning."""
    cache = RenderCache(tmp_path / "common-cache", salt="s")
    key = cache.key("old")
    cache.put(key, "old")
    entry = tmp_path / "common-cache" / key[:2] / key
    os.utime(entry, (time.time() - 40 * DAY, time.time() - 40 * DAY))
    misplaced = ("00" if key[:2] != "00" else "01") * 32  # an entry's name, in a folder not its own
    foreign = old_files(tmp_path / "common-cache", ["pip/selfcheck.json", "notes.txt", f"{key[:2]}/notes.txt",
                                              f"{key[:2]}/{misplaced}"])
    monkeypatch.setenv("POLICY_SITE_CACHE", "common-cache")  # relative: to the project, as the workers read it
    assert parallel_build.prune_cache(tmp_path) == 1 and not entry.exists()
    assert all(path.exists() for path in foreign)
    cache.put(key, "old")
    os.utime(entry, (time.time() - 40 * DAY, time.time() - 40 * DAY))
    assert parallel_build.prune_cache(tmp_path) == 0 and entry.exists()  # pruned already this week
    monkeypatch.setenv("POLICY_SITE_CACHE", "off")
    assert parallel_build.prune_cache(tmp_path) == 0


def test_reading_an_entry_keeps_it_from_pruning(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    key = cache.key("used")
    cache.put(key, "used")
    path = tmp_path / key[:2] / key
    old = time.time() - 60 * DAY
    os.utime(path, (old, old))
    assert cache.get(key) == "used"
    assert prune(tmp_path, keep_days=30) == 0 and path.exists()


def test_a_markdown_extension_that_may_read_other_files_switches_the_cache_off(tmp_path: Path, monkeypatch, caplog):
    """pymdownx.snippets includes other files: an edit to one would reach no stored page, so nothing is stored."""
    import logging

    from markdown.extensions.toc import TocExtension
    from mkdocs.config import load_config

    from policy_site.render_cache import markdown_extensions_unknown
    from site_context import render_cache

    assert markdown_extensions_unknown(["toc", "markdown.extensions.tables", "pymdownx.superfences", TocExtension(),
                                        "pymdownx.snippets", "pymdownx.b64", "my_ext:MyExtension"]) == [
        "pymdownx.snippets", "pymdownx.b64", "my_ext:MyExtension"]
    monkeypatch.setenv("POLICY_SITE_CACHE", str(tmp_path / "cache"))
    (tmp_path / "docs").mkdir()
    shipped = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"))
    assert markdown_extensions_unknown(shipped.markdown_extensions) == []
    assert render_cache(shipped).folder == tmp_path / "cache"
    with_snippets = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                                markdown_extensions=[*shipped.markdown_extensions, "pymdownx.snippets"])
    with caplog.at_level(logging.INFO):
        cache = render_cache(with_snippets)
    assert cache.folder is None and "pymdownx.snippets" in caplog.text
    cache.put(cache.key("page", "x"), "<html>")
    assert cache.get(cache.key("page", "x")) is None and not (tmp_path / "cache").exists()
