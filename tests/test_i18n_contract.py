"""The mkdocs-static-i18n behaviour the parallel build relies on, pinned against the installed package.

scripts/parallel_build.py's limit_i18n_build replaces static-i18n's private `ExtendedPlugin.__init__`
and its module-level name `mkdocs_static_i18n.plugin.build`, so that each worker builds its own
languages, starting with the first, while still reading every language's files. A static-i18n release
can change any of this without an error; these tests build a tiny three-language site for real and fail
loudly, each saying what broke and what to change in scripts/parallel_build.py. What they pin:

1. the installed release is the one this contract was read against (VERIFIED_VERSION), and
   requirements.txt pins it;
2. the `i18n` plugin is mkdocs_static_i18n.plugin.I18n, made by `ExtendedPlugin.__init__` (I18n has no
   `__init__` of its own), which leaves `current_language` None;
3. `I18n.on_config` keeps a `current_language` set before it, and the normal MkDocs build builds that
   language first (announced as "Building '<lang>' documentation to directory", which
   scripts/build_output.py reads for progress and blame);
4. `I18n.on_post_build` sets `config.plugins["i18n"].current_language` to each other language of
   `build_languages`, in mkdocs.yml order, and then calls `build(config, dirty=<bool>)`, the name
   `build` looked up in mkdocs_static_i18n.plugin at call time (MkDocs' own build);
5. every language's build reads every language's files: a worker's pages are byte for byte those of
   the full build (language switcher, hreflang links to languages it did not build, fallbacks), and
   its sitemap.xml lists only the languages it built (merge_sitemaps adds them up);
6. the parent's `i18n_languages` reads `build_languages` (mkdocs.yml order) and `default_language`.

After an upgrade: re-read mkdocs_static_i18n/reconfigure.py (ExtendedPlugin.__init__) and plugin.py
(I18n.on_config, I18n.on_post_build, the `build` import) against this list, run this file, and only
then set VERIFIED_VERSION.
"""

from __future__ import annotations

import inspect
import os
import posixpath
import re
import subprocess
import sys
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest

from site_facts import ROOT
from sitebuild import BuildResult, BuiltSite, build_site

sys.path.insert(0, str(ROOT / "scripts"))

import parallel_build  # noqa: E402
from build_output import WorkerLog  # noqa: E402

VERIFIED_VERSION = "1.3.1"  # the static-i18n release whose source the list above was checked against
LANGUAGES = ["en", "ru", "be"]  # mkdocs.yml order; not alphabetical, so that order is tested too
SOURCE = "en"
FIX = "fix scripts/parallel_build.py (limit_i18n_build) for the installed static-i18n, or pin the release it was " \
      "written for in requirements.txt"
# The engine names itself in <meta name="generator">; nothing else may differ between engines.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')

MKDOCS_YML = """\
site_name: Contract
site_url: https://example.test/
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: ru
          name: Русский
          build: true
        - locale: be
          name: Беларуская
          build: true
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three languages in the folder layout; docs/en/only.md has no translation (a fallback page)."""
    root = tmp_path_factory.mktemp("i18n-contract") / "project"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for lang in LANGUAGES:
        (root / "docs" / lang).mkdir()
        (root / "docs" / lang / "index.md").write_text(f"# Home {lang}\n", encoding="utf-8")
        (root / "docs" / lang / "terms.md").write_text(f"# Terms {lang}\n", encoding="utf-8")
    (root / "docs/en/only.md").write_text("# Only in English\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def full(project: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """static-i18n's own build of every language in one process (`mkdocs build --strict`)."""
    out = tmp_path_factory.mktemp("i18n-contract-full")
    result = build_site(project, out)
    assert result.returncode == 0, result.output
    return BuiltSite(out, result)


def pages(site: Path, languages: list[str]) -> list[str]:
    """The HTML pages of `languages` in a site: `<lang>/…`, and the source language's at the root."""
    found = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # every build writes one at the root; the merge takes the source worker's
        top = rel.split("/")[0]
        lang = top if top in LANGUAGES and top != SOURCE else SOURCE
        if lang in languages:
            found.append(rel)
    return sorted(found)


def page_path(lang: str, name: str) -> str:
    """Where the folder layout puts page `name` of `lang` (the source language at the site root)."""
    return f"{name}/index.html" if lang == SOURCE else f"{lang}/{name}/index.html"


def run_worker(project: Path, site: Path, languages: list[str], engine: str) -> tuple[int, str, WorkerLog]:
    """One worker exactly as scripts/parallel_build.py starts it; its log read as the parent reads it."""
    env = {k: v for k, v in os.environ.items() if k not in ("POLICY_SITE_SEQUENTIAL", "POLICY_SITE_ENGINE")}
    env.update(NO_MKDOCS_2_WARNING="1", POLICY_SITE_ENGINE=engine,
               **{parallel_build.WORKER_ENV: ",".join(languages)})
    log_path = site.parent / f"{site.name}.log"
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.run([sys.executable, str(ROOT / "scripts/parallel_build.py"), "build", "--strict",
                               "-f", str(project / "mkdocs.yml"), "-d", str(site)], cwd=project, env=env,
                              stdout=log, stderr=subprocess.STDOUT, timeout=300)
    log = WorkerLog(log_path)
    log.poll(final=True)
    return proc.returncode, log_path.read_text(encoding="utf-8"), log


def test_the_installed_static_i18n_is_the_release_this_contract_was_checked_against():
    installed = version("mkdocs-static-i18n")
    pinned = re.search(r"^mkdocs-static-i18n==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"),
                       re.M)
    assert pinned, "requirements.txt must pin mkdocs-static-i18n exactly (==): scripts/parallel_build.py " \
                   "relies on its private behaviour (limit_i18n_build)"
    assert installed == pinned.group(1), \
        f"mkdocs-static-i18n {installed} is installed but requirements.txt pins {pinned.group(1)}: " \
        "reinstall the pinned requirements (.venv/bin/pip install -r requirements.txt)"
    assert installed == VERIFIED_VERSION, \
        f"mkdocs-static-i18n is now {installed}; scripts/parallel_build.py (limit_i18n_build) relies on private " \
        f"behaviour of {VERIFIED_VERSION}. Re-read mkdocs_static_i18n/reconfigure.py (ExtendedPlugin.__init__) " \
        "and plugin.py (I18n.on_config, I18n.on_post_build, its `build` import) against the list at the top " \
        "of tests/test_i18n_contract.py, make the other tests here pass, then set VERIFIED_VERSION"


