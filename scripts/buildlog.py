"""Run the site build for scripts/check and sort what MkDocs logs into the check's categories."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Log lines look like "WARNING -  text"; a message may continue on the following unprefixed lines.
# NOTICE (hooks/build_notices.py) is ours: facts about landed history, never a check finding.
_LEVEL = re.compile(r"^(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL)\s+-\s+(.*)$")
_ABORTED = re.compile(r"^Aborted with ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# (category, pattern): the first match wins. Texts are MkDocs 1.6's and the project hooks' own.
_CATEGORIES = (
    ("front matter", re.compile(r"^Page (?:front matter|content) has ")),
    ("anchors", re.compile(r"does not contain an anchor")),
    ("links", re.compile(r"contains (?:a|an absolute|an unrecognized relative) link")),
    ("navigation", re.compile(r"'nav' configuration|\"nav\" configuration|not included in the nav", re.I)),
    ("uncommitted", re.compile(r"Uncommitted changes in ")),
    # hooks/translation_version.py: a translation claiming another version than the one it follows.
    ("translations", re.compile(r"^\S.*:\d+: effective \S+ does not match the ")),
    ("languages", re.compile(r"is not a language of this site")),  # hooks/language_folders.py
)


@dataclass(frozen=True)
class LogMessage:
    """One WARNING or ERROR message of the build, with the language being built when it was logged."""

    level: str
    text: str
    language: str | None
    category: str  # one of _CATEGORIES' names, or "build" for anything else


@dataclass(frozen=True)
class BuildRun:
    returncode: int
    output: str
    messages: list[LogMessage]


def classify(text: str) -> str:
    """The check category of a build message."""
    for category, pattern in _CATEGORIES:
        if pattern.search(text):
            return category
    return "build"


_BUILDING = re.compile(r"Building '([^']+)' documentation")


def parse_log(output: str) -> list[LogMessage]:
    """WARNING and ERROR messages in build output, each once, in order."""
    messages: list[LogMessage] = []
    seen: set[str] = set()
    current: list[str] | None = None
    level, language = "", None

    def flush() -> None:
        if current is not None:
            text = "\n".join(current).rstrip()
            if text not in seen:
                seen.add(text)
                messages.append(LogMessage(level, text, language, classify(text)))

    for raw in output.splitlines():
        line = _ANSI.sub("", raw)
        match = _LEVEL.match(line)
        if match or _ABORTED.match(line) or not line.strip():
            flush()
            current = None
        if match:
            if match.group(1) in ("WARNING", "ERROR", "CRITICAL"):
                level, current = match.group(1), [match.group(2)]
            elif building := _BUILDING.search(match.group(2)):
                language = building.group(1)
        elif current is not None:
            current.append(line)
    flush()
    return messages


def run_build(project: Path, today: str | None = None, *, docs_dir: Path | None = None, source: str = "en",
              shown_docs: str = "docs") -> BuildRun:
    """Build the whole site (every language) into a temporary directory and collect its messages.

    Strict mode stops at the end of the first language build that warns, hiding the other languages'
    problems; so this build runs with --no-strict and the caller treats every warning as an error.
    With `docs_dir`, link and anchor warnings are rewritten as `docs/<lang>/<page>.md:<line>: …` with
    a fix (the nearest page or heading), read from the pages just built.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("POLICY_SITE_DRAFTS", None)  # the check reports uncommitted pages; it never builds them as drafts
    if today:
        env["POLICY_SITE_TODAY"] = today  # the build judges dates on the same day as the check
    with tempfile.TemporaryDirectory(prefix="policy-site-check-") as site_dir:
        proc = subprocess.run(
            # scripts/engine.py: `mkdocs build`, or ProperDocs' when POLICY_SITE_ENGINE says so.
            [sys.executable, str(Path(__file__).with_name("engine.py")), "build", "--no-strict",
             "-f", str(project / "mkdocs.yml"), "-d", site_dir],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        messages = parse_log(proc.stdout)
        if docs_dir is not None:
            messages = [LogMessage(m.level, explain_link(m.text, docs_dir, Path(site_dir), source, shown_docs) or m.text,
                                   m.language, m.category) for m in messages]
    return BuildRun(proc.returncode, proc.stdout, messages)


# MkDocs 1.6's link warnings, which name the files relative to docs_dir but give no line and no fix.
_MISSING_PAGE = re.compile(r"^Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but the target "
                           r"'(?P<target>[^']+)' is not found among documentation files\.")
_MISSING_ANCHOR = re.compile(r"^Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but the doc "
                             r"'(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'\.")
_OTHER_LINK = re.compile(r"^Doc file '(?P<doc>[^']+)' contains an? (?P<kind>absolute|unrecognized relative) link "
                         r"'(?P<link>[^']+)'")
_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]+)\"")


