"""scripts/new-policy: start a new policy with valid front matter, in the nav, on every language's hub and
with a stub awaiting translation in every other language. Refuses, changing nothing, when it cannot.

A translated hub gets the line in the source language (title and summary, never a `TODO:` placeholder,
which would fail scripts/check) and the mark `translation: outdated`, so it counts as outdated for its
translator until they translate the line and delete the mark (policy_site.freshness)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.tokens import CommentToken

from project import Project, load_project  # also puts hooks/ on sys.path
from policy_site.anchors import slug as heading_id
from policy_site.review import add_months
from policy_site.validation import check_page

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names whose URL the site already uses (besides each language code).
RESERVED = {"index", "editors", "assets", "search", "404", "sitemap"}
PLACEHOLDER = "TODO:"  # scripts/check fails while a page still contains it
PLACEHOLDER_SUMMARY = f"{PLACEHOLDER} one sentence for the hub and search results."
BODY = (f"{PLACEHOLDER} write the policy here. Say what customers can expect, what they need to do and by when; "
        "use `##` headings for its parts, each with an id that never changes and that every translation keeps, "
        "e.g. `## Who can use them {#who-can-use-them}`. Preview it with scripts/serve.\n")
REVIEW_MONTHS = 12
# A list item linking to another page of the hub, e.g. "- [Returns](returns.md) — ...".
_HUB_ITEM = re.compile(r"^[-*+] \[[^\]]+\]\((?![a-z][a-z0-9+.-]*:)[^)\s]+\.md(?:#[^)]*)?\)")


class Refused(Exception):
    """Why the command did nothing."""


@dataclass(frozen=True)
class Plan:
    """Every file the command writes (path -> whole new text), which of them are new, and what was done."""

    writes: dict[Path, str]
    created: list[Path]
    notes: list[str]


class _Dumper(yaml.SafeDumper):
    """Writes equal dates out each time instead of as YAML anchors (&id001 / *id001)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def front_matter(fields: dict[str, object]) -> str:
    dumped = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{dumped}---\n"


def policy_text(title: str, summary: str, effective: dt.date, today: dt.date, owner: str) -> str:
    fields = {"title": title, "summary": summary, "effective": effective, "last_reviewed": today,
              "review_by": add_months(today, REVIEW_MONTHS), "owner": owner}
    return f"{front_matter(fields)}\n# {title} {{#{heading_id(title) or 'policy'}}}\n\n{BODY}"


def stub_text(source_text: str) -> str:
    """The source page with `translation: awaiting` as the last front matter line."""
    head, rest = source_text[4:].split("---\n", 1)
    mark = "translation: awaiting  # until translated, readers see the source-language page\n"
    return f"---\n{head}{mark}---\n{rest}"


OUTDATED_MARK = "translation: outdated  # the new policy's line on this page is in the source language: translate it, then delete this line\n"


def mark_outdated(text: str) -> str:
    """A translated page with `translation: outdated` as the last front matter line (once)."""
    match = re.match(r"---\n(.*?\n)?---\n", text, re.S)
    if match:
        head = match.group(1) or ""
        if re.search(r"^translation[ \t]*:", head, re.M):
            return text  # already marked (or a stub awaiting translation)
        return f"---\n{head}{OUTDATED_MARK}---\n{text[match.end():]}"
    return f"---\n{OUTDATED_MARK}---\n\n{text}"


def add_to_nav(config_text: str, page: str) -> str | None:
    """mkdocs.yml with `- page` appended to the top-level nav, everything else byte-identical;
    None when mkdocs.yml has no nav (MkDocs then lists every page itself)."""
    yml = YAML()
    yml.preserve_quotes = True
    yml.width = 10**6
    yml.indent(mapping=2, sequence=4, offset=2)
    data = yml.load(config_text)
    nav = data.get("nav")
    if nav is None:
        return None
    last = len(nav) - 1
    nav.append(page)
    # ruamel keeps the blank lines and comments after the last item as that item's comment (of its
    # value, for a `Title: page.md` item): hand them on to the new last item, keeping an end-of-line
    # comment where it is.
    holder, slot = _trailing_comment(nav, last)
    token = holder[slot] if holder else None
    if isinstance(token, CommentToken):
        comment, _, blank = token.value.partition("\n")
        holder[slot] = CommentToken(comment + "\n", token.start_mark) if comment.strip() else None
        if blank:
            nav.ca.items[last + 1] = [CommentToken("\n" + blank, token.start_mark), None, None, None]
    out = io.StringIO()
    yml.dump(data, out)
    result = out.getvalue()
    if not _one_line_added(config_text, result):
        raise Refused("mkdocs.yml could not be updated without reformatting it; add the line "
                      f"`  - {page}` at the end of `nav:` by hand, or ask a maintainer")
    return result


def _trailing_comment(seq: list, index: int) -> tuple[list | None, int]:
    """Where ruamel keeps the comment after item `index` of `seq`: (comment list, slot), deepest first."""
    item = seq[index]
    if isinstance(item, dict) and item:
        key = list(item)[-1]
        if isinstance(item[key], list) and item[key]:
            return _trailing_comment(item[key], len(item[key]) - 1)
        return item.ca.items.get(key), 2
    if isinstance(item, list) and item:
        return _trailing_comment(item, len(item) - 1)
    return seq.ca.items.get(index), 0


