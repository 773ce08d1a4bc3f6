"""Permanent URLs: old names of renamed policies redirect, deleted policies stay as withdrawn (no MkDocs).

A policy's URLs come from its file name (URL scheme in past_versions.py). When the file is renamed,
every URL it had in a language (the page, each version page and diff) gets a redirect page to the same
page under the new name. When it is deleted for good, its last text is published at its old URL as a
*withdrawn* policy, with all its versions. A language without its own file follows the source
language's rename or withdrawal, as it followed the source page before. A real page at an old URL
always wins over a redirect or a withdrawn text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

import yaml

from .history import History, Rename, Withdrawal
from .frontmatter import split_text
from .sanitize import shorten
from .translation_status import is_awaiting
from .validation import is_policy

__all__ = ["Move", "Redirect", "WithdrawnPage", "dest_of", "moves_for", "notice_texts", "readditions",
           "redirects_for", "url_of", "withdrawn_markdown", "withdrawn_pages"]

def dest_of(name: str, prefix: str = "", use_directory_urls: bool = True) -> str:
    """Where MkDocs writes page `name` ('returns.md') of a language living at `prefix` ('', 'ru/')."""
    stem, _ = posixpath.splitext(name)
    folder, base = posixpath.split(stem)
    if base in ("index", "README"):
        dest = posixpath.join(folder, "index.html")
    elif use_directory_urls:
        dest = posixpath.join(stem, "index.html")
    else:
        dest = stem + ".html"
    return prefix + dest


def url_of(dest_uri: str) -> str:
    """Site-relative URL of a destination file ('returns/index.html' -> 'returns/')."""
    return dest_uri[: -len("index.html")] if dest_uri.endswith("index.html") else dest_uri


@dataclass(frozen=True, slots=True)
class WithdrawnPage:
    """A deleted policy as one language shows it at its old URL."""

    name: str  # language-free name, 'gift-cards.md'
    src_uri: str  # the deleted file whose text is shown, e.g. 'en/gift-cards.md' for a fallback
    withdrawal: Withdrawal
    locale: str  # the language of that text
    fallback: bool  # the source language's text, in a language that had no translation of its own


def withdrawn_pages(history: History, language: str, source: str, taken: Collection[str],
                    texts: Mapping[str, str]) -> tuple[dict[str, WithdrawnPage], list[tuple[str, Withdrawal]]]:
    """The withdrawn policies `language` shows, by name, and [(deleted path, withdrawal)] a page replaced.

    `taken`: names this language's build already has a page for (its own file or the source's);
    `texts`: blob id -> text of the withdrawals' last blobs (a stub awaiting translation shows the
    source's text instead, as it did before).
    """
    pages: dict[str, WithdrawnPage] = {}
    replaced: list[tuple[str, Withdrawal]] = []
    for folder in dict.fromkeys((language, source)):
        for path, withdrawal in history.withdrawn.items():
            if not path.startswith(f"{folder}/") or not path.endswith(".md"):
                continue  # another language, or not a page (an image has no page to keep)
            name = path[len(folder) + 1:]
            if name in taken:
                if folder == language:
                    replaced.append((path, withdrawal))
                continue
            own = folder == language and not is_awaiting(texts.get(withdrawal.last_blob, ""))
            if name in pages or (folder == language and not own and f"{source}/{name}" in history.withdrawn
                                 and language != source):
                continue  # the language's own text wins; an awaiting stub yields to the source text
            pages[name] = WithdrawnPage(name, path, withdrawal, folder, folder != language)
    return pages, replaced


def withdrawn_markdown(name: str, text: str | None) -> tuple[str, str] | None:
    """(Markdown of the withdrawn page, its title) from the policy's last text; None if it was no policy."""
    if text is None:
        return None
    meta, body = split_text(text)
    if not is_policy(name, meta):
        return None
    meta.pop("review_by", None)  # nobody reviews a withdrawn policy any more
    meta["search"] = {"exclude": True}  # the record stays at its URL, but search finds policies that apply
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n{body}", str(meta.get("title") or name)


@dataclass(frozen=True, slots=True)
class Move:
    """An old page name of the language being built and the page its URLs now lead to."""

    old_name: str
    new_name: str
    path: str  # the renamed file, e.g. 'en/returns.md' (the source's, for a language following it)
    rename: Rename


def moves_for(renamed: Mapping[str, Rename], language: str, source: str) -> list[Move]:
    """Renames that apply to `language`: its own, else the source language's (it showed the source page)."""
    moves: dict[str, Move] = {}
    for folder in dict.fromkeys((source, language)):  # the language's own renames override
        for old, rename in renamed.items():
            if old.startswith(f"{folder}/") and rename.new_path.startswith(f"{folder}/") and old.endswith(".md"):
                old_name, new_name = old[len(folder) + 1:], rename.new_path[len(folder) + 1:]
                moves[old_name] = Move(old_name, new_name, old, rename)
    return [moves[name] for name in sorted(moves)]


