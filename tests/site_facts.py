"""Facts about the project read from its own files (never from the program under test)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving Python tags (e.g. the slugify function) as plain values."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def config(project: Path = ROOT) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def i18n_languages(project: Path = ROOT) -> list[dict]:
    for plugin in config(project)["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise AssertionError("mkdocs.yml has no i18n plugin")


def locales(project: Path = ROOT) -> list[str]:
    return [lang["locale"] for lang in i18n_languages(project)]


def source_locale(project: Path = ROOT) -> str:
    return next(lang["locale"] for lang in i18n_languages(project) if lang.get("default"))


def source_pages(project: Path = ROOT) -> list[str]:
    """Markdown files of the source language, relative to its folder (e.g. 'returns.md')."""
    folder = project / "docs" / source_locale(project)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))


def built_path(locale: str, page: str, project: Path = ROOT) -> str:
    """Where `page` of `locale` lands in the site (directory URLs; the source language at the root)."""
    stem = page[:-3]
    url = "" if stem == "index" else (stem[:-len("/index")] if stem.endswith("/index") else stem) + "/"
    prefix = "" if locale == source_locale(project) else f"{locale}/"
    return f"{prefix}{url}index.html"
