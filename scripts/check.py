"""scripts/check: everything an editor's pull request must pass, with one summary at the end.

Errors (exit code 1) block a merge: front matter, the build (links, anchors, navigation, anything it
warns about), overdue reviews, placeholder text, clause anchors (a heading id or link of a
translation that differs from its source's, a source heading without an explicit id) and service hours (an opening hour or
reply time stated in a page that the contact policy's data does not have). Warnings do not: reviews due soon, pages not yet
translated, uncommitted changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass

from project import Project, load_project, markdown_setup  # also puts hooks/ on sys.path
from buildlog import run_build
from new_policy import PLACEHOLDER  # what scripts/new-policy leaves for the editor to replace
from policy_site import pull_request
from policy_site.anchor_report import anchor_problems
from policy_site.base import Base, BaseError, resolve_base
from policy_site.freshness import reviewed_line
from policy_site.history import HISTORY_UNREADABLE, GitError, read_history
from policy_site.hours_statements import disagreements
from policy_site.record import pending_breaches, site_notice_days
from policy_site.register import read_register
from policy_site.review import DUE_SOON_DAYS, ReviewState
from policy_site.translation_status import TranslationStatus, is_awaiting, translation_table
from policy_site.validation import check_docs

ERROR, WARNING = "error", "warning"
# Categories in report order; each is listed in the summary even when clean.
CATEGORIES = ("front matter", "links", "anchors", "navigation", "languages", "build", "review dates", "placeholders",
              "uncommitted changes", "translations", "clause anchors", "record", "changes", "service hours")


@dataclass(frozen=True)
class Finding:
    category: str
    severity: str
    text: str


def check_front_matter(project: Project) -> list[Finding]:
    problems = check_docs(project.docs_dir, project.owners, shown_prefix=project.shown(project.docs_dir))
    return [Finding("front matter", ERROR, str(problem)) for problem in problems]


# What the summary says of the categories the build checks when it stopped before checking them.
SKIPPED = "SKIPPED: the build stops at front matter errors (fix those first)"
BUILD_CATEGORIES = ("links", "anchors", "navigation", "languages", "build")


def check_build(project: Project, today: dt.date) -> tuple[list[Finding], str | None]:
    """Build problems, and a note when the build stopped before it could check links."""
    run = run_build(project.root, today.isoformat(), docs_dir=project.docs_dir, source=project.source,
                    shown_docs=project.shown(project.docs_dir))
    findings, stopped = [], None
    for message in run.messages:
        if message.category == "front matter":
            stopped = SKIPPED
            continue  # check_front_matter reports each problem already
        if message.category == "uncommitted":
            continue  # check_uncommitted asks git itself, also when the build stopped early
        # Link messages name the language's file already; others may not say which build they came from.
        where = f" (while building '{message.language}')" if message.language and message.category == "build" else ""
        findings.append(Finding(message.category, ERROR, message.text + where))
    if run.returncode and not findings and stopped is None:
        tail = "\n".join(run.output.strip().splitlines()[-15:])
        findings.append(Finding("build", ERROR, f"the build failed (exit code {run.returncode}):\n{tail}"))
    return findings, stopped


def check_reviews(project: Project, today: dt.date) -> list[Finding]:
    findings = []
    for entry in read_register(project.docs_dir, project.source, project.languages, today):
        review = entry.review
        if review is None or review.state is ReviewState.OK:
            continue
        where = f"{project.shown(project.docs_dir / project.source / entry.page)}:{entry.lines.get('review_by', 1)}"
        owner = f" with its owner ({entry.owner})" if entry.owner else ""
        fix = (f"review the policy{owner}, then set last_reviewed to the day of the review "
               "and review_by to the next review date (usually a year later)")
        if review.state is ReviewState.OVERDUE:
            findings.append(Finding("review dates", ERROR,
                                    f"{where}: review_by {entry.review_by} has passed ({review.describe()})\n    fix: {fix}"))
        else:
            findings.append(Finding("review dates", WARNING,
                                    f"{where}: review is {review.describe()} (review_by {entry.review_by})\n"
                                    f"    fix: plan the review; this warning starts {DUE_SOON_DAYS} days ahead"))
    return findings


def check_uncommitted(project: Project) -> list[Finding]:
    """One warning per page with changes git has not recorded: the published build refuses them."""
    try:
        pending = sorted(read_history(project.docs_dir).uncommitted)
    except HISTORY_UNREADABLE:
        return []
    docs = project.shown(project.docs_dir)
    return [Finding("uncommitted changes", WARNING, f"{docs}/{path}: not committed\n    fix: commit it (git add, "
                    "git commit); the published build refuses uncommitted pages") for path in pending]


def check_placeholders(project: Project) -> list[Finding]:
    findings = []
    for path in sorted(project.docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if is_awaiting(text):
            continue  # a stub copies the source page as it was; the build shows the source instead
        for number, line in enumerate(text.splitlines(), start=1):
            if PLACEHOLDER in line:
                findings.append(Finding("placeholders", ERROR,
                                        f"{project.shown(path)}:{number}: placeholder text left in: {line.strip()}\n"
                                        f"    fix: replace the {PLACEHOLDER} text with the real text"))
    return findings


def check_translations(project: Project) -> list[Finding]:
    """One warning per page and language not translated yet (extend translation_status.page_status)."""
    gaps: dict[tuple[str, TranslationStatus], list[str]] = defaultdict(list)
    for row in translation_table(project.docs_dir, project.source, project.languages):
        for language, status in row.statuses.items():
            if status in (TranslationStatus.MISSING, TranslationStatus.AWAITING, TranslationStatus.OUTDATED):
                gaps[(language, status)].append(row.page)
    findings = []
    for language in project.languages:
        for status, label in ((TranslationStatus.MISSING, "missing"), (TranslationStatus.AWAITING, "awaiting translation")):
            for page in gaps.get((language, status), []):
                findings.append(Finding("translations", WARNING, f"{language} ({project.languages[language]}): "
                                        f"{page} is {label}; readers see the {project.source} page"))
        for page in gaps.get((language, TranslationStatus.OUTDATED), []):  # git-based, policy_site.freshness
            findings.append(Finding("translations", WARNING, f"{language} ({project.languages[language]}): "
                                    f"{page} is outdated: its {project.source} page has changes this translation does not include; "
                                    "readers see a notice\n    fix: update the translation, or if nothing needs "
                                    f"rewording add `{reviewed_line('<commit>')}` (see scripts/translation-status)"))
    return findings


def check_anchors(project: Project) -> list[Finding]:
    """Heading ids and links that differ between a translation and its source; source headings without an id
    (policy_site.anchors). Errors: the page's editor or translator can fix them."""
    found = anchor_problems(project.docs_dir, project.source, project.languages, project.shown(project.docs_dir))
    return [Finding("clause anchors", ERROR, str(problem)) for problems in found.values() for problem in problems]


