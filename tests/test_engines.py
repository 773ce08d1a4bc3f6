"""The sample site builds the same on ProperDocs, the maintained fork of MkDocs 1.6, as on MkDocs."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import BuildResult, build_site, copy_project
from site_facts import ROOT

# The only difference allowed: the engine names itself in <meta name="generator">.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs_build(project: Path, site_dir: Path) -> BuildResult:
    """`properdocs build --strict` of the project's own mkdocs.yml, as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir)], cwd=project, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY="2026-11-29"))
    return BuildResult(proc.returncode, proc.stdout + proc.stderr)


def parallel_build(project: Path, site_dir: Path, engine: str) -> BuildResult:
    """scripts/build's command (scripts/parallel_build.py, two worker processes) with POLICY_SITE_ENGINE set."""
    env = {k: v for k, v in os.environ.items() if k != "POLICY_SITE_SEQUENTIAL"}
    env.update(NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY="2026-11-29", POLICY_SITE_ENGINE=engine)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/parallel_build.py"), "--strict", "--jobs", "2",
                           "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)], cwd=project, capture_output=True,
                          text=True, timeout=600, env=env)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = copy_project(ROOT, tmp_path_factory.mktemp("engines") / "project")
    out = tmp_path_factory.mktemp("engine-sites")
    mkdocs_site, properdocs_site = out / "mkdocs", out / "properdocs"
    result = build_site(project, mkdocs_site, env={"POLICY_SITE_TODAY": "2026-11-29"})
    assert result.returncode == 0, result.output
    result = properdocs_build(project, properdocs_site)
    assert result.returncode == 0, result.output
    return mkdocs_site, properdocs_site


def listing(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def content(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)  # the gzip header holds the output path
    return GENERATOR.sub(b"", data) if path.suffix == ".html" else data


def test_both_engines_build_the_same_files(sites):
    mkdocs_site, properdocs_site = sites
    assert listing(mkdocs_site) == listing(properdocs_site)
    assert len(listing(mkdocs_site)) > 80


def test_both_engines_build_the_same_bytes_but_for_the_generator_name(sites):
    mkdocs_site, properdocs_site = sites
    different = [name for name in listing(mkdocs_site)
                 if content(mkdocs_site / name) != content(properdocs_site / name)]
    assert different == []
    page = (properdocs_site / "returns/index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(page).group(0)  # the comparison did run on ProperDocs


def test_scripts_build_on_properdocs_builds_the_same_bytes_but_for_the_generator_name(sites, tmp_path):
    mkdocs_site, _ = sites
    project = copy_project(ROOT, tmp_path / "project")
    result = parallel_build(project, tmp_path / "site", "properdocs")
    assert result.returncode == 0, result.output
    site = tmp_path / "site"
    assert listing(site) == listing(mkdocs_site)
    assert [name for name in listing(site) if content(site / name) != content(mkdocs_site / name)] == []
    for page in ("returns/index.html", "th/returns/index.html"):  # both worker processes ran ProperDocs
        assert b"ProperDocs" in GENERATOR.search((site / page).read_bytes()).group(0)


def test_an_unknown_engine_is_a_clear_error(tmp_path):
    result = parallel_build(ROOT, tmp_path / "site", "mkdocs2")
    assert result.returncode == 2
    assert result.output == ("ERROR   -  POLICY_SITE_ENGINE='mkdocs2' is not an engine this project builds with\n"
                             "    fix: set POLICY_SITE_ENGINE=mkdocs (the default) or POLICY_SITE_ENGINE=properdocs, "
                             "or unset it\n")
    assert not (tmp_path / "site").exists()
