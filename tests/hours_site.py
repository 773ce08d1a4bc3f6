"""A copy of the project whose contact policy carries the sample's service hours (issue 17 item 5).

sitebuild.copy_project gives every page the front matter of its first version, which had no hours;
`with_hours` commits today's contact policy of every language on top, as a second version.
"""

from __future__ import annotations

from pathlib import Path

from gitrepo import GitRepo
from site_facts import ROOT, locales

CONTACT = "contact.md"
ORIGINAL = (ROOT / "docs" / "en" / CONTACT).read_text(encoding="utf-8")


def contact_texts() -> dict[str, str]:
    """docs path -> today's contact policy of each language in the project."""
    return {f"docs/{lang}/{CONTACT}": (ROOT / "docs" / lang / CONTACT).read_text(encoding="utf-8")
            for lang in locales()}


def with_hours(project: Path, date: str = "2026-11-29") -> GitRepo:
    """Commit today's contact policy (with its service_hours) in every language of `project`."""
    repo = GitRepo(project, init=False)
    repo.commit(contact_texts(), message="Contact policy with its service hours as data", date=date)
    return repo
