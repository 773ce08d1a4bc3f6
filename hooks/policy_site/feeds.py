"""Atom feeds of new policy versions, with feedgen (no MkDocs).

A feed must be byte-identical when the same commit is built twice, so nothing in it depends on the
build's clock: each entry's `updated` is the commit date of the change that started the version and
the feed's `updated` is the newest entry's (a fixed date when there is none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .sanitize import xml_safe

__all__ = ["FeedEntry", "atom_feed"]

EMPTY_FEED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str  # permanent: the version page's absolute URL
    title: str
    link: str  # where a reader goes: the diff, or the version page for a first version
    summary: str
    updated: dt.datetime


def atom_feed(*, feed_id: str, title: str, self_url: str, site_url: str, language: str,
              entries: Iterable[FeedEntry]) -> bytes:
    """The Atom document, newest entry first.

    Every text goes through xml_safe: lxml refuses characters XML cannot carry (a control character
    in a commit subject used as a summary), and one such character must not stop every build.
    """
    ordered = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)
    feed = FeedGenerator()
    feed.id(xml_safe(feed_id))
    feed.title(xml_safe(title))
    feed.link(href=xml_safe(self_url), rel="self", type="application/atom+xml")
    feed.link(href=xml_safe(site_url), rel="alternate", type="text/html")
    feed.language(xml_safe(language))
    feed.generator("policy-site")
    feed.updated(ordered[0].updated if ordered else EMPTY_FEED_DATE)
    for item in ordered:
        entry = feed.add_entry(order="append")
        entry.id(xml_safe(item.id))
        entry.title(xml_safe(item.title))
        entry.link(href=xml_safe(item.link), rel="alternate", type="text/html")
        entry.summary(xml_safe(item.summary))
        entry.updated(item.updated)
        entry.published(item.updated)
    return feed.atom_str(pretty=True)
