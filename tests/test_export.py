"""scripts/export (issue 17, item 3): every version of every policy in every language, Markdown and HTML,
with a manifest and checksums, the same bytes every time from the same commit. Real git repository
(the one of test_api.py: several versions, an upcoming one, a withdrawn policy), real builds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from site_facts import ROOT
from test_api import history  # noqa: F401  (the fixture: a repository with a history worth exporting)


def run_export(repo_root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/export.py"), "-f", str(repo_root / "mkdocs.yml"),
                           "--out", str(out), *extra], cwd=repo_root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def exported(history, tmp_path_factory) -> tuple[Path, Path]:  # noqa: F811
    repo, _ = history
    first, second = tmp_path_factory.mktemp("export-1"), tmp_path_factory.mktemp("export-2")
    for out in (first, second):
        proc = run_export(repo.root, out)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    [a], [b] = sorted(first.glob("*.tar.gz")), sorted(second.glob("*.tar.gz"))
    return a, b


def members(path: Path) -> dict[str, tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name.split("/", 1)[1]: (m, tar.extractfile(m).read()) for m in tar.getmembers()}


def test_two_exports_of_one_commit_are_identical(exported, history):  # noqa: F811
    repo, _ = history
    a, b = exported
    assert a.read_bytes() == b.read_bytes()
    head = repo.head()
    assert a.name == f"policies-{head[:12]}-2027-01-20.tar.gz"  # the day of the commit "New carrier in March"


def test_archive_is_normalised(exported, history):  # noqa: F811
    repo, _ = history
    stamp = int(repo.git("show", "-s", "--format=%ct", "HEAD").strip())
    archive, _ = exported
    assert archive.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime
    found = members(archive)
    assert list(found) == sorted(found)
    for info, _ in found.values():
        assert (info.uid, info.gid, info.uname, info.gname, info.mtime, info.mode) == (0, 0, "", "", stamp, 0o644)


def test_manifest_and_checksums_cover_every_version(exported, history):  # noqa: F811
    repo, commits = history
    found = members(exported[0])
    manifest = json.loads(found["manifest.json"][1])
    assert (manifest["commit"], manifest["date"], manifest["languages"]) == (repo.head(), "2027-01-20",
                                                                             ["en", "ru", "th"])
    sums = dict(reversed(line.split("  ", 1)) for line in found["SHA256SUMS"][1].decode().splitlines())
    assert set(sums) == set(found) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(found[name][1]).hexdigest() == digest, name
    policies = {(p["language"], p["id"]): p for p in manifest["policies"]}
    assert ("th", "returns") not in policies  # untranslated: the English versions stand for it
    returns = policies[("en", "returns")]
    assert [(v["number"], v["status"], v["effective_from"]) for v in returns["versions"]] == [
        (1, "past", "2026-03-01"), (2, "in_force", "2026-12-15"), (3, "upcoming", "2027-03-01")]
    assert [v["text_commit"] for v in returns["versions"]] == [commits["v1"], commits["returns v2"],
                                                               commits["returns v3"]]
    gifts = policies[("ru", "gift-cards")]
    assert gifts["withdrawn"] == "2026-11-20" and [v["withdrawn"] for v in gifts["versions"]] == [False, True]
    for policy in manifest["policies"]:
        for version in policy["versions"]:
            markdown = found[version["markdown"]][1]
            committed = subprocess.run(["git", "show", f"{version['text_commit']}:{policy['file']}"], cwd=repo.root,
                                       capture_output=True, check=True).stdout
            assert markdown == committed and hashlib.sha256(markdown).hexdigest() == version["sha256"]
            assert version["html"] in found, version
            assert f"<html lang=\"{policy['language']}\"" in found[version["html"]][1].decode()
    assert "Подарочные карты действуют два года." in found["ru/gift-cards/v2.html"][1].decode()


def test_today_pins_another_day_and_a_dirty_tree_is_refused(history, tmp_path):  # noqa: F811
    repo, _ = history
    proc = run_export(repo.root, tmp_path / "a", "--today", "2026-12-01")
    assert proc.returncode == 0, proc.stderr
    [archive] = (tmp_path / "a").glob("*.tar.gz")
    manifest = json.loads(members(archive)["manifest.json"][1])
    statuses = {(p["language"], p["id"]): [v["status"] for v in p["versions"]] for p in manifest["policies"]}
    assert statuses[("en", "returns")] == ["in_force", "upcoming", "upcoming"]
    assert archive.name.endswith("-2026-12-01.tar.gz")
    page = repo.root / "docs/en/complaints.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nAn edit nobody committed.\n", encoding="utf-8")
    try:
        proc = run_export(repo.root, tmp_path / "b")
    finally:
        page.write_text(original, encoding="utf-8")
    assert proc.returncode == 1
    assert "uncommitted changes (M docs/en/complaints.md)" in proc.stderr and "fix: commit or stash" in proc.stderr
    assert not (tmp_path / "b").exists()


def test_export_reads_as_a_tar_without_python(exported, tmp_path):
    proc = subprocess.run(["tar", "-xzf", str(exported[0]), "-C", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    [folder] = tmp_path.iterdir()
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
