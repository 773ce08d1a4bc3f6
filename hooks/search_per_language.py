"""One search index per language: a reader's search downloads only the index of the language they read.

static-i18n builds one language after another; Material's search plugin writes `search/search_index.json`
after each build with that build's pages only, and static-i18n finally overwrites it with every language's
entries merged. This hook instead:

- keeps the source language's index at `search/search_index.json` (its pages live at the site root);
- writes every other language's index to `<lang>/search/search_index.json`, with locations relative to
  `<lang>/` (e.g. `policy-0001/` instead of `ru/policy-0001/`);
- switches off static-i18n's merged index (and the copy of every entry it keeps in memory);
- points Material's JavaScript at the language root: the `base` of each translated page's `__config`
  becomes `<base>/<lang>/`. The bundle fetches `new URL("search/search_index.json", base)` and opens a
  result at `new URL(location, base)`, so both resolve inside the language. Assets and the search worker
  use their own URLs and stay shared.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from site_context import current_language, source_language

INDEX = Path("search") / "search_index.json"
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')
_source_index: dict[str, bytes] = {}  # site_dir -> the source language's index, restored after each other build


@event_priority(-110)  # after static-i18n's on_config, which picks the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("i18n")
    if plugin is not None and not getattr(plugin, "_policy_site_per_language_search", False):
        # No merged index: each language writes its own (see on_post_build).
        plugin.extend_search_entries = lambda config: None
        plugin.reconfigure_search_index = lambda config: None
        plugin._policy_site_per_language_search = True
        # The switcher's targets as static-i18n computes them on its first build: the language roots.
        plugin._policy_site_language_roots = deepcopy(getattr(plugin, "extra_alternate", None) or [])
    return config


def language_base(base: str, language: str) -> str:
    """`base` (a page's base_url: '.', '../..', '/') moved to the root of `language`."""
    return f"{base.rstrip('/')}/{language}/"


def on_post_page(output: str, page: Page | None, config: MkDocsConfig) -> str:
    language = current_language(config)
    if language == source_language(config):
        return output
    return _CONFIG_BASE.sub(lambda m: m.group(1) + language_base(m.group(2), language) + m.group(3), output, count=1)


@event_priority(10)  # before error_pages.py, which writes <lang>/404.html in its on_post_template
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return on_post_page(output, None, config) if template_name == "404.html" else output


def on_pre_template(template: Any, template_name: str, config: MkDocsConfig) -> Any:
    """The 404 page's language switcher and hreflang links point at the language roots.

    static-i18n rewrites config.extra.alternate for every page and leaves it as the last page set it,
    so without this each language's 404 page (rendered after the pages) offered the last page of the
    language built before it, and which page that was depended on the build order. (This fix belongs
    with error_pages.py; it lives here because the parallel build depends on it.)
    """
    plugin = config.plugins.get("i18n")
    roots = getattr(plugin, "_policy_site_language_roots", None)
    if template_name == "404.html" and roots:
        # static-i18n sets the attribute (which templates read first), its on_config the item.
        config.extra["alternate"] = deepcopy(roots)
        setattr(config.extra, "alternate", config.extra["alternate"])
    return template


def lunr_languages(language: str) -> list[str]:
    """The lunr language a reader's browser loads for `language`: its own where Material ships one.

    static-i18n lists every site language lunr supports in every index, so each page downloaded the
    stemmers of all of them, Thai's 155 KiB word segmenter included.
    """
    import material

    lunr = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return [language] if (lunr / f"lunr.{language}.min.js").is_file() else ["en"]


def language_index(data: dict[str, Any], language: str, prefix: str) -> dict[str, Any]:
    """The entries of `language` from a search index, with locations relative to the language root."""
    docs = [dict(doc, location=doc["location"][len(prefix):]) for doc in data.get("docs", [])
            if doc["location"].startswith(prefix)] if prefix else data.get("docs", [])
    config = dict(data.get("config", {}), lang=lunr_languages(language))
    return dict(data, config=config, docs=docs)


def _write_index(target: Path, data: dict[str, Any]) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    return raw


@event_priority(-50)  # after the search plugin wrote this build's index, before static-i18n's next build
def on_post_build(config: MkDocsConfig) -> None:
    if "search" not in config.plugins and "material/search" not in config.plugins:
        return
    site, language = Path(config.site_dir), current_language(config)
    root_index = site / INDEX
    if not root_index.is_file():
        return
    data = json.loads(root_index.read_bytes())
    if language == source_language(config):
        _source_index[str(site)] = _write_index(root_index, language_index(data, language, ""))
        return
    _write_index(site / language / INDEX, language_index(data, language, f"{language}/"))
    saved = _source_index.get(str(site))
    if saved is not None:
        root_index.write_bytes(saved)