@dataclass(frozen=True, slots=True)
class Redirect:
    old_dest: str  # 'returns/versions/2/index.html'
    new_dest: str  # 'returns-and-exchanges/versions/2/index.html'
    move: Move


def redirects_for(moves: Iterable[Move], page_dests: Mapping[str, str], dests: Collection[str], prefix: str,
                  use_directory_urls: bool = True,
                  ) -> tuple[list[Redirect], list[Redirect], list[Move]]:
    """(redirects to write, redirects a real file replaces, moves whose new page is not built).

    `page_dests`: name -> dest_uri of the pages in this build; `dests`: every dest_uri in it (version
    pages included). Each file under the new page's folder (its versions and diffs) gets the same
    path under the old one.
    """
    wanted, replaced, lost = [], [], []
    ordered = sorted(d for d in dests if d.endswith("index.html"))
    for move in moves:
        new_dest = page_dests.get(move.new_name)
        if new_dest is None:
            lost.append(move)
            continue
        old_dest = dest_of(move.old_name, prefix, use_directory_urls)
        pairs = [(old_dest, new_dest)]
        if new_dest.endswith("/index.html") and old_dest.endswith("/index.html"):
            new_base, old_base = new_dest[: -len("index.html")], old_dest[: -len("index.html")]
            pairs += [(old_base + d[len(new_base):], d) for d in ordered if d.startswith(new_base + "versions/")]
        for old, new in pairs:
            (replaced if old in dests else wanted).append(Redirect(old, new, move))
    return wanted, replaced, lost


def readditions(history: History, language: str) -> list[tuple[str, str, str, int]]:
    """[(path, deleting commit, re-adding commit, versions before)] of `language`'s files deleted and added again.

    Their history runs on across the gap (as `git log --follow` does), so the old versions keep their
    numbers and URLs under the new text; the build says so.
    """
    from .versions import build_versions

    found = []
    for path, changes in history.files.items():
        if not path.startswith(f"{language}/"):
            continue
        for i, change in enumerate(changes):
            if change.status == "D" and i > 0:
                before = build_versions(path, changes[i + 1:]).current_number or 0
                found.append((path, change.commit, changes[i - 1].commit, before))
                break  # the newest gap is the one readers notice
    return found


def notice_texts(shown: Callable[[str], str]) -> dict[str, Callable[..., str]]:
    """Build log sentences; `shown` turns a docs-relative path into the path editors know ('docs/en/a.md')."""
    def renamed(move: Move, count: int) -> str:
        r = move.rename
        return (f"{shown(move.path)} was renamed to {shown(r.new_path)} in commit {r.commit[:7]} "
                f"(\"{shorten(r.subject, 71)}\"): "
                + (f"{count} old URLs redirect" if count != 1 else "1 old URL redirects") + " to the new ones")

    def withdrawn(page: WithdrawnPage, versions: int, url: str) -> str:
        w = page.withdrawal
        return (f"{shown(page.src_uri)} was deleted in commit {w.commit[:7]} on {w.date.date().isoformat()}: "
                f"withdrawn; its {versions} version{'s' if versions != 1 else ''} stay at /{url}")

    def replaced_withdrawn(path: str, w: Withdrawal, url: str) -> str:
        return (f"{shown(path)} was deleted in commit {w.commit[:7]} on {w.date.date().isoformat()}, but a page "
                f"has that name again: /{url} shows the page, not the withdrawn text")

    def replaced_redirect(redirect: Redirect, by: str) -> str:
        r = redirect.move.rename
        return (f"/{url_of(redirect.old_dest)} is served by {by}, so it does not redirect to "
                f"/{url_of(redirect.new_dest)} ({shown(redirect.move.path)} was renamed in commit {r.commit[:7]})")

    def not_built(move: Move) -> str:
        r = move.rename
        return (f"{shown(move.path)} was renamed to {shown(r.new_path)} in commit {r.commit[:7]}, which is not a "
                f"page of this build: its old URLs are not redirected")

    def readded(path: str, deleted: str, added: str, before: int, url: str) -> str:
        return (f"{shown(path)} was deleted in commit {deleted[:7]} and added again in commit {added[:7]}: "
                f"/{url} shows the new text; its {before} earlier version{'s' if before != 1 else ''} "
                f"keep their numbers under /{url}versions/")

    return {"renamed": renamed, "withdrawn": withdrawn, "replaced_withdrawn": replaced_withdrawn,
            "replaced_redirect": replaced_redirect, "readded": readded, "not_built": not_built}
