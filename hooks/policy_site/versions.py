"""Versions of a policy: states with their own `effective` date, built from its git changes (no MkDocs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .history import Change

__all__ = ["PolicyVersions", "Revision", "Version", "build_versions", "versions_by_path"]


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit in a version: the one that started it (editorial=False) or an editorial change."""

    change: Change
    editorial: bool

    @property
    def commit(self) -> str:
        return self.change.commit

    @property
    def date(self) -> dt.datetime:
        return self.change.date


@dataclass(frozen=True, slots=True)
class Version:
    """Version `number` (1-based) with its effective date and its revisions, oldest first."""

    number: int
    effective: dt.date | None
    revisions: tuple[Revision, ...]
    # Commits that moved this version's date backwards (see build_versions), with the date before.
    corrections: tuple[tuple[Revision, dt.date], ...] = ()

    @property
    def started(self) -> dt.datetime:
        """Commit date of the change that started this version."""
        return self.revisions[0].date

    @property
    def last_changed(self) -> dt.datetime:
        return self.revisions[-1].date

    @property
    def in_effect_from(self) -> dt.date:
        """The effective date; without one, the day the version was committed."""
        return self.effective or self.started.date()

    def is_upcoming(self, today: dt.date) -> bool:
        """True while the effective date is still in the future."""
        return self.in_effect_from > today


@dataclass(frozen=True, slots=True)
class PolicyVersions:
    """All versions of one page, oldest first."""

    path: str
    versions: tuple[Version, ...]

    @property
    def latest(self) -> Version | None:
        """The newest version: the one whose text the page shows (it may still be upcoming)."""
        return self.versions[-1] if self.versions else None

    @property
    def current_number(self) -> int | None:
        """Number of the newest version (see `in_effect` for the one in force today)."""
        return len(self.versions) or None

    @property
    def last_changed(self) -> dt.datetime | None:
        """Date of the newest commit, editorial or not."""
        return self.versions[-1].last_changed if self.versions else None

    def version_on(self, day: dt.date) -> Version | None:
        """The version in effect on `day`: the newest-numbered one whose effective date is <= day."""
        for version in reversed(self.versions):
            if version.in_effect_from <= day:
                return version
        return None

    def in_effect(self, today: dt.date | None = None) -> Version | None:
        """The version in force today (or on `today`)."""
        return self.version_on(today or dt.date.today())

    def upcoming(self, today: dt.date | None = None) -> tuple[Version, ...]:
        """Versions whose effective date is after today, oldest first."""
        today = today or dt.date.today()
        return tuple(v for v in self.versions if v.is_upcoming(today))


def build_versions(path: str, changes: Iterable[Change]) -> PolicyVersions:
    """Group a file's changes, newest first as `History.files` gives them, into versions.

    The first change starts version 1. A later change starts a new version when it sets an
    `effective` date later than the current version's and different from the one its parent
    commit(s) had: comparing with the parents keeps an editorial commit on a branch that forked
    before a version change from looking like a new version. Removing the date is editorial.

    Dates only move forward. A change that sets a date earlier than the current version's (or the
    same as an earlier version's) cannot start a version: that would end the current one before it
    began. It corrects the current version's date instead (kept in `corrections`, so pages can say
    so), provided the corrected date is still after the previous version's; otherwise the date stays
    and the change is editorial. `policy_site.record` reports both. In a shallow clone the numbering
    starts at the boundary commit, so the caller should flag it.
    """
    ordered = list(changes)[::-1]
    groups: list[list] = []  # [effective, revisions, corrections]
    for change in ordered:
        if not groups:
            groups.append([change.effective, [Revision(change, editorial=False)], []])
            continue
        current = groups[-1][0]
        value = change.effective
        # previous_effective is empty for an addition, so a re-add compares with the current version.
        if value is not None and value != current and value not in change.previous_effective:
            if current is None or value > current:
                groups.append([value, [Revision(change, editorial=False)], []])
                continue
            before = groups[-2][0] if len(groups) > 1 else None
            revision = Revision(change, editorial=True)
            if before is None or value > before:
                groups[-1][2].append((revision, current))
                groups[-1][0] = value
            groups[-1][1].append(revision)
        else:
            groups[-1][1].append(Revision(change, editorial=True))
    versions = tuple(Version(n, eff, tuple(revs), tuple(fixes))
                     for n, (eff, revs, fixes) in enumerate(groups, start=1))
    return PolicyVersions(path, versions)


def versions_by_path(files: Mapping[str, tuple[Change, ...]]) -> dict[str, PolicyVersions]:
    """`build_versions` for every file of a `History.files` mapping."""
    return {path: build_versions(path, changes) for path, changes in files.items()}
