"""scripts/make_corpus.py: the project's own synthetic corpus is deterministic and a valid record."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"


def make(dest: Path, *args: str) -> str:
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(dest), *args], check=True, capture_output=True)
    return subprocess.run(["git", "-C", str(dest), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_same_arguments_give_the_same_commits(tmp_path):
    args = ("--policies", "5", "--languages", "3", "--commits", "12")
    assert make(tmp_path / "a", *args) == make(tmp_path / "b", *args)
    assert make(tmp_path / "c", *args, "--seed", "7") != make(tmp_path / "d", *args)


def test_every_language_and_policy_is_there_and_the_tree_is_clean(tmp_path):
    make(tmp_path / "c", "--policies", "4", "--languages", "6", "--commits", "10")
    for lang in ("en", "ru", "be", "th", "et", "lv"):
        names = sorted(p.name for p in (tmp_path / "c" / "docs" / lang).glob("*.md"))
        assert names == ["index.md"] + [f"policy-{i:04d}.md" for i in range(4)]
    status = subprocess.run(["git", "-C", str(tmp_path / "c"), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_new_versions_take_effect_later_with_notice(tmp_path):
    dest = tmp_path / "c"
    make(dest, "--policies", "3", "--languages", "1", "--commits", "40")
    log = subprocess.run(["git", "-C", str(dest), "log", "--reverse", "--format=%H %cs", "--", "docs/en/policy-0000.md"],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    previous = None
    versions = 0
    for line in filter(None, log):
        commit, day = line.split()
        text = subprocess.run(["git", "-C", str(dest), "show", f"{commit}:docs/en/policy-0000.md"],
                              capture_output=True, text=True, check=True).stdout
        meta = yaml.safe_load(text.split("---")[1])
        if previous is not None and meta["effective"] != previous:
            versions += 1
            assert meta["effective"] > previous
            assert meta["effective"] - dt.date.fromisoformat(day) >= dt.timedelta(days=30)
            assert meta["change_summary"]
        previous = meta["effective"]
    assert versions >= 1
