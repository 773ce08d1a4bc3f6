"""Scale (issue 9): the parallel build equals the sequential one; one search index per language.

An S-sized synthetic corpus (20 policies x 6 languages, 30 revisions) with the project's mkdocs.yml,
hooks and overrides, configured the way scripts/bench.py configures it (its write_config, variant
"history").
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import BuildResult, build_site

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
PARALLEL = ROOT / "scripts" / "parallel_build.py"
LANGUAGES = ["en", "ru", "be", "th", "et", "lv"]
CONFIG = "mkdocs-history.yml"

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402  (scripts/bench.py: write_config)


def parallel_build(project: Path, site: Path, jobs: int = 2) -> BuildResult:
    proc = subprocess.run([sys.executable, str(PARALLEL), "--strict", "-f", str(project / CONFIG), "-d", str(site),
                           "--jobs", str(jobs)], cwd=project, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return BuildResult(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("scale") / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(dest), "--policies", "20", "--languages", "6",
                    "--commits", "30"], check=True, capture_output=True)
    bench.write_config(dest, "history")
    return dest


@pytest.fixture(scope="module")
def sites(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("sites")
    sequential, parallel = out / "sequential", out / "parallel"
    result = build_site(corpus, sequential, "-f", str(corpus / CONFIG))
    assert result.returncode == 0, result.output
    result = parallel_build(corpus, parallel)
    assert result.returncode == 0, result.output
    return sequential, parallel


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_parallel_build_writes_the_same_files_with_the_same_bytes(sites: tuple[Path, Path]) -> None:
    """Byte for byte: pages, links, switcher targets, hreflang, per-language search indexes, 404s, assets.

    The one file normalised is sitemap.xml.gz: its gzip header holds the output path (MkDocs writes the
    file name into it), so the compressed bytes differ by where each build wrote; its content is compared.
    """
    sequential, parallel = sites
    assert files(sequential) == files(parallel)
    names = sorted(files(sequential) - {"sitemap.xml.gz"})
    _, mismatch, errors = filecmp.cmpfiles(sequential, parallel, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert gzip.decompress((sequential / "sitemap.xml.gz").read_bytes()) == \
        gzip.decompress((parallel / "sitemap.xml.gz").read_bytes())


def test_both_builds_hold_every_page_of_every_language(sites: tuple[Path, Path]) -> None:
    for site in sites:
        for lang in LANGUAGES:
            prefix = "" if lang == "en" else f"{lang}/"
            for n in range(20):
                assert (site / f"{prefix}policy-{n:04d}" / "index.html").is_file(), (site, lang, n)
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
        assert sitemap.count("<url>") >= 6 * 21
        assert 'hreflang="th" href="https://policies.amberlane.example/th/policy-0007/"' in sitemap


def search_index(site: Path, lang: str) -> dict:
    prefix = "" if lang == "en" else f"{lang}/"
    return json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_search_index(sites: tuple[Path, Path], lang: str) -> None:
    sequential, _ = sites
    index = search_index(sequential, lang)
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    # Every policy of the language, with locations relative to the language root, and nothing else.
    assert {f"policy-{n:04d}/" for n in range(20)} <= locations
    assert not any(loc.split("/")[0] in LANGUAGES for loc in locations)
    text = " ".join(doc["text"] for doc in index["docs"])
    marker = {"en": "customer", "ru": "клиент", "be": "кліент", "th": "ลูกค้า", "et": "klient", "lv": "klients"}[lang]
    assert marker in text
    others = {"ru": "клиент", "th": "ลูกค้า", "lv": "klients"}
    assert not any(word in text for other, word in others.items() if other != lang and word != marker)
    # The language's pages point Material's search (index URL and result links) at the language root.
    page = (sequential / ("" if lang == "en" else lang) / "policy-0001" / "index.html").read_text(encoding="utf-8")
    expected = ".." if lang == "en" else f"../../{lang}/"
    assert f'"base": "{expected}"' in page


def test_one_language_index_is_a_fraction_of_all(sites: tuple[Path, Path]) -> None:
    """What a reader downloads (their language's file) against the index static-i18n would have merged.

    The merged index is rebuilt from the per-language entries (locations prefixed again) and serialised
    as Material's search plugin writes it (compact JSON, ASCII escapes).
    """
    sequential, _ = sites
    sizes, docs = {}, []
    for lang in LANGUAGES:
        path = sequential / ("" if lang == "en" else lang) / "search" / "search_index.json"
        sizes[lang] = path.stat().st_size
        index = json.loads(path.read_text(encoding="utf-8"))
        prefix = "" if lang == "en" else f"{lang}/"
        docs += [dict(doc, location=prefix + doc["location"]) for doc in index["docs"]]
    merged = len(json.dumps(dict(index, docs=docs), separators=(",", ":")))
    assert max(sizes.values()) <= merged / 4, (sizes, merged)


def test_a_broken_page_in_one_language_fails_the_parallel_build_naming_the_file(
        corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "corpus"
    shutil.copytree(corpus, broken, symlinks=True)
    page = broken / "docs" / "th" / "policy-0003.md"
    page.write_text(page.read_text(encoding="utf-8").replace("effective: ", "effective: [not a date", 1),
                    encoding="utf-8")
    result = parallel_build(broken, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/th/policy-0003.md" in result.output, result.output
    assert not (tmp_path / "site").exists()
