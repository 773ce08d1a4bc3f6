"""The render cache (issue 15, hooks/policy_site/render_cache.py): a warm build is the cold build, byte for byte.

A small synthetic corpus (scripts/make_corpus.py: 4 policies x en, ru, be x 16 revisions) with the
project's mkdocs.yml, hooks and overrides as scripts/bench.py configures it (write_config, variant
"site": versions, diffs, feeds on), built as scripts/build builds it (scripts/parallel_build.py) on a
pinned day. One cold build is shared by the module; each test that changes something works on a copy
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
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from gitrepo import GitRepo
from policy_site.render_cache import FORMAT, RenderCache, prune

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
PARALLEL = ROOT / "scripts" / "parallel_build.py"
LANGUAGES = ("en", "ru", "be")  # make_corpus --languages 3
TODAY = "2026-12-02"
CACHE = Path(".cache") / "policy-site"

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402  (scripts/bench.py: write_config)

CACHE_LINE = re.compile(r"policy_versions: (\w+): (\d+) diff pages from the cache, (\d+) rendered")
DAMAGED_LINE = re.compile(r"(\d+) damaged cache entries in .* were rendered anew")


@dataclass
class Build:
    project: Path
    site: Path
    output: str

    def counts(self) -> dict[str, tuple[int, int]]:
        """language -> (diff pages from the cache, diff pages rendered), as the build logged them."""
        return {lang: (int(hits), int(rendered)) for lang, hits, rendered in CACHE_LINE.findall(self.output)}


def config_of(project: Path) -> Path:
    return project / "mkdocs-site.yml"


def build(project: Path, site: Path, cache: str | None = None) -> Build:
    """scripts/parallel_build.py --strict -v of `project` into `site`; POLICY_SITE_CACHE=`cache` when given."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY=TODAY)
    env.pop("POLICY_SITE_CACHE", None)
    if cache is not None:
        env["POLICY_SITE_CACHE"] = cache
    proc = subprocess.run([sys.executable, str(PARALLEL), "--strict", "-v", "--jobs", "2", "-f", str(config_of(project)),
                           "-d", str(site)], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Build(project, site, proc.stdout + proc.stderr)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative name -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def written(project: Path) -> dict[str, bytes]:
    """The project's files but Python's bytecode (importing the hooks writes that)."""
    return {name: data for name, data in tree(project).items() if "__pycache__" not in name}


def entries(project: Path) -> dict[str, bytes]:
    folder = project / CACHE
    return tree(folder) if folder.is_dir() else {}


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
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(dest), "--policies", "4", "--languages", "3",
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
    return build(project, project.parent / "site")


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

def test_the_cold_build_fills_the_cache_with_one_entry_per_diff_page(cold: Build, cold_entries):
    pages = sum(len(diff_pages(cold.site, lang)) for lang in LANGUAGES)
    assert pages > 20  # the corpus has diff pages in every language, or this test proves nothing
    assert len(cold_entries) == pages
    assert {lang: hits for lang, (hits, _) in cold.counts().items()} == {lang: 0 for lang in LANGUAGES}
    assert sum(rendered for _, rendered in cold.counts().values()) == pages


def test_a_warm_build_is_byte_identical_to_the_cold_build(cold: Build, warm: Build):
    assert_same_site(cold.site, warm.site)


def test_a_warm_build_of_an_unchanged_project_renders_no_diff_and_adds_no_entry(cold: Build, warm: Build,
                                                                                cold_entries):
    assert {lang: rendered for lang, (_, rendered) in warm.counts().items()} == {lang: 0 for lang in LANGUAGES}
    assert sum(hits for hits, _ in warm.counts().values()) == len(cold_entries)
    assert entries(warm.project) == cold_entries


# (b) editing what the pages are made of ------------------------------------------------------------

def assert_warm_equals_uncached(project: Path) -> tuple[Build, Build]:
    """Build `project` with its cache, then without any; the two sites must be the same."""
    warm = build(project, project.parent / "site-warm")
    uncached = build(project, project.parent / "site-uncached", cache="off")
    assert_same_site(uncached.site, warm.site)
    return warm, uncached


def test_a_template_edit_reaches_every_diff_page_of_a_warm_build(cold: Build, project: Path):
    template = project / "overrides" / "partials" / "policy-diff.html"
    text = template.read_text(encoding="utf-8")
    assert 'class="policy-diff"' in text
    template.write_text(text.replace('class="policy-diff"', 'class="policy-diff policy-diff--edited"'), encoding="utf-8")
    warm, _ = assert_warm_equals_uncached(project)
    assert {lang: hits for lang, (hits, _) in warm.counts().items()} == {lang: 0 for lang in LANGUAGES}
    for lang in LANGUAGES:
        pages = diff_pages(warm.site, lang)
        assert pages and all("policy-diff--edited" in p.read_text(encoding="utf-8") for p in pages), lang
    # Only the diff pages show that template.
    assert {name for name in changed_files(cold.site, warm.site)} == \
        {p.relative_to(warm.site).as_posix() for lang in LANGUAGES for p in diff_pages(warm.site, lang)}


def test_a_message_edit_reaches_that_languages_diff_pages_and_no_other(cold: Build, project: Path, cold_entries):
    messages = project / "hooks" / "policy_site" / "messages" / "ru.yml"
    text = messages.read_text(encoding="utf-8")
    assert "\ndiff_legend_ins: добавлено\n" in text
    messages.write_text(text.replace("\ndiff_legend_ins: добавлено\n", "\ndiff_legend_ins: вставлено\n"),
                        encoding="utf-8")
    warm, _ = assert_warm_equals_uncached(project)
    counts = warm.counts()
    assert counts["ru"][0] == 0 and counts["ru"][1] == len(diff_pages(warm.site, "ru"))  # ru: every diff anew
    assert counts["en"][1] == 0 and counts["be"][1] == 0  # the others' words did not change: all from the cache
    for page in diff_pages(warm.site, "ru"):
        legend = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(".policy-diff__legend ins")
        assert legend is not None and legend.get_text() == "вставлено", page
    changed = changed_files(cold.site, warm.site)
    assert changed and all(name.startswith("ru/") for name in changed), sorted(changed)[:5]
    ru_diffs = {p.relative_to(warm.site).as_posix() for p in diff_pages(warm.site, "ru")}
    assert ru_diffs <= changed


def test_a_mkdocs_yml_edit_reaches_every_page_of_a_warm_build(cold: Build, project: Path):
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


def test_corrupted_truncated_and_headless_entries_are_rendered_anew_never_served(cold: Build, project: Path,
                                                                               cold_entries):
    folder = project / CACHE
    flipped, truncated, headless = sorted(cold_entries)[:3]
    data = cold_entries[flipped]
    assert b"<del>" in data
    # A change a reader would see if it were served: what was deleted now reads as inserted.
    (folder / flipped).write_bytes(data.replace(b"<del>", b"<ins>", 1).replace(b"</del>", b"</ins>", 1))
    (folder / truncated).write_bytes(cold_entries[truncated][: len(cold_entries[truncated]) // 2])
    (folder / headless).write_bytes(cold_entries[headless].partition(b"\n")[2])  # the body alone
    warm = build(project, project.parent / "site-warm")
    assert_same_site(cold.site, warm.site)
    assert sum(int(n) for n in DAMAGED_LINE.findall(warm.output)) == 3, warm.output
    assert sum(rendered for _, rendered in warm.counts().values()) == 3
    after = entries(project)
    assert after == cold_entries  # the damaged files are whole again, with the same (deterministic) bytes
    assert all(valid(after[name]) for name in (flipped, truncated, headless))


# (d) the daily case: one committed edit ----------------------------------------------------------

def test_a_committed_edit_of_one_policy_gives_the_cold_build_of_that_commit(cold: Build, project: Path,
                                                                          cold_entries):
    repo = GitRepo(project, init=False)
    page = project / "docs" / "en" / "policy-0001.md"
    repo.commit({"docs/en/policy-0001.md": page.read_text(encoding="utf-8") + "\nAn editorial sentence.\n"},
                message="Edit policy 1", date="2024-03-01")
    warm, _ = assert_warm_equals_uncached(project)
    counts = warm.counts()
    assert counts["ru"][1] == 0 and counts["be"][1] == 0  # nothing of theirs changed
    assert 0 < counts["en"][1] < counts["en"][0]  # the edited policy's diffs anew, the rest from the cache
    changed = changed_files(cold.site, warm.site)
    assert "policy-0001/index.html" in changed
    assert "An editorial sentence." in (warm.site / "policy-0001" / "index.html").read_text(encoding="utf-8")
    new = set(entries(project)) - set(cold_entries)
    assert len(new) == counts["en"][1]


# (e) POLICY_SITE_CACHE -------------------------------------------------------------------------------

def test_cache_off_writes_nothing_and_builds_the_same_site(cold: Build, corpus: Path, tmp_path: Path):
    project = copy(corpus, tmp_path / "project")
    before = written(project)
    off = build(project, tmp_path / "site", cache="off")
    assert_same_site(cold.site, off.site)
    assert not (project / ".cache").exists()
    assert written(project) == before
    assert off.counts() == {}  # no cache: nothing counted as read or rendered through it


def test_cache_in_another_folder_is_filled_there(cold: Build, corpus: Path, cold_entries, tmp_path: Path):
    project = copy(corpus, tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    first = build(project, tmp_path / "site", cache=str(elsewhere))
    assert not (project / ".cache").exists()
    assert tree(elsewhere) == cold_entries  # the same keys and bytes as under .cache/ of another copy
    assert_same_site(cold.site, first.site)


# (f) the store itself ---------------------------------------------------------------------------------

DAY = 86400


def test_an_entry_reads_back_as_stored_and_carries_its_checksum(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    key = cache.key("diff", "ru", "текст")
    assert re.fullmatch(r"[0-9a-f]{64}", key) and key != cache.key("diff", "ru", "текст!")
    assert key != RenderCache(tmp_path, salt="t").key("diff", "ru", "текст")  # the salt is part of every key
    assert cache.get(key) is None and cache.misses == 1
    cache.put(key, "<p>Возврат — 14 дней</p>")
    path = tmp_path / key[:2] / key
    body = "<p>Возврат — 14 дней</p>".encode()
    assert path.read_bytes() == f"{FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode() + body
    assert cache.get(key) == "<p>Возврат — 14 дней</p>" and cache.hits == 1
    assert list(tmp_path.glob("*/.tmp-*")) == []


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "no header", "other format"])
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
        "other format": head.replace(b" 1 ", b" 2 ") + b"\n" + body,
    }[damage]
    path.write_bytes(damaged)
    assert cache.get(key) is None
    assert cache.corrupt == [key] and cache.misses == 1 and cache.hits == 0
    assert not path.exists()


def test_a_cache_without_a_folder_stores_nothing(tmp_path: Path):
    cache = RenderCache(None, salt="s")
    cache.put(cache.key("x"), "text")
    assert cache.get(cache.key("x")) is None
    assert list(tmp_path.iterdir()) == []


def test_prune_deletes_old_entries_and_stale_temporary_files_and_keeps_the_rest(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    now = time.time()
    ages = {"fresh": 1 * DAY, "month-less-a-day": 29 * DAY, "old": 31 * DAY, "ancient": 400 * DAY}
    paths = {}
    for name, age in ages.items():
        key = cache.key(name)
        cache.put(key, name)
        paths[name] = tmp_path / key[:2] / key
        os.utime(paths[name], (now - age, now - age))
    for name, age in {".tmp-stopped": 2 * 3600, ".tmp-writing": 60}.items():
        paths[name] = tmp_path / "ab" / name
        paths[name].parent.mkdir(exist_ok=True)
        paths[name].write_bytes(b"half")
        os.utime(paths[name], (now - age, now - age))
    assert prune(tmp_path, keep_days=30, now=now) == 3
    assert {name for name, path in paths.items() if path.exists()} == {"fresh", "month-less-a-day", ".tmp-writing"}
    assert prune(tmp_path, keep_days=1, now=now + 2 * DAY) == 3  # keep_days counts: now the rest is old too
    assert prune(tmp_path / "missing", now=now) == 0


def test_reading_an_entry_keeps_it_from_pruning(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    key = cache.key("used")
    cache.put(key, "used")
    path = tmp_path / key[:2] / key
    old = time.time() - 60 * DAY
    os.utime(path, (old, old))
    assert cache.get(key) == "used"
    assert prune(tmp_path, keep_days=30) == 0 and path.exists()
