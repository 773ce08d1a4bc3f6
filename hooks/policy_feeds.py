"""Change feeds and the "What's new" page, per language, from the versions the version hook found.

    /changes/                       What's new (per language: /ru/changes/, ...)
    /changes/feed.xml               Atom feed of new versions of every policy of the language
    /<policy>/versions/feed.xml     Atom feed of one policy

Every page of a language links its feed (and a policy page its own) with <link rel="alternate">.
Everything in them reads in the language: each version's note comes from change_notes.py, and the
site's name from static-i18n's per-language `site_name` (config.site_name during that build).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policy_site.dates import show_date
from policy_site.feeds import FeedEntry, atom_feed
from policy_site.frontmatter import front_matter_block
from policy_site.messages import messages
from policy_site.past_versions import CATALOG, CatalogEntry, feed_path
from site_context import HUB_PAGE, current_language, language_prefix, language_roots, page_file, theme_template

NEWS_NAME = "changes"
_news: dict[tuple[str, str], dict[str, Any]] = {}


def _prefix(files: Files) -> str:
    hub = page_file(files, HUB_PAGE)
    return posixpath.dirname(hub.dest_uri) + "/" if hub is not None and "/" in hub.dest_uri else ""


@event_priority(-120)  # after policy_versions (-110) filled the catalog of this language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language = current_language(config)
    key = (config.site_dir, language)
    _news.pop(key, None)
    catalog = CATALOG.get(key)
    if catalog is None:
        return files
    prefix = _prefix(files)
    dest = f"{prefix}{NEWS_NAME}/index.html"
    if any(f.dest_uri == dest for f in files):
        return files  # a real page owns the address
    text = messages(language)
    meta = {"title": text["whats_new_title"], "policy": False, "history": False, "search": {"exclude": True}}
    src = f"{language}/{NEWS_NAME}.md"
    file = File.generated(config, src, content=front_matter_block(meta),
                          inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = dest
    files.append(file)
    by_page: dict[str, list[CatalogEntry]] = {}  # a page's own entries, looked up for every page
    for entry in catalog:
        by_page.setdefault(entry.src_uri, []).append(entry)
    _news[key] = {"file": file, "feed": f"{prefix}{NEWS_NAME}/feed.xml", "catalog": catalog, "by_page": by_page}
    return files



def _entries(entry: CatalogEntry, language: str, text, site_url: str) -> list[dict[str, Any]]:
    out = []
    base = posixpath.dirname(entry.url.rstrip("/")) if not entry.url.endswith("/") else entry.url
    for version in entry.plan.versions:
        urls = entry.urls.get(version.number, {})
        date = show_date(version.start, language)
        note = entry.notes[version.number]  # in this language, or marked; never a commit subject
        out.append({
            "policy": entry.title, "number": version.number, "status": version.status, "date": date,
            "note": note, "summary": note.plain(), "committed": version.committed,
            "id": urljoin(site_url, f"{base}versions/{version.number}/"),
            "link": urls.get("diff") or urls.get("page") or entry.url,
            "title": text["feed_entry_title"].format(title=entry.title, number=version.number, date=date),
        })
    if entry.plan.withdrawn:  # the policy was deleted: its page and versions stay, marked withdrawn
        date = show_date(entry.plan.withdrawn, language)
        out.append({
            "policy": entry.title, "number": None, "status": "withdrawn", "date": date,
            "summary": text["feed_withdrawn_summary"], "committed": entry.plan.withdrawn_at,
            "id": urljoin(site_url, f"{base}#withdrawn"), "link": entry.url,
            "title": text["feed_withdrawn_title"].format(title=entry.title, date=date),
        })
    return out


def _site_url(config: MkDocsConfig) -> str:
    return config.site_url or "/"


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    language = current_language(config)
    news = _news.get((config.site_dir, language))
    if news is None:
        return context
    text = messages(language)
    feeds = [{"title": text["feed_title"].format(site=config.site_name), "url": get_relative_url(news["feed"], page.url)}]
    for entry in news["by_page"].get(page.file.src_uri, ()):
        path = feed_path(page.file.dest_uri)
        feeds.append({"title": text["feed_policy_title"].format(title=entry.title),
                      "url": get_relative_url(path, page.url)})
    context["policy_feeds"] = feeds
    context["policy_whats_new"] = {"url": get_relative_url(news["file"].url, page.url), "title": text["whats_new_link"]}
    if page.file is news["file"]:  # What's new exists in every language, at the same place
        path = page.url[len(language_prefix(config, language)):]
        context["policy_alternates"] = {root["lang"]: language_prefix(config, root["lang"]) + path
                                        for root in language_roots(config)}
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = current_language(config)
    news = _news.get((config.site_dir, language))
    if news is None or page.file is not news["file"]:
        return html
    text = messages(language)
    items = [item for entry in news["catalog"] for item in _entries(entry, language, text, _site_url(config))]
    items.sort(key=lambda i: (i["date"]["iso"], i["committed"]), reverse=True)
    for item in items:
        item["url"] = get_relative_url(item["link"], page.url)
    template = theme_template(config, "partials/policy-version-news.html")
    return template.render(news={"title": page.title, "text": text, "items": items,
                                 "feed": get_relative_url(news["feed"], page.url)})


def on_post_build(config: MkDocsConfig) -> None:
    language = current_language(config)
    news = _news.get((config.site_dir, language))
    if news is None:
        return
    text = messages(language)
    site_url = _site_url(config)
    everything: list[FeedEntry] = []
    for entry in news["catalog"]:
        items = [FeedEntry(i["id"], i["title"], urljoin(site_url, i["link"]), i["summary"], i["committed"])
                 for i in _entries(entry, language, text, site_url)]
        everything.extend(items)
        path = feed_path(entry.url.rstrip("/") + "/index.html" if entry.url.endswith("/") or not entry.url
                         else entry.url)
        _write(config, path, entry.src_uri, lambda: atom_feed(
            feed_id=urljoin(site_url, path), title=text["feed_policy_title"].format(title=entry.title),
            self_url=urljoin(site_url, path), site_url=urljoin(site_url, entry.url), language=language,
            entries=items))
    _write(config, news["feed"], f"every {language} policy", lambda: atom_feed(
        feed_id=urljoin(site_url, news["feed"]), title=text["feed_title"].format(site=config.site_name),
        self_url=urljoin(site_url, news["feed"]), site_url=urljoin(site_url, news["file"].url),
        language=language, entries=everything))


def _write(config: MkDocsConfig, path: str, source: str, make: Callable[[], bytes]) -> None:
    try:
        data = make()
    except ValueError as error:  # feedgen and lxml report what they cannot write as ValueError
        raise PluginError(f"Could not write the Atom feed {path} ({source}): {error}. The titles, "
                          "change_summary lines and commit subjects of its versions are in the feed; "
                          "check them for unusual characters.") from None
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
