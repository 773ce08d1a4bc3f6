"""MkDocs-side lookups shared by the hooks: the language being built and the policy-site settings."""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path
from typing import Any

from jinja2.bccache import BytecodeCache, Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from policy_site.history import HISTORY_UNREADABLE, History, State, read_history
from policy_site.render_cache import RenderCache, cache_folder, code_fingerprint, keep_out_of_git, \
    markdown_extensions_unknown

HUB_PAGE = "index.md"
_log = get_plugin_logger("render_cache")


def settings(config: MkDocsConfig) -> dict[str, Any]:
    """The `extra.policy_site` block of mkdocs.yml."""
    return dict(config.extra.get("policy_site") or {})


def full_versions(config: MkDocsConfig) -> int | None:
    """How many versions before the one in force get a full page (`extra.policy_site.full_versions`); None: all."""
    value = settings(config).get("full_versions")
    return int(value) if value is not None else None


def _i18n(config: MkDocsConfig) -> Any:
    """static-i18n's plugin, looked up once per build: hooks ask for the language 100,000 times a build at M."""
    state = build_state(config)
    if "i18n" not in state:
        state["i18n"] = config.plugins.get("i18n")
    return state["i18n"]


def current_language(config: MkDocsConfig) -> str:
    """The language static-i18n is building now (it runs one build per language)."""
    plugin = _i18n(config)
    if plugin is not None and plugin.current_language:
        return plugin.current_language
    return config.theme.get("language") or "en"


def source_language(config: MkDocsConfig) -> str:
    """The default language, which is the source every translation follows (mkdocs.yml's, fixed for a build)."""
    state = build_state(config)
    if "source_language" not in state:
        plugin = _i18n(config)
        state["source_language"] = plugin.default_language if plugin is not None \
            else config.theme.get("language") or "en"
    return state["source_language"]


def languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    """Configured languages as {locale, name, link}, source first."""
    plugin = _i18n(config)
    if plugin is None:
        return [{"locale": current_language(config), "name": "", "link": "/"}]
    return [{"locale": lang.locale, "name": lang.name, "link": lang.link}
            for lang in plugin.config.languages if lang.locale != "null"]


def page_file(files: Files, name: str) -> File | None:
    """The built file for `name` (e.g. 'contact.md') in the language being built, or its fallback."""
    return page_files(files).get(name)


def page_files(files: Files) -> dict[str, File]:
    """`page_file` for every name at once: each page's name -> its built file (the first, as page_file).

    One pass over the pages; a page_file call per policy made the register quadratic (at L, 1,000
    policies and 10,000 files: 4.7 s)."""
    found: dict[str, File] = {}
    for file in files.documentation_pages():
        found.setdefault(getattr(file, "norm_src_uri", file.src_uri), file)
    return found


def made_by_hooks(file: File) -> bool:
    """A version, diff or other page the hooks generated; a withdrawn policy's page, generated in place of
    its deleted file (hooks/policy_redirects.py), is treated as the policy's own."""
    return file.abs_src_path is None and not hasattr(file, "policy_withdrawn")


def translated_page(config: MkDocsConfig, file: File) -> str | None:
    """The name ('returns.md') of `file` when it is a translation's own page in the language being built;
    None for the source language, a fallback to it, or a page the hooks made."""
    language = current_language(config)
    prefix = f"{language}/"
    if language == source_language(config) or getattr(file, "locale", language) != language \
            or not file.src_uri.startswith(prefix) or made_by_hooks(file):
        return None
    return file.src_uri[len(prefix):]


def language_prefix(config: MkDocsConfig, language: str) -> str:
    """Where `language` lives in the site: '' for the source language, 'ru/' for the others."""
    return "" if language == source_language(config) else f"{language}/"


