"""Versions as data (issue 17): the /api/ JSON files of each language, and JSON-LD on policy pages.

The files and their formats are described in policy_site/api.py and the README. Everything comes from
what the version pages hook already found for this language (policy_site.past_versions.CATALOG) and
the build's git history: no extra git log. Each language build writes its own `<lang>/api/`, so a
parallel build's workers write theirs and the merge keeps them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.api import PolicyData, api_documents, blob_hashes, encode, in_force_meta, json_ld, language_states, \
    plain_field, policy_id, text_modified, versions_path
from policy_site.dates import today
from policy_site.owners import owner_label
from policy_site.frontmatter import split_text
from policy_site.past_versions import CATALOG, plan_policy
from policy_site.validation import is_policy
from site_context import build_history_or_unread, current_language, full_versions, language_prefix, languages, settings, \
    source_language

# (site_dir, language) -> {src_uri of the page shown: PolicyData}; the files to write.
_policies: dict[tuple[str, str], dict[str, PolicyData]] = {}
_documents: dict[tuple[str, str], dict[str, dict]] = {}


def _meta(file: File | None) -> dict[str, Any]:
    return split_text(file.content_string)[0] if file is not None else {}


def _owner(meta: dict, language: str, labels: Any) -> str:
    """The owner as readers of `language` see it on the page (extra.policy_site.owner_labels), not its key."""
    owner = plain_field(meta.get("owner"), "owner")
    return (plain_field(owner_label(owner, language, labels), "owner") or owner) if owner else ""


def _fallbacks(files: Files, language: str, source: str, prefix: str) -> list[File]:
    """Pages of the language that show the source language's text: no translation, or a stub awaiting one."""
    return [f for f in files.documentation_pages()
            if getattr(f, "locale", None) == source and f.dest_uri.startswith(prefix)
            and is_policy(f.src_uri, _meta(f))]


@event_priority(-125)  # after the version pages (-110) and the feeds (-120) used the catalog
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language, source = current_language(config), source_language(config)
    key = (config.site_dir, language)
    _policies.pop(key, None)
    _documents.pop(key, None)
    catalog = CATALOG.get(key)
    if catalog is None:
        return files  # no history or no version pages: nothing exact to publish
    history = build_history_or_unread(config)
    prefix = language_prefix(config, language)
    codes = [lang["locale"] for lang in languages(config)]
    full = full_versions(config)
    labels = settings(config).get("owner_labels")
    day = today()
    hashes = blob_hashes(history, (v.blob for entry in catalog for v in entry.plan.versions))

    def states(name: str, url: str):
        bare = url[len(prefix):]
        return language_states(config.docs_dir, name, codes, source, history,
                               {lang: language_prefix(config, lang) + bare for lang in codes})

    found: dict[str, PolicyData] = {}
    for entry in catalog:
        name = entry.src_uri.split("/", 1)[1]
        meta = in_force_meta(history, entry.plan, _meta(files.get_file_from_path(entry.src_uri)))
        found[entry.src_uri] = PolicyData(
            policy_id(name), history.docs_prefix + entry.src_uri,
            plain_field(meta.get("title"), "title") or plain_field(entry.title, "title") or name,
            plain_field(meta.get("summary"), "summary"), _owner(meta, language, labels), entry.url,
            language, entry.plan, entry.notes,
            entry.urls, hashes, states(name, entry.url))
    if language != source:
        for file in _fallbacks(files, language, source, prefix):
            name = getattr(file, "norm_src_uri", file.src_uri.split("/", 1)[1])
            plan = plan_policy(f"{source}/{name}", history, day, full)
            meta = in_force_meta(history, plan, _meta(file))
            found[file.src_uri] = PolicyData(
                policy_id(name), f"{history.docs_prefix}{source}/{name}",
                plain_field(meta.get("title"), "title") or name,
                plain_field(meta.get("summary"), "summary"), _owner(meta, language, labels), file.url, source,
                plan, {}, {}, {},
                states(name, file.url), own=False)
    _policies[key] = found
    _documents[key] = api_documents(list(found.values()), prefix, language, source, day, config.site_url)
    return files


def _absolute(config: MkDocsConfig, path: str) -> str:
    return urljoin(config.site_url, path) if config.site_url else "/" + path


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language, source = current_language(config), source_language(config)
    data = _policies.get((config.site_dir, language), {}).get(page.file.src_uri)
    if data is None or page.file.url != data.url:
        return context
    target = versions_path(language_prefix(config, language) if data.own else "", data.id)
    context["policy_api"] = {"versions": get_relative_url(target, page.url)}
    if data.own:
        source_url = None
        if language != source:
            source_url = _absolute(config, data.url[len(language_prefix(config, language)):])
        version = data.plan.get(data.plan.in_force)
        modified = text_modified(build_history_or_unread(config), page.file.src_uri, version.blob) if version else None
        context["policy_jsonld"] = json_ld(data, _absolute(config, page.url), source_url, modified)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    documents = _documents.get((config.site_dir, current_language(config)), {})
    made: set[Path] = set()  # one mkdir per folder, not per file: a language writes about 800 files into 200
    for path, document in documents.items():
        target = Path(config.site_dir) / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(encode(document))

