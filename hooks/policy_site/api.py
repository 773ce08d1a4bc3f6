"""Versions as data: the JSON files published next to the pages of each language (no MkDocs).

    api/policies.json                 every policy of the language: what applies now, what comes next
    api/<policy>.json                 every version of one policy: dates, change note, pages, SHA-256
    api/<policy>/on/<YYYY-MM-DD>.json the version in effect from that day: one per version boundary

(`ru/api/...` for Russian, and so on.) Their JSON Schemas are in `schemas/`. URLs in a file are
relative to that file, so the data works on any host and under any path; `site_url` is the site's
configured address, for resolving them elsewhere.

Answering "which version applied on day D" needs no server: the versions file lists every version's
first and last day, and `dates` the boundaries in order; the version of D is the one of the latest
boundary not after D, also published as its own small file (a static host cannot serve one file per
day, but the boundaries are few).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .change_notes import ChangeNote
from .freshness import freshness
from .history import History, read_blobs
from .frontmatter import split_text
from .past_versions import PolicyPlan, VersionInfo, read_texts
from .sanitize import text_problem
from .page_texts import page_text

__all__ = ["API_DIR", "LanguageState", "PolicyData", "api_documents", "blob_hashes", "encode", "json_ld",
           "in_force_meta", "language_states", "lookup_entries", "plain_field", "policy_id", "text_modified", "versions_path"]

API_DIR = "api"
FORMATS = {"index": "policy-site/policies/1", "policy": "policy-site/policy/1", "on": "policy-site/version-on/1"}


@dataclass(frozen=True, slots=True)
class LanguageState:
    """A policy in one language: whether it has its own text there and how fresh it is."""

    language: str
    status: str  # source, up_to_date, outdated, awaiting, missing, withdrawn
    url: str  # site path of the policy page in that language
    outdated_since: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PolicyData:
    """One policy as one language build publishes it."""

    id: str  # the page's path without `.md`: 'returns', 'legal/terms'
    file: str  # repository path of the text this language shows, 'docs/ru/returns.md'
    title: str
    summary: str
    owner: str
    url: str  # site path of the policy page, 'ru/returns/'
    text_language: str  # the source language where the page stands in for a missing translation
    plan: PolicyPlan
    notes: Mapping[int, ChangeNote]  # version number -> what changed, in the reader's language
    pages: Mapping[int, Mapping[str, str]]  # version number -> {"page" | "diff" | "diff_current": site path}
    hashes: Mapping[str, str]  # blob id -> SHA-256 of its bytes
    languages: tuple[LanguageState, ...]
    own: bool = True  # False: no text of its own in this language; its versions are the source's file


# The schema's limits (policy.schema.json) for the texts a listing repeats from front matter.
_LIMITS = {"title": 120, "summary": 300, "owner": 100}


def plain_field(value: object, field: str) -> str:
    """A front-matter text as the data may repeat it: "" when it is not plain text within the schema's
    limit (a withdrawn policy's last text was never checked by today's rules; current pages are)."""
    if not isinstance(value, str) or len(value) > _LIMITS[field] or text_problem(value, field):
        return ""
    return value


def in_force_meta(history: History, plan: PolicyPlan, current: Mapping) -> Mapping:
    """The front matter of the text in force (what the page shows while a newer version is upcoming);
    `current`, the file's own, when nothing is in force (withdrawn, or only upcoming)."""
    version = plan.get(plan.in_force)
    if version is None or not version.blob:
        return current
    text = read_texts(history, [version.blob]).get(version.blob)
    return split_text(text)[0] if text is not None else current


def policy_id(name: str) -> str:
    """'returns.md' -> 'returns', 'legal/index.md' -> 'legal'."""
    stem = name[:-3] if name.endswith(".md") else name
    return stem[: -len("/index")] if stem.endswith("/index") else stem


def versions_path(prefix: str, pid: str) -> str:
    """Site path of a policy's versions file: 'ru/api/returns.json'."""
    return f"{prefix}{API_DIR}/{pid}.json"