def language_roots(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The language switcher's entries ({name, link, lang}) pointing at each language's home page."""
    plugin = _i18n(config)
    roots = getattr(plugin, "_policy_site_language_roots", None) or getattr(plugin, "extra_alternate", None)
    return [dict(root) for root in roots or []]


def build_history(config: MkDocsConfig) -> History:
    """The docs dir's git history, read once per build (raises what policy_site.history.read_history raises).

    Every hook of a build, in every language static-i18n builds with it, sees one snapshot: a commit
    or an edit made while a build runs waits for the next build. Reading it again for each hook cost a
    `git rev-parse` and a walk of the docs dir each time: 24 reads, 0.17 s of a worker at M.
    """
    state = build_state(config)
    if "history" not in state:
        try:
            state["history"] = read_history(config.docs_dir)
        except HISTORY_UNREADABLE as error:
            state["history"] = error
    found = state["history"]
    if isinstance(found, Exception):
        raise found
    return found


def build_history_or_unread(config: MkDocsConfig) -> History:
    """`build_history`, or a NOT_A_REPO History saying why it could not be read (policy_site.freshness.history_for)."""
    try:
        return build_history(config)
    except HISTORY_UNREADABLE as error:
        return History(State.NOT_A_REPO, detail=str(error))


_build: dict[str, Any] = {}  # what belongs to the build in progress (one `mkdocs build` or one `serve` rebuild)


def build_state(config: MkDocsConfig) -> dict[str, Any]:
    """State kept for as long as `config` is the build's (hooks keep their per-build values here).

    MkDocs loads a new config for every build (and every rebuild of `mkdocs serve`), static-i18n keeps
    it for all its languages. A weak reference, not id(config): a new config may reuse a freed one's
    address."""
    ref = _build.get("config")
    if ref is None or ref() is not config:
        _build.clear()
        _build["config"] = weakref.ref(config)
    return _build


def shown_docs_dir(config: MkDocsConfig) -> str:
    """The docs dir as editors know it, for file names in messages: relative to mkdocs.yml ('docs')."""
    state = build_state(config)
    if "shown_docs_dir" not in state:
        docs_dir = Path(config.docs_dir).resolve()
        project = Path(config.config_file_path or ".").resolve().parent
        state["shown_docs_dir"] = docs_dir.relative_to(project).as_posix() if docs_dir.is_relative_to(project) \
            else str(docs_dir)
    return state["shown_docs_dir"]


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, not once per Jinja environment.

    MkDocs makes a new environment for every build and static-i18n builds every language anew, so each
    language compiled the whole theme again. Jinja checks every entry against the template's source
    (an edited template is compiled anew, as `mkdocs serve` needs) and the key names the template's
    file, so two themes never share one.

    Across builds, the compiled code is kept in the render cache (`store`), whose salt covers the
    templates, Jinja's and Python's versions and mkdocs.yml: a warm build compiles nothing. Jinja
    itself refuses code of another Jinja or Python, or of another source, and compiles it anew.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.store: RenderCache | None = None

    def _stored_key(self, bucket: Bucket) -> str:
        assert self.store is not None
        return self.store.key("template", bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key not in self._code and self.store is not None:
            stored = self.store.get(self._stored_key(bucket))
            if stored is not None:
                self._code[bucket.key] = stored.encode("latin-1")  # bytes kept as text, one character each
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self.store is not None:
            self.store.put(self._stored_key(bucket), self._code[bucket.key].decode("latin-1"))


COMPILED_TEMPLATES = CompiledTemplates()


def theme_template(config: MkDocsConfig, name: str) -> Any:
    """A template of the theme (overrides first), for hooks that render before MkDocs' own on_env."""
    state = build_state(config)
    key = (config.docs_dir, current_language(config))
    if state.get("env_key") != key:  # one language at a time: static-i18n reconfigures the theme per language
        state["env_key"], state["env"] = key, config.theme.get_env()
        state["env"].bytecode_cache = COMPILED_TEMPLATES
    return state["env"].get_template(name)


def render_cache(config: MkDocsConfig) -> RenderCache:
    """This build's store of rendered fragments (policy_site/render_cache.py).

    Its folder is `.cache/policy-site/` beside mkdocs.yml, or POLICY_SITE_CACHE (a folder, or "off").
    Its salt covers the hooks, the overrides, mkdocs.yml, the engine and the installed packages, read
    anew for every build: change any of them and no earlier entry matches. The messages are not in it:
    each entry's key holds its language's. With a Markdown extension that may read more than the text
    (`pymdownx.snippets`), the cache stores and reads nothing.
    """
    state = build_state(config)
    if "render_cache" not in state:
        config_file = Path(config.config_file_path or "")
        folders = [Path(__file__).resolve().parent] + ([Path(config.theme.custom_dir)]
                                                       if config.theme.custom_dir else [])
        code = code_fingerprint(folders, skip=["policy_site/messages"])
        settings_text = config_file.read_bytes() if config_file.is_file() else b""
        engine = type(config).__module__.encode()  # mkdocs.* or properdocs.*: each engine its own entries
        salt = hashlib.sha256(code.encode() + settings_text + engine).hexdigest()
        project = config_file.resolve().parent if config.config_file_path else Path.cwd()
        folder = cache_folder(project)
        unknown = markdown_extensions_unknown(config.markdown_extensions)
        if folder is not None and unknown:
            folder = None
            _log.info(f"The render cache is off: the Markdown extension(s) {', '.join(unknown)} may read more "
                      "than the page's text, and a stored page would not show their changes")
        if folder is not None and folder == cache_folder(project, ""):  # the default one, inside the checkout
            keep_out_of_git(folder)
        state["render_cache"] = RenderCache(folder, salt)
        COMPILED_TEMPLATES.store = state["render_cache"] if folder is not None else None
    return state["render_cache"]
