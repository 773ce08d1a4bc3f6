"""overrides/partials/language.html with hooks/theme_texts.py answers every `lang.t(key)` exactly as
Material's own partials/language.html does: every language Material ships, every key of its tables,
a key no table has, in MkDocs' environment (no autoescape) and an autoescaping one, with the hook and
without it (Material's plugins load the partial in an environment of their own)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import material
import pytest
from markupsafe import Markup
from mkdocs.theme import Theme

from theme_texts import theme_texts

ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).parent / "templates"
LANGUAGES = sorted(p.stem for p in (MATERIAL / "partials" / "languages").glob("*.html"))
KEYS = sorted(set(re.findall(r'^\s*"([^"]+)":', (MATERIAL / "partials/languages/en.html").read_text("utf-8"), re.M)))


def project_env(autoescape: bool) -> jinja2.Environment:
    """The theme's environment as MkDocs makes it from mkdocs.yml (overrides/ first)."""
    env = Theme(name="material", custom_dir=str(ROOT / "overrides")).get_env()
    env.autoescape = autoescape
    return env


def answers(env: jinja2.Environment, language: str) -> list[object]:
    config = SimpleNamespace(theme=SimpleNamespace(language=language))
    module = env.get_template("partials/language.html").make_module({"config": config})  # as base.html: with context
    return [module.t(key) for key in (*KEYS, "no.such.key", "<b>")]


def test_the_tables_are_read() -> None:
    assert len(LANGUAGES) > 50 and {"en", "ru", "be", "th", "et", "lv"} <= set(LANGUAGES)
    assert len(KEYS) > 50 and "action.skip" in KEYS


@pytest.mark.parametrize("autoescape", [False, True])
def test_the_same_texts_as_material(autoescape: bool) -> None:
    material_env = project_env(autoescape).overlay(loader=jinja2.FileSystemLoader(str(MATERIAL)))
    hooked, plain = project_env(autoescape), project_env(autoescape)
    hooked.globals["policy_theme_text"] = theme_texts(hooked)
    assert material_env.get_template("partials/language.html").filename.startswith(str(MATERIAL))
    assert hooked.get_template("partials/language.html").filename.startswith(str(ROOT / "overrides"))
    for language in LANGUAGES:
        expected = answers(material_env, language)
        for env in (hooked, plain):
            found = answers(env, language)
            assert found == expected, language
            assert [type(text) for text in found] == [type(text) for text in expected], language
    assert answers(hooked, "ru")[KEYS.index("action.skip")] == "Перейти к содержанию"
    assert isinstance(answers(hooked, "ru")[0], Markup) is autoescape
