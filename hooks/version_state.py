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
