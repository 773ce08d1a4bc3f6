"""What makes scripts/build safe to interrupt and to run twice: a lock, a build aside, one swap, no orphans.

- One build per output folder at a time: an flock on `.<site>.build/lock` (next to the output folder,
  git-ignored). A second build waits for the first, saying so, or refuses with --no-wait. The lock
  file is never deleted (deleting a locked file lets a third build lock a new one while the second
  still waits on the old).
- Builds write into `.<site>.build/run-<pid>/` on the same filesystem, and the finished site replaces
  the output folder in one step: renameat2(RENAME_EXCHANGE) swaps the two directories atomically, so
  `site/` is always a complete build, the previous or the new one. `site/` stays a real directory (not
  a symlink to the newest build), so GitHub Pages' upload-pages-artifact, `python -m http.server -d
  site` and rsync see what they always saw. Where the kernel or filesystem cannot exchange, two
  renames leave at most a moment without `site/` (never a partial one), and the next build puts the
  previous site back if it was killed in that moment.
- Workers run in process groups of their own: Ctrl-C (SIGINT) or SIGTERM stops every group, removes
  the build's scratch folder and leaves the previous site as it was. A worker whose parent dies
  (even by SIGKILL) is stopped by the kernel (PR_SET_PDEATHSIG) and takes its group with it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PARENT_ENV = "POLICY_SITE_BUILD_PARENT"
_AT_FDCWD, _RENAME_EXCHANGE, _PR_SET_PDEATHSIG = -100, 2, 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
REMOVAL_THREADS = 4


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived; `signum` says which.

    A BaseException, as KeyboardInterrupt is: raised wherever the signal lands, it must not be taken
    for an error by an `except Exception` there. One in static-i18n's import-time code caught it, and
    the build carried on with the stop signals ignored (a Ctrl-C at the start of a build was lost).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Busy(Exception):
    """Another build holds the lock (and we were not to wait, or waited long enough)."""


def scratch_dir(site_dir: Path) -> Path:
    """Where builds of `site_dir` happen: a sibling, so the final rename stays on one filesystem."""
    return site_dir.parent / f".{site_dir.name}.build"


class StopRequest:
    """The stop signals that arrived during a build (see stop_on_signals)."""

    def __init__(self) -> None:
        self.arrived: list[int] = []

    def check(self) -> None:
        """Raise Interrupted if a stop signal came, even though some code caught the Interrupted it raised.

        A signal lands wherever the build happens to be, and code that catches every exception
        (BaseException, or a bare `except:`) takes the Interrupted for one of its own errors and goes on;
        the handler has set the signals to be ignored by then, so the build would run to the end and
        replace the site. The build checks before it does anything that cannot be taken back.
        """
        if self.arrived:
            raise Interrupted(self.arrived[0])


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Turn SIGINT/SIGTERM/SIGHUP into Interrupted (once: a second Ctrl-C does not cut the clean-up short)."""
    stop = StopRequest()

    def handler(signum, _frame):
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        stop.arrived.append(signum)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield stop
    except Exception as error:
        # The Interrupted can land in C code that puts an error of its own in its place: in CI, one that
        # landed in CPython's import of a missing name (pathspec's `from typing import override`) came
        # out as "TypeError: expected a message argument". Once a stop signal has come, it is the cause.
        if stop.arrived:
            raise Interrupted(stop.arrived[0]) from error
        raise
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold stop signals back for a few statements (they arrive right after)."""
    held_before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held_before)


@contextmanager
def build_lock(scratch: Path, wait: float, shown: str) -> Iterator[None]:
    """Hold the build lock of `scratch`, waiting up to `wait` seconds for another build to finish."""
    scratch.mkdir(parents=True, exist_ok=True)
    fd = os.open(scratch / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, said = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                if time.monotonic() >= deadline:
                    raise Busy(f"another build of {shown} is running (pid {holder})"
                               + (f" and has not finished after {wait:.0f} s" if wait else "")
                               + "; nothing was changed. Wait for it, or stop it, then build again.") from None
                if not said:
                    print(f"INFO    -  Another build of {shown} is running (pid {holder}); waiting up to "
                          f"{wait:.0f} s for it to finish (--no-wait: refuse instead)…", file=sys.stderr, flush=True)
                    said = True
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def clear_stale(scratch: Path, site_dir: Path) -> None:
    """Remove what killed builds left in `scratch` (holding the lock); put back a site a swap took away."""
    for entry in scratch.iterdir():
        if entry.name == "lock":
            continue
        previous = entry / "previous"
        if not site_dir.exists() and previous.is_dir():
            os.rename(previous, site_dir)
            print(f"INFO    -  Put back {site_dir.name}/, which an interrupted build had moved aside.", file=sys.stderr)
        remove_tree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)


def _remove_entry(entry: os.DirEntry) -> None:
    try:
        shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
    except OSError:
        pass  # as shutil.rmtree(ignore_errors=True): what is left is tried once more at the end


def _entries_below(path: Path, depth: int) -> list[os.DirEntry]:
    """The entries `depth` levels below `path`, and the files met on the way (symlinks are not followed)."""
    found: list[os.DirEntry] = []
    level = [str(path)]
    for n in range(depth):
        deeper = []
        for folder in level:
            try:
                with os.scandir(folder) as listing:
                    for entry in listing:
                        if n < depth - 1 and entry.is_dir(follow_symlinks=False):
                            deeper.append(entry.path)
                        else:
                            found.append(entry)
            except OSError:
                pass
        level = deeper
    return found


def remove_tree(path: Path) -> None:
    """Delete `path` and all under it, never following a symlink, as shutil.rmtree(ignore_errors=True) does.

    A rebuild's last step is deleting the previous site, one unlink at a time: 1.3 to 4.3 s for the
    27,000 files and folders of a site of 200 policies in six languages, while the editor waits.
    Unlinks in different folders go on side by side in the kernel, so the folders three levels down
    (a run's folder, the site, a language, a page) are shared among a few threads.
    """
    with ThreadPoolExecutor(REMOVAL_THREADS) as pool:
        for _ in pool.map(_remove_entry, _entries_below(path, 3)):
            pass
    shutil.rmtree(path, ignore_errors=True)  # the emptied folders, and anything a thread could not remove


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False when this system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(new_site: Path, site_dir: Path, run_dir: Path) -> None:
    """Make `new_site` (inside `run_dir`) the output folder in one step; the previous one stays in `run_dir`."""
    if not site_dir.exists():
        os.rename(new_site, site_dir)
    elif not _exchange(new_site, site_dir):  # after an exchange, new_site's name holds the previous site
        os.rename(site_dir, run_dir / "previous")
        os.rename(new_site, site_dir)


def worker_popen(command: list[str], **kwargs) -> subprocess.Popen:
    """Start a worker in a process group of its own, told who its parent is (see die_with_parent).

    Call it with signals_held() until the process is recorded, so that a Ctrl-C cannot come between
    its start and its being stopped; the worker inherits the held signals and lets them through.
    """
    env = dict(kwargs.pop("env", None) or os.environ, **{PARENT_ENV: str(os.getpid())})
    return subprocess.Popen(command, process_group=0, env=env, **kwargs)


def stop_workers(procs: list[subprocess.Popen], grace: float = 5.0) -> None:
    """SIGTERM every worker's group, SIGKILL what is left after `grace` seconds, and reap them."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for proc in [p for p in procs if p.poll() is None]:  # a reaped worker's pid may belong to another
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace
        while any(proc.poll() is None for proc in procs) and time.monotonic() < deadline:
            time.sleep(0.05)
    for proc in procs:
        proc.wait()


def die_with_parent() -> None:
    """In a worker: stop, with every process of the group, when the parent build dies or asks us to."""
    parent = int(os.environ.pop(PARENT_ENV, "0") or 0)
    if not parent:
        return
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held by the parent while it started us
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):
        pass  # not Linux: Ctrl-C and SIGTERM still stop the workers through the parent
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.killpg(0, signal.SIGKILL)
