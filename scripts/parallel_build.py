"""Build the site with one process per group of languages, then merge the outputs into one site dir.

Usage: parallel_build.py [-f mkdocs.yml] [-d site] [--jobs N] [--sequential] [--wait SECONDS | --no-wait]
                         [--strict] [-q | -v] [other `mkdocs build` options]

mkdocs-static-i18n builds every language one after another in one process. Here each worker process
runs the same `mkdocs build` (same config, same hooks, same CLI and --strict handling) but static-i18n
starts with the worker's first language and skips the builds of languages that belong to other workers
(limit_i18n_build, through static-i18n internals that tests/test_i18n_contract.py pins).
Every worker still sees every language's files, so the language switcher, hreflang links and the
fallbacks are computed exactly as in the sequential build. The workers start at once, each reading
its group of languages from mkdocs.yml itself (run_worker): reading it first cost every build half a
second before any worker could start. The first worker writes down what it read for the parent's
merge and report (tell_parent), so the parent does not import every plugin and hook to read it too.

Merging: the worker that builds the source language supplies the site root (source pages, shared
assets, 404.html, the source language's search index); every other worker supplies its `<lang>/`
folders. sitemap.xml lists each worker's languages in the order of mkdocs.yml, as the sequential build
does. Any failing worker fails the build, blamed on a language and file (scripts/build_output.py, which
also decides what of the workers' logs is shown). POLICY_SITE_ENGINE picks MkDocs or ProperDocs
(scripts/engine.py).

The pages' front matter and content are checked once, by the last worker (hooks/validate_pages.py):
the first builds the source language, which has the most pages (its editors' translation pages
besides its own), and checking every page at L took 3.9 s. A page that fails the check fails that
worker, which stops the others, so the report is whole and comes as early as before.

Every build, --sequential (one plain `mkdocs build`, what POLICY_SITE_SEQUENTIAL=1 asks for) included,
happens aside and replaces the site folder in one step, one build at a time; Ctrl-C stops every
worker and changes nothing (scripts/atomic_site.py). After a build is published, once a week,
render-cache entries no build used for 30 days are deleted (hooks/policy_site/render_cache.py `prune_if_due`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import yaml

from build_output import Screen, WorkerLog, count_pages
from engine import EngineError, engine_cli, engine_name
from atomic_site import (STOP_SIGNALS, Busy, Interrupted, StopRequest, build_lock, clear_stale, die_with_parent,
                         publish, remove_tree, scratch_dir, signals_held, stop_on_signals, stop_workers, worker_popen)

ROOT = Path(__file__).resolve().parent.parent
WORKER_ENV = "POLICY_SITE_BUILD_LANGUAGES"  # in a worker: its languages, "*" for a plain `mkdocs build`,
GROUP_MARK = "#"  # or "#n/N": the n-th of N groups of mkdocs.yml's languages (run_worker)
# In a worker: another worker checks every page's front matter and content (hooks/validate_pages.py).
CHECKED_ELSEWHERE_ENV = "POLICY_SITE_PAGES_CHECKED_ELSEWHERE"
# In the first worker: where to write what it read of mkdocs.yml (languages, default), for the parent.
LANGUAGES_FILE_ENV = "POLICY_SITE_LANGUAGES_FILE"
WAIT_SECONDS = 30 * 60
SITEMAP_URL = re.compile(r"\n?[ \t]*<url>.*?</url>", re.S)


def i18n_languages(config_file: Path) -> tuple[list[str], str, str]:
    """(languages to build in mkdocs.yml order, the default language, site_url) as MkDocs reads them."""
    from mkdocs.config import load_config  # ProperDocs' once main() chose it (scripts/engine.py)

    config = load_config(str(config_file))
    plugin = config.plugins["i18n"]
    return list(plugin.build_languages), plugin.default_language, config.site_url or ""


def languages_at_most(config_file: Path) -> int | None:
    """How many languages mkdocs.yml lists for the i18n plugin, read as plain YAML (no plugin loaded): at
    least as many as it builds. None when it cannot tell (INHERIT, no i18n plugin, YAML it cannot read)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/...: not needed here
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(config, dict) or "INHERIT" in config:
        return None
    for plugin in config.get("plugins") or []:
        options = plugin.get("i18n") if isinstance(plugin, dict) else None
        if isinstance(options, dict) and isinstance(options.get("languages"), list):
            return len(options["languages"])
    return None


