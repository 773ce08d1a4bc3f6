"""Material's interface texts, each looked up once per language instead of on every use.

Material's partials/language.html answers `lang.t(key)` by building the language's whole table (about
a hundred texts) and the English one as fallback, on every call: some thirty calls a page, a sixth of
the theme's time for a version page. overrides/partials/language.html asks this hook's
`policy_theme_text` instead, which makes Material's own lookup (the language's text, else the English
one, else the key) once per language and key, in the build's environment.
tests/test_theme_texts.py pins that the answers are Material's for every language and key.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# The expression of Material's partials/language.html, with the language as a variable.
_LOOKUP = ('{% import "partials/languages/" ~ language ~ ".html" as lang %}'
           '{% import "partials/languages/en.html" as fallback %}'
           '{{ lang.t(key) or fallback.t(key) or key }}')


def theme_texts(env: Environment) -> Callable[[str, str], Markup]:
    """`policy_theme_text(language, key)` for one Jinja environment (MkDocs makes one each build)."""
    lookup = env.from_string(_LOOKUP)
    found: dict[tuple[str, str], Markup] = {}

    def policy_theme_text(language: str, key: str) -> Markup:
        if (language, key) not in found:
            # Escaped already where the environment escapes: the partial's macro prints it as it is.
            found[(language, key)] = Markup(lookup.render(language=language, key=key))
        return found[(language, key)]

    return policy_theme_text


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["policy_theme_text"] = theme_texts(env)
    return env
