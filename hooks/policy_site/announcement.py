"""What to tell customers and staff about a new version of a policy, per language (no MkDocs).

`scripts/announce` renders these through templates in scripts/announce-templates/: a notice for
customers (plain text and HTML) and a short briefing for staff, in every language of the site. Dates,
labels and URLs come from the same messages, date formats and URL scheme as the site, so the notice
says exactly what the published pages say.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from .change_notes import page_notes
from .dates import ShownDate, show_date
from .history import History
from .messages import messages
from .frontmatter import split_text
from .past_versions import PolicyPlan, VersionInfo, plan_policy, read_texts

__all__ = ["Announcement", "AnnouncementError", "announcements", "language_root", "policy_url"]


class AnnouncementError(ValueError):
    """The policy or version cannot be announced; the message says what to do."""


@dataclass(frozen=True)
class Announcement:
    """One language's notice of one version."""

    language: str
    policy: str  # the page name, e.g. "returns"
    title: str
    number: int
    status: str  # "upcoming", "in_force", "past" or "never", as on the site
    start: ShownDate
    note: str  # what changes, in `note_language`
    note_language: str  # the reader's language, or the source language when the translation has none
    applies_sooner: str | None  # why the version applies sooner than the notice period
    applies_sooner_language: str  # like note_language
    owner: str
    urls: Mapping[str, str]  # absolute: "page" (the version), "diff", "policy", "changes", "contact"
    text: Mapping[str, str]  # the language's interface messages
    commits: tuple[tuple[str, str, str], ...]  # (short id, ISO date, subject): for the staff briefing only

    @property
    def note_is_fallback(self) -> bool:
        return self.note_language != self.language


def language_root(site_url: str, language: str, source: str) -> str:
    """Absolute URL of a language's root: the source language at the site root, others at /<lang>/."""
    site = site_url if site_url.endswith("/") else site_url + "/"
    return site if language == source else urljoin(site, f"{language}/")


def policy_url(site_url: str, language: str, source: str, page: str, *, directory_urls: bool = True) -> str:
    """Absolute URL of `page` ('returns.md') in `language`, as the site publishes it."""
    stem = page[:-3] if page.endswith(".md") else page
    return urljoin(language_root(site_url, language, source), f"{stem}/" if directory_urls else f"{stem}.html")


def _version_for(plan: PolicyPlan, start: dt.date) -> VersionInfo | None:
    """The version of a translation that takes effect on `start` (translations follow the source's dates)."""
    return next((v for v in plan.versions if v.start == start), None)


def announcements(history: History, page: str, source: str, languages: list[str], site_url: str,
                  today: dt.date, number: int | None = None, contact_page: str = "contact.md",
                  directory_urls: bool = True) -> list[Announcement]:
    """Notices of version `number` (default: the newest) of `page` ('returns.md'), one per language."""
    source_uri = f"{source}/{page}"
    plan = plan_policy(source_uri, history, today)
    if not plan.versions:
        raise AnnouncementError(f"docs/{source_uri} has no committed versions; fix: commit the policy first")
    version = plan.get(number) if number is not None else plan.latest
    if version is None:
        raise AnnouncementError(f"docs/{source_uri} has versions 1 to {len(plan.versions)}, not {number}")
    plans = {lang: plan if lang == source else plan_policy(f"{lang}/{page}", history, today) for lang in languages}
    matching = {lang: _version_for(plans[lang], version.start) for lang in languages}
    texts = read_texts(history, [v.blob for v in matching.values() if v is not None])
    fronts = {lang: split_text(texts[v.blob])[0] if v is not None and v.blob in texts else {}
              for lang, v in matching.items()}
    source_front = fronts[source]
    revisions = history.changes(source_uri)
    commits = tuple((c.commit[:7], c.date.date().isoformat(), c.subject) for c in reversed(revisions)
                    if c.date >= version.committed)
    out = []
    for lang in languages:
        front = fronts[lang] or {}
        text = messages(lang)
        start = show_date(version.start, lang)
        # The same note the site shows for this version (policy_site.change_notes); a translation that
        # has no version of that date yet gets the source's note, marked with its language.
        own = matching[lang]
        notes = page_notes(history, f"{lang}/{page}" if own else source_uri, source_uri, lang, source, text,
                           text_language=lang if own else source)
        chosen = notes.get(own.number if own else version.number)
        note, note_language = (chosen.text, chosen.lang) if chosen else ("", lang)
        sooner, sooner_language = front.get("applies_sooner"), lang
        if not sooner and source_front.get("applies_sooner"):
            sooner, sooner_language = source_front["applies_sooner"], source
        base = policy_url(site_url, lang, source, page, directory_urls=directory_urls)
        version_base = posixpath.join(base, f"versions/{version.number}/")
        urls = {"policy": base, "page": version_base,
                "diff": posixpath.join(version_base, "diff/") if version.number > 1 else version_base,
                "changes": urljoin(language_root(site_url, lang, source), "changes/"),
                "contact": policy_url(site_url, lang, source, contact_page, directory_urls=directory_urls)}
        out.append(Announcement(lang, page[:-3], str(front.get("title") or source_front.get("title") or page[:-3]),
                                version.number, version.status, start, note, note_language,
                                str(sooner) if sooner else None, sooner_language, str(source_front.get("owner") or ""),
                                urls, text,
                                commits))
    return out
