"""What hooks/policy_versions.py made for the language being built, shared with hooks/version_diffs.py (not a hook).

Per (docs_dir, language): each policy's entry (its file, plan, texts, blocks and generated files) by
the policy's src_uri, and each generated page's role (page, diff, diff_current; its policy and
version number) by the generated page's src_uri. static-i18n builds one language after another in a
process; policy_versions' on_files replaces both for each.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from site_context import current_language

POLICIES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
GENERATED: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}


def policy_entry(config: MkDocsConfig, page: Page) -> dict[str, Any] | None:
    """The entry of the policy `page` is, in the language being built."""
    return POLICIES.get((config.docs_dir, current_language(config)), {}).get(page.file.src_uri)


def generated_role(config: MkDocsConfig, page: Page) -> dict[str, Any] | None:
    """{role, policy, number} of a generated version or diff page; None for any other page."""
    return GENERATED.get((config.docs_dir, current_language(config)), {}).get(page.file.src_uri)


def entry_of(config: MkDocsConfig, role: dict[str, Any]) -> dict[str, Any]:
    """The entry of the policy a generated page belongs to."""
    return POLICIES[(config.docs_dir, current_language(config))][role["policy"]]


def relative_url(target: File | None, page: Page) -> str | None:
    return get_relative_url(target.url, page.url) if target is not None else None


def keep_converted(entry: dict[str, Any], number: int | None, markdown: str | None, html: str) -> None:
    """Keep `html`, MkDocs' conversion of a page's `markdown`, for the diffs' blocks of version `number`
    (`converted`), if that is exactly the version's text and a diff page compares the version.

    `html` is the page's `content` during on_page_content: MkDocs' own conversion, which it replaces
    with what the page_content events return only once they have all run, so another plugin's change
    to the page never reaches the diffs. MkDocs' additions to the conversion only check links and
    rewrite their targets, never the text a diff compares. A cold build would otherwise convert each
    version's text twice, for its page and for its diffs.
    """
    if number is None or number in entry["blocks"] or number not in entry["bodies"]:
        return
    # static-i18n's on_page_markdown rejoins the lines without the last newline, which Python-Markdown
    # ignores; any other change (a notice, a draft in the working tree) is a different text.
    if markdown is None or markdown.rstrip("\n") != shown_markdown(entry, number).rstrip("\n"):
        return
    compared = set()
    for n, made in entry["pages"].items():
        compared |= {n - 1, n} if "diff" in made else set()
        compared |= {n, entry["plan"].in_force} if "diff_current" in made else set()
    if number in compared:
        entry["html"][number] = html


def shown_markdown(entry: dict[str, Any], number: int) -> str:
    """The Markdown of version `number` as its page converts it: MkDocs drops the blank lines that
    follow the front matter (hooks/blank_pages.py does as MkDocs)."""
    return entry["bodies"][number][1].lstrip("\n")


def converted(entry: dict[str, Any], number: int) -> str | None:
    """The HTML a page of this build made of version `number`'s text (`keep_converted`), given once."""
    return entry["html"].pop(number, None)
