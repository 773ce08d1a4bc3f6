"""What changed in each version, told to customers in their language (no MkDocs).

A version's note is the `change_summary` of the page's own text at that version (its last commit).
Where a translation has none, the source language's summary of the version with the same effective
date is shown, marked with its language. Where neither has one, and for a summary merely carried
over from the previous version, a neutral label: "First published version" for version 1,
"Changes effective <date>" otherwise. Commit subjects and author names never become notes: they
are the editors' record (the policy register and the optional edit log).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .dates import language_name, show_date
from .history import History
from .frontmatter import split_text
from .old_texts import Store
from .past_versions import read_texts
from .versions import PolicyVersions, build_versions

__all__ = ["ChangeNote", "VersionText", "change_notes", "language_note", "notes_by_page", "page_notes", "prefetch", "summaries",
           "summary_of", "version_texts"]

# Blob id -> its change_summary ("" if none): blobs never change, so this holds across builds.
_SUMMARIES: dict[str, str] = {}
_SUMMARIES_LIMIT = 50000


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """The note a customer sees for one version."""

    text: str
    lang: str  # language of `text`
    is_fallback: bool  # the source language's summary, shown to a reader of another language
    is_neutral: bool  # no summary: a label in the reader's language
    language_note: str = ""  # for a fallback, e.g. "(in English)" in the reader's language

    def plain(self) -> str:
        """One line of text, for feeds: a fallback starts with its language note."""
        return f"{self.language_note} {self.text}" if self.is_fallback else self.text


@dataclass(frozen=True, slots=True)
class VersionText:
    """What a note needs of a version: its number, first day in effect and text at its last commit."""

    number: int
    start: dt.date
    blob: str | None


def version_texts(versions: PolicyVersions | Iterable) -> tuple[VersionText, ...]:
    """From `PolicyVersions` or from anything with number/start/blob (past_versions.VersionInfo)."""
    if isinstance(versions, PolicyVersions):
        return tuple(VersionText(v.number, v.in_effect_from, v.revisions[-1].change.blob) for v in versions.versions)
    return tuple(VersionText(v.number, v.start, v.blob) for v in versions)


def summary_of(text: str) -> str:
    """The front matter's change_summary as one line; "" if absent or not text.

    split_text already leaves out a summary longer than the schema allows or holding control
    characters (texts from git were never validated), so only line breaks remain to fold.
    """
    value = split_text(text)[0].get("change_summary")
    return " ".join(value.split()) if isinstance(value, str) else ""


def summaries(history: History, blobs: Iterable[str | None]) -> dict[str, str]:
    """change_summary per blob; the blobs not seen before are read by one cat-file process."""
    wanted = [b for b in dict.fromkeys(blobs) if b]
    found = {b: _SUMMARIES[b] for b in wanted if b in _SUMMARIES}
    missing = [b for b in wanted if b not in found]
    if missing:
        fresh = {b: summary_of(text) for b, text in read_texts(history, missing).items()}
        if len(_SUMMARIES) + len(fresh) > _SUMMARIES_LIMIT:
            _SUMMARIES.clear()
        _SUMMARIES.update(fresh)
        found.update(fresh)
    return found


def prefetch(history: History, folders: Iterable[str], store: Store | None = None) -> None:
    """Read the summaries of every version of every page under `folders` ('en', 'ru') at once.

    With a `store` (a render cache), each folder's summaries are kept between builds as one entry of
    {blob id: summary}. A blob id names one text for good, so no fact in it can go stale (the cache's
    salt covers this code): a build reads from git only the texts committed since, where it read every
    version of every page of the folder, a tenth of a second per language at M.
    """
    wanted: dict[str, list[str]] = {}
    for folder in dict.fromkeys(folders):
        prefix = f"{folder}/"
        wanted[folder] = list(dict.fromkeys(
            version.revisions[-1].change.blob for path, changes in history.files.items() if path.startswith(prefix)
            for version in build_versions(path, changes).versions if version.revisions[-1].change.blob))
    keys = {folder: store.key("change-summaries", folder) for folder in wanted} if store and store.stores else {}
    kept: dict[str, dict[str, str]] = {folder: _stored_summaries(store.get(key)) for folder, key in keys.items()}
    for known in kept.values():
        for blob, summary in known.items():
            _SUMMARIES.setdefault(blob, summary)
    found = summaries(history, (blob for blobs in wanted.values() for blob in blobs))
    for folder, key in keys.items():
        if any(blob not in kept[folder] for blob in wanted[folder]):
            store.put(key, json.dumps({blob: found[blob] for blob in wanted[folder] if blob in found},
                                      ensure_ascii=False, sort_keys=True))


def _stored_summaries(text: str | None) -> dict[str, str]:
    """A stored {blob id: summary} entry; empty if there is none or it is not one (then it is written anew)."""
    try:
        data = json.loads(text) if text is not None else {}
    except ValueError:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}
    return data


def language_note(language: str, source_language: str, text: Mapping[str, str]) -> str:
    """'(in English)' in `language`: its own phrase for the source if it has one, else the general form."""
    phrase = text.get(f"note_in_language_{source_language}")
    if phrase:
        return phrase
    return text["note_in_language"].format(language=language_name(source_language, language))


def _own_summaries(versions: Sequence[VersionText], found: Mapping[str, str]) -> dict[int, str]:
    """Summary per version number; one equal to the previous version's was carried over, so counts as none."""
    out, previous = {}, ""
    for version in versions:
        summary = found.get(version.blob or "", "")
        out[version.number] = summary if summary != previous else ""
        previous = summary
    return out


