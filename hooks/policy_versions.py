"""A page per version of every policy, diffs between versions, and the text in force on the current page.

For each language build (static-i18n runs one per language), on_files adds generated pages next to
each policy of that language (URL scheme in policy_site/past_versions.py). The generated Markdown
files pretend to live in the policy's own folder (`en/returns.v2.md`), so MkDocs resolves the old
text's relative links exactly as it did for the original; only their output paths are deeper. Links
whose target no longer exists become plain text, so an old text cannot fail a --strict build.
The body of a diff page is made by hooks/version_diffs.py; both hooks share what on_files made
through hooks/version_state.py.

When the newest version is still upcoming, the policy page shows the version in force today and a
notice pointing to the upcoming one. The site must therefore be rebuilt daily (see README).
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.change_notes import notes_by_page, version_texts
from policy_site.dates import today
from policy_site.frontmatter import split_text
from policy_site.history import History, State
from policy_site.messages import messages
from policy_site.past_versions import CATALOG, CatalogEntry, LanguagePlans, PolicyPlan, plan_policy, published_texts, \
    read_texts
from policy_site.record import shown_notes
from policy_site.validation import is_policy
from policy_site.version_pages import alternates, generated_pages, policy_versions_context, \
    upcoming_changes, upcoming_notices, version_banner
from blank_pages import blank_aware
from build_notices import notice
from site_context import (HUB_PAGE, build_history, build_state, current_language, full_versions, language_prefix,
                          language_roots, made_by_hooks, render_cache, settings, source_language, theme_template)
from stored_fragments import store_text, stored_text, text_key
from version_state import GENERATED, POLICIES, entry_of, generated_role, keep_converted, policy_entry, relative_url

log = get_plugin_logger("policy_versions")

# docs_dir -> every language's plans, for the language switchers of version and diff pages.
_plans: dict[str, LanguagePlans] = {}


def enabled(config: MkDocsConfig) -> bool:
    if os.environ.get("POLICY_SITE_HISTORY", "").lower() in ("0", "off", "false", "no"):
        return False
    site = settings(config)
    return site.get("history", True) is not False and site.get("versions", True) is not False


def _generate(config: MkDocsConfig, src_uri: str, dest_uri: str, meta: dict[str, Any], text: str) -> File:
    file = File.generated(config, src_uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = dest_uri
    # Diff pages, and version pages stored before, skip Python-Markdown; the front matter is not YAML.
    return blank_aware(file, config, meta)


def _stored_text(config: MkDocsConfig, page: Page, role: dict[str, Any]) -> tuple[str, Any] | None:
    """(html, toc) of a version page's text as an earlier build rendered it; looked up once per page."""
    if "stored" not in role:
        entry = entry_of(config, role)
        role["key"] = text_key(render_cache(config), page.url, entry["bodies"][role["number"]][1])
        role["stored"] = stored_text(render_cache(config), role["key"])
    return role["stored"]


def _policy_files(files: Files, language: str) -> list[tuple[File, dict[str, Any]]]:
    found = []
    for file in files.documentation_pages():
        if made_by_hooks(file) or getattr(file, "locale", language) != language:
            continue  # generated (but for a withdrawn policy), or another language's page standing in
        if not file.src_uri.startswith(f"{language}/") and getattr(file, "localization", None):
            continue
        meta, _ = split_text(file.content_string)
        if is_policy(file.src_uri, meta) and meta.get("history") is not False:
            found.append((file, meta))
    return found


