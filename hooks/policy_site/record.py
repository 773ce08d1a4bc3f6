"""The record's date rules: dates move forward, no back-dating, the notice period (no MkDocs).

For every file, replayed from git oldest first, as `versions.build_versions` groups it:

- a change that sets an `effective` date must set one later than the current version's
  ("not-later": a backwards or repeated date); the site shows a landed one as a correction;
- in the source language, a new version (not a policy's first) may not take effect before the day
  its change lands ("retroactive"), nor fewer than the notice period's days after it ("notice"),
  unless the version states `applies_sooner: <reason>`, which readers are shown.

The day a change lands is `landing.landing_days` for history on the main branch; for a pull
request's commits and uncommitted edits it is today. `scripts/check` fails on the pull request's
breaches; the build gives a notice for each (see build_notices), as nobody can change landed history.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dates import show_date
from .history import Change, History, front_facts
from .landing import landing_days
from .sanitize import shorten
from .versions import PolicyVersions, build_versions

__all__ = ["Breach", "breaches", "pending_breaches", "shown_notes", "site_notice_days"]

NOT_LATER, RETROACTIVE, NOTICE = "not-later", "retroactive", "notice"
_EXAMPLE = "<why it may apply sooner, e.g. in the customer's favour, or required by law>"


def site_notice_days(policy_site: Mapping[str, Any] | None) -> int:
    """`extra.policy_site.notice_days` (0 when unset or not a whole number >= 0)."""
    days = (policy_site or {}).get("notice_days", 0)
    return days if isinstance(days, int) and not isinstance(days, bool) and days >= 0 else 0


@dataclass(frozen=True)
class Breach:
    """One change that breaks a rule."""

    path: str  # docs-relative, e.g. "en/returns.md"
    commit: str  # full id; "" for an uncommitted edit
    subject: str
    rule: str  # NOT_LATER, RETROACTIVE or NOTICE
    effective: dt.date
    reference: dt.date  # the current version's date (NOT_LATER) or the landing day
    notice_days: int = 0
    earlier_version: int | None = None  # NOT_LATER: the version that already has this date
    corrects: bool = False  # NOT_LATER: the site shows it as a correction of the current version's date

    def where(self, docs: str = "docs") -> str:
        commit = f'commit {self.commit[:7]} "{shorten(self.subject, 79)}"' if self.commit else "uncommitted change"
        return f"{docs}/{self.path}: {commit}"

    def problem(self) -> str:
        if self.rule == NOT_LATER:
            same = f" (version {self.earlier_version} already has it)" if self.earlier_version else ""
            return (f"effective {self.effective} is not later than the current version's "
                    f"({self.reference}){same}: dates of versions only move forward")
        if self.rule == RETROACTIVE:
            return f"effective {self.effective} is before the day the change lands ({self.reference})"
        days = (self.effective - self.reference).days
        return (f"effective {self.effective} is {days} day{'s' if days != 1 else ''} after the change lands "
                f"({self.reference}); the notice period is {self.notice_days} days")

    def fix(self) -> str:
        if self.rule == NOT_LATER:
            return (f"for a new version set effective to a day after {self.reference}; for a correction of the "
                    f"text keep effective: {self.reference}")
        earliest = self.reference + dt.timedelta(days=self.notice_days)
        return f"set effective to {earliest} or later, or add applies_sooner: {_EXAMPLE}"

    def error(self, docs: str = "docs") -> str:
        """For scripts/check: the file, the commit, the problem and a fix."""
        return f"{self.where(docs)}: {self.problem()}\n    fix: {self.fix()}"

    def landed_notice(self, docs: str = "docs") -> str:
        """For the build: what the site shows for this landed breach."""
        if self.rule == NOT_LATER:
            shown = (f"the site shows it as a correction of the current version's date to {self.effective}"
                     if self.corrects else f"the site keeps {self.reference} and treats the change as editorial")
        elif self.rule == RETROACTIVE:
            shown = f"the site shows the version in effect from {self.effective}, published on {self.reference}"
        else:
            shown = "the site shows the version from its effective date"
        return f"{self.where(docs)}: {self.problem()} (landed history: {shown})"


def _replay(changes: tuple[Change, ...]) -> list[tuple[Change, list[Change]]]:
    """Versions as build_versions groups them: (the change that started it, every change in it)."""
    groups: list[tuple[Change, list[Change]]] = []
    for change in reversed(changes):
        if groups:
            current = groups[-1][0].effective
            value = change.effective
            if (value is not None and value != current and value not in change.previous_effective
                    and (current is None or value > current)):
                groups.append((change, [change]))
            else:
                groups[-1][1].append(change)
        else:
            groups.append((change, [change]))
    return groups


def breaches(path: str, changes: tuple[Change, ...], landed_on: Callable[[Change], dt.date], *,
             source: bool, notice_days: int) -> list[Breach]:
    """Every breach in one file's changes (newest first, as History gives them)."""
    found: list[Breach] = []
    dates: list[dt.date | None] = []  # each version's date so far (corrections applied)
    for change in reversed(changes):
        value, current = change.effective, dates[-1] if dates else None
        if not dates:
            dates.append(value)
            continue
        if value is None or value == current or value in change.previous_effective:
            continue
        if current is not None and value <= current:
            earlier = next((n for n, day in enumerate(dates[:-1], start=1) if day == value), None)
            corrects = len(dates) < 2 or dates[-2] is None or value > dates[-2]
            found.append(Breach(path, change.commit, change.subject, NOT_LATER, value, current,
                                earlier_version=earlier, corrects=corrects))
            if corrects:
                dates[-1] = value
            continue
        dates.append(value)
    if not source:
        return found
    for start, members in _replay(changes)[1:]:  # a policy's first version is exempt
        if start.effective is None or any(c.applies_sooner for c in members):
            continue
        landed = landed_on(start)
        days = start.notice_days if start.notice_days is not None else notice_days
        if start.effective < landed:
            found.append(Breach(path, start.commit, start.subject, RETROACTIVE, start.effective, landed, days))
        elif (start.effective - landed).days < days:
            found.append(Breach(path, start.commit, start.subject, NOTICE, start.effective, landed, days))
    return found


