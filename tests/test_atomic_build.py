"""scripts/build is atomic and exclusive (issue 12): whatever happens to a build, site/ is a complete build.

The real scripts/parallel_build.py (what scripts/build runs) builds a committed copy of the project,
with its .gitignore, into the copy's site/. A first build is the reference; every later build of the
same content must leave exactly those files with exactly those bytes (sitemap.xml.gz compared
decompressed: the sequential build's gzip header holds a build time), whether it finished, failed,
was interrupted (SIGINT) at several points or killed (SIGKILL) at random times, or ran next to
another build. No build process may outlive its build, and `git status` stays clean.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from site_facts import ROOT, locales, source_locale
from gitrepo import GitRepo
from sitebuild import PROJECT_PARTS, copy_project

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY="2026-11-23")
ENV.pop("POLICY_SITE_SEQUENTIAL", None)


def start(project: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """scripts/build's command (parallel_build.py --strict), output to `log`."""
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen([sys.executable, str(project / "scripts/parallel_build.py"), "--strict", "--jobs", "2",
                                 *args], cwd=project, env=env or ENV, stdout=out, stderr=subprocess.STDOUT)


def finish(proc: subprocess.Popen, log: Path) -> tuple[int, str]:
    proc.wait(timeout=600)
    return proc.returncode, log.read_text(encoding="utf-8")


def digest(site: Path) -> dict[str, str]:
    """Every file of the site and its content hash."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = hashlib.sha256(
            gzip.decompress(data) if path.name == "sitemap.xml.gz" else data).hexdigest()
    return files


def build_processes(project: Path) -> list[int]:
    """Processes whose command line names the project's build scratch folder (the workers write there)."""
    marker = str(project / ".site.build").encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue  # ended while we looked
    return found