@event_priority(-110)  # after static-i18n (-100) chose this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language = current_language(config)
    key = (config.docs_dir, language)
    # static-i18n builds one language after another in this process: the previous language's texts,
    # blocks and stored pages are no longer needed, and at L they cost hundreds of MB.
    POLICIES.clear()
    GENERATED.clear()
    POLICIES[key], GENERATED[key] = {}, {}
    CATALOG.pop((config.site_dir, language), None)
    render_cache(config).reset()  # count this language's entries, its old texts (below) included
    if not enabled(config):
        return files
    history: History = build_history(config)
    if history.state not in (State.COMPLETE, State.SHALLOW):
        return files
    day = today()
    full = full_versions(config)
    _plans.setdefault(config.docs_dir, LanguagePlans()).renew(history, day, full)
    text = messages(language)
    plans: list[tuple[File, dict[str, Any], PolicyPlan]] = []
    for file, meta in _policy_files(files, language):
        plan = plan_policy(file.src_uri, history, day, full)
        if plan.versions:
            plans.append((file, meta, plan))
    texts = read_texts(history, (v.blob for _, _, plan in plans for v in plan.versions))
    source = source_language(config)
    notes = notes_by_page(history, language, source, {
        file.src_uri: (version_texts(plan.versions), f"{source}/{getattr(file, 'norm_src_uri', file.src_uri)}")
        for file, _, plan in plans}, text)

    def exists(path: str) -> bool:
        return files.get_file_from_path(path) is not None

    cache = render_cache(config)  # old texts made safe and relinked by an earlier build (old_texts.prepared)
    catalog = []
    for file, meta, plan in plans:
        folder = posixpath.dirname(file.src_uri)
        stem = PurePosixPath(file.src_uri).stem
        published = published_texts(file.src_uri, plan, texts, history, exists, text["version_link_gone"], cache)
        for problem in published.problems:  # landed history: said once, never fails the build
            notice(problem)
        for line in published.dead_links:
            log.info(line)
        bodies = published.bodies
        entry = {"file": file, "plan": plan, "bodies": bodies, "blocks": {}, "html": {}, "pages": {},
                 "title": meta.get("title") or stem,
                 "record": shown_notes(history, file.src_uri, source_language(config), text, language)}
        for n, pages in generated_pages(plan, bodies, folder, stem, file.dest_uri, entry["title"], text).items():
            made: dict[str, File] = {}
            for spec in pages:
                made[spec.role] = _generate(config, spec.src_uri, spec.dest_uri, spec.meta, spec.body)
                files.append(made[spec.role])
                GENERATED[key][spec.src_uri] = {"role": spec.role, "policy": file.src_uri, "number": n}
            entry["pages"][n] = made
        POLICIES[key][file.src_uri] = entry
        entry["notes"] = notes[file.src_uri]
        catalog.append(CatalogEntry(file.src_uri, entry["title"], file.url, plan, entry["notes"],
                                    {n: {role: f.url for role, f in made.items()} for n, made in entry["pages"].items()}))
    CATALOG[(config.site_dir, language)] = catalog
    return files


def on_post_build(config: MkDocsConfig) -> None:
    cache = render_cache(config)
    if cache.corrupt:  # a damaged entry is rendered anew, never served; worth a line in the log
        log.info(f"{len(cache.corrupt)} damaged cache entries in {cache.folder} were rendered anew")
    if cache.hits or cache.misses:
        hits, misses = cache.hits, cache.misses
        log.info(f"{current_language(config)}: {hits['diff']} diff pages from the cache, {misses['diff']} rendered; "
                 f"whole pages {hits['page']} and {misses['page']}, version texts {hits['version-text']} and "
                 f"{misses['version-text']}, translation diffs {hits['translation-diff']} and "
                 f"{misses['translation-diff']}, page texts {hits['markdown']} and {misses['markdown']}, "
                 f"old texts {hits['old-text']} and {misses['old-text']}")


@event_priority(10)  # before other hooks add notices to the body
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    entry = policy_entry(config, page)
    if entry is None:
        role = generated_role(config, page)
        if role is not None and role["role"] == "page" and _stored_text(config, page, role) is not None:
            return ""  # rendered before: on_page_content puts the stored HTML back
        return markdown
    plan: PolicyPlan = entry["plan"]
    latest = plan.latest
    if latest.status == "upcoming" and plan.in_force and plan.in_force in entry["bodies"]:
        return entry["bodies"][plan.in_force][1]  # the text in force today; the notice says what comes
    return markdown