def check_record(project: Project, base: Base, today: dt.date) -> list[Finding]:
    """The pull request's breaches of the record's date rules (policy_site.record); landed ones are notices."""
    try:
        history = read_history(project.docs_dir)
    except GitError as error:
        return [Finding("record", ERROR, f"could not read the git history: {error}\n    fix: run in a git clone")]
    notice_days = site_notice_days((project.config.get("extra") or {}).get("policy_site"))
    breaches = pending_breaches(history, project.docs_dir, base.commit, today, project.source, notice_days)
    return [Finding("record", ERROR, breach.error(project.shown(project.docs_dir))) for breach in breaches]


def check_changes(project: Project, base: Base) -> list[Finding]:
    """Material changes without a new effective date; new versions without a change_summary."""
    problems = pull_request.check_changes(project.docs_dir, project.source, base.commit, *markdown_setup(project))
    return [Finding("changes", ERROR, str(problem)) for problem in problems]


def check_service_hours(project: Project) -> list[Finding]:
    """Opening hours and reply times stated in prose that the contact policy's data does not have
    (policy_site.hours_statements). Errors: the page contradicts the policy customers rely on."""
    found = disagreements(project.docs_dir, project.source, project.languages, project.shown(project.docs_dir))
    return [Finding("service hours", ERROR, str(problem)) for problem in found]


def report(findings: list[Finding], notes: dict[str, str], today: dt.date) -> int:
    by_category: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_category[finding.category].append(finding)
    for category in CATEGORIES:
        if by_category[category]:
            print(f"\n== {category}")
            for finding in by_category[category]:
                print(f"{finding.severity}: {finding.text}")
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    print(f"\nSummary (as of {today.isoformat()}):")
    for category in CATEGORIES:
        items = by_category[category]
        counts = [_count(sum(f.severity == severity for f in items), severity) for severity in (ERROR, WARNING)]
        status = ", ".join(c for c in counts if c) or notes.get(category, "ok")
        print(f"  {category:<20} {status}")
    if errors:
        counts = ", ".join(c for c in (_count(errors, ERROR), _count(warnings, WARNING)) if c)
        print(f"FAILED: {counts}. Fix the errors before merging.")
        return 1
    skipped = [c for c in CATEGORIES if notes.get(c, "").startswith("SKIPPED")]
    if skipped:  # never reached today (skipping follows an error), but a pass must not hide a skip
        print(f"INCOMPLETE: {', '.join(skipped)} not checked.")
        return 1
    print(f"PASSED with {_count(warnings, WARNING)}." if warnings else "PASSED.")
    return 0


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}" if number else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description=__doc__.split("\n")[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="judge review dates (and build the site) as on this day; default: today")
    parser.add_argument("--base", default=None, metavar="REF",
                        help="what the pull request is compared with; default: the merge-base with origin/main, "
                             "else main, else the previous commit")
    args = parser.parse_args(argv)
    today = args.today or dt.date.today()
    project = load_project()
    try:
        base: Base = resolve_base(project.root, args.base)
    except BaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Checking {project.root} as of {today.isoformat()}, compared with {base.described} …", flush=True)
    findings = check_front_matter(project)
    build_findings, stopped = check_build(project, today)
    findings += build_findings
    findings += check_reviews(project, today) + check_placeholders(project) + check_uncommitted(project)
    findings += check_translations(project) + check_anchors(project) + check_record(project, base, today) + check_changes(project, base)
    findings += check_service_hours(project)
    notes = {category: stopped for category in BUILD_CATEGORIES} if stopped else {}
    return report(findings, notes, today)


if __name__ == "__main__":
    sys.exit(main())
