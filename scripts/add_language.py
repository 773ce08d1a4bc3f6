"""scripts/add-language: start a new language. Creates docs/<code>/ with every source page as a stub
awaiting translation (readers see the source page with a notice until it is translated), a
messages/<code>.yml stub for the interface text, and the language's entry in mkdocs.yml (comments,
order and everything else byte-identical). Refuses, changing nothing, when it cannot.

Only codes that build are accepted: mkdocs-static-i18n's locale form, known to Babel (dates), and one
Material has interface text for (partials/languages/<code>.html), or, with --theme-language, a partial
written to the theme's custom_dir that shows Material's interface in a language it has."""

from __future__ import annotations

import argparse
import importlib.util
import io
import re
import shutil
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.tokens import CommentToken

from project import Project, load_project  # also puts hooks/ on sys.path
from policy_site.languages import LOCALE, PARTIALS, nearest_languages, theme_languages
from policy_site.messages import FALLBACK, MESSAGES_DIR
from policy_site.translation_status import AWAITING_VALUE, source_pages

MARK = f"translation: {AWAITING_VALUE}  # until translated, readers see the source-language page\n"
THEME_PARTIAL = Path(__file__).with_name("templates") / "theme_language.html"
_FRONT = re.compile(r"\A(---[ \t]*\n)(.*?\n)?((?:---|\.\.\.)[ \t]*(?:\n|\Z))", re.S)


class Refused(Exception):
    """Why the command did nothing."""


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    pages: dict[str, str]  # relative page -> stub text
    messages_path: Path
    messages_text: str
    config_text: str
    theme_partial: tuple[Path, str] | None = None  # (path, text) with --theme-language


def babel_locale(code: str) -> Locale:
    """Babel's locale for a site language code such as 'de' or 'pt-BR', or Refused."""
    if not LOCALE.match(code):
        raise Refused(f"'{code}' is not a language code the site can use: use a two-letter ISO 639-1 code such "
                      "as de, fr or uk, optionally with a script or region, e.g. zh-Hant or pt-BR")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise Refused(f"'{code}' is not a language Babel knows (so dates could not be shown in it); "
                      "check the code, e.g. de for German, uk for Ukrainian") from None


def material_templates() -> Path:
    spec = importlib.util.find_spec("material")
    return Path(spec.submodule_search_locations[0]) / "templates"


def theme_partial(project: Project, code: str, name: str, fallback: str | None) -> tuple[Path, str] | None:
    """None when the theme has `code`'s interface text; else the partial for --theme-language, or Refused."""
    custom = (yaml_mapping(project.config_text).get("theme") or {}).get("custom_dir")
    custom_dir = project.root / custom if custom else None
    available = theme_languages([d for d in (custom_dir, material_templates()) if d is not None])
    if code in available:
        if fallback:
            raise Refused(f"the theme has interface text for '{code}' already; leave out --theme-language")
        return None
    if not fallback:
        near = ", ".join(nearest_languages(code, available)) or "en"
        raise Refused(f"Material for MkDocs has no interface text for '{code}' (partials/languages/{code}.html), "
                      f"so every build would fail with TemplateNotFound.\n    fix: use a code it has (nearest: {near}), "
                      f"or add --theme-language <code> to show its interface (search, navigation buttons) in a "
                      f"language it has, e.g. --theme-language {near.split(', ')[0]}; pages and policy-site's own "
                      f"text stay in {name}")
    if fallback not in available:
        near = ", ".join(nearest_languages(fallback, available)) or "en"
        raise Refused(f"--theme-language {fallback}: Material has no interface text for it either (nearest: {near})")
    if custom_dir is None:
        raise Refused("--theme-language needs theme.custom_dir in mkdocs.yml (the overrides folder) to hold "
                      f"partials/languages/{code}.html")
    path = custom_dir / PARTIALS / f"{code}.html"
    text = string.Template(THEME_PARTIAL.read_text(encoding="utf-8")).substitute(code=code, name=name,
                                                                                fallback=fallback)
    return path, text