def _on_path(prefix: str, pid: str, day: dt.date) -> str:
    return f"{prefix}{API_DIR}/{pid}/on/{day.isoformat()}.json"


def _relative(target: str | None, origin: str) -> str | None:
    """URL of site path `target` from the file at site path `origin` (both without a leading slash)."""
    if target is None:
        return None
    url = posixpath.relpath(target or ".", posixpath.dirname(origin) or ".")
    return url + "/" if (target.endswith("/") or target == "") and not url.endswith("/") else url


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def blob_hashes(history: History, blobs: Iterable[str | None]) -> dict[str, str]:
    """SHA-256 of each blob's bytes as committed, from the texts the build already read.

    A text that is not valid UTF-8 was decoded with replacement characters, so its bytes are read again.
    """
    texts = read_texts(history, blobs)
    hashes, raw = {}, []
    for blob, text in texts.items():
        if "\ufffd" in text:
            raw.append(blob)
        else:
            hashes[blob] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if raw and history.repo_root is not None:
        for blob, data in read_blobs(history.repo_root, raw, git=history.git, raw=True).items():
            hashes[blob] = hashlib.sha256(data).hexdigest()
    return hashes


_STATES: dict[tuple, tuple[LanguageState, ...]] = {}


def language_states(docs_dir: str | Path, name: str, languages: Sequence[str], source: str, history: History,
                    url_of: Mapping[str, str]) -> tuple[LanguageState, ...]:
    """`name` ('returns.md') in each language: `url_of[lang]` is its page's site path there."""
    # HEAD and the uncommitted paths tell every file's text: `mkdocs serve` rebuilds after an edit.
    key = (str(docs_dir), history.head, history.uncommitted, name, tuple(languages), tuple(sorted(url_of.items())))
    if key in _STATES:
        return _STATES[key]
    docs, out = Path(docs_dir), []
    for lang in languages:
        path, since = docs / lang / name, None
        if lang == source:
            status = "source" if path.is_file() else "withdrawn"
        elif (translation := page_text(path)) is None:
            status = "withdrawn" if f"{lang}/{name}" in history.withdrawn else "missing"
        elif translation.awaiting:
            status = "awaiting"
        else:
            state = freshness(docs, name, lang, source, history)
            status = "outdated" if state.outdated else "up_to_date"
            since = state.since.date() if state.since else None
        out.append(LanguageState(lang, status, url_of[lang], since))
    if len(_STATES) > 20000:
        _STATES.clear()
    _STATES[key] = tuple(out)
    return _STATES[key]


def _note(note: ChangeNote | None) -> dict | None:
    if note is None:
        return None
    kind = "label" if note.is_neutral else "source_summary" if note.is_fallback else "summary"
    return {"text": note.text, "language": note.lang, "kind": kind}


def _ended_by_withdrawal(plan: PolicyPlan, version: VersionInfo) -> bool:
    if plan.withdrawn is None or version.status == "never":
        return False
    return version.end is not None and version.end == plan.withdrawn - dt.timedelta(days=1)


def _version(data: PolicyData, version: VersionInfo, origin: str) -> dict:
    pages = data.pages.get(version.number, {})
    return {
        "number": version.number, "status": version.status,
        "effective_from": _iso(version.start), "effective_until": _iso(version.end),
        "change_note": _note(data.notes.get(version.number)),
        "url": _relative(pages.get("page"), origin), "diff_url": _relative(pages.get("diff"), origin),
        "diff_current_url": _relative(pages.get("diff_current"), origin),
        "sha256": data.hashes.get(version.blob or ""),
        "withdrawn": _ended_by_withdrawal(data.plan, version),
    }


def _numbers(plan: PolicyPlan) -> tuple[int | None, int | None]:
    upcoming = plan.upcoming
    return plan.in_force, (upcoming[0].number if upcoming else None)


def _boundaries(plan: PolicyPlan) -> list[tuple[dt.date, int | None]]:
    """(first day, version number or None after a withdrawal), in order; versions that never applied are left out."""
    days: dict[dt.date, int | None] = {}
    for version in plan.versions:
        if version.status != "never":
            days[version.start] = version.number
    if plan.withdrawn is not None:
        days[plan.withdrawn] = None
    return sorted(days.items())


