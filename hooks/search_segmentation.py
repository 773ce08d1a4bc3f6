"""Thai search: run Material's search worker through overrides/assets/javascripts/workers/policy-search.js.

Material's worker finds words only between spaces and hyphens, and Thai has no spaces between words,
so a Thai word inside a sentence could not be found. The wrapper segments Thai text and queries with
the browser's Intl.Segmenter, then runs Material's own worker unchanged. This hook only points the
page's `__config` at the wrapper, passing the worker's file name (it carries Material's hash).
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

_WORKER = re.compile(r'("search": ")([^"]*?)(search\.[0-9a-f]+\.min\.js)(")')


def wrap_worker(html: str) -> str:
    """The page with Material's worker URL in `__config` replaced by the wrapper's."""
    start = html.find('<script id="__config"')
    if start < 0:
        return html
    end = html.find("</script>", start)
    config = _WORKER.sub(lambda m: f"{m[1]}{m[2]}policy-search.js?material={m[3]}{m[4]}", html[start:end], count=1)
    return html[:start] + config + html[end:]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return wrap_worker(output)


@event_priority(5)  # before error_pages.py, which writes <lang>/404.html in its on_post_template
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return wrap_worker(output) if template_name == "404.html" else output
