"""scripts/translation-status: every page in every language, for translators.

Each cell is up to date, outdated since <date> (the source page has a commit that is not an ancestor of
the translation's last rewording or of its `source_reviewed` commit), awaiting (a stub with `translation: awaiting`) or missing. The source commit column is what
a translator puts in the translation's front matter as `source_reviewed: "<commit>"` after checking it
against the current source without rewording anything (a commit that holds every source change). --check exits 1 when anything is outdated or missing.

Below the table: heading ids and links of a translation that differ from its source's (policy_site.anchors).
`--diff [LANG] [PAGE]` prints instead, for each outdated translation, a word diff of the SOURCE page
between the version the translation follows and now: exactly what to translate.
"""

from __future__ import annotations

import argparse
import json
import sys

from project import load_project  # also puts hooks/ on sys.path
from policy_site.anchor_report import anchor_problems
from policy_site.freshness import history_for, reviewed_line
from policy_site.source_diff import translation_changes, word_diff
from policy_site.translation_report import MISSING, OUTDATED, STATUSES, UNKNOWN, Report, status_report

LABELS = {"up-to-date": "up to date", "awaiting": "awaiting", "missing": "MISSING", "unknown": "unknown"}


def cell_text(cell) -> str:
    if cell.status == OUTDATED:
        return f"OUTDATED since {cell.since}"
    return LABELS[cell.status]


def anchors_text(problems: dict) -> list[str]:
    found = [str(p) for items in problems.values() for p in items]
    if not found:
        return []
    return ["", f"Heading ids and links that differ from the source ({len(found)}; scripts/check fails on them):", *found]


def diff_text(project, report: Report, wanted: list[str], colour: bool) -> tuple[str, int]:
    """The word diffs of the source for every outdated translation matching `wanted` ([LANG] [PAGE])."""
    languages = [lang for lang in report.languages]
    pages = list(report.pages)
    for word in wanted:
        if word in project.languages and word != report.source:
            languages = [lang for lang in languages if lang.locale == word]
        elif word in pages or f"{word}.md" in pages:
            pages = [word if word in pages else f"{word}.md"]
        else:
            raise SystemExit(f"error: '{word}' is neither a language of this site ({', '.join(l.locale for l in report.languages)}) "
                             f"nor a page of {report.source}/ (e.g. {pages[0] if pages else 'returns.md'})")
    history = history_for(project.docs_dir)
    out, count = [], 0
    for lang in languages:
        for cell in lang.cells:
            if cell.page not in pages or cell.status != OUTDATED:
                continue
            change = translation_changes(project.docs_dir, cell.page, lang.locale, report.source, history)
            if change is None:
                continue
            count += 1
            base = change.base_commit[:7] if change.base_commit else "nothing (no source version it follows)"
            pending = ", ".join(c.commit[:7] for c in change.state.pending)
            head = f"{report.source}/{cell.page} for {lang.locale}/{cell.page}: from {base} (what the translation follows) to now"
            out += ["", f"\x1b[1m{head}\x1b[0m" if colour else head,
                    f"source commits it lacks: {pending}; translate what is marked below, then commit the translation"]
            if change.note:
                out.append(f"note: {change.note}")
            out.append(word_diff(change.old, change.new, colour) or "(the source text is the same; only the mark "
                                                                   "`translation: outdated` keeps it outdated)")
    if not count:
        out.append("No outdated translation" + (f" for {' '.join(wanted)}" if wanted else "") + ": nothing to diff.")
    return "\n".join(out).lstrip("\n"), count


def table(report: Report) -> str:
    langs = report.languages
    header = ["page", *[lang.locale for lang in langs], f"{report.source} commit (source_reviewed)"]
    rows = [[page, *[cell_text(lang.cells[i]) for lang in langs], (report.source_commits[page] or "—")[:7]]
            for i, page in enumerate(report.pages)]
    widths = [max(len(str(r[c])) for r in [header, *rows]) for c in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths]), *map(line, rows), ""]
    out.append("Totals per language:")
    for lang in langs:
        counts = ", ".join(f"{lang.totals[s]} {LABELS.get(s, s).lower()}" for s in STATUSES
                           if lang.totals[s] or s != UNKNOWN)
        out.append(f"  {lang.locale} ({lang.name}): {counts}")
    notes = [(lang.locale, c) for lang in langs for c in lang.cells if c.note]
    for locale, cell in notes:
        out.append(f"note: {locale}/{cell.page}: {cell.note}")
    if report.history in ("no-git", "not-a-repo"):
        out.append("note: no git history here, so whether translations are up to date is unknown.")
    out.append("Checked a translation against the current source and nothing needs rewording? Add "
               f"`{reviewed_line('<commit>')}` (the commit above, in quotes) to its front matter.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/translation-status", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when any page is outdated or missing")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--diff", nargs="*", metavar="LANG|PAGE",
                        help="print a word diff of the source page for each outdated translation (of LANG, of PAGE)")
    args = parser.parse_args(argv)
    project = load_project()
    report = status_report(project.docs_dir, project.source, project.languages)
    if args.diff is not None:
        if len(args.diff) > 2:
            parser.error("--diff takes at most a language and a page, e.g. --diff ru returns")
        print(diff_text(project, report, args.diff, sys.stdout.isatty())[0])
        return 0
    problems = anchor_problems(project.docs_dir, project.source, project.languages, project.shown(project.docs_dir))
    if args.format == "json":
        data = report.as_dict()
        data["anchors"] = {lang: [{"path": p.path, "line": p.line, "problem": p.text, "fix": p.fix} for p in items]
                           for lang, items in problems.items()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(table(report))
        for line in anchors_text(problems):
            print(line)
    if args.check and report.needs_work:
        bad = sum(lang.totals[OUTDATED] + lang.totals[MISSING] for lang in report.languages)
        print(f"FAILED: {bad} page(s) outdated or missing.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