def yaml_mapping(text: str) -> dict:
    data = _yaml().load(text)
    return data if isinstance(data, dict) else {}


def stub_text(source_text: str) -> str:
    """The source page with `translation: awaiting` as the last front matter line."""
    text = source_text.lstrip("\ufeff")
    match = _FRONT.match(text)
    if match is None:
        return f"---\n{MARK}---\n\n{text}"
    return f"{match.group(1)}{match.group(2) or ''}{MARK}{match.group(3)}{text[match.end():]}"


def messages_stub(code: str, name: str) -> str:
    english = (MESSAGES_DIR / f"{FALLBACK}.yml").read_text(encoding="utf-8")
    header = (f"# Interface text of policy-site in {name} ({code}), started by scripts/add-language.\n"
              f"# Every key below is still the {FALLBACK} text, commented out: until a line is translated\n"
              f"# and uncommented, the site shows the {FALLBACK} text. Keep {{placeholders}} as they are.\n")
    lines = english.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)  # the English file's own header
    lines = [line if not line.strip() or line.startswith("#") else f"# {line}" for line in lines]
    return header + "\n".join(lines) + "\n"


def _yaml() -> YAML:
    yml = YAML()
    yml.preserve_quotes = True
    yml.width = 10**6
    yml.indent(mapping=2, sequence=4, offset=2)
    return yml


def _nav_labels(nav: object) -> list[str]:
    """Explicit labels in the nav (`Label: page.md` or `Label: [...]`), in order."""
    labels: list[str] = []
    if isinstance(nav, list):
        for item in nav:
            labels += _nav_labels(item)
    elif isinstance(nav, dict):
        for key, value in nav.items():
            labels.append(str(key))
            labels += _nav_labels(value)
    return list(dict.fromkeys(labels))


def _trailing_comment(seq: list, index: int) -> tuple[list | None, int]:
    """Where ruamel keeps the comment after item `index` of `seq`: (comment list, slot), deepest first."""
    item = seq[index]
    if isinstance(item, dict) and item:
        key = list(item)[-1]
        if isinstance(item[key], (list, dict)) and item[key]:
            return _trailing_comment(item[key], len(item[key]) - 1) if isinstance(item[key], list) \
                else _trailing_comment([item[key]], 0)
        return item.ca.items.get(key), 2
    return seq.ca.items.get(index), 0


def add_to_config(config_text: str, code: str, name: str) -> str:
    """mkdocs.yml with the language appended to the i18n languages, every other byte unchanged."""
    yml = _yaml()
    data = yml.load(config_text)
    i18n = next((p["i18n"] for p in data.get("plugins") or [] if isinstance(p, dict) and "i18n" in p), None)
    if i18n is None or not isinstance(i18n.get("languages"), list):
        raise Refused("mkdocs.yml has no `i18n` plugin with a `languages:` list; add the language by hand")
    languages = i18n["languages"]
    entry = CommentedMap([("locale", code), ("name", name), ("build", True)])
    # The header, page titles, feeds and search results show these: copies to translate, like nav_translations.
    for key in ("site_name", "site_description"):
        if isinstance(data.get(key), str):
            entry[key] = data[key]
    labels = _nav_labels(data.get("nav"))
    if labels:
        entry["nav_translations"] = CommentedMap((label, label) for label in labels)
    last = len(languages) - 1
    languages.append(entry)
    # ruamel keeps blank lines and comments after the last item as that item's comment: hand them on
    # to the new last item, so the new entry goes right after the old one.
    holder, slot = _trailing_comment(languages, last)
    token = holder[slot] if holder else None
    if isinstance(token, CommentToken):
        comment, _, blank = token.value.partition("\n")
        holder[slot] = CommentToken(comment + "\n", token.start_mark) if comment.strip() else None
        if blank:
            tail = CommentToken("\n" + blank, token.start_mark)
            target = entry["nav_translations"] if labels else entry
            target.ca.items[list(target)[-1]] = [None, None, tail, None]
    out = io.StringIO()
    yml.dump(data, out)
    result = out.getvalue()
    if not _only_inserted(config_text, result):
        raise Refused("mkdocs.yml could not be updated without reformatting it; add the language to "
                      "plugins > i18n > languages by hand")
    return result


