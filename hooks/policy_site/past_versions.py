"""Every version of a policy as a page of its own: dates, texts, URLs, links in old texts (no MkDocs).

URL scheme, relative to the policy page's folder (`returns/`, `ru/returns/`):

    versions/<n>/               version n as it read at its last commit
    versions/<n>/diff/          what version n changed against version n-1 (n >= 2)
    versions/<n>/diff-current/  version n against the version in force today (n != in force)
    versions/feed.xml           Atom feed of this policy's versions

The in-force text is what today's date selects (`PolicyVersions.in_effect`); a later version is
"upcoming" and gets the same pages, so links in announcements stay valid after it takes effect.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .old_texts import Store, prepared
from .sanitize import shorten
from .history import History
from .versions import PolicyVersions, Version, build_versions

__all__ = ["CATALOG", "CatalogEntry", "LanguagePlans", "PolicyPlan", "PublishedTexts", "VersionInfo",
           "plan_policy", "published_texts", "read_texts", "version_dirs"]

# Blobs never change, so their texts can be kept across the per-language builds of one process.
_TEXTS: dict[str, str] = {}
_TEXTS_LIMIT = 20000


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version as pages and feeds need it."""

    number: int
    start: dt.date  # first day in effect
    end: dt.date | None  # last day in effect; None while open-ended
    status: str  # "past", "in_force", "upcoming" or "never" (superseded before it took effect)
    blob: str | None  # the text at the version's last commit
    committed: dt.datetime  # commit date of the change that started the version
    subject: str  # that commit's subject: for editors' pages only, never customers'
    full_page: bool  # rendered as a page (extra.policy_site.full_versions may limit past ones)

    @property
    def dates_iso(self) -> dict[str, str | None]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat() if self.end else None}


@dataclass(frozen=True, slots=True)
class PolicyPlan:
    """The versions of one policy file (src_uri as in the history, e.g. 'en/returns.md'), oldest first."""

    src_uri: str
    versions: tuple[VersionInfo, ...]
    in_force: int | None  # number of the version in force today
    withdrawn: dt.date | None = None  # the day a deleted policy stopped applying (its deletion's date)
    withdrawn_at: dt.datetime | None = None  # that commit's date, for feeds

    def get(self, number: int | None) -> VersionInfo | None:
        return self.versions[number - 1] if number and 0 < number <= len(self.versions) else None

    @property
    def latest(self) -> VersionInfo | None:
        return self.versions[-1] if self.versions else None

    @property
    def upcoming(self) -> tuple[VersionInfo, ...]:
        return tuple(v for v in self.versions if v.status == "upcoming")


def _ranges(versions: tuple[Version, ...]) -> list[tuple[dt.date, dt.date | None]]:
    """(first day, last day) per version, as `PolicyVersions.version_on` picks versions for a day."""
    out = []
    for i, version in enumerate(versions):
        start = version.in_effect_from
        later = [v.in_effect_from for v in versions[i + 1:]]
        end = min(later) - dt.timedelta(days=1) if later else None
        out.append((start, end))
    return out


def plan_policy(src_uri: str, history: History, today: dt.date, full_versions: int | None = None) -> PolicyPlan:
    """Versions of `src_uri` with their date ranges and status on `today`.

    `full_versions` limits how many versions before the one in force get a full page (None: all);
    the version in force and upcoming ones always get one.
    """
    versions: PolicyVersions = build_versions(src_uri, history.changes(src_uri))
    withdrawal = history.withdrawn.get(src_uri) if src_uri not in history.files else None
    if withdrawal is not None:  # nothing is in force after the deletion; later dates never came
        today = min(today, withdrawal.date.date() - dt.timedelta(days=1))
    in_force = versions.in_effect(today)
    number_in_force = in_force.number if in_force else None
    infos = []
    ranges = _ranges(versions.versions)
    for version, (start, end) in zip(versions.versions, ranges):
        if withdrawal is not None:
            end = today if end is None or end > today else end
        if withdrawal is not None and start > today:
            status = "never"
        elif version.is_upcoming(today):
            status = "upcoming"
        elif version is in_force and withdrawal is None:
            status = "in_force"
        elif end is not None and end < start:
            status = "never"
        else:
            status = "past"
        older = (number_in_force or 0) - version.number
        full = status in ("in_force", "upcoming") or version is in_force or start > today \
            or full_versions is None or 0 < older <= full_versions
        # The text at the version's last commit that had one (a deletion before a re-add has none).
        blob = next((r.change.blob for r in reversed(version.revisions) if r.change.blob), None)
        infos.append(VersionInfo(version.number, start, end, status, blob,
                                 version.started, version.revisions[0].change.subject, full))
    if withdrawal is not None:
        return PolicyPlan(src_uri, tuple(infos), None, withdrawal.date.date(), withdrawal.date)
    return PolicyPlan(src_uri, tuple(infos), number_in_force)


