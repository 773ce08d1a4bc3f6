"""Owner names in the reader's language.

Front matter names a policy's owner by its key in mkdocs.yml (`owner: Customer Service`); readers see
the label of that owner in their language from `extra.policy_site.owner_labels`
(`{Customer Service: {ru: Служба поддержки клиентов, ...}}`). The key itself is the source language's
label, and the policy register (source language only) shows it.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping


def owner_label(owner: str, language: str, labels: Mapping[str, Any] | None) -> str:
    """`owner` as readers of `language` see it; the key where no label is given."""
    own = (labels or {}).get(owner)
    label = own.get(language) if isinstance(own, Mapping) else None
    return str(label) if label else owner


def missing_owner_labels(owners: Iterable[str], labels: Mapping[str, Any] | None,
                         languages: Iterable[str]) -> list[tuple[str, str]]:
    """(owner, language) pairs with no label, for a build warning that names what to add."""
    languages = list(languages)
    return [(owner, language) for owner in owners for language in languages
            if owner_label(owner, language, labels) == owner]
