"""scripts/export: every version of every policy in every language, as one reproducible archive for auditors.

Builds the site from the checked-out commit (which must be clean) with the build's day pinned to that
commit's date (or --today), then writes <out>/policies-<commit>-<day>.tar.gz holding, under one folder:

    manifest.json                   versions, dates, commits, SHA-256 of every file, per language
    SHA256SUMS                      `sha256sum -c` format, for every other file
    <lang>/<policy>/v<n>.md         the version's Markdown exactly as committed (the git blob)
    <lang>/<policy>/v<n>.html       the version's page as the site renders it (when the site has one)

The same commit and day give the same bytes: entries sorted, owners and modes fixed, every mtime the
commit's time, gzip without a name or time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import posixpath
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from project import ROOT, load_project  # also puts hooks/ on sys.path
from policy_site.api import API_DIR
from policy_site.history import GitError, State, read_blobs, read_history
from policy_site.versions import build_versions

FORMAT = "policy-site/export/1"


class ExportError(Exception):
    """Something that stops the export, said with what to do."""


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise ExportError(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _head(root: Path) -> tuple[str, dt.datetime]:
    commit = _git(root, "rev-parse", "--verify", "HEAD")
    stamp = int(_git(root, "show", "-s", "--format=%ct", commit))
    dirty = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if dirty:
        first = dirty.splitlines()[0]
        raise ExportError(f"uncommitted changes ({first.strip()}{', …' if len(dirty.splitlines()) > 1 else ''}): "
                          "an export is the record of a commit\n    fix: commit or stash them, then export again")
    return commit, dt.datetime.fromtimestamp(stamp, dt.timezone.utc)


def _build(config: Path, site: Path, day: dt.date) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_SITE_TODAY=day.isoformat())
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
    done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ExportError(f"the site does not build:\n{done.stdout}{done.stderr}    fix: run scripts/check")


def _resolve(origin: str, url: str) -> str:
    path = posixpath.normpath(posixpath.join(posixpath.dirname(origin), url))
    return "" if path == "." else path + ("/" if url.endswith("/") else "")


def _page(site: Path, path: str) -> bytes | None:
    target = site / (path + "index.html" if path.endswith("/") or not path else path)
    return target.read_bytes() if target.is_file() else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def collect(root: Path, site: Path, languages: list[str], source: str) -> tuple[list[dict], dict[str, bytes]]:
    """(manifest entries per policy and language, archive files) from the built site's API files and git."""
    history = read_history(root / "docs")
    if history.state is not State.COMPLETE:
        raise ExportError(f"the git history is {history.state}: {history.detail}\n"
                          "    fix: export from a full clone (git fetch --unshallow)")
    policies, files = [], {}
    for language in languages:
        prefix = "" if language == source else f"{language}/"
        index_path = f"{prefix}{API_DIR}/policies.json"
        if not (site / index_path).is_file():
            raise ExportError(f"the build wrote no {index_path}\n    fix: switch the version history on "
                              "(extra.policy_site.history and versions) and build from a git checkout")
        for listed in json.loads((site / index_path).read_text(encoding="utf-8"))["policies"]:
            api_path = _resolve(index_path, listed["versions_url"])
            if not api_path.startswith(f"{prefix}{API_DIR}/"):
                continue  # an untranslated policy: the source language's entry has its versions
            data = json.loads((site / api_path).read_text(encoding="utf-8"))
            src_uri = data["file"][len(history.docs_prefix):]
            versions = build_versions(src_uri, history.changes(src_uri)).versions
            blobs = {}
            for version in versions:
                blob = next((r.change.blob for r in reversed(version.revisions) if r.change.blob), None)
                blobs[version.number] = (blob, next((r.change.commit for r in reversed(version.revisions)
                                                     if blob and r.change.blob == blob), None))
            raw = read_blobs(history.repo_root, [b for b, _ in blobs.values() if b], raw=True)
            entries = []
            for item in data["versions"]:
                number, folder = item["number"], f"{language}/{data['id']}"
                blob, commit = blobs[number]
                markdown = raw.get(blob or "")
                if markdown is None or _sha(markdown) != item["sha256"]:
                    raise ExportError(f"{data['file']} version {number}: the site's SHA-256 does not match the "
                                      "committed text\n    fix: build and export from the same clean commit")
                files[f"{folder}/v{number}.md"] = markdown
                html = _page(site, _resolve(api_path, item["url"])) if item["url"] else None
                if html is not None:
                    files[f"{folder}/v{number}.html"] = html
                entries.append({
                    "number": number, "status": item["status"], "effective_from": item["effective_from"],
                    "effective_until": item["effective_until"], "withdrawn": item["withdrawn"],
                    "change_note": item["change_note"], "first_commit": versions[number - 1].revisions[0].change.commit,
                    "text_commit": commit, "markdown": f"{folder}/v{number}.md", "sha256": item["sha256"],
                    "html": f"{folder}/v{number}.html" if html is not None else None,
                    "html_sha256": _sha(html) if html is not None else None})
            policies.append({"language": language, "id": data["id"], "file": data["file"], "title": data["title"],
                             "current_version": data["current_version"], "upcoming_version": data["upcoming_version"],
                             "withdrawn": data["withdrawn"], "versions": entries})
    return policies, files


def archive(files: dict[str, bytes], folder: str, mtime: int) -> bytes:
    """A tar.gz of `files` under `folder`: the same bytes for the same files and mtime."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as packed:
        with tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(files):
                info = tarfile.TarInfo(f"{folder}/{name}")
                info.size, info.mtime, info.mode = len(files[name]), mtime, 0o644
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, io.BytesIO(files[name]))
    return buffer.getvalue()


def export(config: Path, out: Path, today: dt.date | None = None) -> Path:
    root = config.parent
    project = load_project(root)
    commit, committed = _head(root)
    day = today or committed.date()
    with tempfile.TemporaryDirectory(prefix="policy-export-") as scratch:
        site = Path(scratch) / "site"
        _build(config, site, day)
        policies, files = collect(root, site, list(project.languages), project.source)
    manifest = {"format": FORMAT, "commit": commit, "commit_date": committed.isoformat(), "date": day.isoformat(),
                "source_language": project.source, "languages": list(project.languages),
                "site_url": project.config.get("site_url"), "policies": policies}
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    files["SHA256SUMS"] = "".join(f"{_sha(files[name])}  {name}\n" for name in sorted(files)).encode("utf-8")
    name = f"policies-{commit[:12]}-{day.isoformat()}"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.tar.gz"
    target.write_bytes(archive(files, name, int(committed.timestamp())))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/export", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "exports", help="output folder; default exports/")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="decide which version is in force as on this day; default: the commit's date (UTC)")
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        target = export(args.config_file.resolve(), args.out, args.today)
    except (ExportError, GitError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