def assert_no_build_processes(project: Path) -> None:
    deadline = time.monotonic() + 10  # a killed parent's workers get SIGTERM from the kernel, not at once
    while build_processes(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert build_processes(project) == []


def git_status(project: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True,
                          check=True).stdout


def wait_until(condition, timeout: float = 300, step: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(ROOT, tmp_path_factory.mktemp("atomic") / "project", (*PROJECT_PARTS, "scripts", ".gitignore"))


@pytest.fixture(scope="module")
def reference(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    log = tmp_path_factory.mktemp("logs") / "first.log"
    code, output = finish(start(project, log), log)
    assert code == 0, output
    files = digest(project / "site")
    prefixes = [""] + [f"{lang}/" for lang in locales(project) if lang != source_locale(project)]
    for prefix in prefixes:
        assert f"{prefix}index.html" in files and f"{prefix}returns/index.html" in files, prefix
    assert {"404.html", "sitemap.xml", "search/search_index.json"} <= set(files)
    assert git_status(project) == ""
    return files


def assert_intact(project: Path, reference: dict[str, str]) -> None:
    assert digest(project / "site") == reference
    assert_no_build_processes(project)
    assert git_status(project) == ""
    assert [p.name for p in (project / ".site.build").iterdir()] == ["lock"]  # a killed build's run-<pid> is gone too


def run_dir(project: Path, proc: subprocess.Popen) -> Path:
    return project / ".site.build" / f"run-{proc.pid}"


@pytest.mark.parametrize("point", ["waiting for workers", "building", "merging"])
def test_an_interrupted_build_leaves_the_previous_site(project, reference, tmp_path, point):
    log = tmp_path / "build.log"
    proc = start(project, log)
    run = run_dir(project, proc)
    if point == "waiting for workers":
        wait_until(run.exists)
    elif point == "building":
        wait_until(lambda: (run / "build-1.log").exists() and "Building '" in (run / "build-1.log").read_text())
    else:  # the workers have all ended: the parent merges their outputs and swaps the site in
        wait_until(lambda: build_processes(project))
        wait_until(lambda: not build_processes(project) or proc.poll() is not None, step=0.005)
    proc.send_signal(signal.SIGINT)
    code, output = finish(proc, log)
    if point == "merging":
        # Either the signal came before the swap (nothing changed) or after it (the new, identical site is in).
        assert code in (0, 130), output
    else:
        assert code == 130, output
        assert "Interrupted (SIGINT): nothing was changed; site/ is as it was." in output
    assert "Traceback" not in output
    assert_intact(project, reference)


def test_sigterm_stops_every_worker_and_exits_143(project, reference, tmp_path):
    log = tmp_path / "build.log"
    proc = start(project, log)
    wait_until(lambda: len(build_processes(project)) >= 2)
    proc.send_signal(signal.SIGTERM)
    code, output = finish(proc, log)
    assert code == 143, output
    assert_intact(project, reference)


def test_a_build_killed_at_random_moments_never_leaves_a_partial_site(project, reference, tmp_path):
    """SIGKILL cannot be caught: the kernel stops the workers (parent-death signal), the next build tidies up."""
    rng = random.Random(12)
    for attempt in range(4):
        log = tmp_path / f"build-{attempt}.log"
        proc = start(project, log)
        time.sleep(rng.uniform(0.5, 14))
        proc.kill()
        proc.wait()
        assert digest(project / "site") == reference, attempt
        assert_no_build_processes(project)
        assert git_status(project) == ""
    log = tmp_path / "after.log"
    code, output = finish(start(project, log, "-q"), log)  # clears what the killed builds left aside
    assert code == 0, output
    assert_intact(project, reference)


def test_two_builds_at_once_take_turns_and_site_is_always_complete(project, reference, tmp_path):
    seen_incomplete: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        site = project / "site"
        while not stop.is_set():
            for page in ("index.html", "ru/index.html", "sitemap.xml"):
                if not (site / page).is_file():
                    seen_incomplete.append(page)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        first = start(project, tmp_path / "first.log")
        wait_until(lambda: (project / ".site.build" / "lock").read_text().strip() == str(first.pid))
        refused, refused_output = finish(start(project, tmp_path / "refused.log", "--no-wait"), tmp_path / "refused.log")
        second = start(project, tmp_path / "second.log")
        results = [finish(first, tmp_path / "first.log"), finish(second, tmp_path / "second.log")]
    finally:
        stop.set()
        watcher.join()
    assert refused == 1, refused_output
    assert (f"another build of this checkout (site/) is running (pid {first.pid}); nothing was changed."
            in refused_output)
    assert [code for code, _ in results] == [0, 0], results
    assert (f"Another build of this checkout (site/) is running (pid {first.pid}); waiting up to 1800 s"
            in results[1][1])
    assert seen_incomplete == []
    assert_intact(project, reference)


def test_a_failing_build_leaves_the_previous_site(project, reference, tmp_path):
    page = project / "docs" / "ru" / "returns.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("effective: ", "effective: [not a date", 1), encoding="utf-8")
    try:
        code, output = finish(start(project, tmp_path / "build.log"), tmp_path / "build.log")
    finally:
        page.write_text(text, encoding="utf-8")
    assert code == 1, output
    assert "docs/ru/returns.md" in output
    assert "the build of ru failed on docs/ru/returns.md (see above); site/ is as it was." in output
    assert_intact(project, reference)


def test_the_sequential_build_is_atomic_too(project, reference, tmp_path):
    # No render cache: with the pages of the module's earlier builds stored, the whole build could end
    # within the two seconds below, before the signal it is meant to receive half way.
    env = dict(ENV, POLICY_SITE_SEQUENTIAL="1", POLICY_SITE_CACHE="off")
    log = tmp_path / "interrupted.log"
    proc = start(project, log, env=env)
    wait_until(lambda: build_processes(project))
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    code, output = finish(proc, log)
    assert code == 130, output
    assert_intact(project, reference)
    log = tmp_path / "whole.log"
    code, output = finish(start(project, log, env=env), log)
    assert code == 0, output
    assert "Built the site in one process" in output
    assert_intact(project, reference)  # plain `mkdocs build` writes the same bytes as the parallel build


def test_a_stop_signal_is_not_swallowed_by_code_that_catches_errors() -> None:
    """A signal lands wherever the build happens to be, third-party code included, and some of it
    catches every Exception (static-i18n does at import time). The stop must get through such code."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from atomic_site import Interrupted, stop_on_signals
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    swallowed, before = False, signal.getsignal(signal.SIGINT)
    with pytest.raises(Interrupted) as stopped:
        with stop_on_signals():
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)  # the handler runs here, at the latest
            except Exception:  # what a library's "optional feature" import does
                swallowed = True
    assert stopped.value.signum == signal.SIGINT and not swallowed
    assert signal.getsignal(signal.SIGINT) == before  # put back as it was


def test_a_stop_signal_that_an_error_replaced_is_still_a_stop() -> None:
    """CPython can put another error in place of the exception a signal handler raised: in CI, a Ctrl-C
    landing in the import of a missing name came out as "TypeError: expected a message argument" and the
    build ended with a traceback and exit code 1. Once a stop signal has come, the build reports the stop."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from atomic_site import Interrupted, stop_on_signals
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    with pytest.raises(Interrupted) as stopped:
        with stop_on_signals():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)  # the handler runs here, at the latest
            except Interrupted:  # what the import machinery did with it
                raise TypeError("expected a message argument")
    assert stopped.value.signum == signal.SIGTERM
    assert isinstance(stopped.value.__cause__, TypeError)
    with pytest.raises(ValueError):  # an error with no signal before it is that error
        with stop_on_signals():
            raise ValueError("not a stop")


def test_removing_the_previous_site_deletes_it_all_and_follows_no_link(tmp_path: Path) -> None:
    """A run's folder (the previous site inside it) is deleted on several threads; a symlink at any depth
    is removed as a link, and what it points to stays."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from atomic_site import remove_tree
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "index.html").write_text("keep me", encoding="utf-8")
    run = tmp_path / "run-1"
    for lang in ("", "ru/", "th/"):
        for n in range(30):
            page = run / "previous" / f"{lang}policy-{n}" / "versions" / "2" / "diff"
            page.mkdir(parents=True)
            (page / "index.html").write_text("old", encoding="utf-8")
            (page.parent / "index.html").write_text("old", encoding="utf-8")
    (run / "build-0.log").write_text("log", encoding="utf-8")
    (run / "previous" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    for link in (run / "link", run / "previous" / "link", run / "previous" / "ru" / "link",
                 run / "previous" / "ru" / "policy-1" / "link"):  # one at each depth
        link.symlink_to(outside, target_is_directory=True)
    assert sum(1 for _ in run.rglob("*")) > 500
    remove_tree(run)
    assert not run.exists() and not run.is_symlink()
    assert (outside / "kept" / "index.html").read_text(encoding="utf-8") == "keep me"
    remove_tree(run)  # gone already: nothing to do, no error


SWALLOWING_HOOK = '''"""Stands in for third-party code that catches every exception, a stop signal's included."""
import os
import time
from pathlib import Path

marker = os.environ.get("SWALLOW_MARKER")
if marker and os.environ.get("POLICY_SITE_LANGUAGES_FILE"):  # the first worker ends before telling the parent
    os._exit(3)  # its languages, so the parent reads mkdocs.yml itself (parallel_build.languages_read)
if marker and not os.environ.get("POLICY_SITE_BUILD_LANGUAGES"):  # in the parent only, while it reads mkdocs.yml
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    try:
        time.sleep(5)
    except BaseException:  # what a careless library does: the Ctrl-C's exception is gone
        pass
'''


def test_a_stop_signal_that_code_swallowed_still_stops_the_build(tmp_path):
    """In a fresh clone, a Ctrl-C while the parent read mkdocs.yml was lost: the build ran to the end and
    replaced the site (exit 0). Whatever catches the exception, the signal stops the build. (The parent
    reads mkdocs.yml, hooks and all, only when the first worker ends without telling it the languages:
    the hook makes that worker do so.)"""
    project = copy_project(ROOT, tmp_path / "project", (*PROJECT_PARTS, "scripts", ".gitignore"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:\n" in config
    GitRepo(project, init=False).commit({
        "hooks/swallows_signals.py": SWALLOWING_HOOK,
        "mkdocs.yml": config.replace("\nhooks:\n", "\nhooks:\n  - hooks/swallows_signals.py\n", 1)},
        "A hook that swallows exceptions", date="2026-01-06")
    first = tmp_path / "first.log"
    code, output = finish(start(project, first), first)
    assert code == 0, output
    reference = digest(project / "site")
    marker, log = tmp_path / "marker", tmp_path / "build.log"
    proc = start(project, log, env=dict(ENV, SWALLOW_MARKER=str(marker)))
    wait_until(lambda: marker.exists() and marker.read_text(encoding="utf-8") == str(proc.pid))
    proc.send_signal(signal.SIGINT)
    code, output = finish(proc, log)
    assert code == 130, output
    assert "Interrupted (SIGINT): nothing was changed; site/ is as it was." in output
    assert "Traceback" not in output
    assert_intact(project, reference)
