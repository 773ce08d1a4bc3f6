"""policy_site.history and policy_site.versions against real git repositories built in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest

from gitrepo import GitRepo
from policy_site.history import GitError, State, clear_cache, read_blobs, read_history
from policy_site.versions import build_versions, versions_by_path

GIT = shutil.which("git")


def page(effective: str | None = "2024-01-01", body: str = "Body.", title: str = "Policy") -> str:
    front = f"title: {title}\n" + (f"effective: {effective}\n" if effective else "")
    return f"---\n{front}---\n\n# {title}\n\n{body}\n"


def ids(history, key: str) -> list[str]:
    return [change.commit for change in history.changes(key)]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    clear_cache()
    return GitRepo(tmp_path / "repo")


def read(repo: GitRepo, docs: str = "docs", **kwargs):
    return read_history(repo.root / docs, use_cache=False, **kwargs)


def test_linear_history_fields(repo: GitRepo) -> None:
    c1 = repo.commit({"docs/en/a.md": page(body="one"), "README.md": "x"}, "Add a", "2024-01-01T09:00:00+02:00",
                     author="Alice", email="alice@example.org", committer_date="2024-01-02T10:00:00+03:00")
    c2 = repo.commit({"docs/en/a.md": page(body="two"), "docs/en/b.md": page(title="Other", body="b " * 50)},
                     "Edit a\n\nbody line", "2024-02-01")
    c3 = repo.commit({"docs/en/a.md": page("2024-03-01", body="two")}, "Move date", "2024-03-01")
    repo.commit({"README.md": "y"}, "Outside docs", "2024-04-01")
    history = read(repo)
    assert history.state == State.COMPLETE and history.uncommitted == frozenset()
    assert history.head == repo.head() and history.repo_root == repo.root.resolve()
    assert set(history.files) == {"en/a.md", "en/b.md"}
    assert ids(history, "en/a.md") == [c3, c2, c1] == repo.log_follow("docs/en/a.md")
    assert ids(history, "en/b.md") == [c2] == repo.log_follow("docs/en/b.md")
    oldest = history.changes("en/a.md")[-1]
    assert oldest.date == dt.datetime(2024, 1, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=3)))  # committer date
    assert (oldest.author, oldest.subject, oldest.path, oldest.status) == ("Alice", "Add a", "en/a.md", "A")
    assert oldest.blob == repo.head(f"{c1}:docs/en/a.md") and oldest.previous_effective == ()
    assert history.changes("en/a.md")[1].subject == "Edit a"
    jan, mar = dt.date(2024, 1, 1), dt.date(2024, 3, 1)
    assert [c.effective for c in history.changes("en/a.md")] == [mar, jan, jan]
    assert history.changes("en/a.md")[0].previous_effective == (dt.date(2024, 1, 1),)
    texts = history.read_texts([c.blob for c in history.changes("en/a.md")])
    assert texts[oldest.blob] == page(body="one")


def test_docs_dir_below_repo_root(repo: GitRepo) -> None:
    c1 = repo.commit({"my site/доки/en/a.md": page(), "my site/mkdocs.yml": "x", "docs/en/a.md": page()}, "Add")
    c2 = repo.commit({"my site/доки/en/a.md": page(body="2"), "my site/mkdocs.yml": "y"}, "Edit")
    repo.write("my site/доки/en/new.md", page())
    history = read(repo, "my site/доки")
    assert history.docs_prefix == "my site/доки/" and set(history.files) == {"en/a.md"}
    assert ids(history, "en/a.md") == [c2, c1] and history.uncommitted == {"en/new.md"}


def test_rename_with_edits_before_and_after(repo: GitRepo) -> None:
    repo.commit({"docs/en/old.md": page(body="1")}, "Add")
    repo.commit({"docs/en/old.md": page(body="2")}, "Edit before")
    repo.mv("docs/en/old.md", "docs/en/new.md")
    repo.commit(message="Rename")
    repo.commit({"docs/en/new.md": page(body="3")}, "Edit after")
    history = read(repo)
    assert set(history.files) == {"en/new.md"}
    changes = history.changes("en/new.md")
    assert ids(history, "en/new.md") == repo.log_follow("docs/en/new.md") and len(changes) == 4
    assert [c.status for c in changes] == ["M", "R", "M", "A"]
    assert [c.path for c in changes] == ["en/new.md", "en/new.md", "en/old.md", "en/old.md"]


def test_rename_source_recreated_later(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page(body="old a")}, "Add a")
    repo.commit({"docs/en/a.md": page(body="old a, edited")}, "Edit a")
    repo.mv("docs/en/a.md", "docs/en/b.md")
    repo.commit(message="Rename a to b")
    recreated = repo.commit({"docs/en/a.md": page(title="A new page", body="new " * 40)}, "New a")
    history = read(repo)
    assert ids(history, "en/b.md") == repo.log_follow("docs/en/b.md") and len(ids(history, "en/b.md")) == 3
    # The old history of a.md went with the rename; `git log --follow` would repeat it here too.
    assert ids(history, "en/a.md") == [recreated]


def test_docs_dir_is_repo_root(repo: GitRepo) -> None:
    c1 = repo.commit({"en/a.md": page()})
    repo.write("en/b.md", page())
    history = read(repo, ".")
    assert history.docs_prefix == "" and ids(history, "en/a.md") == [c1] and history.uncommitted == {"en/b.md"}


def test_delete_and_readd_continues_history(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page()}, "Add")
    repo.commit({"docs/en/a.md": page(body="2")}, "Edit")
    repo.commit({"docs/en/a.md": None}, "Delete")
    repo.commit({"docs/en/a.md": page(body="3")}, "Re-add")
    repo.commit({"docs/en/a.md": page(body="4")}, "Edit again")
    repo.commit({"docs/en/gone.md": page()}, "Add gone")
    repo.commit({"docs/en/gone.md": None}, "Delete gone")
    history = read(repo)
    assert set(history.files) == {"en/a.md"}  # only files present at HEAD
    changes = history.changes("en/a.md")
    assert ids(history, "en/a.md") == repo.log_follow("docs/en/a.md")
    assert [c.status for c in changes] == ["M", "A", "D", "M", "A"]
    assert changes[2].blob is None and changes[2].effective is None


def test_merge_branch_commits_and_conflict_resolution(repo: GitRepo) -> None:
    lines = "\n".join(f"line {i}" for i in range(10))
    base = repo.commit({"docs/en/f.md": page(body=lines), "docs/en/g.md": page(), "docs/en/k.md": page(body=lines)})
    repo.branch("feature")
    side = repo.commit({"docs/en/f.md": page(body=lines.replace("line 1", "side")), "docs/en/g.md": page(body="g"),
                        "docs/en/k.md": page(body=lines.replace("line 1", "side"))}, "Side")
    repo.checkout("main")
    ours = repo.commit({"docs/en/f.md": page(body=lines.replace("line 1", "ours")),
                        "docs/en/k.md": page(body=lines.replace("line 8", "ours"))}, "Ours")
    merge = repo.merge("feature", resolve={"docs/en/f.md": page(body=lines.replace("line 1", "resolved"))})
    history = read(repo)
    # f.md: a conflict resolved by editing counts as a change of the merge; `git log --follow`
    # never lists merges, `git log -- path` does.
    assert ids(history, "en/f.md") == [merge, ours, side, base] == repo.log_path("docs/en/f.md")
    assert [c for c in repo.log_path("docs/en/f.md") if c != merge] == repo.log_follow("docs/en/f.md")
    change = history.changes("en/f.md")[0]
    assert change.merge and change.status == "M" and len(change.previous_effective) == 2
    assert ids(history, "en/g.md") == [side, base] == repo.log_follow("docs/en/g.md")
    # k.md was merged cleanly from two changed sides: nobody edited it in the merge.
    assert ids(history, "en/k.md") == [ours, side, base] == repo.log_follow("docs/en/k.md")


def test_shallow_clone(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({"docs/en/a.md": page()}, "Add")
    last = repo.commit({"docs/en/a.md": page(body="2")}, "Edit")
    clone = repo.shallow_clone(tmp_path / "clone")
    history = read(clone)
    assert history.state == State.SHALLOW and history.detail
    assert ids(history, "en/a.md") == [last] == clone.log_follow("docs/en/a.md")
    assert history.changes("en/a.md")[0].status == "A"


def test_not_a_repo_and_empty_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if /tmp sits in a work tree
    (tmp_path / "docs").mkdir()
    assert read_history(tmp_path / "docs").state == State.NOT_A_REPO
    empty = GitRepo(tmp_path / "empty")
    (empty.root / "docs").mkdir()
    history = read(empty)
    assert history.state == State.COMPLETE and history.head is None and not history.files


def test_git_missing(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"docs/en/a.md": page()})
    assert read(repo, git=str(tmp_path / "no-such-git")).state == State.NO_GIT
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    assert read(repo).state == State.NO_GIT


def test_git_failure_raises_git_error(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({"docs/en/a.md": page()})
    shim = _shim(tmp_path, 'case "$*" in *" log "*) echo "fatal: simulated breakage" >&2; exit 3;; esac\n')
    with pytest.raises(GitError, match="simulated breakage"):
        read(repo, git=str(shim))


def test_uncommitted_paths(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page(), "docs/en/b.md": page(), "docs/en/c.md": page(), "src.txt": "x"})
    repo.write("docs/en/a.md", page(body="modified"))
    repo.stage({"docs/en/b.md": page(body="staged")})
    repo.write("docs/fr/new page.md", page())
    repo.write("outside.md", "untracked outside docs")
    repo.write("src.txt", "modified outside docs")
    assert read(repo).uncommitted == {"en/a.md", "en/b.md", "fr/new page.md"}


def test_memoised_reads_see_every_edit(repo: GitRepo) -> None:
    """As under `mkdocs serve`: the same process reads again after each edit, rename and commit."""
    repo.commit({"docs/en/a.md": page(), "docs/en/b.md": page()})
    cached = lambda: read_history(repo.root / "docs").uncommitted  # noqa: E731
    assert cached() == frozenset()
    repo.write("docs/en/a.md", page(body="edited"))
    assert cached() == {"en/a.md"}
    (repo.root / "docs/en/b.md").rename(repo.root / "docs/en/c.md")
    assert cached() == {"en/a.md", "en/b.md", "en/c.md"}
    repo.commit({"docs/en/a.md": page(body="edited"), "docs/en/b.md": None, "docs/en/c.md": page()})
    assert cached() == frozenset()
    repo.write("docs/fr/deep/er/d.md", page())  # new folders, two levels down
    assert cached() == {"fr/deep/er/d.md"}
    repo.commit({"docs/fr/deep/er/d.md": page()})
    assert cached() == frozenset()
    repo.write("docs/fr/deep/er/d.md", page(body="X"))
    assert cached() == {"fr/deep/er/d.md"}


def test_non_ascii_names_and_spaces(repo: GitRepo) -> None:
    names = ["docs/th/ข้อมูล.md", "docs/en/return policy.md", "docs/ru/возврат и обмен.md"]
    repo.commit({name: page() for name in names}, "Add")
    repo.commit({names[0]: page(body="แก้ไข")}, "Edit")
    repo.mv(names[2], "docs/ru/обмен товара.md")
    repo.commit(message="Rename")
    history = read(repo)
    assert set(history.files) == {"th/ข้อมูล.md", "en/return policy.md", "ru/обмен товара.md"}
    for key in history.files:
        assert ids(history, key) == repo.log_follow(f"docs/{key}")
    assert history.changes("ru/обмен товара.md")[-1].path == "ru/возврат и обмен.md"


def test_hostile_and_non_ascii_messages_verbatim_without_email(repo: GitRepo) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    repo.commit({"docs/en/a.md": page()}, f"{hostile}\n\nsecond paragraph", author='Zoë "Q" & <Ñandú> 李',
                email="secret.person@example.org")
    repo.commit({"docs/en/a.md": page(body="2")}, "Исправлена опечатка в разделе «Возврат»", author="Олена")
    repo.commit({"docs/en/a.md": page(body="3")}, "แก้ไขนโยบาย", author="สมชาย")
    repo.commit({"docs/en/a.md": page(body="4")}, "first line\nsecond line, same paragraph")
    history = read(repo)
    changes = history.changes("en/a.md")[1:]
    assert history.changes("en/a.md")[0].subject == "first line"
    assert [c.subject for c in changes] == ["แก้ไขนโยบาย", "Исправлена опечатка в разделе «Возврат»", hostile]
    # git itself drops angle brackets from names; everything else comes back verbatim.
    assert [c.author for c in changes] == ["สมชาย", "Олена", 'Zoë "Q" & Ñandú 李']
    assert "secret.person" not in repr(history) and "@" not in repr(dict(history.files))


def test_effective_per_change(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page("2024-01-01")})
    repo.commit({"docs/en/a.md": page("2024-01-01", body="editorial")})
    repo.commit({"docs/en/a.md": page("'2024-05-01'", body="quoted")})
    repo.commit({"docs/en/a.md": page("2024-02-30", body="impossible date")})
    repo.commit({"docs/en/a.md": page(None, body="no date")})
    got = [c.effective for c in reversed(read(repo).changes("en/a.md"))]
    assert got == [dt.date(2024, 1, 1), dt.date(2024, 1, 1), dt.date(2024, 5, 1), None, None]


def test_memo_per_head(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page()})
    first = read_history(repo.root / "docs")
    assert read_history(repo.root / "docs").files is first.files
    repo.commit({"docs/en/a.md": page(body="2")})
    assert read_history(repo.root / "docs").files is not first.files


def _shim(tmp_path: Path, extra: str = "") -> Path:
    """A `git` that records each invocation, then runs the real git unchanged."""
    shim = tmp_path / "shim" / "git"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{shim.parent}/calls"\n{extra}exec "{GIT}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    return shim


@pytest.mark.parametrize("pages", [3, 30])
def test_git_process_count_does_not_grow_with_pages(tmp_path: Path, pages: int) -> None:
    repo = GitRepo(tmp_path / "repo")
    names = [f"docs/en/p{i}.md" for i in range(pages)]
    repo.commit({name: page() for name in names}, "Add")
    repo.branch("feature")
    repo.commit({name: page(body="side") for name in names}, "Side")
    repo.checkout("main")
    repo.commit({name: page(body="ours") for name in names}, "Ours")
    repo.merge("feature", resolve={name: page(body="resolved") for name in names})
    for n in range(3):
        repo.commit({name: page(f"2024-0{n + 2}-01", body=str(n)) for name in names}, f"Edit {n}")
    shim = _shim(tmp_path)
    history = read(repo, git=str(shim))
    assert all(len(changes) == 7 for changes in history.files.values()) and len(history.files) == pages
    history.read_texts(c.blob for c in history.changes("en/p0.md"))
    calls = (shim.parent / "calls").read_text().splitlines()
    # rev-parse, status, log, merge pass, ls-tree, cat-file; + one cat-file for read_texts.
    assert len(calls) == 7, calls


def test_read_blobs_in_one_process(repo: GitRepo) -> None:
    c1 = repo.commit({"docs/en/a.md": page(body="Ünïcode")})
    blob = repo.head(f"{c1}:docs/en/a.md")
    assert read_blobs(repo.root, [blob, blob, "0" * 40]) == {blob: page(body="Ünïcode")}


# Versions


def test_three_versions_with_editorial_revisions(repo: GitRepo) -> None:
    a = repo.commit({"docs/en/a.md": page("2024-01-01")}, "v1")
    b = repo.commit({"docs/en/a.md": page("2024-01-01", body="typo")}, "typo")
    c = repo.commit({"docs/en/a.md": page("2024-03-01", body="v2")}, "v2")
    d = repo.commit({"docs/en/a.md": page("2024-03-01", body="v2 typo")}, "typo 2")
    e = repo.commit({"docs/en/a.md": page("2024-03-01", body="v2 typo again")}, "typo 3")
    f = repo.commit({"docs/en/a.md": page("2999-01-01", body="v3")}, "v3")
    policy = build_versions("en/a.md", read(repo).changes("en/a.md"))
    assert [(v.number, v.effective) for v in policy.versions] == [
        (1, dt.date(2024, 1, 1)), (2, dt.date(2024, 3, 1)), (3, dt.date(2999, 1, 1))]
    assert [[(r.commit, r.editorial) for r in v.revisions] for v in policy.versions] == [
        [(a, False), (b, True)], [(c, False), (d, True), (e, True)], [(f, False)]]
    assert policy.current_number == 3 and policy.last_changed == policy.versions[-1].started
    on = policy.version_on
    assert on(dt.date(2023, 12, 31)) is None
    assert on(dt.date(2024, 1, 1)).number == 1 and on(dt.date(2024, 2, 29)).number == 1
    assert on(dt.date(2024, 3, 1)).number == 2 and on(dt.date(2998, 12, 31)).number == 2
    assert on(dt.date(2999, 1, 1)).number == 3
    today = dt.date(2025, 6, 1)
    assert policy.in_effect(today).number == 2 and policy.upcoming(today) == (policy.versions[2],)
    assert policy.versions[2].is_upcoming(today) and not policy.versions[1].is_upcoming(today)


def test_versions_across_delete_and_readd(repo: GitRepo) -> None:
    repo.commit({"docs/en/a.md": page("2024-01-01"), "docs/en/b.md": page("2024-01-01")}, "Add")
    repo.commit({"docs/en/a.md": None, "docs/en/b.md": None}, "Delete")
    repo.commit({"docs/en/a.md": page("2024-01-01", body="same date"),
                 "docs/en/b.md": page("2024-06-01", body="new date")}, "Re-add")
    versions = versions_by_path(read(repo).files)
    assert [len(v.revisions) for v in versions["en/a.md"].versions] == [3]
    assert [v.effective for v in versions["en/b.md"].versions] == [dt.date(2024, 1, 1), dt.date(2024, 6, 1)]


def test_editorial_commit_on_old_branch_is_not_a_version(repo: GitRepo) -> None:
    body = "\n\n".join(f"para {i}" for i in range(8))
    repo.commit({"docs/en/a.md": page("2024-01-01", body=body)}, "v1")
    repo.branch("feature")
    repo.checkout("main")
    repo.commit({"docs/en/a.md": page("2024-03-01", body=body)}, "v2")
    repo.checkout("feature")
    repo.commit({"docs/en/a.md": page("2024-01-01", body=body.replace("para 7", "fixed"))}, "typo on branch")
    repo.checkout("main")
    repo.merge("feature")
    policy = build_versions("en/a.md", read(repo).changes("en/a.md"))
    assert [v.effective for v in policy.versions] == [dt.date(2024, 1, 1), dt.date(2024, 3, 1)]
    assert [r.editorial for r in policy.versions[1].revisions] == [False, True]


def test_page_without_effective_is_one_version(repo: GitRepo) -> None:
    repo.commit({"docs/en/index.md": page(None)}, "Hub", "2024-01-05")
    repo.commit({"docs/en/index.md": page(None, body="more")}, "Hub 2")
    policy = build_versions("en/index.md", read(repo).changes("en/index.md"))
    assert policy.current_number == 1 and policy.versions[0].effective is None
    assert policy.version_on(dt.date(2024, 1, 5)).number == 1 and policy.version_on(dt.date(2024, 1, 4)) is None
