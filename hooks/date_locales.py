"""Tell policy_site.dates which Babel locale each language's dates use (`extra.policy_site.locales`)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from policy_site.dates import configure_locales, unknown_locales
from site_context import settings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    locales = settings(config).get("locales") or {}
    if not isinstance(locales, dict):
        raise PluginError(f"mkdocs.yml: extra.policy_site.locales is {locales!r}\n"
                          "    fix: map languages to Babel locales, e.g. `locales: {en: en_GB}`")
    bad = unknown_locales(locales)
    if bad:
        raise PluginError("mkdocs.yml: extra.policy_site.locales: " + ", ".join(f"{lang}: {code!r}" for lang, code in bad)
                          + " is not a locale Babel knows\n    fix: use a locale such as en_GB, en_IE or pt_BR")
    configure_locales(locales)
    return config
