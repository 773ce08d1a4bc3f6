"""What the editors' commands need to know about the project, read from its mkdocs.yml."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the policy_site package


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving Python tags (e.g. the slugify function) as None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    source: str  # the source language, e.g. "en"
    languages: dict[str, str]  # locale -> name, in mkdocs.yml order, source included
    owners: list[str]
    config_text: str

    @property
    def config_path(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def config(self) -> dict:
        """mkdocs.yml as data (Python tags such as the slugify function read as None)."""
        return yaml.load(self.config_text, Loader=_ConfigLoader) or {}

    def shown(self, path: Path) -> str:
        """`path` as editors see it: relative to the project root."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)


def load_project(root: Path = ROOT) -> Project:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_ConfigLoader) or {}
    i18n = next((p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p), {})
    languages = {lang["locale"]: lang.get("name", lang["locale"]) for lang in i18n.get("languages", [])}
    source = next((lang["locale"] for lang in i18n.get("languages", []) if lang.get("default")), None)
    source = source or (config.get("theme") or {}).get("language") or "en"
    languages = languages or {source: source}
    owners = list(((config.get("extra") or {}).get("policy_site") or {}).get("owners") or [])
    return Project(root, root / config.get("docs_dir", "docs"), source, languages, owners, text)


def markdown_setup(project: Project) -> tuple[list[str], dict[str, dict]]:
    """The site's Markdown extensions and their options, for rendering pages outside MkDocs.

    Options the loader could not build (Python tags, e.g. toc's slugify) are left out: they change
    anchors, not the text.
    """
    names, options = [], {}
    for entry in project.config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, values in entry.items():
                names.append(name)
                options[name] = {k: v for k, v in (values or {}).items() if v is not None}
    return names, options
