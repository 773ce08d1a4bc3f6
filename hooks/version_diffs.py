"""The body of each diff page between versions (/<policy>/versions/<n>/diff/ and .../diff-current/).

hooks/policy_versions.py generates the pages (blank: hooks/blank_pages.py); this hook makes each one's
whole text: the two versions' texts compared passage by passage and word by word
(policy_site.diff, policy_site.diff_outline), rendered by partials/policy-diff.html. The fragment is
kept in the render cache under everything it is made of, so a past diff is rendered once.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site import diff as diffs
from policy_site.dates import show_date
from policy_site.diff_outline import compared
from policy_site.messages import messages
from policy_site.past_versions import PolicyPlan
from shown_hours import version_hours, with_hours
from site_context import current_language, render_cache, theme_template
from stored_fragments import markdown_renderer, messages_digest
from version_state import converted, entry_of, generated_role, relative_url, shown_markdown

# The diff bodies of the policy whose pages were built last (its entry, and {(old, new): HTML}).
_recent: dict[str, Any] = {"entry": None, "bodies": {}}


def _hours(config: MkDocsConfig, entry: dict[str, Any], number: int) -> dict[str, str]:
    """What version `number` shows in place of its service-hours markers (hooks/shown_hours.py)."""
    name = getattr(entry["file"], "norm_src_uri", None) or entry["file"].src_uri.split("/", 1)[-1]
    return version_hours(config, name, *entry["bodies"][number])


def _blocks(config: MkDocsConfig, entry: dict[str, Any], number: int) -> list[diffs.Block]:
    """The text blocks of version `number` as its page shows them (hours data included), rendered once per build.

    The Markdown is converted here only if no page of this build converted the same text before.
    """
    if number not in entry["blocks"]:
        html = converted(entry, number)
        if html is None:
            html = markdown_renderer(config).convert(shown_markdown(entry, number))
        html = with_hours(html, _hours(config, entry, number))
        entry["blocks"][number] = diffs.blocks_from_html(html, side=str(number))
    return entry["blocks"][number]


def _body(config: MkDocsConfig, entry: dict[str, Any], language: str, old: int, new: int) -> str:
    """The summary and text of the diff between two versions (partials/policy-diff-body.html).

    It shows the versions' texts, numbers and the words of the language, not the page's title, dates
    or links, so the pages that compare the same two versions share it. A third of them do: the diff
    of the version in force is also the previous version's diff against the version in force, and the
    next version's diff is its own diff against the version in force. A policy's pages are built one
    after another, so only the policy built last keeps its bodies.
    """
    if (old, new) not in _recent["bodies"]:
        _recent["bodies"][(old, new)] = theme_template(config, "partials/policy-diff-body.html").render(diff={
            "text": messages(language), "policy_title": entry["title"], "old": {"number": old}, "new": {"number": new},
            **compared(_blocks(config, entry, old), _blocks(config, entry, new), language)})
    return _recent["bodies"][(old, new)]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    role = generated_role(config, page)
    if role is None or role["role"] not in ("diff", "diff_current"):
        return html
    language = current_language(config)
    entry = entry_of(config, role)
    if _recent["entry"] is not entry:  # the previous policy's pages are all built: let go of its texts
        if _recent["entry"] is not None:
            _recent["entry"]["html"].clear()
        _recent["entry"], _recent["bodies"] = entry, {}
    text = messages(language)
    plan: PolicyPlan = entry["plan"]
    number = role["number"]
    if role["role"] == "diff":
        old_n, new_n = number - 1, number
    else:
        old_n, new_n = sorted((number, plan.in_force))
    made = entry["pages"]

    def described(n: int) -> dict[str, Any]:
        version = plan.get(n)
        return {"number": n, "status": version.status, "start": show_date(version.start, language),
                "url": relative_url(made.get(n, {}).get("page"), page)}

    diff = {"title": page.title, "policy_title": entry["title"], "text": text, "old": described(old_n),
            "new": described(new_n), "current_url": relative_url(entry["file"], page),
            "script_url": get_relative_url("assets/javascripts/policy-diff.js", page.url)}
    # Everything the fragment is made of: two texts that never change, and what may (dates, links, words,
    # the service hours each side shows: the source page's data, which a later commit may change).
    cache = render_cache(config)
    key = cache.key("diff", language, messages_digest(language), entry["bodies"][old_n][1],
                    entry["bodies"][new_n][1], {**diff, "text": None},
                    [_hours(config, entry, old_n), _hours(config, entry, new_n)])
    fragment = cache.get(key)
    if fragment is None:
        body = _body(config, entry, language, old_n, new_n)
        fragment = theme_template(config, "partials/policy-diff.html").render(diff={**diff, "body": body})
        cache.put(key, fragment)
    return fragment