def _is_source(path: str, source: str) -> bool:
    return path.startswith(f"{source}/")


_LANDED: dict[tuple, list[Breach]] = {}


def landed_breaches(history: History, source: str, today: dt.date, notice_days: int) -> list[Breach]:
    """Breaches in the history as committed (for the build's notices), in path order.

    Memoised per (repository, HEAD, settings): static-i18n asks once per language in one process.
    """
    if history.repo_root is None or history.head is None:
        return []
    key = (str(history.repo_root), history.head, history.docs_prefix, source, today, notice_days)
    if key not in _LANDED:
        landing = landing_days(history.repo_root, history.head, git=history.git)
        found = []
        for path in sorted(history.files):
            found += breaches(path, history.changes(path), lambda c: landing.get(c.commit, today),
                              source=_is_source(path, source), notice_days=notice_days)
        _LANDED.clear()
        _LANDED[key] = found
    return _LANDED[key]


def _pending(repo_root: Path, base: str | None, git: str) -> frozenset[str]:
    """Commits in base..HEAD: the pull request's own (all of HEAD's when there is no base)."""
    args = ["rev-list", "HEAD", *([f"^{base}"] if base else [])]
    done = subprocess.run([git, "--no-optional-locks", *args], cwd=repo_root, capture_output=True,
                          env=dict(os.environ, LC_ALL="C"))
    return frozenset(done.stdout.decode("ascii", "replace").split()) if done.returncode == 0 else frozenset()


def _with_work_tree(history: History, docs_dir: Path, path: str) -> tuple[Change, ...]:
    """The file's changes with an uncommitted edit on top, as a change landing today."""
    changes = history.changes(path)
    if path not in history.uncommitted or not changes or not (docs_dir / path).is_file():
        return changes
    effective, sooner, days = front_facts((docs_dir / path).read_bytes())
    now = dt.datetime.now(dt.timezone.utc)
    edit = Change("", now, "", "", path, "M", None, effective, (changes[0].effective,), False,
                  applies_sooner=sooner, notice_days=days)
    return (edit, *changes)


def pending_breaches(history: History, docs_dir: Path, base: str | None, today: dt.date, source: str,
                     notice_days: int) -> list[Breach]:
    """Breaches a pull request brings (its commits and uncommitted edits land today); for scripts/check."""
    if history.repo_root is None:
        return []
    landing = landing_days(history.repo_root, history.head, git=history.git) if history.head else {}
    pending = _pending(history.repo_root, base, history.git) if history.head else frozenset()

    def landed_on(change: Change) -> dt.date:
        return today if not change.commit or change.commit in pending else landing.get(change.commit, today)

    found = []
    for path in sorted(history.files):
        for breach in breaches(path, _with_work_tree(history, docs_dir, path), landed_on,
                               source=_is_source(path, source), notice_days=notice_days):
            if not breach.commit or breach.commit in pending:
                found.append(breach)
    return found


def _notes(versions: PolicyVersions, landing: Mapping[str, dt.date]) -> dict[int, dict[str, Any]]:
    notes: dict[int, dict[str, Any]] = {}
    for version in versions.versions:
        reason = next((r.change.applies_sooner for r in reversed(version.revisions) if r.change.applies_sooner), None)
        landed = landing.get(version.revisions[0].commit)
        published = landed if (version.number > 1 and version.effective and landed
                               and landed > version.effective) else None
        fixes = [(landing.get(revision.commit) or revision.date.date(), old) for revision, old in version.corrections]
        notes[version.number] = {"effective": version.effective, "reason": reason, "published": published,
                                 "corrections": fixes}
    return notes


def shown_notes(history: History, src_uri: str, source: str, text: Mapping[str, str],
                language: str) -> dict[int, list[str]]:
    """Per version number, the sentences readers see about its record: why it applies sooner, when it
    was published if after its effective date, when its date was corrected. A translation shows its
    own `applies_sooner`, else the source version's with the same date; publication is the source's."""
    if history.repo_root is None or history.head is None or not history.changes(src_uri):
        return {}
    landing = landing_days(history.repo_root, history.head, git=history.git)
    own = _notes(build_versions(src_uri, history.changes(src_uri)), landing)
    source_uri = f"{source}/{src_uri.split('/', 1)[1]}" if "/" in src_uri else src_uri
    by_date = {}
    if source_uri != src_uri:
        by_date = {n["effective"]: n for n in _notes(build_versions(source_uri, history.changes(source_uri)),
                                                      landing).values()}
    shown: dict[int, list[str]] = {}
    for number, note in own.items():
        original = by_date.get(note["effective"]) if source_uri != src_uri else note
        reason = note["reason"] or (original or {}).get("reason")
        published = (original or {}).get("published")
        lines = []
        if reason:
            lines.append(text["record_applies_sooner"].format(reason=reason))
        if published:
            lines.append(text["record_published"].format(date=show_date(published, language)))
        for when, old in note["corrections"]:
            lines.append(text["record_corrected"].format(date=show_date(when, language),
                                                         old=show_date(old, language)))
        if lines:
            shown[number] = lines
    return shown
