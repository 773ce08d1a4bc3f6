"""Fail the build, naming file, line and fix, when any page's front matter is wrong."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from policy_site.validation import Problem, check_docs
from site_context import settings

# static-i18n runs one build per language in the same process: check each state of the sources once.
_checked: dict[str, tuple[tuple, list[Problem]]] = {}


def _fingerprint(docs_dir: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(docs_dir.rglob("*.md")))


def _shown_docs_dir(config: MkDocsConfig) -> str:
    """The docs dir as editors know it: relative to mkdocs.yml ('docs')."""
    docs_dir = Path(config.docs_dir).resolve()
    project = Path(config.config_file_path or ".").resolve().parent
    return docs_dir.relative_to(project).as_posix() if docs_dir.is_relative_to(project) else str(docs_dir)


def on_pre_build(config: MkDocsConfig) -> None:
    docs_dir = Path(config.docs_dir)
    fingerprint = _fingerprint(docs_dir)
    cached = _checked.get(config.docs_dir)
    if cached and cached[0] == fingerprint:
        problems = cached[1]
    else:
        shown = _shown_docs_dir(config)
        problems = check_docs(docs_dir, settings(config).get("owners", []), shown_prefix=shown)
        _checked[config.docs_dir] = (fingerprint, problems)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise PluginError(f"Page front matter has {count}:\n" + "\n".join(map(str, problems)))
