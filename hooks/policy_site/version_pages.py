"""What the generated version and diff pages of a policy are, and what they and the policy page show (no MkDocs).

hooks/policy_versions.py turns these into MkDocs files and page contexts. URLs are passed in as
plain strings, relative ones through a `relative(url)` function of the page being built, so this
module knows nothing of files, pages or the engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .dates import ShownDate, show_date
from .past_versions import CatalogEntry, PolicyPlan, VersionInfo, version_dirs

__all__ = ["DIFF_PAGE", "PAGE_ROLES", "GeneratedPage", "alternates", "generated_pages", "has_page",
           "policy_versions_context", "upcoming_changes", "upcoming_notices", "version_banner"]

PAGE_ROLES = ("page", "diff", "diff_current")
# Where a link to an upcoming version leads: what it changes against today's text first.
CHANGES_FIRST = ("diff_current", "diff", "page")
# Generated pages are not policies, have no history of their own, are left out of search and of
# search engines.
GENERATED_META = {"policy": False, "history": False, "search": {"exclude": True}, "robots": "noindex"}
# A diff page has no table of contents (its headings come from the template); the space goes to the
# side-by-side view of changed passages (policy-site.css).
DIFF_PAGE = {"hide": ["toc"]}
_BANNERS = {"past": "version_banner_past", "in_force": "version_banner_in_force",
            "upcoming": "version_banner_upcoming", "never": "version_banner_never"}

RelativeUrl = Callable[[str | None], str | None]


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page made for a version: where its source pretends to live, where it is written, its front matter."""

    role: str  # "page", "diff" or "diff_current"
    src_uri: str
    dest_uri: str
    meta: dict[str, Any]
    body: str = ""


def has_page(plan: PolicyPlan, number: int, role: str) -> bool:
    """Whether `plan` gets page `role` ('page', 'diff', 'diff_current') for version `number`."""
    version = plan.get(number)
    if version is None:
        return False
    if role == "page":
        return version.full_page
    if role == "diff":
        return number >= 2
    return bool(plan.in_force) and number != plan.in_force


def generated_pages(plan: PolicyPlan, bodies: Mapping[int, tuple[dict, str]], folder: str, stem: str,
                    policy_dest_uri: str, policy_title: str, text: Mapping[str, str]) -> dict[int, list[GeneratedPage]]:
    """The pages of each version whose text is known: those `has_page` gives it, but a diff whose other
    text is unknown.

    Sources are named next to the policy (`en/returns.v2.md`), so MkDocs resolves the old text's
    relative links as it did for the original; only the output paths are deeper.
    """
    pages: dict[int, list[GeneratedPage]] = {}
    for version in plan.versions:
        n = version.number
        if n not in bodies:
            continue
        old_meta, body = bodies[n]
        dests = version_dirs(policy_dest_uri, n)
        title = old_meta.get("title") or policy_title
        made = []
        if has_page(plan, n, "page"):
            made.append(GeneratedPage("page", f"{folder}/{stem}.v{n}.md", dests["page"],
                                      {"title": title, **GENERATED_META}, body))
        if has_page(plan, n, "diff") and (n - 1) in bodies:
            made.append(GeneratedPage("diff", f"{folder}/{stem}.v{n}.diff.md", dests["diff"], {
                "title": text["diff_title"].format(title=title, number=n), **GENERATED_META, **DIFF_PAGE}))
        if has_page(plan, n, "diff_current") and plan.in_force in bodies:
            made.append(GeneratedPage("diff_current", f"{folder}/{stem}.v{n}.diff-current.md", dests["diff_current"], {
                "title": text["diff_current_title"].format(title=title, number=n), **GENERATED_META, **DIFF_PAGE}))
        pages[n] = made
    return pages


def _date(day, language: str) -> ShownDate:
    return show_date(day, language) if day else ShownDate(iso="", text="")


