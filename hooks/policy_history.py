"""Show each policy's effective date, last change, version and version history, read from git once.

Switch it off with `extra.policy_site.history: false` in mkdocs.yml or POLICY_SITE_HISTORY=off.
Each version shows what changed in the reader's language (policy_site/change_notes.py); commits
appear only in the collapsed edit log that `extra.policy_site.edit_log: true` adds for editors,
with author names only if `show_authors: true`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from policy_site.change_notes import page_notes, prefetch
from policy_site.dates import today
from policy_site.history import GitError, History, State
from policy_site.messages import messages
from policy_site.owners import missing_owner_labels, owner_label
from policy_site.page_history import page_history
from policy_site.record import landed_breaches, shown_notes, site_notice_days
from policy_site.sanitize import cleaned_commits, shorten
from policy_site.validation import is_policy
from build_notices import notice
from site_context import build_history, current_language, languages, render_cache, settings, source_language

log = get_plugin_logger("policy_history")

_history: dict[str, History] = {}
_warned: set[str] = set()


def enabled(config: MkDocsConfig) -> bool:
    """History is on unless mkdocs.yml or the environment switches it off."""
    if os.environ.get("POLICY_SITE_HISTORY", "").lower() in ("0", "off", "false", "no"):
        return False
    return settings(config).get("history", True) is not False


def drafts_allowed() -> bool:
    """May uncommitted pages build as drafts? Only in a local scripts/build or scripts/serve, which set
    POLICY_SITE_DRAFTS=1; never where CI is set (GitHub Actions, .ci/run), so what is published and
    what a pull request's checks build stays strict."""
    return os.environ.get("POLICY_SITE_DRAFTS", "") == "1" and not os.environ.get("CI")


def _warn_once(message: str) -> None:
    # static-i18n builds each language in the same process; one warning per problem is enough.
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


def _check_owner_labels(config: MkDocsConfig) -> None:
    # An owner without a label in a language shows the source language's name to its readers. A notice,
    # not a warning: a language just added (scripts/add-language) builds before it is translated.
    site, source = settings(config), source_language(config)
    others = [language["locale"] for language in languages(config) if language["locale"] != source]
    for owner, language in missing_owner_labels(site.get("owners", []), site.get("owner_labels"), others):
        notice(f"mkdocs.yml: owner `{owner}` has no label in {language}, so its readers see it in {source}\n"
                 f"    fix: add `{language}: <name>` under extra.policy_site.owner_labels.{owner}")


def on_pre_build(config: MkDocsConfig) -> None:
    for key in ("edit_log", "show_authors"):
        value = settings(config).get(key, False)
        if not isinstance(value, bool):
            raise PluginError(f"mkdocs.yml: extra.policy_site.{key} is {value!r}\n"
                              f"    fix: write `{key}: true` or `{key}: false`")
    _check_owner_labels(config)
    if not enabled(config):
        _history.pop(config.docs_dir, None)
        return
    try:
        history = build_history(config)
    except GitError as error:
        raise PluginError(f"Could not read the git history: {error}") from None
    _history[config.docs_dir] = history
    # Every page's change notes from one cat-file process, not one per page.
    prefetch(history, {current_language(config), source_language(config)}, render_cache(config))
    for commit, subject, paths in cleaned_commits(history.files):
        # Landed history: a notice, not a warning, so --strict and the daily rebuild go on.
        notice(f"commit {commit[:7]} (\"{shorten(subject, 80)}\") has control characters in its subject or author "
               f"name; they are left out wherever the site shows them ({', '.join(shorten(p, 200) for p in paths)})")
    if history.state is State.SHALLOW:
        _warn_once("Git history is shallow (a clone with --depth), so version histories are incomplete. "
                   "Fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout.")
    elif history.state in (State.NO_GIT, State.NOT_A_REPO):
        _warn_once(f"No git history ({history.detail}): policy pages show their front-matter dates and say "
                   "that the history is unavailable. Build from a git clone to publish version histories.")
    # Landed history breaking the record's date rules: a notice each (no commit can change it now).
    for breach in landed_breaches(history, source_language(config), today(), site_notice_days(settings(config))):
        notice(breach.landed_notice(config.docs_dir.rstrip("/").rsplit("/", 1)[-1]))
    if history.uncommitted:
        count = len(history.uncommitted)
        pages = ", ".join(sorted(history.uncommitted)[:10]) + (" …" if count > 10 else "")
        if drafts_allowed():
            notice(f"Uncommitted changes in {count} page(s), built as local drafts (marked on the page, version "
                   f"history up to the last commit): {pages}. CI and publishing refuse them: commit them first.")
        else:
            _warn_once(f"Uncommitted changes in {count} page(s), marked as unpublished "
                       f"on the site: {pages}. Commit them before publishing (a local scripts/build or "
                       f"scripts/serve builds them as drafts).")


def _notices(history: History, src_uri: str, text: dict[str, str]) -> list[dict[str, Any]]:
    notices = []
    if history.state is State.SHALLOW:
        notices.append({"id": "history-incomplete", "kind": "warning",
                        "title": text["notice_shallow_title"], "text": text["notice_shallow"]})
    elif history.state in (State.NO_GIT, State.NOT_A_REPO):
        notices.append({"id": "history-unavailable", "kind": "info",
                        "title": text["notice_no_git_title"], "text": text["notice_no_git"]})
    if src_uri in history.uncommitted:
        notices.append({"id": "unpublished-changes", "kind": "warning",
                        "title": text["notice_unpublished_title"], "text": text["notice_unpublished"]})
    return notices


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    history = _history.get(config.docs_dir)
    src_uri = page.file.src_uri
    if history is None or not is_policy(src_uri, page.meta) or page.meta.get("history") is False:
        return context
    language, source = current_language(config), source_language(config)
    text = dict(messages(language))
    site = settings(config)
    name = getattr(page.file, "norm_src_uri", src_uri)
    notes = page_notes(history, src_uri, f"{source}/{name}", language, source, text,
                       text_language=getattr(page.file, "locale", language))
    context["policy_history"] = page_history(
        src_uri, page.meta, history, language, text, today(), notes,
        edit_log=site.get("edit_log", False), show_authors=site.get("show_authors", False),
        repo_url=config.repo_url, commit_url_template=site.get("commit_url"),
        record_notes=shown_notes(history, src_uri, source, text, language))
    if context["policy_history"].get("owner"):
        context["policy_history"]["owner"] = owner_label(str(context["policy_history"]["owner"]), language,
                                                         site.get("owner_labels"))
    context.setdefault("policy_notices", []).extend(_notices(history, src_uri, text))
    return context