def test_the_i18n_plugin_is_made_by_extended_plugin_init():
    from mkdocs_static_i18n.plugin import I18n
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    registered = {e.name: e.value for e in entry_points(group="mkdocs.plugins")}
    assert registered.get("i18n") == "mkdocs_static_i18n.plugin:I18n", \
        f"the `i18n` plugin is now {registered.get('i18n')!r}, not mkdocs_static_i18n.plugin:I18n: limit_i18n_build " \
        f"in scripts/parallel_build.py patches the wrong class; {FIX}"
    assert issubclass(I18n, ExtendedPlugin) and "__init__" not in vars(I18n), \
        "I18n no longer gets its __init__ from ExtendedPlugin: limit_i18n_build's start_with_first (which replaces " \
        f"ExtendedPlugin.__init__) would not run and every worker would start with the source language; {FIX}"
    assert I18n().current_language is None, \
        "a new I18n plugin no longer starts with current_language None: on_config may now pick the language " \
        f"itself, overriding the worker's first language that start_with_first sets; {FIX}"


def test_mkdocs_build_takes_the_config_and_dirty():
    from mkdocs.commands.build import build

    params = inspect.signature(build).parameters
    assert list(params)[:1] == ["config"] and "dirty" in params \
        and params["dirty"].kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD), \
        f"mkdocs.commands.build.build{inspect.signature(build)} no longer takes (config, dirty=…): " \
        f"build_own in scripts/parallel_build.py forwards exactly those; {FIX}"


def test_the_parent_reads_the_languages_in_mkdocs_yml_order(project):
    assert parallel_build.i18n_languages(project / "mkdocs.yml") == (LANGUAGES, SOURCE, "https://example.test/"), \
        "static-i18n's build_languages / default_language no longer give the languages to build in mkdocs.yml " \
        f"order and the source language: scripts/parallel_build.py's i18n_languages and split depend on them; {FIX}"