class LanguagePlans:
    """Each language's plan of each policy, for the language switcher of version and diff pages.

    A version page links to the same version in every language, so each language's build needs every
    language's plans. static-i18n builds the languages one after another in a process, and `mkdocs
    serve` rebuilds in the same one: plans are kept while all they are made of stays the same (the
    repository, the commit, the uncommitted paths, the history's state, the day, `full_versions`).
    """

    def __init__(self) -> None:
        self._made_for: tuple | None = None
        self._plans: dict[str, PolicyPlan] = {}
        self._history: History | None = None
        self._day: dt.date | None = None
        self._full: int | None = None

    def renew(self, history: History, today: dt.date, full_versions: int | None) -> None:
        """Plan from `history` on `today` from now on; forget the plans if any input changed."""
        inputs = (history.repo_root, history.docs_prefix, history.head, history.uncommitted, history.state,
                  today, full_versions)
        if inputs != self._made_for:
            self._plans.clear()
            self._made_for = inputs
        self._history, self._day, self._full = history, today, full_versions

    def plan(self, page: str, fallback: str, exists: Callable[[str], bool]) -> PolicyPlan:
        """The plan of `page` ("<lang>/<name>"), or of `fallback` (the source language's page, which
        readers of that language are shown) when `page` does not `exists`."""
        if page not in self._plans:
            if self._history is None or self._day is None:
                raise RuntimeError("LanguagePlans.plan before renew")
            source = page if exists(page) else fallback
            if source not in self._plans:
                self._plans[source] = plan_policy(source, self._history, self._day, self._full)
            self._plans[page] = self._plans[source]
        return self._plans[page]


def read_texts(history: History, blobs: Iterable[str | None]) -> dict[str, str]:
    """Texts of blobs, read once per process (one cat-file for all those not yet read)."""
    blobs = list(blobs)
    wanted = [b for b in dict.fromkeys(blobs) if b and b not in _TEXTS]
    if wanted:
        if len(_TEXTS) + len(wanted) > _TEXTS_LIMIT:
            _TEXTS.clear()
        _TEXTS.update(history.read_texts(wanted))
    return {b: _TEXTS[b] for b in blobs if b and b in _TEXTS}


@dataclass(frozen=True)
class PublishedTexts:
    """A policy's version texts as their pages publish them, and what editors are told about them."""

    bodies: dict[int, tuple[dict, str]]  # version number -> (front matter, body): made safe, dead links as text
    problems: list[str]  # a landed text made safe: said once, never fails the build
    dead_links: list[str]  # a version with a page whose links no longer resolve


def published_texts(src_uri: str, plan: PolicyPlan, texts: dict[str, str], history: History,
                    exists: Callable[[str], bool], gone_note: str, store: Store | None = None) -> PublishedTexts:
    """Each version of `src_uri` whose text `texts` holds (by blob), made safe and relinked (old_texts.relink),
    reused from `store` (a render cache) while its links' targets are the same (old_texts.prepared)."""
    folder = posixpath.dirname(src_uri)
    bodies: dict[int, tuple[dict, str]] = {}
    problems: list[str] = []
    dead_links: list[str] = []
    for version in plan.versions:
        if version.blob not in texts:
            continue
        meta, body, found, broken = prepared(texts[version.blob], folder, exists, gone_note, store)
        for problem in found:
            commit = next((c.commit[:7] for c in history.changes(src_uri) if c.blob == version.blob), "?")
            problems.append(f"{src_uri} version {version.number} (commit {commit}, "
                            f"\"{shorten(version.subject, 80)}\"): {problem}")
        bodies[version.number] = (meta, body)
        if broken and version.full_page:
            dead_links.append(f"{src_uri} version {version.number}: links to {', '.join(broken)} "
                              "no longer resolve; shown as plain text")
    return PublishedTexts(bodies, problems, dead_links)


def version_dirs(policy_dest_uri: str, number: int) -> dict[str, str]:
    """Destination files of version `number`'s pages, from the policy page's dest_uri ('returns/index.html')."""
    base = posixpath.dirname(policy_dest_uri) if policy_dest_uri.endswith("index.html") \
        else policy_dest_uri.rsplit(".", 1)[0]
    root = posixpath.join(base, "versions", str(number)) if base else posixpath.join("versions", str(number))
    return {"page": f"{root}/index.html", "diff": f"{root}/diff/index.html",
            "diff_current": f"{root}/diff-current/index.html"}


def feed_path(policy_dest_uri: str) -> str:
    """Where a policy's own Atom feed goes, next to its version pages."""
    return posixpath.join(posixpath.dirname(version_dirs(policy_dest_uri, 1)["page"]).rsplit("/", 1)[0],
                          "feed.xml")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A policy of one language build, for feeds and the "What's new" page."""

    src_uri: str
    title: str
    url: str  # site-relative URL of the policy page
    plan: PolicyPlan
    notes: dict  # version number -> change_notes.ChangeNote: what changed, in this language
    urls: dict  # version number -> {"page" | "diff" | "diff_current": site-relative URL}


# (site_dir, language) -> [CatalogEntry]: filled by the version pages hook, read by the feeds hook.
CATALOG: dict[tuple[str, str], list[CatalogEntry]] = {}