def change_notes(language: str, versions: Sequence[VersionText], source_language: str,
                 source_versions: Sequence[VersionText], found: Mapping[str, str], text: Mapping[str, str], *,
                 text_language: str | None = None) -> dict[int, ChangeNote]:
    """The note per version number of a page read in `language`.

    `versions` are the page's own versions, whose texts are in `text_language` (the reader's
    language, or the source language when a translation is missing); `source_versions` those of
    the source language's page, matched by effective date. `found` maps blobs to summaries
    (`summaries`), `text` is the reader's interface text.
    """
    text_language = text_language or language
    own = _own_summaries(versions, found)
    by_start: dict[dt.date, str] = {}
    if text_language != source_language:
        source = _own_summaries(source_versions, found)
        for version in source_versions:  # the newest version of a day is the one in effect
            by_start[version.start] = source[version.number]
    marker = language_note(language, source_language, text) if language != source_language else ""
    notes = {}
    for version in versions:
        summary, lang = own[version.number], text_language
        if not summary and by_start.get(version.start):
            summary, lang = by_start[version.start], source_language
        if summary:
            fallback = lang != language
            notes[version.number] = ChangeNote(summary, lang, fallback, False, marker if fallback else "")
        elif version.number == 1:
            notes[version.number] = ChangeNote(text["change_note_first"], language, False, True)
        else:
            day = show_date(version.start, language)
            notes[version.number] = ChangeNote(text["change_note_effective"].format(date=day), language, False, True)
    return notes


def notes_by_page(history: History, language: str, source_language: str,
                  pages: Mapping[str, tuple[Sequence[VersionText], str]], text: Mapping[str, str], *,
                  text_language: str | None = None) -> dict[str, dict[int, ChangeNote]]:
    """`change_notes` of several pages of one language, their summaries read in one pass.

    `pages` maps a page (src_uri) to (its versions, the source language's page for it).
    """
    theirs: dict[str, Sequence[VersionText]] = {}
    for src_uri, (own, source_uri) in pages.items():
        theirs[src_uri] = own if source_uri == src_uri else \
            version_texts(build_versions(source_uri, history.changes(source_uri)))
    found = summaries(history, (v.blob for uri, (own, _) in pages.items() for v in (*own, *theirs[uri])))
    return {uri: change_notes(language, own, source_language, theirs[uri], found, text, text_language=text_language)
            for uri, (own, _) in pages.items()}


def page_notes(history: History, src_uri: str, source_src_uri: str, language: str, source_language: str,
               text: Mapping[str, str], *, text_language: str | None = None) -> dict[int, ChangeNote]:
    """`change_notes` for one page from the history (`prefetch` first to read all texts at once)."""
    own = version_texts(build_versions(src_uri, history.changes(src_uri)))
    return notes_by_page(history, language, source_language, {src_uri: (own, source_src_uri)}, text,
                         text_language=text_language)[src_uri]
