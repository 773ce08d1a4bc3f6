"""Permanent URLs: redirect pages for renamed policies, withdrawn pages for deleted ones (policy_site/permanence.py).

* on_files (before the version pages): each policy deleted for good comes back as a generated page at its
  old URL with its last text, so the version hook gives it its version pages, diffs and feed entries.
* on_nav: every old URL of a renamed policy in this language (page, versions, diffs) gets a redirect.
* on_page_context: the "Withdrawn on <date>" banner, and the hub's list of withdrawn policies.
* on_post_build: the redirect pages, written in this language's own folder (parallel builds merge it).
The build log says once what happened (build_notices: printed with -q, not counted by --strict).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from build_notices import notice
from policy_site import permanence as perm
from policy_site.dates import show_date
from policy_site.history import History, State
from policy_site.messages import messages
from policy_site.past_versions import read_texts
from policy_site.versions import build_versions
from site_context import (HUB_PAGE, build_history, current_language, language_prefix, language_roots, settings,
                          source_language, theme_template)

# Per (docs_dir, language): the withdrawn pages made and the redirects to write.
_withdrawn: dict[tuple[str, str], list[tuple[File, perm.WithdrawnPage, str]]] = {}
_redirects: dict[tuple[str, str], list[tuple[perm.Redirect, File]]] = {}


def _history(config: MkDocsConfig) -> History | None:
    if os.environ.get("POLICY_SITE_HISTORY", "").lower() in ("0", "off", "false", "no") \
            or settings(config).get("history", True) is False:
        return None
    history = build_history(config)
    return history if history.state in (State.COMPLETE, State.SHALLOW) else None


def _shown(config: MkDocsConfig):
    docs = Path(config.docs_dir).resolve()
    project = Path(config.config_file_path or ".").resolve().parent
    folder = docs.relative_to(project).as_posix() if docs.is_relative_to(project) else str(docs)
    return lambda path: f"{folder}/{path}"


def _name(file: File) -> str | None:
    return getattr(file, "norm_src_uri", None) if file.is_documentation_page() else None


@event_priority(-105)  # after static-i18n (-100) chose this language's files, before the version pages (-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language, source = current_language(config), source_language(config)
    key = (config.docs_dir, language)
    _withdrawn[key], _redirects[key] = [], []
    history = _history(config)
    if history is None:
        return files
    say = perm.notice_texts(_shown(config))
    prefix = language_prefix(config, language)
    taken = {name for name in map(_name, files) if name}
    texts = read_texts(history, (w.last_blob for path, w in history.withdrawn.items() if path.endswith(".md")))
    pages, replaced = perm.withdrawn_pages(history, language, source, taken, texts)
    for path, withdrawal in replaced:
        name = path[len(language) + 1:]
        url = perm.url_of(perm.dest_of(name, prefix, config.use_directory_urls))
        notice(say["replaced_withdrawn"](path, withdrawal, url))
    for path, deleted, added, before in perm.readditions(history, language):
        url = perm.url_of(perm.dest_of(path[len(language) + 1:], prefix, config.use_directory_urls))
        notice(say["readded"](path, deleted, added, before, url))
    for name, page in sorted(pages.items()):
        made = perm.withdrawn_markdown(name, texts.get(page.withdrawal.last_blob))
        if made is None:
            continue  # not a policy (or its text is beyond a shallow clone): nothing was published as one
        content, title = made
        file = File.generated(config, page.src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        file.dest_uri = perm.dest_of(name, prefix, config.use_directory_urls)
        file.locale, file.localization, file.norm_src_uri = page.locale, page.locale, name
        file.locale_alternate_of, file.alternates = language, {language: file}  # what static-i18n expects
        file.policy_withdrawn = page  # the version hook treats it as a policy file
        files.append(file)
        _withdrawn[key].append((file, page, title))
        if not page.fallback:
            versions = build_versions(page.src_uri, history.changes(page.src_uri)).current_number or 0
            notice(say["withdrawn"](page, versions, file.url))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    language, source = current_language(config), source_language(config)
    history = _history(config)
    if history is None:
        return nav
    say = perm.notice_texts(_shown(config))
    by_dest = {file.dest_uri: file for file in files}
    page_dests = {name: file.dest_uri for file in files if (name := _name(file))}
    moves = perm.moves_for(history.renamed, language, source)
    wanted, replaced, lost = perm.redirects_for(moves, page_dests, set(by_dest), language_prefix(config, language),
                                                config.use_directory_urls)
    _redirects[(config.docs_dir, language)] = [(r, by_dest[r.new_dest]) for r in wanted]
    for move in moves:
        if move.path.startswith(f"{language}/"):
            count = sum(r.move == move for r in wanted)
            notice(say["not_built"](move) if move in lost else say["renamed"](move, count))
    for redirect in replaced:
        if redirect.old_dest == perm.dest_of(redirect.move.old_name, language_prefix(config, language),
                                             config.use_directory_urls):
            notice(say["replaced_redirect"](redirect, _shown(config)(by_dest[redirect.old_dest].src_uri)))
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language = current_language(config)
    made = _withdrawn.get((config.docs_dir, language)) or []
    if not made:
        return context
    text = messages(language)
    if getattr(page.file, "norm_src_uri", None) == HUB_PAGE and page.file.src_uri.endswith(HUB_PAGE):
        listed = [{"title": title, "url": get_relative_url(file.url, page.url),
                   "date": show_date(withdrawn.withdrawal.date, language)} for file, withdrawn, title in made]
        context["policy_withdrawn"] = {"heading": text["withdrawn_heading"], "withdrawn_on": text["withdrawn_on"],
                                       "policies": sorted(listed, key=lambda p: (p["date"]["iso"], p["title"]),
                                                          reverse=True)}
        return context
    for file, withdrawn, _ in made:
        if page.file is file:  # every language has the name (its own text, or the source's as a fallback)
            path = file.url[len(language_prefix(config, language)):]
            context["policy_alternates"] = {root["lang"]: language_prefix(config, root["lang"]) + path
                                            for root in language_roots(config)}
        if page.file is file or page.url.startswith(f"{file.url}versions/"):
            hub = language_prefix(config, language) or "./"
            context.setdefault("policy_notices", []).insert(0, {
                "id": "policy-withdrawn", "kind": "warning", "title": text["withdrawn_title"],
                "text": text["withdrawn_text"].format(date=show_date(withdrawn.withdrawal.date, language)),
                "link": {"url": get_relative_url(hub, page.url), "title": text["withdrawn_link"],
                         "hreflang": language}})
    return context


def on_post_build(config: MkDocsConfig) -> None:
    language = current_language(config)
    redirects = _redirects.get((config.docs_dir, language)) or []
    if not redirects:
        return
    template = theme_template(config, "policy-redirect.html")
    text = messages(language)
    site = Path(config.site_dir)
    for redirect, target in redirects:  # no file of this build has these paths (on_nav checked)
        path = site / redirect.old_dest
        old_url, new_url = perm.url_of(redirect.old_dest), target.url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(redirect={
            "lang": language, "text": text, "url": get_relative_url(new_url, old_url),
            "canonical": urljoin(config.site_url or "/", new_url),
            "title": target.page.title if target.page and target.page.title else new_url}), encoding="utf-8")
