"""What a policy page shows about its history: the data for the meta line and the history section."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .change_notes import ChangeNote
from .dates import show_date
from .history import History, State
from .versions import PolicyVersions, build_versions

TEXT_KEYS = ("in_effect_since", "last_changed", "version", "history_heading", "history_incomplete",
             "takes_effect_on", "upcoming", "in_force", "editorial", "owner", "last_reviewed", "review_by",
             "edit_log_title", "withdrawn_on", "in_effect_from_to", "in_effect_on_day")


def commit_url(repo_url: str | None, commit: str, template: str | None = None) -> str | None:
    """Link to a commit on the code host: `template` with {repo_url} and {commit}, or GitHub's form."""
    if not repo_url and not template:
        return None
    pattern = template or "{repo_url}/commit/{commit}"
    return pattern.format(repo_url=(repo_url or "").rstrip("/"), commit=commit)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _shown(value: Any, language: str) -> dict[str, str] | None:
    day = _as_date(value) if value is not None else None
    return show_date(day, language) if day else None


def page_history(src_uri: str, meta: Mapping[str, Any], history: History, language: str,
                 text: Mapping[str, str], today: dt.date, notes: Mapping[int, ChangeNote] | None = None, *,
                 edit_log: bool = False, show_authors: bool = False, repo_url: str | None = None,
                 commit_url_template: str | None = None,
                 record_notes: Mapping[int, list[str]] | None = None) -> dict[str, Any]:
    """Template data for one policy page: the dates line and its versions, newest first.

    Each version carries its change note (`notes`, see change_notes.py), never a commit subject.
    Commits (subjects, and author names only with `show_authors`) are listed only with `edit_log`,
    for editors. Without git data (no git, not a repository, a page not yet committed) the dates
    come from the page's front matter and `versions` is empty.
    """
    versions: PolicyVersions = build_versions(src_uri, history.changes(src_uri))
    withdrawal = history.withdrawn.get(src_uri) if src_uri not in history.files else None
    in_force = None if withdrawal else versions.in_effect(today)  # a withdrawn policy applies no more
    effective = (in_force.in_effect_from if in_force else None) or _as_date(meta.get("effective"))
    last = versions.last_changed
    shown_versions, log = [], []
    for version in reversed(versions.versions):
        shown_versions.append({
            "number": version.number,
            "effective": show_date(version.in_effect_from, language),
            "upcoming": version.is_upcoming(today) and not withdrawal,
            "in_force": version is in_force,
            "note": (notes or {}).get(version.number),
            "record": (record_notes or {}).get(version.number, []),  # policy_site.record.shown_notes
        })
        if edit_log:
            log.append({"number": version.number, "changes": [{
                "commit": revision.commit,
                "date": show_date(revision.date, language),
                "subject": revision.change.subject,
                "author": revision.change.author if show_authors else None,
                "editorial": revision.editorial,
                "url": commit_url(repo_url, revision.commit, commit_url_template),
            } for revision in reversed(version.revisions)]})
    return {
        "text": {key: text.get(key, key) for key in TEXT_KEYS},
        "effective": show_date(effective, language) if effective else None,
        "withdrawn": show_date(withdrawal.date, language) if withdrawal else None,
        "last_changed": show_date(last, language) if last else None,
        "version": in_force.number if in_force else None,
        "owner": meta.get("owner"),
        "last_reviewed": _shown(meta.get("last_reviewed"), language),
        "review_by": _shown(meta.get("review_by"), language),
        "versions": shown_versions,
        "edit_log": log,
        "incomplete": history.state is State.SHALLOW,
        "from_git": bool(versions.versions),
    }