def _first_page(urls: Mapping[str, str | None], order: Iterable[str]) -> str | None:
    return next((urls[role] for role in order if urls.get(role)), None)


def policy_versions_context(plan: PolicyPlan, urls: Mapping[int, Mapping[str, str | None]], language: str,
                            text: Mapping[str, str]) -> dict[str, Any]:
    """The policy page's list of versions and the date lookup's data; `urls[n][role]` relative to the page."""
    versions, lookup = {}, []
    for version in plan.versions:
        links = {role: urls.get(version.number, {}).get(role) for role in PAGE_ROLES}
        versions[version.number] = {**links, "status": version.status,
                                    "to": show_date(version.end, language) if version.end else None}
        if version.status != "never":
            lookup.append({**version.dates_iso, "number": version.number,
                           "url": _first_page(links, PAGE_ROLES) or ""})
    return {"text": text, "versions": versions, "lookup": json.dumps(lookup, separators=(",", ":"))}


def upcoming_changes(catalog: Iterable[CatalogEntry], language: str, relative: RelativeUrl) -> list[dict[str, Any]]:
    """For the hub: every policy of the language with a version that has not taken effect yet, soonest first."""
    changes = []
    for entry in catalog:
        for version in entry.plan.upcoming:
            target = _first_page(entry.urls.get(version.number, {}), CHANGES_FIRST) or entry.url
            changes.append({"title": entry.title, "date": show_date(version.start, language),
                            "url": relative(target), "note": entry.notes.get(version.number)})
    return sorted(changes, key=lambda change: (change["date"]["iso"], change["title"]))


def upcoming_notices(plan: PolicyPlan, urls: Mapping[int, Mapping[str, str | None]], notes: Mapping[int, Any],
                     record: Mapping[int, list], language: str, text: Mapping[str, str]) -> list[dict[str, Any]]:
    """The policy page's notice of each version still to come, linked to what it changes."""
    notices = []
    for version in plan.upcoming:
        target = _first_page(urls.get(version.number, {}), CHANGES_FIRST)
        notices.append({
            "id": "upcoming-version", "kind": "info", "title": text["notice_upcoming_title"],
            "text": text["notice_upcoming"].format(date=_date(version.start, language)),
            "note": notes.get(version.number),  # what changes, in the reader's language
            "notes": record.get(version.number, []),
            "link": {"url": target, "title": text["notice_upcoming_link"], "hreflang": language} if target else None})
    return notices


def version_banner(version: VersionInfo, note: Any, record_notes: list, current_url: str | None, language: str,
                   text: Mapping[str, str]) -> dict[str, Any]:
    """The notice at the top of a version's page: which version, from when to when, and the way to today's."""
    message = _BANNERS[version.status]
    if version.status == "past" and version.start == version.end:  # replaced the next day: "on 1 March only"
        message = "version_banner_past_one_day"
    return {
        "id": "policy-version", "kind": "note" if version.status == "in_force" else "warning",
        "title": text[f"{_BANNERS[version.status]}_title"],
        "text": text[message].format(number=version.number, start=_date(version.start, language),
                                     end=_date(version.end, language)),
        "note": note, "notes": record_notes,
        "link": {"url": current_url, "title": text["version_see_current"], "hreflang": language}}


def alternates(languages: Iterable[tuple[str, str]], policy_url: str, number: int, role: str,
               plan_for: Callable[[str], PolicyPlan]) -> dict[str, str]:
    """For a version or diff page: the same page in each language that has it, else that language's policy.

    `languages` are (code, URL prefix) pairs; `policy_url` is the policy's URL without a language
    prefix; `plan_for(code)` is the plan of the page that language shows (its own or the fallback).
    """
    links = {}
    for lang, prefix in languages:
        if has_page(plan_for(lang), number, role):
            target = version_dirs(prefix + policy_url + "index.html", number)[role]
            links[lang] = target[: -len("index.html")]
        else:
            links[lang] = prefix + policy_url
    return links