def _page_urls(entry: dict[str, Any], page: Page) -> dict[int, dict[str, str | None]]:
    """The policy's generated pages, by version and role, relative to `page`."""
    return {n: {role: relative_url(file, page) for role, file in made.items()} for n, made in entry["pages"].items()}


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language = current_language(config)
    text = messages(language)
    if getattr(page.file, "norm_src_uri", None) == HUB_PAGE:
        changes = upcoming_changes(CATALOG.get((config.site_dir, language), []), language,
                                   lambda url: get_relative_url(url, page.url))
        context["policy_upcoming_changes"] = {"heading": text["upcoming_changes_heading"],
                                              "takes_effect_on": text["takes_effect_on"], "changes": changes}
    entry = policy_entry(config, page)
    if entry is not None:
        urls = _page_urls(entry, page)
        context["policy_versions"] = policy_versions_context(entry["plan"], urls, language, text)
        notices = upcoming_notices(entry["plan"], urls, entry["notes"], entry["record"], language, text)
        if notices:
            context.setdefault("policy_notices", []).extend(notices)
        return context
    role = generated_role(config, page)
    if role is None:
        return context
    entry = entry_of(config, role)
    context["policy_alternates"] = _alternates(config, entry["file"], role)
    if role["role"] == "page":
        version = entry["plan"].get(role["number"])
        context.setdefault("policy_notices", []).insert(0, version_banner(
            version, entry["notes"].get(version.number), entry["record"].get(version.number, []),
            relative_url(entry["file"], page), language, text))
    return context


def _alternates(config: MkDocsConfig, policy: File, role: dict[str, Any]) -> dict[str, str]:
    """For a version or diff page: the same page in each language that has it, else that language's policy."""
    plans, docs = _plans[config.docs_dir], Path(config.docs_dir)
    name, source = getattr(policy, "norm_src_uri", policy.src_uri), source_language(config)

    def plan_for(lang: str) -> PolicyPlan:
        return plans.plan(f"{lang}/{name}", f"{source}/{name}", lambda page: (docs / page).is_file())

    roots = [(root["lang"], language_prefix(config, root["lang"])) for root in language_roots(config)]
    policy_url = policy.url[len(language_prefix(config, current_language(config))):]
    return alternates(roots, policy_url, role["number"], role["role"], plan_for)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A version page's text, from the render cache when an earlier build stored it (diffs: version_diffs.py)."""
    entry = policy_entry(config, page)
    if entry is not None:  # the policy page: its text may be the version in force, which diffs compare
        keep_converted(entry, entry["plan"].in_force, page.markdown, page.content)
        return html
    role = generated_role(config, page)
    if role is None or role["role"] != "page":
        return html
    text = messages(current_language(config))
    entry = entry_of(config, role)
    # An old text may link to headings that no longer exist: such anchors must not fail --strict.
    page.links_to_anchors = {}
    stored = _stored_text(config, page, role)
    if stored is None:
        store_text(render_cache(config), role["key"], html, page.toc)
        keep_converted(entry, role["number"], page.markdown, page.content)
    else:
        html, page.toc = stored
    made = entry["pages"][role["number"]]
    links = tuple((relative_url(made.get(r), page), text[f"version_link_{r}"]) for r in ("diff", "diff_current")
                  if made.get(r))
    return html + _version_links(config, links)


def _version_links(config: MkDocsConfig, links: tuple[tuple[str, str], ...]) -> str:
    """partials/policy-version-links.html for (url, title) links, rendered once per build, language and links:
    they are relative, so nearly every version page has the same (`diff/`, `diff-current/`)."""
    rendered = build_state(config).setdefault("version_links", {})
    key = (current_language(config), links)
    if key not in rendered:
        rendered[key] = theme_template(config, "partials/policy-version-links.html").render(
            links=[{"url": url, "title": title} for url, title in links])
    return rendered[key]
