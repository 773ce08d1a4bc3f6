"""The policy register for editors and auditors at /editors/register/ (source language only).

The page is generated: no Markdown file, not in the navigation, not in search. The data comes from
policy_site.register; overrides/policy-register.html renders it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from policy_site.dates import today as build_today
from policy_site.edit_log import LogEntry, edit_logs
from policy_site.frontmatter import front_matter_block
from policy_site.messages import messages
from policy_site.register import PolicyEntry, read_register, version_counts
from policy_site.review import DUE_SOON_DAYS, ReviewState
from site_context import current_language, languages, page_files, source_language

REGISTER_URI = "editors/register.md"
TEMPLATE = "policy-register.html"
log = get_plugin_logger(__name__)

_files: dict[str, Files] = {}  # the source-language build's files, to link each policy (until its build ends)


@event_priority(-110)  # after static-i18n (-100): it would drop a file that lives in no language folder
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if current_language(config) != source_language(config):
        return files
    title = messages(source_language(config))["register_title"]
    meta = {"title": title, "template": TEMPLATE, "policy": False,
            "search": {"exclude": True}, "hide": ["navigation"]}
    content = front_matter_block(meta)
    files.append(File.generated(config, REGISTER_URI, content=content))
    _files[config.docs_dir] = files
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Let the source language's pages go: static-i18n builds the next language in this process, and
    every page holds its HTML (at the M corpus, 15 MB more in every later language's build)."""
    _files.pop(config.docs_dir, None)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if page.file.src_uri != REGISTER_URI:
        return context
    docs_dir, source = Path(config.docs_dir), source_language(config)
    names = {lang["locale"]: lang["name"] for lang in languages(config)}
    today = build_today()
    versions = version_counts(docs_dir, source)
    if versions is None:
        log.info("No git history: the policy register shows no version counts")
    entries = read_register(docs_dir, source, names, today, versions)
    logs = edit_logs(docs_dir, source)  # None without git: the template says so
    text = messages(source)
    files = page_files(_files[config.docs_dir])

    def url(entry: PolicyEntry) -> str | None:
        file = files.get(entry.page)
        return normalize_url(file.url, page, context.get("base_url", "")) if file else None

    context["policy_register"] = {
        "text": text,
        "today": today.isoformat(),
        "languages": [{"locale": locale, "name": name} for locale, name in names.items() if locale != source],
        "versions_complete": versions is None or versions.complete,
        "rows": [_row(entry, url(entry), text) for entry in entries],
        "logs_available": logs is not None,
    }
    for row, entry in zip(context["policy_register"]["rows"], entries):
        row["log"] = [_log_row(log) for log in (logs or {}).get(entry.page, ())]
    return context


def _row(entry: PolicyEntry, url: str | None, text: Any) -> dict[str, Any]:
    state = entry.review.state if entry.review else None
    label = {ReviewState.OVERDUE: text["register_overdue"],
             ReviewState.DUE_SOON: text["register_due_soon"].format(days=DUE_SOON_DAYS)}
    return {
        "page": entry.page, "title": entry.title, "url": url, "owner": entry.owner,
        "effective": _iso(entry.effective), "last_reviewed": _iso(entry.last_reviewed),
        "review_by": _iso(entry.review_by),
        "review_state": state.value if state else "", "review_label": label.get(state, ""),
        "versions": entry.versions,
        "translations": [{"locale": locale, "status": status.value, "label": text[f"register_status_{status.value}"]}
                         for locale, status in entry.translations.items()],
    }


def _log_row(log: LogEntry) -> dict[str, Any]:
    return {"commit": log.commit, "date": log.date.isoformat(), "subject": log.subject, "author": log.author,
            "version": log.version, "kind": "version" if log.started else "editorial", "reasons": list(log.reasons)}


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"
