"""What hooks/policy_versions.py keeps in the render cache (policy_site/render_cache.py), MkDocs side.

A version page's rendered text is stored with its table of contents, so that a later build can put
both back without running Python-Markdown; keys hold the text as shown and the page's address.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import markdown as markdown_lib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import TableOfContents, get_toc

from policy_site.messages import messages
from policy_site.render_cache import RenderCache
from site_context import build_state

_message_digests: dict[str, str] = {}


def messages_digest(language: str) -> str:
    """SHA-256 of the interface text `language` is shown in (a cache key's part)."""
    if language not in _message_digests:
        text = json.dumps(dict(messages(language)), ensure_ascii=False, sort_keys=True)
        _message_digests[language] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _message_digests[language]


def markdown_renderer(config: MkDocsConfig) -> markdown_lib.Markdown:
    """One Markdown instance per build, reset for each text: setting up the extensions is not free."""
    state = build_state(config)
    if "markdown" not in state:
        state["markdown"] = markdown_lib.Markdown(extensions=config.markdown_extensions,
                                                  extension_configs=config.mdx_configs or {})
    return state["markdown"].reset()


def toc_tokens(toc: Any) -> list[dict[str, Any]]:
    """A table of contents as Python-Markdown's toc_tokens, which mkdocs.structure.toc.get_toc reads."""
    return [{"level": link.level, "id": link.id, "name": link.title, "children": toc_tokens(link.children)}
            for link in toc]


def text_key(cache: RenderCache, url: str, body: str) -> str:
    """The key of a version page's rendered text: the text as shown (links already checked) and where."""
    return cache.key("version-text", url, body)


def stored_text(cache: RenderCache, key: str) -> tuple[str, TableOfContents] | None:
    """(html, table of contents) an earlier build stored under `key`, or None."""
    text = cache.get(key)
    if text is None:
        return None
    stored = json.loads(text)
    return stored["html"], get_toc(stored["toc"])


def store_text(cache: RenderCache, key: str, html: str, toc: TableOfContents) -> None:
    cache.put(key, json.dumps({"html": html, "toc": toc_tokens(toc)}, ensure_ascii=False))
