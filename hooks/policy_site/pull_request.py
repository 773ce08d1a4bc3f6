"""What a pull request changes in the source-language policies, against its base (no MkDocs).

Two rules, both checked by `scripts/check` (category "changes"):

* A text that changed in substance (policy_site.material) needs a new `effective` date, or an
  editorial mark with a reason: `editorial: <reason>` in the front matter, counted only when the
  value is new or changed against the base (so an old mark cannot wave later changes through), or a
  `Policy-Editorial: <reason>` trailer on a commit of the pull request that touches the file.
* A new `effective` date starts a new version, which needs a `change_summary` that differs from the
  base's: customers read it in the feeds and on "What's new".

The work tree (uncommitted changes included) is compared with the file at the base commit,
following a rename git detects. A file new against the base is a first version and is not guarded;
translations follow the source language and are not guarded either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatter, FrontMatterError, read_front_matter
from .git_commands import GitError, NoGit, decode_path, run_git
from .material import Trigger, material_changes, render
from .service_hours import DATA_KEYS
from .validation import Problem, is_policy

__all__ = ["TRAILER", "EditedPolicy", "check_changes", "editorial_mark", "edited_policies", "trailer_reasons"]

TRAILER = "Policy-Editorial"
REASON_MAX = 300  # as the schema allows for `editorial:`
SHOWN_TRIGGERS = 5


class _GitFailed(RuntimeError):
    pass


def _git(cwd: Path, *args: str) -> str:
    try:
        return decode_path(run_git("git", cwd, *args))
    except (NoGit, GitError) as error:
        raise _GitFailed(str(error)) from None


@dataclass(frozen=True)
class EditedPolicy:
    """A source policy the pull request changed: its path now and at the base (repo-relative)."""

    path: str
    base_path: str
    old_text: str
    new_text: str


def edited_policies(repo_root: Path, docs_prefix: str, base: str) -> list[EditedPolicy]:
    """Source pages under `docs_prefix` (e.g. 'docs/en/') changed or renamed between `base` and the work tree."""
    out = _git(repo_root, "diff", "-z", "--name-status", "-M", "--no-ext-diff", base, "--", docs_prefix.rstrip("/"))
    fields = out.split("\0")
    edited, i = [], 0
    while i < len(fields) - 1:
        status = fields[i]
        if status[:1] in "RC":
            old, new, i = fields[i + 1], fields[i + 2], i + 3
        else:
            old = new = fields[i + 1]
            i += 2
        if status[:1] not in "MR" or not new.endswith(".md"):
            continue  # A: a first version; D: gone; C: a copy is a new page
        old_text = _git(repo_root, "cat-file", "blob", f"{base}:{old}")
        try:
            new_text = (repo_root / new).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the front matter check reports an unreadable page
        edited.append(EditedPolicy(new, old, old_text, new_text))
    return edited


def trailer_reasons(repo_root: Path, base: str, paths: Iterable[str]) -> list[tuple[str, str, str]]:
    """(short id, subject, reason) of each `Policy-Editorial:` trailer on base..HEAD touching `paths`."""
    out = _git(repo_root, "log", "-z", f"--format=%h%x1f%s%x1f%(trailers:key={TRAILER},valueonly,separator=%x1f)",
               f"{base}..HEAD", "--", *dict.fromkeys(paths))
    found = []
    for record in filter(None, out.split("\0")):
        short, subject, *reasons = record.strip("\n").split("\x1f")
        found += [(short, subject, reason.strip()) for reason in reasons if reason.strip()]
    return found


def editorial_mark(front: FrontMatter) -> str | None:
    """The front matter's `editorial:` reason, when it is a usable one (1-300 characters)."""
    value = front.data.get("editorial")
    if isinstance(value, str) and 0 < len(value.strip()) <= REASON_MAX:
        return value.strip()
    return None


