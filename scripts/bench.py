"""Time and measure builds of synthetic policy corpora; every figure comes from one run of this script.

Variants, each built from the same corpus in the same run:
  plain       Material + mkdocs-static-i18n, no policy-site hooks (the stack as users set it up)
  project     policy-site's config, hooks and overrides with the git history switched off
  history     policy-site with the git history (what the site publishes)
  versions    history plus a page per version, diffs and feeds (issue 7); `history` has them off
  git-plugin  the plain stack plus mkdocs-git-revision-date-localized-plugin (dates only, git per page)
  parallel    history, built by scripts/parallel_build.py (languages in parallel processes, merged)
  site        what the project ships: its mkdocs.yml as is (versions, diffs, feeds, API on), built the
              way scripts/build builds it (scripts/parallel_build.py), with an empty cache (a cold build)
  site-warm   the daily case: `site` built once on a copy of the corpus, then each timed run commits an
              edit of one policy in one language (docs/en/policy-0001.md) and rebuilds with the cache
              the earlier builds left in .cache/policy-site/

Builds go round by round (each variant once, then again for --repeat), so that every ratio compares
builds made minutes apart: this machine's speed drifts by up to a fifth within an hour.

Nothing is deleted while builds are being timed: the previous output of a variant (and, for `site`,
its cache) is moved into the folder `set-aside/` of the bench's cache folder, which is deleted once
every build has run. On this machine's file system (ext4) a new file or folder made in the minute or
two after thousands were deleted costs far more: the kernel skips the recently freed inode numbers one
by one (perf: `find_inode_bit`, `recently_deleted`, a fifth of a warm worker's time). Deleting the
previous M site just before a warm build of the shipped site took its system time from 1.4 to 4.2 s
per process, and the build from 9.15 to 10.4 s (three runs each); the plain stack, with a fifth of
the files, took 14.6 to 15.3 s either way. The daily build does not pay it: it starts from a fresh
clone, with the cache restored, and `scripts/build` deletes the previous site only after publishing
the new one. The set-aside outputs need room until the bench ends: about 7 GB for L with --repeat 2.
For the same reason each build starts once the disk has written back what earlier builds wrote
(`os.sync`, not timed): a warm M build right after the cold one took 11.9 and 9.2 s while the cold
build's 300 MB were still being written, 9.9 and 8.6 s after a sync.

Columns besides time: peak MB is the largest single process (wait4 reports the maximum over the build
and its children); page KB is the mean size of a built HTML page; search MB is the largest search index
one reader downloads (the merged search/search_index.json, or the biggest <lang>/search/search_index.json).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
SIZES = {  # policies, languages, commits
    "S": (20, 6, 30),
    "M": (200, 6, 200),
    "L": (1000, 6, 500),
}
VARIANTS = ("plain", "project", "history", "versions", "git-plugin", "parallel", "site", "site-warm")
EDITED = "docs/en/policy-0001.md"  # what site-warm changes before each timed run
PARALLEL = ROOT / "scripts" / "parallel_build.py"


def make_corpus(size: str, cache: Path) -> Path:
    """The corpus for `size`, made once and reused (make_corpus.py is deterministic)."""
    policies, languages, commits = SIZES[size]
    dest = cache / f"corpus-{size}"
    if not (dest / ".git").is_dir():
        shutil.rmtree(dest, ignore_errors=True)
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(dest), "--policies", str(policies),
                        "--languages", str(languages), "--commits", str(commits)], check=True)
    return dest


def write_config(corpus: Path, variant: str) -> Path:
    """A mkdocs.yml for `variant` inside the corpus, derived from the project's own."""
    yaml = YAML()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)  # the corpus has its own pages; MkDocs lists them all
    config["docs_dir"] = "docs"
    extra = config.setdefault("extra", {})
    extra.setdefault("policy_site", {})["footer_pages"] = []
    variant = {"parallel": "history", "site-warm": "site"}.get(variant, variant)
    if variant in ("plain", "git-plugin"):
        for key in ("hooks", "extra_css"):
            config.pop(key, None)
        config["theme"].pop("custom_dir", None)
        extra.pop("policy_site", None)
    if variant in ("project", "history"):
        extra["policy_site"]["versions"] = False  # version pages, diffs and feeds: the `versions` variant
    if variant == "git-plugin":
        config["plugins"].append("git-revision-date-localized")  # it must come after i18n
    else:
        for part in ("hooks", "overrides"):
            target = corpus / part
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / part, target, ignore=shutil.ignore_patterns("__pycache__"))
    path = corpus / f"mkdocs-{variant}.yml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(config, handle)
    return path


def set_aside(path: Path, aside: Path) -> None:
    """Move `path` (if any) into `aside`, deleted after the last timed build (see the module docstring)."""
    if not path.exists():
        return
    aside.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=path.name + "-", dir=aside))
    try:
        os.replace(path, target / path.name)
    except OSError:  # another file system: deleting is the only way
        shutil.rmtree(path, ignore_errors=True)


