"""Build the site with one process per group of languages, then merge the outputs into one site dir.

Usage: parallel_build.py [-f mkdocs.yml] [-d site] [--jobs N] [--strict] [-q] [other `mkdocs build` options]

mkdocs-static-i18n builds every language one after another in one process. Here each worker process
runs the same `mkdocs build` (same config, same hooks, same CLI and --strict handling) but static-i18n
starts with the worker's first language and skips the builds of languages that belong to other workers.
Every worker still sees every language's files, so the language switcher, hreflang links and the
fallbacks are computed exactly as in the sequential build.

Merging: the worker that builds the source language supplies the site root (source pages, shared
assets, 404.html, the source language's search index); every other worker supplies its `<lang>/`
folders. sitemap.xml lists each worker's languages in the order of mkdocs.yml, as the sequential build
does. Any failing worker fails the build with its own log (which names the broken file).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORKER_ENV = "POLICY_SITE_BUILD_LANGUAGES"
SITEMAP_URL = re.compile(r"\n?[ \t]*<url>.*?</url>", re.S)


def i18n_languages(config_file: Path) -> tuple[list[str], str, str]:
    """(languages to build in mkdocs.yml order, the default language, site_url) as MkDocs reads them."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins["i18n"]
    return list(plugin.build_languages), plugin.default_language, config.site_url or ""


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


def run_worker(languages: list[str]) -> int:
    """In a worker process: `mkdocs build` (argv as given) for `languages` only."""
    import mkdocs_static_i18n.plugin as i18n_plugin
    from mkdocs.__main__ import cli
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    init, build = ExtendedPlugin.__init__, i18n_plugin.build

    def start_with_first(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.current_language = languages[0]  # static-i18n builds this one first, then the others

    def build_own(config, dirty=False):
        # static-i18n builds every language but the one it started with; this worker builds its own.
        if config.plugins["i18n"].current_language in languages[1:]:
            build(config, dirty=dirty)

    ExtendedPlugin.__init__ = start_with_first
    i18n_plugin.build = build_own
    return cli.main(args=sys.argv[1:], prog_name="mkdocs")  # exits with mkdocs' own status


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


def merge(parts: list[tuple[list[str], Path]], default: str, site_dir: Path) -> None:
    """Move the workers' outputs into `site_dir` (see the module docstring)."""
    root = next(site for langs, site in parts if default in langs)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    merge_sitemaps(parts, root)  # before moving: each worker's sitemap lists its own languages
    for langs, site in parts:
        if site is root:
            continue
        for lang in langs:
            if (site / lang).exists():
                shutil.rmtree(root / lang, ignore_errors=True)
                (site / lang).rename(root / lang)
    root.rename(site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=None)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("-s", "--strict", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    args, passthrough = parser.parse_known_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = args.config_file.resolve()
    site_dir = (args.site_dir or config_file.parent / "site").resolve()
    languages, default, _ = i18n_languages(config_file)
    groups = split(languages, args.jobs)
    start = time.perf_counter()
    scratch = site_dir.parent / f".{site_dir.name}.parallel"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    procs = []
    for n, langs in enumerate(groups):
        out = scratch / f"site-{n}"
        log = (scratch / f"build-{n}.log").open("w+", encoding="utf-8")
        mkdocs_args = ["build", "-f", str(config_file), "-d", str(out)] + (["--strict"] if args.strict else []) \
            + (["-q"] if args.quiet else []) + passthrough
        env = dict(os.environ, **{WORKER_ENV: ",".join(langs)})
        procs.append((langs, out, log, subprocess.Popen([sys.executable, __file__, *mkdocs_args],
                                                        cwd=config_file.parent, env=env, stdout=log,
                                                        stderr=subprocess.STDOUT)))
    failed, stopped = [], set()
    pending = list(procs)
    while pending:
        time.sleep(0.05)
        for item in [p for p in pending if p[3].poll() is not None]:
            pending.remove(item)
            langs, out, log, proc = item
            log.seek(0)
            text = log.read()
            log.close()
            if proc.returncode and id(proc) not in stopped:
                failed.append(langs)
                for *_, other in pending:  # stop the others: the build has failed anyway
                    other.terminate()
                    stopped.add(id(other))
                print(f"ERROR   -  Build of {', '.join(langs)} failed:\n{text}", file=sys.stderr, end="")
            elif not proc.returncode and text.strip() and not args.quiet:
                print(f"[{', '.join(langs)}]\n{text}", file=sys.stderr, end="")
    if failed:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"ERROR   -  Aborted: the build of {', '.join(failed[0])} failed (see above).", file=sys.stderr)
        return 1
    merge([(langs, out) for langs, out, _, _ in procs], default, site_dir)
    shutil.rmtree(scratch, ignore_errors=True)
    if not args.quiet:
        print(f"INFO    -  Built {len(languages)} languages in {len(groups)} processes into {site_dir} "
              f"in {time.perf_counter() - start:.2f} seconds", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if os.environ.get(WORKER_ENV):
        raise SystemExit(run_worker(os.environ[WORKER_ENV].split(",")))
    raise SystemExit(main())
