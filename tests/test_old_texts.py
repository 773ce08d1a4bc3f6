"""policy_site.old_texts: an old text made safe and relinked once, reused only while every link target it
asked about is still there (or still missing), never with stale links; a real render cache in a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from policy_site.old_texts import prepared
from policy_site.render_cache import RenderCache

NOTE = "(no longer available)"
TEXT = """---
title: Returns
effective: 2026-03-01
---
# Returns

Ask [our team](contact.md#hours) or read [the old terms](terms-2024.md).

<script>alert(1)</script>
"""


def fresh(text: str, existing: set[str]) -> tuple[dict, str, list[str], list[str]]:
    """What the build makes of the text with no store: made safe and relinked anew."""
    return prepared(text, "en", existing.__contains__, NOTE)


def test_an_old_text_is_reused_while_its_link_targets_are_the_same_and_relinked_when_one_changes(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    before = {"en/contact.md"}
    made = prepared(TEXT, "en", before.__contains__, NOTE, cache)
    assert made == fresh(TEXT, before)
    assert "the old terms (no longer available)" in made[1] and made[3] == ["terms-2024.md"]
    assert any("shown as text" in problem for problem in made[2])  # the script, said on every build
    assert cache.misses["old-text"] == 1 and cache.hits["old-text"] == 0

    again = prepared(TEXT, "en", before.__contains__, NOTE, cache)
    assert again == made and cache.hits["old-text"] == 1
    assert again[0]["effective"] == dt.date(2026, 3, 1)  # front matter values keep their types

    restored = before | {"en/terms-2024.md"}  # the old terms are published again: the link works again
    relinked = prepared(TEXT, "en", restored.__contains__, NOTE, cache)
    assert relinked == fresh(TEXT, restored) and relinked[3] == []
    assert "[the old terms](terms-2024.md)" in relinked[1]
    gone: set[str] = set()  # and the contact page deleted: its link becomes text
    assert prepared(TEXT, "en", gone.__contains__, NOTE, cache) == fresh(TEXT, gone)
    assert prepared(TEXT, "ru", before.__contains__, NOTE, cache)[1] != made[1]  # another folder, other links

    other = TEXT.replace("Ask", "Please ask")  # another text, never the stored one
    assert prepared(other, "en", before.__contains__, NOTE, cache) == fresh(other, before)


def test_an_entry_that_is_not_an_old_text_is_made_anew(tmp_path: Path):
    cache = RenderCache(tmp_path, salt="s")
    existing = {"en/contact.md"}
    prepared(TEXT, "en", existing.__contains__, NOTE, cache)
    (entry,) = [p for p in tmp_path.glob("*/*") if p.is_file()]
    for stored in ("[]", "not json", '{"asked": {}, "body": 1, "found": [], "broken": [], "safe": null}'):
        cache.put(entry.name, stored)  # whole and checksummed, but not what old_texts writes
        assert prepared(TEXT, "en", existing.__contains__, NOTE, cache) == fresh(TEXT, existing)
    assert prepared(TEXT, "en", existing.__contains__, NOTE, RenderCache(None, salt="s")) == fresh(TEXT, existing)
