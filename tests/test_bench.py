"""scripts/bench: the command behind the README's figures runs the shipped site against the plain stack.

One real run at the smallest size, in a temporary folder: the corpus made by scripts/make_corpus.py,
the plain stack, the site cold, and the site rebuilt warm after a committed edit, each built twice,
round by round. The timings themselves are the machine's; what is checked is that every variant built
and that its row says what the README quotes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^S\s+(\S+)\s+([0-9.]+)\s+([0-9.]+)x\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)(.*)$")


def test_the_bench_builds_every_variant_round_by_round_and_reports_ratios_to_the_plain_stack(tmp_path: Path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    left_over = tmp_path / "set-aside" / "site-S-plain-stopped"  # as a bench stopped half way leaves it
    left_over.mkdir(parents=True)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "S", "--repeat", "2",
                           "--variants", "plain,site,site-warm", "--cache", str(tmp_path)],
                          capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr
    rows = {m.group(1): m for m in map(ROW.match, proc.stdout.splitlines()[1:]) if m}
    assert list(rows) == ["plain", "site", "site-warm"], proc.stdout
    assert rows["plain"].group(3) == "1.00" and "version and diff pages" not in rows["plain"].group(8)
    for variant in ("site", "site-warm"):
        seconds, ratio = float(rows[variant].group(2)), float(rows[variant].group(3))
        assert abs(ratio - seconds / float(rows["plain"].group(2))) < 0.01, proc.stdout
        assert re.search(r"\((\d+) version and diff pages\)", rows[variant].group(8)), proc.stdout
    # The warm project was edited and committed once per timed build, on top of the priming build.
    log = subprocess.run(["git", "-C", str(tmp_path / "corpus-S-warm"), "log", "--format=%s", "-3"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert log[:2] == ["Edit docs/en/policy-0001.md (run 1)", "Edit docs/en/policy-0001.md (run 0)"], log
    # Round by round: the first warm edit came before the plain stack's second build, not after all of them.
    first_edit = int(subprocess.run(["git", "-C", str(tmp_path / "corpus-S-warm"), "log", "--format=%ct", "-1",
                                     "HEAD~1"], capture_output=True, text=True, check=True).stdout)
    assert first_edit < (tmp_path / "site-S-plain" / "index.html").stat().st_mtime, "variant by variant"
    # Earlier outputs were set aside, not deleted, while builds were timed; the bench deletes them at the end.
    assert not (tmp_path / "set-aside").exists(), sorted(p.name for p in (tmp_path / "set-aside").iterdir())
    assert "wait five minutes" in proc.stderr.splitlines()[-1], proc.stderr[-500:]  # before the next bench
    for variant in ("plain", "site", "site-warm"):
        assert (tmp_path / f"site-S-{variant}" / "index.html").is_file(), variant


def test_an_earlier_output_is_moved_aside_whole_not_deleted_before_a_timed_build(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench  # noqa: E402  (scripts/bench.py)

    site, aside = tmp_path / "site-M-site", tmp_path / "set-aside"
    (site / "ru" / "returns").mkdir(parents=True)
    (site / "ru" / "returns" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    for _ in range(2):  # a second earlier output of the same name does not overwrite the first
        bench.set_aside(site, aside)
        assert not site.exists()
        site.mkdir()
        (site / "index.html").write_text("new", encoding="utf-8")
    kept = {p.read_text(encoding="utf-8"): p.relative_to(aside).parts[1:] for p in aside.rglob("*.html")}
    assert kept == {"<p>old</p>": ("site-M-site", "ru", "returns", "index.html"),
                    "new": ("site-M-site", "index.html")}, kept
    bench.set_aside(tmp_path / "never-built", aside)  # nothing to move: nothing happens
    assert len(list(aside.iterdir())) == 2
