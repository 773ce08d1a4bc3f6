"""policy_site.page_texts: what a page file holds (digest, stub or not) kept between calls only while the
file is as it was read, never for a file changed within a second of the read; real files in a folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from gitrepo import GitRepo
from policy_site.freshness import FreshnessState, freshness
from policy_site.history import read_history
from policy_site.page_texts import page_text

AWAITING = "---\ntitle: Возврат\ntranslation: awaiting\n---\n# Returns\n"
TRANSLATED = "---\ntitle: Возврат\ntranslation: reviewed\n---\n# Returns\n"  # as many bytes as AWAITING


def settled(path: Path, text: str) -> Path:
    """`path` holding `text`, last changed more than a second ago."""
    path.write_text(text, encoding="utf-8")
    time.sleep(1.1)
    return path


def test_not_a_file_is_none(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    assert page_text(tmp_path / "missing.md") is None
    assert page_text(tmp_path / "folder.md") is None
    assert page_text(tmp_path / "missing" / "ru.md") is None


def test_text_digest_and_awaiting(tmp_path: Path) -> None:
    stub = tmp_path / "stub.md"
    stub.write_bytes(AWAITING.encode("utf-8") + b"\xff\n")
    found = page_text(stub)
    assert found is not None and found.text == AWAITING + "\ufffd\n"
    assert found.awaiting
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntranslation: [awaiting\n---\n", encoding="utf-8")
    assert page_text(broken).awaiting is False  # the validation reports it; it is not a stub
    other = tmp_path / "other.md"
    other.write_text(TRANSLATED, encoding="utf-8")
    assert page_text(other).awaiting is False
    assert page_text(other).digest != found.digest


def test_a_settled_file_is_read_once(tmp_path: Path) -> None:
    path = settled(tmp_path / "ru.md", TRANSLATED)
    first = page_text(path)
    assert first.text == TRANSLATED  # read by this call
    again = page_text(path)
    assert again.text is None and again.digest == first.digest and page_text(path) is again  # not read again
    assert page_text(path, read=True).text == TRANSLATED  # asked for: read


def test_a_file_changed_just_now_is_read_every_time(tmp_path: Path) -> None:
    path = tmp_path / "ru.md"
    path.write_text(TRANSLATED, encoding="utf-8")
    assert page_text(path).text == TRANSLATED
    assert page_text(path).text == TRANSLATED


def test_a_rewrite_of_the_same_size_and_time_is_seen(tmp_path: Path) -> None:
    """An editor's tool that keeps the file's modification time: its change time still moves."""
    path = settled(tmp_path / "ru.md", AWAITING)
    assert page_text(path).awaiting
    kept, kept_digest = os.stat(path), page_text(path).digest
    path.write_text(TRANSLATED, encoding="utf-8")
    os.utime(path, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert os.stat(path).st_size == kept.st_size and os.stat(path).st_mtime_ns == kept.st_mtime_ns
    found = page_text(path)
    assert found.text == TRANSLATED and not found.awaiting and found.digest != kept_digest


@pytest.mark.parametrize("replace", ["rename", "delete"])
def test_a_replaced_or_deleted_file_is_seen(tmp_path: Path, replace: str) -> None:
    path = settled(tmp_path / "ru.md", AWAITING)
    assert page_text(path).awaiting
    if replace == "rename":
        new = tmp_path / "new.md"
        new.write_text(TRANSLATED, encoding="utf-8")
        os.replace(new, path)
        assert page_text(path).text == TRANSLATED and not page_text(path).awaiting
    else:
        path.unlink()
        assert page_text(path) is None


def test_freshness_judges_a_kept_translation_again_after_a_commit(tmp_path: Path) -> None:
    """A translation's file unchanged for a while, a new commit elsewhere: judged anew for the new HEAD,
    from its text (read again for that: its `translation: outdated` mark is in the text only)."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"docs/en/returns.md": "---\ntitle: Returns\n---\n# Returns\n\nWithin 30 days.\n"}, date="2026-01-01")
    marked = "---\ntitle: Возврат\ntranslation: outdated\n---\n# Возврат\n\nWithin 30 days.\n"
    repo.commit({"docs/ru/returns.md": marked}, date="2026-01-02")
    time.sleep(1.1)
    docs = repo.root / "docs"
    assert freshness(docs, "returns.md", "ru", "en", read_history(docs)).state is FreshnessState.OUTDATED
    assert page_text(docs / "ru/returns.md").text is None  # kept: not read again
    repo.commit({"docs/en/contact.md": "---\ntitle: Contact\n---\n# Contact\n"}, date="2026-01-03")
    again = freshness(docs, "returns.md", "ru", "en", read_history(docs))
    assert again.state is FreshnessState.OUTDATED and again.reason.startswith("marked `translation: outdated`")
