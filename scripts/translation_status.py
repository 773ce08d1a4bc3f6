"""scripts/translation-status: every page in every language, for translators.

Each cell is up to date, outdated since <date> (the source page has a commit that is not an ancestor of
the translation's last rewording or of its `source_reviewed` commit), awaiting (a stub with `translation: awaiting`) or missing. The source commit column is what
a translator puts in the translation's front matter as `source_reviewed: <commit>` after checking it
against the current source without rewording anything (a commit that holds every source change). --check exits 1 when anything is outdated or missing.
"""

from __future__ import annotations

import argparse
import json
import sys

from project import load_project  # also puts hooks/ on sys.path
from policy_site.translation_report import MISSING, OUTDATED, STATUSES, UNKNOWN, Report, status_report

LABELS = {"up-to-date": "up to date", "awaiting": "awaiting", "missing": "MISSING", "unknown": "unknown"}


def cell_text(cell) -> str:
    if cell.status == OUTDATED:
        return f"OUTDATED since {cell.since}"
    return LABELS[cell.status]


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
               "`source_reviewed: <commit>` (the commit above) to its front matter.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/translation-status", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when any page is outdated or missing")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    project = load_project()
    report = status_report(project.docs_dir, project.source, project.languages)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(table(report))
    if args.check and report.needs_work:
        bad = sum(lang.totals[OUTDATED] + lang.totals[MISSING] for lang in report.languages)
        print(f"FAILED: {bad} page(s) outdated or missing.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