def test_on_post_build_asks_the_module_level_build_for_each_other_language(project, tmp_path, monkeypatch):
    """A real in-process build of the worker for ru and be, with limit_i18n_build installed exactly as
    run_worker installs it, and pass-through recorders on both sides of its `build_own`."""
    import mkdocs.commands.build
    import mkdocs_static_i18n.plugin as i18n_plugin
    from mkdocs.config import load_config
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    # Only so that both are put back after the test: limit_i18n_build replaces them for the process.
    monkeypatch.setattr(ExtendedPlugin, "__init__", ExtendedPlugin.__init__)
    monkeypatch.setattr(i18n_plugin, "build", i18n_plugin.build)
    assert i18n_plugin.build is mkdocs.commands.build.build, \
        "mkdocs_static_i18n.plugin.build is no longer MkDocs' build: limit_i18n_build wraps whatever that name " \
        f"holds and calls it for the worker's languages; {FIX}"

    real_build, built = i18n_plugin.build, []

    def build_recording(config, **kwargs):  # what build_own passes on: MkDocs' real build
        built.append(config.plugins["i18n"].current_language)
        return real_build(config, **kwargs)

    i18n_plugin.build = build_recording
    parallel_build.limit_i18n_build(["ru", "be"])
    build_own, asked = i18n_plugin.build, []

    def asked_recording(*args, **kwargs):  # what static-i18n's on_post_build calls: build_own
        asked.append((args[0].plugins["i18n"].current_language if args else None, len(args), kwargs))
        return build_own(*args, **kwargs)

    i18n_plugin.build = asked_recording

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert config.plugins["i18n"].current_language == "ru", \
        "the i18n plugin's current_language after loading mkdocs.yml is not the worker's first language: " \
        f"ExtendedPlugin.__init__ no longer makes the plugin, or something resets current_language; {FIX}"
    try:
        mkdocs.commands.build.build(config)
        failure = None
    except Exception as error:  # noqa: BLE001  (reported below, after what static-i18n asked for)
        failure = error

    assert asked, \
        "static-i18n's on_post_build no longer calls the module-level name mkdocs_static_i18n.plugin.build (looked " \
        "up at call time) to build the other languages: build_own is bypassed and every worker builds every " \
        f"language; {FIX}"
    shapes = {(n, tuple(sorted(kwargs))) for _, n, kwargs in asked}
    assert shapes == {(1, ("dirty",))} and all(isinstance(kw["dirty"], bool) for _, _, kw in asked), \
        f"static-i18n now calls build with {sorted(shapes)} (positional count, keywords) instead of " \
        f"build(config, dirty=<bool>): build_own(config, dirty=False) must take and forward the new arguments; {FIX}"
    assert failure is None, \
        f"the worker's build failed: {failure!r}. static-i18n's private behaviour changed under " \
        f"limit_i18n_build; {FIX}"
    others = [lang for lang, _, _ in asked if lang != "ru"]
    assert others == ["en", "be"], \
        f"static-i18n asked for {[lang for lang, _, _ in asked]} (its current_language at each build call), not " \
        "every other language in mkdocs.yml order with current_language set before the call: build_own decides " \
        f"by config.plugins['i18n'].current_language; {FIX}"
    assert built == ["be"], f"the worker for ru, be rebuilt {built} after ru instead of just be; {FIX}"
    assert pages(tmp_path / "site", LANGUAGES) == ["be/index.html", "be/only/index.html", "be/terms/index.html",
                                                   "ru/index.html", "ru/only/index.html", "ru/terms/index.html"], \
        f"the worker for ru, be wrote {pages(tmp_path / 'site', LANGUAGES)}; {FIX}"


@pytest.mark.parametrize("languages, engine", [
    (["en", "ru"], "mkdocs"),  # the source language's worker: the site root and ru/
    (["ru", "be"], "mkdocs"),  # starts with a language that is not first in mkdocs.yml
    (["be"], "mkdocs"),
    (["ru", "be"], "properdocs"),
])
def test_a_worker_builds_its_languages_as_the_full_build_does(project, full, tmp_path, languages, engine):
    site = tmp_path / "site"
    returncode, output, log = run_worker(project, site, languages, engine)
    assert returncode == 0, \
        f"the worker for {languages} failed ({engine}); if the log below ends in a traceback from " \
        f"mkdocs_static_i18n or limit_i18n_build, static-i18n's private behaviour changed; {FIX}\n{output}"

    started = [lang for lang, _ in log.starts]
    assert started == languages, \
        f"the worker for {languages} announced the builds of {started} (\"Building '<lang>' documentation to " \
        "directory\" lines): static-i18n no longer starts with the current_language set before on_config, or " \
        f"build_own let other languages through, or the announcement changed (scripts/build_output.py); {FIX}\n" \
        + output

    expected = pages(full.root, languages)
    assert expected, "the full build wrote no pages for these languages: the test project is broken"
    assert pages(site, LANGUAGES) == expected, \
        f"the worker for {languages} wrote other pages than the full build's pages of those languages; {FIX}"
    differ = [rel for rel in expected
              if GENERATOR.sub(b"", (site / rel).read_bytes()) != GENERATOR.sub(b"", (full.root / rel).read_bytes())]
    assert not differ, \
        f"pages of the worker for {languages} differ from the full build's: {differ}. static-i18n no longer " \
        "computes the switcher, hreflang links and fallbacks from every language's files in each language's " \
        f"build; {FIX}"

    # The same, said directly: links to every language, those the worker did not build included.
    built = BuiltSite(site, BuildResult(returncode, output))
    terms = page_path(languages[0], "terms")
    page = built.soup(terms)
    hreflang = {link["hreflang"]: posixpath.normpath(posixpath.join(posixpath.dirname(terms), link["href"]))
                for link in page.select('link[rel="alternate"][hreflang]')}
    switcher = {link["hreflang"] for link in page.select("a.md-select__link[hreflang]")}
    assert hreflang == {lang: posixpath.dirname(page_path(lang, "terms")) for lang in LANGUAGES} \
        and switcher == set(LANGUAGES), \
        f"{terms} of the worker for {languages} links {hreflang} (hreflang) and {sorted(switcher)} (switcher), " \
        f"not the terms page of every language; {FIX}"
    fallback = built.soup(page_path(languages[0], "only"))
    assert fallback.h1 and fallback.h1.get_text(strip=True) == "Only in English", \
        f"the worker for {languages} lost the fallback to the English page of docs/en/only.md; {FIX}"

    locs = re.findall(r"<loc>https://example\.test/([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(f"{loc}index.html" for loc in locs) == expected, \
        f"the sitemap.xml of the worker for {languages} lists {locs}, not exactly its own pages: merge_sitemaps in " \
        "scripts/parallel_build.py adds up the workers' sitemaps and would list pages twice or not at all; " + FIX