def _read(text: str, shown: str) -> FrontMatter | None:
    try:
        return read_front_matter(text, shown)
    except FrontMatterError:
        return None  # the front matter check reports it


def check_changes(docs_dir: Path, source: str, base: str | None,
                  extensions: Iterable = (), configs: Mapping[str, Any] | None = None) -> list[Problem]:
    """Problems of the source policies the work tree changed against `base` (None: nothing to compare).

    Paths in the problems are relative to the repository's top folder.
    """
    if base is None:
        return []
    prefix = f"{docs_dir.name}/{source}/"
    try:
        repo_root = Path(_git(docs_dir, "rev-parse", "--show-toplevel").strip())
        prefix = (docs_dir / source).resolve().relative_to(repo_root.resolve()).as_posix() + "/"
        edited = edited_policies(repo_root, prefix, base)
    except _GitFailed as error:
        return [Problem(prefix, 1, f"cannot compare with the base: {error}",
                        "run scripts/check inside the repository, with --base naming a commit of it")]
    problems = []
    for policy in edited:
        old, new = _read(policy.old_text, policy.base_path), _read(policy.new_text, policy.path)
        if old is None or new is None or not is_policy(policy.path, new.data) or not is_policy(policy.base_path, old.data):
            continue
        if new.data.get("effective") != old.data.get("effective"):
            problems += _new_version(policy, old, new)
        else:
            problems += _guard(repo_root, base, policy, old, new, list(extensions), configs)
    return problems


def _new_version(policy: EditedPolicy, old: FrontMatter, new: FrontMatter) -> list[Problem]:
    effective, summary = new.data.get("effective"), new.data.get("change_summary")
    if not isinstance(effective, dt.date):
        return []  # removed or malformed: the front matter check reports it
    if isinstance(summary, str) and summary.strip() and summary != old.data.get("change_summary"):
        return []
    what = "is missing" if not summary else "is the one of the previous version"
    line = new.lines.get("change_summary", new.lines.get("effective", 1))
    return [Problem(policy.path, line,
                    f"effective changed ({old.data.get('effective')} → {effective}), which starts a new version, "
                    f"but change_summary {what}",
                    "add  change_summary: <one sentence telling customers what changed>  to the front matter; "
                    "customers read it in the change feeds and on What's new")]


def _guard(repo_root: Path, base: str, policy: EditedPolicy, old: FrontMatter, new: FrontMatter,
           extensions: list, configs: Mapping[str, Any] | None) -> list[Problem]:
    try:
        triggers = material_changes(render(old.body, extensions, configs), render(new.body, extensions, configs))
    except (ImportError, ValueError, TypeError, AttributeError) as error:  # a broken markdown_extensions entry
        return [Problem(policy.path, 1, f"cannot render the page to compare it with the base: {error}",
                        "fix markdown_extensions in mkdocs.yml (the build reports the same problem)")]
    # Data the page shows as a table (service hours, response times) is part of the text customers read.
    triggers += [Trigger("shown on the page", new=f"{key} changed") for key in DATA_KEYS
                 if old.data.get(key) != new.data.get(key)]
    if not triggers:
        return []
    mark = editorial_mark(new)
    if mark is not None and mark != editorial_mark(old):
        return []
    if trailer_reasons(repo_root, base, (policy.path, policy.base_path)):
        return []
    return [Problem(policy.path, new.lines.get("effective", 1),
                    f"the text changed in substance but effective ({new.data.get('effective')}) did not: "
                    + describe(triggers),
                    "set a new effective date (and change_summary) so customers get notice, or if this does not "
                    "change anyone's rights add  editorial: <reason>  to the front matter (or a  "
                    f"{TRAILER}: <reason>  commit trailer)")]


def describe(triggers: list[Trigger], shown: int = SHOWN_TRIGGERS) -> str:
    text = "; ".join(str(t) for t in triggers[:shown])
    more = len(triggers) - shown
    return text + (f"; and {more} more" if more > 0 else "")