def _head(kind: str, language: str, source: str, day: dt.date, site_url: str | None) -> dict:
    return {"format": FORMATS[kind], "language": language, "source_language": source, "date": day.isoformat(),
            "site_url": site_url or None}


def api_documents(policies: Sequence[PolicyData], prefix: str, language: str, source: str, day: dt.date,
                  site_url: str | None) -> dict[str, dict]:
    """Every file of one language's API: site path -> document."""
    index_path = f"{prefix}{API_DIR}/policies.json"
    out: dict[str, dict] = {}
    listed = []
    for data in sorted(policies, key=lambda d: d.id):
        in_force, upcoming = _numbers(data.plan)
        own_path = versions_path(prefix, data.id)
        listed.append({
            "id": data.id, "title": data.title, "summary": data.summary, "owner": data.owner,
            "url": _relative(data.url, index_path), "text_language": data.text_language,
            "versions_url": _relative(own_path if data.own else versions_path("", data.id), index_path),
            "current_version": in_force, "upcoming_version": upcoming, "withdrawn": _iso(data.plan.withdrawn),
            "languages": [{"language": s.language, "status": s.status, "url": _relative(s.url, index_path),
                           "outdated_since": _iso(s.outdated_since)} for s in data.languages]})
        if not data.own:
            continue  # the source language's files describe the text shown
        boundaries = _boundaries(data.plan)
        out[own_path] = {
            **_head("policy", language, source, day, site_url), "id": data.id, "file": data.file,
            "title": data.title, "url": _relative(data.url, own_path), "current_version": in_force,
            "upcoming_version": upcoming, "withdrawn": _iso(data.plan.withdrawn),
            "versions": [_version(data, v, own_path) for v in data.plan.versions],
            "dates": [{"from": _iso(start), "version": number,
                       "url": _relative(_on_path(prefix, data.id, start), own_path)} for start, number in boundaries]}
        for i, (start, number) in enumerate(boundaries):
            path = _on_path(prefix, data.id, start)
            until = boundaries[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(boundaries) else None
            version = data.plan.get(number)
            out[path] = {**_head("on", language, source, day, site_url), "id": data.id,
                         "from": _iso(start), "until": _iso(until), "policy_url": _relative(own_path, path),
                         "version": _version(data, version, path) if version else None}
    out[index_path] = {**_head("index", language, source, day, site_url), "policies": listed}
    return out


def lookup_entries(document: Mapping) -> list[dict]:
    """A versions file's answer table as the page's date lookup reads it: [{from, to, number, url}]."""
    return [{"from": v["effective_from"], "to": v["effective_until"], "number": v["number"],
             "url": v["url"] or v["diff_url"] or v["diff_current_url"] or ""}
            for v in document["versions"] if v["status"] != "never"]


def encode(document: Mapping) -> bytes:
    """The bytes of a published JSON file: UTF-8, keys in a fixed order, one trailing newline."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def text_modified(history: History, src_uri: str, blob: str | None) -> dt.date | None:
    """The day the text `blob` of `src_uri` was last committed (its newest commit with that text)."""
    for change in history.changes(src_uri):
        if blob and change.blob == blob:
            return change.date.date()
    return None


def json_ld(data: PolicyData, url: str, source_url: str | None, modified: dt.date | None) -> dict:
    """schema.org data of a policy page: the text in force, its version and dates, and its source for translations."""
    version = data.plan.get(data.plan.in_force)
    document: dict = {"@context": "https://schema.org", "@type": ["WebPage", "DigitalDocument"], "name": data.title,
                      "description": data.summary, "url": url, "inLanguage": data.text_language}
    if version is not None:
        document["version"] = str(version.number)
        document["datePublished"] = version.start.isoformat()
        document["dateModified"] = max(version.start, modified).isoformat() if modified else version.start.isoformat()
    if data.plan.withdrawn is not None:
        document["expires"] = data.plan.withdrawn.isoformat()
    if source_url:  # a translation: the source language's page is what it renders
        document["isBasedOn"] = source_url
    return document