def _only_inserted(before: str, after: str) -> bool:
    """True when `after` is `before` with one block of lines inserted and nothing else changed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = len(new) - len(old)
    if added <= 0:
        return False
    start = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), len(old))
    return new[:start] + new[start + added:] == old


def plan(project: Project, code: str, name: str | None, theme_language: str | None = None) -> Plan:
    """Work out every change, or raise Refused; nothing is written here."""
    locale = babel_locale(code)
    if code in project.languages:
        raise Refused(f"'{code}' ({project.languages[code]}) is already a language of this site "
                      "(plugins > i18n > languages in mkdocs.yml)")
    folder = project.docs_dir / code
    if folder.exists():
        raise Refused(f"{project.shown(folder)} already exists; remove it or add the language to mkdocs.yml by hand")
    partial = theme_partial(project, code, locale.get_display_name("en") or code, theme_language)
    if partial and partial[0].exists():
        raise Refused(f"{project.shown(partial[0])} already exists; remove it first")
    messages_path = project.root / MESSAGES_DIR.relative_to(MESSAGES_DIR.parents[2]) / f"{code}.yml"
    if messages_path.exists():
        raise Refused(f"{project.shown(messages_path)} already exists; remove it first")
    name = (name or locale.get_display_name(locale) or code).strip()
    name = name[:1].upper() + name[1:]
    if not name:
        raise Refused("--name must not be empty")
    source = project.docs_dir / project.source
    pages = {page: stub_text((source / page).read_text(encoding="utf-8")) for page in source_pages(project.docs_dir, project.source)}
    return Plan(code, name, pages, messages_path, messages_stub(code, name),
                add_to_config(project.config_text, code, name), partial)


def apply(project: Project, result: Plan) -> None:
    folder = project.docs_dir / result.code
    try:
        for page, text in result.pages.items():
            target = folder / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        result.messages_path.write_text(result.messages_text, encoding="utf-8")
        if result.theme_partial:
            result.theme_partial[0].parent.mkdir(parents=True, exist_ok=True)
            result.theme_partial[0].write_text(result.theme_partial[1], encoding="utf-8")
        project.config_path.write_text(result.config_text, encoding="utf-8")  # last: the others are inert
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        result.messages_path.unlink(missing_ok=True)
        if result.theme_partial:
            result.theme_partial[0].unlink(missing_ok=True)
        project.config_path.write_text(project.config_text, encoding="utf-8")
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/add-language", description=__doc__.split("\n")[0])
    parser.add_argument("code", help="language code, e.g. de, uk or pt-BR")
    parser.add_argument("--theme-language", metavar="CODE",
                        help="when Material has no interface text for the language: show its interface "
                             "(search, navigation buttons) in this language it has, e.g. en")
    parser.add_argument("--name", help="the language's name in itself, e.g. Deutsch (default: from Babel)")
    args = parser.parse_args(argv)
    project = load_project()
    try:
        result = plan(project, args.code, args.name, args.theme_language)
    except Refused as why:
        print(f"error: {why}\nNothing was changed.", file=sys.stderr)
        return 1
    apply(project, result)
    print(f"Added {result.name} ({result.code}):\n"
          f"  {project.shown(project.docs_dir / result.code)}/  {len(result.pages)} page(s) awaiting translation\n"
          f"  {project.shown(result.messages_path)}  interface text to translate\n"
          f"  mkdocs.yml  the language, with site_name, site_description and nav_translations to translate\n"
          f"  then add `{result.code}: <name>` under each owner of extra.policy_site.owner_labels in mkdocs.yml\n"
          + (f"  {project.shown(result.theme_partial[0])}  Material's interface in {args.theme_language}, "
             "to translate key by key\n" if result.theme_partial else "") +
          "Next: translate a page and delete its `translation: awaiting` line; scripts/translation-status "
          "shows what is left. Commit, then scripts/build.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
