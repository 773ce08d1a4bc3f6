"""Shared fixtures: the project's own site built once per test session, and throw-away project copies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Material prints an end-of-life banner on import; the project knows (see README).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebuild import BuiltSite, build_site, copy_project  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample site as `scripts/build` makes it (--strict), from a committed copy of the project.

    A copy, so that uncommitted work in the developer's tree cannot change what the tests see.
    """
    project = copy_project(ROOT, tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("site")
    result = build_site(project, out)
    assert result.returncode == 0, result.output
    return BuiltSite(out, result)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project (config, hooks, overrides, docs) to break on purpose."""
    return copy_project(ROOT, tmp_path / "project")
