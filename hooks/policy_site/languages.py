"""Which languages the site can build: folders under docs/ against mkdocs.yml, and the theme's interface text.

In the folder layout every page lives in `docs/<lang>/`. A folder whose language is not configured is
not built as that language (static-i18n skips it, or publishes it as source-language pages when its
name is not a locale), so it is reported instead of being ignored. Material needs
`partials/languages/<code>.html` for every language it renders, or every build fails with
TemplateNotFound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from babel import Locale, UnknownLocaleError

# mkdocs-static-i18n's locale form (its config.RE_LOCALE): 'de', 'pt-BR', 'zh-Hant', 'en_US'.
LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
# What a person may mean as a language folder, e.g. 'tlh' or 'pt-br' (which static-i18n rejects).
_CODE_LIKE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$", re.I)
PARTIALS = Path("partials") / "languages"


@dataclass(frozen=True)
class UnlistedFolder:
    """A folder of docs/ that is not one of the configured languages."""

    path: Path
    shown: str  # e.g. 'docs/xx'

    @property
    def name(self) -> str:
        return self.path.name

    def describe(self) -> str:
        if LOCALE.match(self.name):
            fix = f"scripts/add-language {self.name}, or remove the folder"
        else:
            fix = ("rename it to a language code (e.g. de, pt-BR) and run scripts/add-language with it, "
                   "or move its pages into a language folder, or remove it")
        return (f"{self.shown}/ is not a language of this site (plugins > i18n > languages in mkdocs.yml), "
                f"so its pages are not published as its language\n    fix: {fix}")


def unlisted_folders(docs_dir: Path, configured: Iterable[str], shown_prefix: str = "docs") -> list[UnlistedFolder]:
    """Folders of `docs_dir` that hold pages or are named like a language, but are not configured languages."""
    configured = set(configured)
    found = []
    for path in sorted(p for p in docs_dir.iterdir() if p.is_dir()) if docs_dir.is_dir() else []:
        if path.name in configured or path.name.startswith("."):
            continue
        if _CODE_LIKE.match(path.name) or any(path.rglob("*.md")):
            found.append(UnlistedFolder(path, f"{shown_prefix}/{path.name}"))
    return found


def theme_languages(template_dirs: Iterable[Path]) -> set[str]:
    """Interface languages the theme has a partial for, in any of its template dirs (overrides first)."""
    return {p.stem for d in template_dirs if (d / PARTIALS).is_dir() for p in (d / PARTIALS).glob("*.html")}


def nearest_languages(code: str, available: Iterable[str], limit: int = 5) -> list[str]:
    """Codes of `available` closest to `code`: the same base language (pt-PT: pt, pt-BR), then the same
    language family by Babel's English name (no, Norwegian: nb, nn); English when nothing is close."""
    available = sorted(set(available))
    base = re.split(r"[-_]", code)[0].lower()
    near = [c for c in available if re.split(r"[-_]", c)[0].lower() == base]
    family = _english_name(code).split(" ")[0]
    if family:
        near += [c for c in available if _english_name(c).split(" ")[0] == family]
    if not near and "en" in available:
        near = ["en"]
    return list(dict.fromkeys(near))[:limit]


def _english_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_language_name("en") or ""
    except (UnknownLocaleError, ValueError):
        return ""