def split(languages: list[str], jobs: int) -> list[list[str]]:
    """`jobs` groups of consecutive languages, sizes as even as possible (the first group holds the source)."""
    jobs = max(1, min(jobs, len(languages)))
    size, extra = divmod(len(languages), jobs)
    groups, start = [], 0
    for n in range(jobs):
        end = start + size + (1 if n < extra else 0)
        groups.append(languages[start:end])
        start = end
    return groups


def run_worker(spec: str) -> int:
    """In a worker process: `mkdocs build` (argv as given) for the languages `spec` names only.

    `spec` is a comma-separated list ("*": every language, a plain build), or "#n/N": the n-th of `split`'s
    N groups of mkdocs.yml's languages, which the worker reads itself, so that the parent starts it
    without reading mkdocs.yml first (half a second of imports before any worker could start). A
    worker of a group beyond the languages builds nothing; the last group's worker checks the pages.
    The engine is the one POLICY_SITE_ENGINE names (scripts/engine.py); the parent checked the name.
    """
    name = engine_name()
    cli = engine_cli(name)  # for ProperDocs, first: the i18n imports below then load properdocs.*
    if spec == "*":
        return cli.main(args=sys.argv[1:], prog_name=name)
    languages = spec.split(",")
    if spec.startswith(GROUP_MARK):
        n, jobs = (int(part) for part in spec[len(GROUP_MARK):].split("/"))
        read = i18n_languages(Path(sys.argv[sys.argv.index("-f") + 1]))
        tell_parent(read)
        groups = split(read[0], jobs)
        if n >= len(groups):
            return 0
        languages = groups[n]
        if n < len(groups) - 1:  # the last worker checks the pages for all (see the module docstring)
            os.environ[CHECKED_ELSEWHERE_ENV] = "1"
        else:
            os.environ.pop(CHECKED_ELSEWHERE_ENV, None)
    limit_i18n_build(languages)
    return cli.main(args=sys.argv[1:], prog_name=name)  # exits with the engine's own status


def tell_parent(read: tuple[list[str], str, str]) -> None:
    """Write what this worker read of mkdocs.yml where the parent asked (LANGUAGES_FILE_ENV), whole or not at all."""
    target = os.environ.pop(LANGUAGES_FILE_ENV, None)
    if not target:
        return
    part = Path(target).with_suffix(".part")
    part.write_text(json.dumps(list(read)), encoding="utf-8")
    os.replace(part, target)


class Unreadable(Exception):
    """mkdocs.yml could not be read (the engine's message: file, line, column), or holds settings the
    engine refuses (`invalid`: the engine has logged each one)."""

    def __init__(self, message: str, invalid: bool = False) -> None:
        super().__init__(message)
        self.invalid = invalid

    def lines(self, config_name: str, site_name: str) -> str:
        """What the user is told, after any line the engine logged."""
        said = f"{config_name} has invalid settings (above)" if self.invalid \
            else f"{config_name} could not be read"
        return "".join(f"ERROR   -  {line}\n" for line in (str(self), f"Aborted: {said}; {site_name}/ is as it was.")
                       if line)


def languages_read(worker: subprocess.Popen, told: Path, config_file: Path,
                   stop: StopRequest) -> tuple[list[str], str]:
    """(languages, default language) as the first worker read them from mkdocs.yml (tell_parent).

    Reading mkdocs.yml here too would import every plugin and hook, 0.45 s of CPU taken from the
    workers while they start. If that worker ends without telling (mkdocs.yml cannot be read, say), the
    parent reads it itself, as it did before, and so reports the same error: Unreadable.
    """
    while not told.exists() and worker.poll() is None:
        time.sleep(0.01)
        stop.check()
    try:
        languages, default, _ = json.loads(told.read_text(encoding="utf-8"))
        return [str(lang) for lang in languages], str(default)
    except (OSError, ValueError, TypeError):
        pass
    engine_cli(engine_name())  # the workers' engine, loaded only now: 60 ms before any worker could start
    from mkdocs.exceptions import Abort, ConfigurationError  # the engine's (scripts/engine.py)

    # The engine logs each setting it refuses; shown as its own command line shows them ("ERROR   -  ...").
    logging.basicConfig(format="%(levelname)-8s-  %(message)s", level=logging.WARNING)
    try:
        languages, default, _ = i18n_languages(config_file)
    except ConfigurationError as error:
        raise Unreadable(str(error)) from None
    except Abort:  # a SystemExit: left alone, it ended the build with exit 1 and no word of what was kept
        raise Unreadable("", invalid=True) from None
    return languages, default


