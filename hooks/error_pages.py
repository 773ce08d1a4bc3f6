"""The 404 page in each language: its text, and one file per language (`<lang>/404.html`), the source
language's staying at the site root.

MkDocs renders theme templates to the site root, so without this every language build would overwrite
`404.html` and the last language built would win.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from policy_site.messages import messages
from site_context import current_language, source_language

_root_page: dict[str, str] = {}


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":
        text = messages(current_language(config))
        context["policy_not_found"] = {key: text[f"not_found_{key}"] for key in ("title", "text", "search", "hub", "policies")}
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    language = current_language(config)
    if language == source_language(config):
        _root_page[config.site_dir] = output
        return output
    target = Path(config.site_dir) / language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _root_page.get(config.site_dir, output)
