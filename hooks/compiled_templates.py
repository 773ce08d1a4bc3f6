"""Every theme template compiled once per process (site_context.CompiledTemplates), not once per language."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from site_context import COMPILED_TEMPLATES


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = COMPILED_TEMPLATES
    return env