def _one_line_added(before: str, after: str) -> bool:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    return len(new) == len(old) + 1 and any(new[:i] + new[i + 1:] == old for i in range(len(new)))


def add_to_hub(hub_text: str, title: str, page: str, summary: str) -> str:
    """The hub with a link to the new page after its last link to a page (or at the end)."""
    label = title.replace("[", r"\[").replace("]", r"\]")
    item = f"- [{label}]({page}) — {summary}\n" if summary else f"- [{label}]({page})\n"
    lines = hub_text.splitlines(keepends=True)
    last = max((i for i, line in enumerate(lines) if _HUB_ITEM.match(line)), default=None)
    if last is None:
        return hub_text.rstrip("\n") + "\n\n" + item
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join(lines[:last + 1] + [item] + lines[last + 1:])


def plan(project: Project, slug: str, title: str, owner: str | None, summary: str,
         effective: dt.date | None, today: dt.date) -> Plan:
    """Work out every change, or raise Refused; nothing is written here."""
    if not SLUG.match(slug):
        raise Refused(f"'{slug}' is not a valid name: use lowercase letters, digits and hyphens, "
                      "e.g. gift-cards (it becomes the page's address)")
    if slug in RESERVED or slug in project.languages:
        raise Refused(f"'{slug}' is already used by the site for something else; choose another name")
    page = f"{slug}.md"
    existing = [project.docs_dir / lang / page for lang in project.languages if (project.docs_dir / lang / page).exists()]
    if existing:
        raise Refused(f"a policy called '{slug}' already exists: {', '.join(project.shown(p) for p in existing)}")
    if not title.strip():
        raise Refused("--title must not be empty")
    if not project.owners:
        raise Refused("mkdocs.yml lists no owners (extra.policy_site.owners); add the teams first")
    owner = owner if owner is not None else project.owners[0]
    if owner not in project.owners:
        raise Refused(f"owner '{owner}' is not in mkdocs.yml; use one of: {', '.join(project.owners)}")
    text = policy_text(title.strip(), summary.strip(), effective or today, today, owner)
    source_path = project.docs_dir / project.source / page
    problems = check_page(f"{project.source}/{page}", text, project.owners, shown_as=project.shown(source_path))
    if problems:
        raise Refused("the new page would not be valid:\n" + "\n".join(map(str, problems)))
    writes: dict[Path, str] = {source_path: text}
    notes = []
    nav = add_to_nav(project.config_text, page)
    if nav is None:
        notes.append("mkdocs.yml has no nav, so MkDocs lists the page by itself")
    else:
        writes[project.config_path] = nav
        notes.append(f"added {page} to the end of the nav in mkdocs.yml")
    for language in project.languages:
        hub = project.docs_dir / language / "index.md"
        if not hub.is_file():
            continue
        hub_text = hub.read_text(encoding="utf-8")
        if language == project.source:
            writes[hub] = add_to_hub(hub_text, title.strip(), page, summary.strip())
            notes.append(f"added a link to {project.shown(hub)} after the list of policies")
            continue
        line_summary = "" if PLACEHOLDER in summary else summary.strip()
        writes[hub] = mark_outdated(add_to_hub(hub_text, title.strip(), page, line_summary))
        notes.append(f"added the link, in {project.source}, to {project.shown(hub)}, marked `translation: outdated` "
                     "for its translator")
    stubs = [project.docs_dir / lang / page for lang in project.languages if lang != project.source]
    for stub in stubs:
        writes[stub] = stub_text(text)
    created = [source_path, *stubs]
    return Plan(writes, created, notes)


def apply(result: Plan) -> None:
    for path, text in result.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x" if path in result.created else "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/new-policy", description=__doc__.split("\n")[0])
    parser.add_argument("slug", help="the page name and address, e.g. gift-cards (lowercase, digits, hyphens)")
    parser.add_argument("--title", required=True, help='the title customers see, e.g. "Gift cards"')
    parser.add_argument("--owner", help="the team responsible (default: the first owner in mkdocs.yml)")
    parser.add_argument("--summary", default=PLACEHOLDER_SUMMARY, help="one sentence for the hub and search")
    parser.add_argument("--effective", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the day the policy takes effect (default: today)")
    args = parser.parse_args(argv)
    project = load_project()
    today = dt.date.today()
    try:
        result = plan(project, args.slug, args.title, args.owner, args.summary, args.effective, today)
    except Refused as refusal:
        print(f"error: {refusal}\nNothing was changed.", file=sys.stderr)
        return 1
    apply(result)
    source_path, *stubs = result.created
    owner = args.owner or project.owners[0]
    print(f"Created {project.shown(source_path)}")
    for note in result.notes:
        print(f"  - {note}")
    if stubs:
        print(f"  - created stubs awaiting translation (readers see the {project.source} page until they are "
              f"translated): {', '.join(project.shown(s) for s in stubs)}")
    if args.owner is None:
        others = [o for o in project.owners if o != owner]
        print(f"Reminder: the owner is {owner}, the first team in mkdocs.yml."
              + (f" If another team owns it ({', '.join(others)}), change `owner:` in the front matter." if others else ""))
    print("Next: replace every TODO: line, preview with scripts/serve, then run scripts/check and open a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