def _line_of(docs_dir: Path, doc: str, link: str) -> int:
    """1-based line of the first place `doc` mentions `link`, or 1."""
    try:
        lines = (docs_dir / doc).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    for wanted in (f"({link})", f"({link} ", f"]: {link}", link):
        for number, line in enumerate(lines, start=1):
            if wanted in line:
                return number
    return 1


def _nearest(word: str, choices: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return found[0] if found else None


def _built_page(site_dir: Path, target: str, source: str) -> Path:
    """Where the build wrote the page of docs file `target` ('ru/contact.md'), with directory URLs."""
    language, _, rest = target.partition("/")
    prefix = "" if language == source else f"{language}/"
    stem = rest[:-3]
    path = f"{stem[:-5]}index.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
    return site_dir / f"{prefix}{path}"


def explain_link(text: str, docs_dir: Path, site_dir: Path | None, source: str, shown_docs: str = "docs") -> str | None:
    """A link or anchor warning of MkDocs as `docs/<lang>/<page>.md:<line>: …` with a fix, or None."""
    if match := _MISSING_PAGE.match(text):
        doc, link, target = match["doc"], match["link"], match["target"]
        folder = doc.rsplit("/", 1)[0]
        pages = sorted(p.relative_to(docs_dir / folder).as_posix() for p in (docs_dir / folder).rglob("*.md"))
        wanted = link.split("#", 1)[0]
        guess = _nearest(wanted, pages)
        fix = f"did you mean `{guess}`?" if guess else f"link to one of: {', '.join(pages)}"
        return (f"{shown_docs}/{doc}:{_line_of(docs_dir, doc, link)}: link to `{link}`: there is no page "
                f"{shown_docs}/{target}\n    fix: {fix}")
    if match := _MISSING_ANCHOR.match(text):
        doc, link, target, anchor = match["doc"], match["link"], match["target"], match["anchor"]
        anchors: list[str] = []
        if site_dir is not None:
            page = _built_page(site_dir, target, source)
            if page.is_file():
                anchors = list(dict.fromkeys(_ID.findall(page.read_text(encoding="utf-8", errors="replace"))))
        guess = _nearest(anchor, anchors)
        if guess:
            fix = f"did you mean `#{guess}`?"
        elif anchors:
            fix = "link to one of its headings: " + ", ".join(f"#{a}" for a in anchors[:12])
        else:
            fix = "link to a heading of that page, or to the page without #…"
        return (f"{shown_docs}/{doc}:{_line_of(docs_dir, doc, link)}: link to `{link}`: {shown_docs}/{target} "
                f"has no heading with the anchor #{anchor}\n    fix: {fix}")
    if match := _OTHER_LINK.match(text):
        doc, link = match["doc"], match["link"]
        return (f"{shown_docs}/{doc}:{_line_of(docs_dir, doc, link)}: {match['kind']} link `{link}` is not checked "
                "and may break\n    fix: link to the Markdown file relative to this page, e.g. `contact.md#phone`")
    return None
