"""scripts/announce: a ready-to-send notice of a new policy version, per language, and a staff briefing.

For every language of the site (or --lang), writes under --out (default announcements/<policy>-v<N>/):
    <lang>/customer-notice.txt   the notice for customers, plain text
    <lang>/customer-notice.html  the same as HTML, for e-mail
    <lang>/staff-briefing.txt    a short internal briefing for staff
Texts, dates and links come from the same messages, date formats and URLs as the site. A language
whose translation has no change_summary for the version gets the source language's, marked as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from project import ROOT, load_project  # also puts hooks/ on sys.path
from policy_site.announcement import Announcement, AnnouncementError, announcements
from policy_site.dates import configure_locales, language_name
from policy_site.owners import owner_label
from policy_site.history import GitError, State, read_history

# E-mail templates, not site UI: beside the command, so MkDocs never publishes them as theme files.
TEMPLATES = ROOT / "scripts" / "announce-templates"
OUTPUTS = ("customer-notice.txt", "customer-notice.html", "staff-briefing.txt")


def context(item: Announcement, source: str, owner_labels: dict | None = None) -> dict:
    """Template data: the announcement plus its sentences, formatted in Python, rendered by the templates."""
    text = item.text
    marked = text["announce_fallback_note"].format(language=language_name(source, item.language))
    fields = {"title": item.title, "date": item.start, "number": item.number,
              "owner": owner_label(item.owner, item.language, owner_labels) if item.owner else ""}
    intro = text["announce_intro_upcoming" if item.status == "upcoming" else "announce_intro_current"]
    return {**item.__dict__, "text": text,
            "subject": text["announce_subject"].format(**fields),
            "intro": intro.format(**fields),
            "fallback": marked if item.note_is_fallback else "",
            "sooner_fallback": marked if item.applies_sooner_language != item.language else "",
            "briefing_subject": text["briefing_subject"].format(**fields),
            "briefing_intro": text["briefing_intro"].format(**fields),
            "briefing_owner": text["briefing_owner"].format(**fields)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/announce", description=__doc__.split("\n")[0])
    parser.add_argument("policy", help="the policy's page name, e.g. returns (docs/<source>/returns.md)")
    parser.add_argument("--version", type=int, default=None, help="version number; default: the newest")
    parser.add_argument("--lang", action="append", default=None, help="only this language (repeatable)")
    parser.add_argument("--out", type=Path, default=None, help="output folder; default announcements/<policy>-v<N>")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="decide which version is in force as on this day; default: today")
    args = parser.parse_args(argv)
    project = load_project()
    page = args.policy.removesuffix(".md") + ".md"
    if not (project.docs_dir / project.source / page).is_file():
        names = sorted(p.stem for p in (project.docs_dir / project.source).glob("*.md") if p.name != "index.md")
        print(f"error: there is no policy {args.policy!r} (docs/{project.source}/{page}); "
              f"fix: use one of {', '.join(names)}", file=sys.stderr)
        return 2
    languages = list(project.languages)
    for lang in args.lang or []:
        if lang not in project.languages:
            print(f"error: --lang {lang} is not a language of this site; fix: use one of {', '.join(languages)}",
                  file=sys.stderr)
            return 2
    try:
        history = read_history(project.docs_dir)
    except GitError as error:
        print(f"error: cannot read the git history: {error}", file=sys.stderr)
        return 2
    if history.state not in (State.COMPLETE, State.SHALLOW):
        print(f"error: no git history ({history.detail}); fix: run it in a git clone of the site", file=sys.stderr)
        return 2
    config = project.config
    site_settings = (config.get("extra") or {}).get("policy_site") or {}
    configure_locales(site_settings.get("locales"))
    footer = site_settings.get("footer_pages") or ["contact.md"]
    try:
        items = announcements(history, page, project.source, languages, config.get("site_url") or "/",
                              args.today or dt.date.today(), args.version, contact_page=footer[0],
                              directory_urls=config.get("use_directory_urls", True) is not False)
    except AnnouncementError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    wanted = [i for i in items if not args.lang or i.language in args.lang]
    out = args.out or ROOT / "announcements" / f"{page[:-3]}-v{items[0].number}"
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    for item in wanted:
        folder = out / item.language
        folder.mkdir(parents=True, exist_ok=True)
        data = context(item, project.source, site_settings.get("owner_labels"))
        for name in OUTPUTS:
            (folder / name).write_text(env.get_template(name).render(n=data), encoding="utf-8")
        if item.note_is_fallback:
            print(f"warning: {item.language}: docs/{item.language}/{page} has no change_summary for version "
                  f"{item.number}; the notice shows the {project.source} one, marked as such", file=sys.stderr)
    first = wanted[0]
    print(f"Version {first.number} of {page[:-3]} ({first.status}, from {first.start['iso']}): "
          f"{len(wanted)} language(s) written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