def build_once(corpus: Path, config: Path, variant: str, site: Path, aside: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit code) of one `mkdocs build`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               POLICY_SITE_HISTORY="off" if variant == "project" else "on")
    set_aside(site, aside)
    if variant == "site":
        set_aside(corpus / ".cache", aside)  # cold: nothing rendered before
    os.sync()  # what earlier builds wrote is on disk: its writing back is not this build's time
    start = time.perf_counter()
    command = [str(PARALLEL)] if variant in ("parallel", "site", "site-warm") else ["-m", "mkdocs", "build"]
    proc = subprocess.Popen([sys.executable, *command, "-q", "-f", str(config), "-d", str(site)],
                            cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(f"  {variant}: build failed ({code}):\n{stderr[-2000:]}", file=sys.stderr)
    return seconds, usage.ru_maxrss // 1024, code


def warm_corpus(corpus: Path, size: str, cache: Path, aside: Path) -> tuple[Path, Path]:
    """A clone of `corpus` built once as shipped, so its cache holds what the previous day's build left."""
    dest = cache / f"corpus-{size}-warm"
    set_aside(dest, aside)
    subprocess.run(["git", "clone", "-q", str(corpus), str(dest)], check=True)
    config = write_config(dest, "site-warm")
    build_once(dest, config, "site-warm", cache / f"site-{size}-site-warm", aside)
    return dest, config


def commit_edit(corpus: Path, run: int) -> None:
    """One editor's change: a sentence added to one policy in one language, committed."""
    path = corpus / EDITED
    path.write_text(path.read_text(encoding="utf-8") + f"\nEdited for run {run}.\n", encoding="utf-8")
    git = ["git", "-C", str(corpus), "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid"]
    subprocess.run(git + ["commit", "-q", "-am", f"Edit {EDITED} (run {run})"], check=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def page_kb(site: Path) -> float:
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    return sum(pages) / len(pages) / 1e3 if pages else 0.0


def search_mb(site: Path) -> float:
    indexes = [p.stat().st_size for p in site.rglob("search/search_index.json")]
    return max(indexes) / 1e6 if indexes else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated corpus sizes: S, M, L")
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant; the median is reported")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "policy-site-bench")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    args.cache.mkdir(parents=True, exist_ok=True)
    aside = args.cache / "set-aside"
    shutil.rmtree(aside, ignore_errors=True)  # left by a run that was stopped: before anything is timed
    try:
        return run_bench(args, variants, aside)
    finally:
        if aside.exists():
            shutil.rmtree(aside, ignore_errors=True)
            print(f"Deleted the earlier outputs set aside in {aside}. A bench started in the next few minutes "
                  "would build among the inodes they freed, and run slow: wait five minutes.", file=sys.stderr)


def run_bench(args: argparse.Namespace, variants: list[str], aside: Path) -> int:
    """Every size's builds, round by round, then its table rows."""
    print(f"{'corpus':6} {'variant':11} {'median s':>9} {'vs plain':>9} {'peak MB':>8} {'output MB':>10} {'page KB':>8} {'search MB':>10}")
    for size in args.sizes.split(","):
        corpus = make_corpus(size, args.cache)
        projects: dict[str, tuple[Path, Path]] = {}
        for variant in variants:
            projects[variant] = warm_corpus(corpus, size, args.cache, aside) if variant == "site-warm" \
                else (corpus, write_config(corpus, variant))
        runs: dict[str, list[tuple[float, int, int]]] = {variant: [] for variant in variants}
        for run in range(args.repeat):
            for variant in variants:
                project, config = projects[variant]
                if variant == "site-warm":
                    commit_edit(project, run)
                site = args.cache / f"site-{size}-{variant}"
                runs[variant].append(build_once(project, config, variant, site, aside))
        medians: dict[str, float] = {}
        for variant in variants:
            site = args.cache / f"site-{size}-{variant}"
            if any(code for _, _, code in runs[variant]):
                print(f"{size:6} {variant:11} {'FAILED':>9}")
                continue
            medians[variant] = statistics.median(seconds for seconds, _, _ in runs[variant])
            peak = max(mb for _, mb, _ in runs[variant])
            ratio = f"{medians[variant] / medians['plain']:.2f}x" if "plain" in medians else "-"
            pages = sum(1 for _ in site.rglob("versions/*/index.html")) + \
                sum(1 for _ in site.rglob("versions/*/diff*/index.html"))
            extra_pages = f"  ({pages} version and diff pages)" if pages else ""
            print(f"{size:6} {variant:11} {medians[variant]:9.2f} {ratio:>9} {peak:8d} "
                  f"{folder_size(site) / 1e6:10.1f} {page_kb(site):8.1f} {search_mb(site):10.2f}{extra_pages}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
