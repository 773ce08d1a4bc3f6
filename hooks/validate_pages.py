"""Fail the build, naming file, line and fix, when a page's front matter is wrong or its Markdown has active content."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from policy_site.validation import Problem, check_docs
from site_context import render_cache, settings, shown_docs_dir

# Set by scripts/parallel_build.py in every worker but the one that checks all the pages.
CHECKED_ELSEWHERE_ENV = "POLICY_SITE_PAGES_CHECKED_ELSEWHERE"
# static-i18n runs one build per language in the same process: check each state of the sources once.
_checked: dict[str, tuple[tuple, list[Problem]]] = {}


def _known_clean(stored: str | None) -> set[str]:
    """The pages an earlier build found clean (policy_site.validation.page_digest): checking every
    page's front matter against the schema was a second of every build."""
    try:
        return set(json.loads(stored)) if stored else set()
    except (ValueError, TypeError):
        return set()


def _fingerprint(docs_dir: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(docs_dir.rglob("*.md")))


# One heading per kind, each a message scripts/check files under "front matter" (scripts/buildlog.py).
_HEADINGS = (("front matter", "Page front matter has"), ("content", "Page content has"))


def _report(problems: list[Problem], kind: str, heading: str) -> str:
    chosen = [p for p in problems if p.kind == kind]
    count = f"{len(chosen)} problem{'s' if len(chosen) > 1 else ''}"
    return f"{heading} {count}:\n" + "\n".join(map(str, chosen))


def on_pre_build(config: MkDocsConfig) -> None:
    if os.environ.get(CHECKED_ELSEWHERE_ENV) == "1":
        return  # a parallel build's other worker checks every page of every language, and fails the build
    docs_dir = Path(config.docs_dir)
    fingerprint = _fingerprint(docs_dir)
    cached = _checked.get(config.docs_dir)
    if cached and cached[0] == fingerprint:
        problems = cached[1]
    else:
        shown = shown_docs_dir(config)
        cache = render_cache(config)
        key = cache.key("clean-pages", shown)
        clean = _known_clean(cache.get(key))
        known = set(clean)
        problems = check_docs(docs_dir, settings(config).get("owners", []), shown_prefix=shown, clean=clean)
        if clean != known:
            cache.put(key, json.dumps(sorted(clean)))
        _checked[config.docs_dir] = (fingerprint, problems)
    if problems:
        raise PluginError("\n".join(_report(problems, kind, heading) for kind, heading in _HEADINGS
                                     if any(p.kind == kind for p in problems)))