def limit_i18n_build(languages: list[str]) -> None:
    """Make mkdocs-static-i18n, in this process, build only `languages`, starting with the first.

    A private route: static-i18n's public `build_only_locale` makes that locale the default, built at
    the site root, without the language switcher, hreflang links or fallbacks. This relies on the
    following in the release requirements.txt pins, which tests/test_i18n_contract.py checks against
    the installed package (re-read it and the plugin's source before changing the pin):

    - the `i18n` plugin (mkdocs_static_i18n.plugin.I18n) is made by `ExtendedPlugin.__init__`, which
      leaves `current_language` None, and `on_config` keeps a language set before it: the normal
      MkDocs build then builds that language (on_files, on_nav and the page context follow
      `current_language`);
    - its `on_post_build` sets `config.plugins["i18n"].current_language` to each language of
      `build_languages` (mkdocs.yml order) and calls `build(config, dirty=…)`, the name `build`
      looked up in mkdocs_static_i18n.plugin at call time. It skips only the language it last set, so
      it asks again for the worker's first language unless that is first in mkdocs.yml: hence
      `languages[1:]` below;
    - every language's build reads every language's files, so the switcher, hreflang links and
      fallbacks are those of the full build, and sitemap.xml lists the languages built (merge_sitemaps).
    """
    import mkdocs_static_i18n.plugin as i18n_plugin
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    init, build = ExtendedPlugin.__init__, i18n_plugin.build

    def start_with_first(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.current_language = languages[0]  # static-i18n builds this one first, then the others

    def build_own(config, dirty=False):
        # static-i18n asks for every other language (and maybe the first again); this worker builds its own.
        if config.plugins["i18n"].current_language in languages[1:]:
            build(config, dirty=dirty)

    ExtendedPlugin.__init__ = start_with_first
    i18n_plugin.build = build_own


def merge_sitemaps(parts: list[tuple[list[str], Path]], target: Path) -> None:
    """One sitemap.xml (and .xml.gz) with every worker's <url> entries, languages in build order."""
    head = tail = None
    body: list[str] = []
    for _, site in parts:
        text = (site / "sitemap.xml").read_text(encoding="utf-8")
        urls = list(SITEMAP_URL.finditer(text))
        if head is None:
            head = text[:urls[0].start()] if urls else text
            tail = text[urls[-1].end():] if urls else ""
        body += [m.group(0) for m in urls]
    xml = (head or "") + "".join(body) + (tail or "")
    target.joinpath("sitemap.xml").write_text(xml, encoding="utf-8")
    with open(target / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                                      filename="") as gz:
        gz.write(xml.encode("utf-8"))


def merge(parts: list[tuple[list[str], Path]], default: str) -> Path:
    """Move the workers' outputs into the source language's output and return it (see the module docstring)."""
    root = next(site for langs, site in parts if default in langs)
    merge_sitemaps(parts, root)  # before moving: each worker's sitemap lists its own languages
    for langs, site in parts:
        if site is root:
            continue
        for lang in langs:
            if (site / lang).exists():
                shutil.rmtree(root / lang, ignore_errors=True)
                (site / lang).rename(root / lang)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=None)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("-s", "--strict", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines: warnings, errors, notices only")
    parser.add_argument("-v", "--verbose", action="store_true", help="every line each build process prints")
    parser.add_argument("--sequential", action="store_true", default=bool(os.environ.get("POLICY_SITE_SEQUENTIAL")),
                        help="one plain `mkdocs build` (default when POLICY_SITE_SEQUENTIAL is set)")
    parser.add_argument("--wait", type=float, default=WAIT_SECONDS, metavar="SECONDS",
                        help="how long to wait for another build of the same site folder (default 30 minutes)")
    parser.add_argument("--no-wait", dest="wait", action="store_const", const=0,
                        help="refuse at once when another build of the same site folder is running")
    args, passthrough = parser.parse_known_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        engine_name()  # a name no engine has is refused before any worker starts (the engine loads only if needed)
    except EngineError as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 2
    config_file = args.config_file.resolve()
    site_dir = (args.site_dir or config_file.parent / "site").resolve()
    scratch = scratch_dir(site_dir)
    shown = f"this checkout ({site_dir.name}/)" if site_dir.parent == config_file.parent else f"{site_dir.name}/"
    try:
        with stop_on_signals() as stop, build_lock(scratch, args.wait, shown):
            clear_stale(scratch, site_dir)
            return build(args, passthrough, config_file, site_dir, scratch / f"run-{os.getpid()}", stop)
    except Busy as why:
        print(f"ERROR   -  {why}", file=sys.stderr)
        return 1
    except Interrupted as stop:
        print(f"ERROR   -  Interrupted ({stop}): nothing was changed; {site_dir.name}/ is as it was.", file=sys.stderr)
        return 128 + stop.signum


def build(args: argparse.Namespace, passthrough: list[str], config_file: Path, site_dir: Path, run_dir: Path,
          stop: StopRequest) -> int:
    """Build into `run_dir`, then swap the result into `site_dir`; on any failure or signal leave `site_dir` be."""
    start = time.perf_counter()
    run_dir.mkdir()
    procs: list[subprocess.Popen] = []
    screen = Screen(args.verbose, args.quiet)
    try:
        jobs = 1 if args.sequential else max(1, min(args.jobs, languages_at_most(config_file) or args.jobs))
        for n in range(jobs):  # each worker reads its languages from mkdocs.yml (run_worker)
            out, log_path = run_dir / f"site-{n}", run_dir / f"build-{n}.log"
            # Every worker keeps a log, which the parent reads as it grows (scripts/build_output.py).
            mkdocs_args = ["build", "-f", str(config_file), "-d", str(out)] + (["--strict"] if args.strict else []) \
                + passthrough
            env = dict(os.environ, **{WORKER_ENV: "*" if args.sequential else f"{GROUP_MARK}{n}/{jobs}"})
            env.pop(LANGUAGES_FILE_ENV, None)
            if n == 0 and not args.sequential:
                env[LANGUAGES_FILE_ENV] = str(run_dir / "languages.json")
            # signals_held: a Ctrl-C now arrives once the worker is in `procs`, to be stopped.
            with log_path.open("w", encoding="utf-8") as log, signals_held():
                procs.append(worker_popen([sys.executable, __file__, *mkdocs_args], cwd=config_file.parent,
                                          env=env, stdout=log, stderr=subprocess.STDOUT))
        if args.sequential:
            languages, default = ["*"], "*"
            groups = [languages]
        else:  # for the merge and the report: the first worker's reading of mkdocs.yml
            try:
                languages, default = languages_read(procs[0], run_dir / "languages.json", config_file, stop)
            except Unreadable as error:  # YAML it cannot parse, no such file, a refused setting: no traceback
                print(error.lines(config_file.name, site_dir.name), end="", file=sys.stderr)
                return 1
            groups = split(languages, jobs)
        for extra in procs[len(groups):]:  # more jobs than languages: those workers build nothing
            extra.wait()
        del procs[len(groups):]
        parts = [(langs, run_dir / f"site-{n}", WorkerLog(run_dir / f"build-{n}.log")) for n, langs in enumerate(groups)]
        pages: dict[str, int] = {}
        known = set(languages) - {"*"}
        failed = wait_for(procs, parts, screen, lambda out, log: pages.update(report_worker(out, log, known, screen)),
                          stop)
        if failed:
            langs, log = failed[0]
            language, page = log.blame(config_file.parent, docs_name(config_file))
            what = language or ", ".join(langs)
            print(f"ERROR   -  Aborted: the build of {what} failed{f' on {page}' if page else ''} (see above); "
                  f"{site_dir.name}/ is as it was.", file=sys.stderr)
            return 1
        new_site = parts[0][1] if args.sequential else merge([(langs, out) for langs, out, _ in parts], default)
        with signals_held():
            stop.check()  # a Ctrl-C that some code swallowed is still a Ctrl-C: publish nothing
            publish(new_site, site_dir, run_dir)
            for sig in STOP_SIGNALS:  # the new site is in place: the build is done, only clean-up is left
                signal.signal(sig, signal.SIG_IGN)
    finally:  # also on Interrupted, which main() reports
        stop_workers(procs)
        remove_tree(run_dir)  # the previous site, after a swap
    pruned = prune_cache(config_file.parent)
    if args.verbose and pruned:
        screen.progress(f"Deleted {pruned} render-cache entries no build used for 30 days")
    seconds, total = time.perf_counter() - start, f"{sum(pages.values())} pages"
    if args.sequential:
        screen.progress(f"Built the site in one process into {site_dir} in {seconds:.2f} seconds: "
                        f"{len(pages)} languages, {total}")
    else:
        screen.progress(f"Built {len(pages)} languages ({total}) in {len(groups)} processes into {site_dir} "
                        f"in {seconds:.2f} seconds")
    return 0


def _render_cache():
    """hooks/policy_site/render_cache.py (plain Python), imported in this process."""
    if str(ROOT / "hooks") not in sys.path:
        sys.path.append(str(ROOT / "hooks"))  # appended: a policy_site the build's config loaded comes first
    from policy_site import render_cache

    return render_cache


def prune_cache(project: Path) -> int:
    """Delete the render-cache entries no build used for 30 days (the build just done refreshed what it
    read), if the last prune was a week ago or more; how many. Quiet, and never an error: a file it
    cannot delete stays for the next build."""
    cache = _render_cache()
    folder = cache.cache_folder(project)
    return cache.prune_if_due(folder) if folder is not None else 0


def docs_name(config_file: Path) -> str:
    """The docs folder as mkdocs.yml names it, relative to the project (MkDocs' default: docs)."""
    match = re.search(r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$",
                      config_file.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip().strip("/") if match else "docs"


def report_worker(out: Path, log: WorkerLog, known: set[str], screen: Screen) -> dict[str, int]:
    """One line per language a finished worker built (pages, seconds), in build order; its pages per language."""
    pages: dict[str, int] = {}
    languages = known | {lang for lang, _ in log.starts}
    for lang, seconds in log.timings(log.ended):
        pages[lang] = count_pages(out, lang, languages - {lang})
        screen.progress(f"{lang}: {pages[lang]} pages in {seconds:.2f} seconds")
    return pages


def wait_for(procs: list[subprocess.Popen], parts: list, screen: Screen,
             done: Callable[[Path, WorkerLog], object], stop: StopRequest) -> list[tuple[list[str], WorkerLog]]:
    """Wait for every worker, showing their logs as they grow and calling `done(out, log)` for each that
    succeeded; on the first failure stop the others. The failed workers' languages and logs.

    A stop signal ends the wait (Interrupted), also one whose exception some code caught before.
    """
    failed, stopped = [], set()
    pending = list(zip(procs, parts))
    while pending:
        time.sleep(0.05)
        stop.check()
        for proc, (langs, out, log) in list(pending):
            ended = proc.poll() is not None
            if id(proc) in stopped:
                if ended:
                    pending.remove((proc, (langs, out, log)))
                continue  # stopped because another failed: what it would still say is beside the point
            screen.show(log.poll(final=ended))
            if not ended:
                continue
            pending.remove((proc, (langs, out, log)))
            log.ended = time.perf_counter()
            screen.whole_log(langs, log.path.read_text(encoding="utf-8", errors="replace"))
            if proc.returncode:
                failed.append((langs, log))
                for other, _ in pending:  # stop the others: the build has failed anyway
                    other.terminate()
                    stopped.add(id(other))
            elif not failed:
                done(out, log)
    return failed


if __name__ == "__main__":
    if os.environ.get(WORKER_ENV):
        die_with_parent()
        try:
            raise SystemExit(run_worker(os.environ[WORKER_ENV]))
        except EngineError as error:  # scripts/serve --lang runs a worker directly
            print(f"ERROR   -  {error}", file=sys.stderr)
            raise SystemExit(2) from None
    raise SystemExit(main())
