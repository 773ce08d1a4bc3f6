"""Tell policy_site.dates which Babel locale each language's dates use (`extra.policy_site.locales`)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from policy_site.dates import configure_locales
from site_context import settings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    configure_locales(settings(config).get("locales"))
    return config
