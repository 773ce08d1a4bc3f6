"""Make a synthetic, multilingual policy repository with git history, for scale tests and benchmarks.

    scripts/make_corpus.py DEST [--policies N] [--languages L] [--commits C] [--paragraphs P] [--seed S]

DEST becomes a git repository with `docs/<lang>/index.md` (a hub linking every policy) and
`docs/<lang>/policy-NNNN.md` in each language. The first commit publishes every policy in every
language; each later commit revises a few source (en) policies, and a second commit an hour later
brings most of their translations up to date (about one in five stays behind, so some translations
are outdated). A revision starts a new version one time in three: its `effective` date is 30 days
after the commit (the notice period the sample site promises) with a `change_summary`; otherwise it
is an editorial change that keeps the date. So the history obeys the record rules of CONTRIBUTING.md.

Deterministic: the same arguments give the same files and the same commit ids (fixed dates and
identity, one `git fast-import` stream, no user or system git config). It writes Markdown only;
callers add the site's own mkdocs.yml, hooks and overrides (see scripts/bench.py `write_config`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

LANGUAGES = ("en", "ru", "be", "th", "et", "lv")
# A few words per language, so pages, search indexes and diffs have each script's real characters.
VOCABULARY = {
    "en": "customer service returns refund exchange complaint privacy reply within business days team order",
    "ru": "клиент обслуживание возврат деньги обмен жалоба данные ответ течение рабочих дней команда заказ",
    "be": "кліент абслугоўванне вяртанне грошы абмен скарга даныя адказ працягу працоўных дзён каманда заказ",
    "th": "ลูกค้า บริการ การคืนสินค้า คืนเงิน เปลี่ยนสินค้า ร้องเรียน ข้อมูล ตอบกลับ ภายใน วันทำการ ทีม คำสั่งซื้อ",
    "et": "klient teenindus tagastus raha vahetus kaebus andmed vastus jooksul tööpäeva meeskond tellimus",
    "lv": "klients apkalpošana atgriešana nauda apmaiņa sūdzība dati atbilde laikā darba dienas komanda pasūtījums",
}
START = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
NOTICE_DAYS = 30
IDENTITY = "Policy Editor <editor@example.org>"


@dataclass(frozen=True)
class PolicyState:
    """What one policy says at one point of the history (every language follows the same states)."""

    revision: int
    effective: dt.date
    reviewed: dt.date
    summary: str | None  # change_summary of the version this revision belongs to


def policy_page(language: str, number: int, state: PolicyState, paragraphs: int, owner: str) -> str:
    words = VOCABULARY[language].split()
    text = random.Random(f"{language}/{number}/{state.revision}")  # the same state reads the same
    front = [
        "---",
        f"title: Policy {number}",
        f"summary: Synthetic policy {number} for scale tests.",
        f"effective: {state.effective.isoformat()}",
        f"last_reviewed: {state.reviewed.isoformat()}",
        f"review_by: {(state.reviewed + dt.timedelta(days=3 * 365)).isoformat()}",
        f"owner: {owner}",
    ]
    if state.summary:
        front.append(f"change_summary: {state.summary}")
    lines = front + ["---", "", f"# Policy {number}", ""]
    for paragraph in range(paragraphs):
        if paragraph % 4 == 0:
            lines += [f"## Section {paragraph // 4 + 1}", ""]
        lines += [" ".join(text.choice(words) for _ in range(40)) + f" ({state.revision}).", ""]
    return "\n".join(lines)


def hub_page(language: str, policies: int) -> str:
    links = "\n".join(f"- [Policy {i}](policy-{i:04d}.md)" for i in range(policies))
    return f"---\ntitle: Policies\n---\n\n# Policies ({language})\n\n{links}\n"


class FastImport:
    """Writes commits to one `git fast-import` process: fast even for thousands of files."""

    def __init__(self, dest: Path) -> None:
        env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
        subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True, env=env)
        self.dest, self.env, self.marks = dest, env, 0
        self.proc = subprocess.Popen(["git", "-C", str(dest), "fast-import", "--quiet", "--done"],
                                     stdin=subprocess.PIPE, env=env)

    def commit(self, when: dt.datetime, message: str, files: dict[str, str]) -> None:
        self.marks += 1
        stamp = f"{int(when.timestamp())} +0000"
        out = [f"commit refs/heads/main\nmark :{self.marks}\n",
               f"author {IDENTITY} {stamp}\ncommitter {IDENTITY} {stamp}\n", _data(message)]
        if self.marks > 1:
            out.append(f"from :{self.marks - 1}\n")
        for path, text in sorted(files.items()):
            out.append(f"M 100644 inline {path}\n{_data(text)}")
        self.proc.stdin.write("".join(out).encode("utf-8") + b"\n")

    def close(self) -> None:
        self.proc.stdin.write(b"done\n")
        self.proc.stdin.close()
        if self.proc.wait():
            raise SystemExit("git fast-import failed")
        subprocess.run(["git", "-C", str(self.dest), "reset", "-q", "--hard", "main"], check=True, env=self.env)


def _data(text: str) -> str:
    return f"data {len(text.encode('utf-8'))}\n{text}\n"


def make_corpus(dest: Path, policies: int = 20, languages: int = 6, commits: int = 30,
                paragraphs: int = 12, seed: int = 42, owner: str = "Customer Service") -> None:
    """Write the corpus into `dest` (which must not exist or be empty)."""
    if not 1 <= languages <= len(LANGUAGES):
        raise SystemExit(f"--languages must be 1 to {len(LANGUAGES)}")
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest} is not empty")
    langs = LANGUAGES[:languages]
    pick = random.Random(seed)
    repo = FastImport(dest)

    def page(lang: str, number: int, state: PolicyState) -> tuple[str, str]:
        return f"docs/{lang}/policy-{number:04d}.md", policy_page(lang, number, state, paragraphs, owner)

    first = START.date()
    states = {i: PolicyState(0, first, first, None) for i in range(policies)}
    files = dict(page(lang, i, states[i]) for lang in langs for i in range(policies))
    files.update({f"docs/{lang}/index.md": hub_page(lang, policies) for lang in langs})
    repo.commit(START, "Publish the policies", files)
    for c in range(1, commits):
        when = START + dt.timedelta(days=c)
        touched = sorted(pick.sample(range(policies), min(3, policies)))
        source = {}
        for i in touched:
            old = states[i]
            if pick.random() < 1 / 3:  # a new version, announced NOTICE_DAYS ahead
                effective = max(when.date() + dt.timedelta(days=NOTICE_DAYS), old.effective + dt.timedelta(days=1))
                states[i] = PolicyState(old.revision + 1, effective, when.date(), f"Revision {old.revision + 1}.")
            else:
                states[i] = replace(old, revision=old.revision + 1, reviewed=when.date())
            source.update([page(langs[0], i, states[i])])
        repo.commit(when, f"Revise policies {', '.join(map(str, touched))}", source)
        translated = dict(page(lang, i, states[i]) for i in touched for lang in langs[1:] if pick.random() < 0.8)
        if translated:
            repo.commit(when + dt.timedelta(hours=1), f"Translate revisions of {', '.join(map(str, touched))}",
                        translated)
    repo.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/make_corpus.py", description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--policies", type=int, default=20)
    parser.add_argument("--languages", type=int, default=6, help=f"1 to {len(LANGUAGES)}: {', '.join(LANGUAGES)}")
    parser.add_argument("--commits", type=int, default=30, help="revisions, the first commit included")
    parser.add_argument("--paragraphs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    make_corpus(args.dest, args.policies, args.languages, args.commits, args.paragraphs, args.seed)
    print(f"{args.dest}: {args.policies} policies x {args.languages} languages, {args.commits} revisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
