"""Which commit contains which: HEAD's commit graph, read by one git process per HEAD (no MkDocs).

Commit dates say nothing about order: a merge brings in older commits, a cherry-pick copies a change
under a new id, and an author or committer can set any date. Whether a change is *in* a commit is a
question of ancestry, answered here in Python from one `git rev-list --parents` of HEAD, so a site
with thousands of translations still runs git once for it.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable

from .git_commands import run_git
from .history import GitError, History

__all__ = ["CommitGraph", "commit_graph"]


class CommitGraph:
    """The commits reachable from HEAD with their parents; answers "is A an ancestor of B?".

    Generation numbers (1 + the largest of the parents') rule out most pairs at once: an ancestor's
    number is always smaller. The rest walk B's ancestry once (memoised per B), down to `floor`, the
    smallest generation any interesting commit has: nothing older can be asked about.
    """

    def __init__(self, parents: dict[str, tuple[str, ...]], floor_commits: Iterable[str] = ()) -> None:
        self._parents = parents
        self._generation = _generations(parents)
        known = [self._generation[c] for c in floor_commits if c in self._generation]
        self._floor = min(known, default=0)
        self._sorted = sorted(parents)
        self._ancestors: dict[str, frozenset[str]] = {}

    def __contains__(self, commit: object) -> bool:
        return commit in self._parents

    def __len__(self) -> int:
        return len(self._parents)

    def generation(self, commit: str) -> int:
        """1 for a root commit, more for each commit after it; 0 for a commit not in the graph."""
        return self._generation.get(commit, 0)

    def resolve(self, prefix: str) -> str | None:
        """The one commit of HEAD's history whose id starts with `prefix`, else None."""
        prefix = prefix.lower()
        at = bisect.bisect_left(self._sorted, prefix)
        found = self._sorted[at:at + 2]
        matches = [c for c in found if c.startswith(prefix)]
        return matches[0] if len(matches) == 1 else None

    def is_ancestor(self, ancestor: str, commit: str) -> bool:
        """True when `ancestor` is `commit` or one of its ancestors (False for unknown commits)."""
        if ancestor == commit:
            return ancestor in self._parents
        if ancestor not in self._generation or commit not in self._generation:
            return False
        if self._generation[ancestor] >= self._generation[commit]:
            return False
        return ancestor in self._ancestry(commit)

    def _ancestry(self, commit: str) -> frozenset[str]:
        found = self._ancestors.get(commit)
        if found is None:
            seen, stack = {commit}, [commit]
            while stack:
                for parent in self._parents.get(stack.pop(), ()):
                    if parent not in seen and self._generation.get(parent, 0) >= self._floor:
                        seen.add(parent)
                        stack.append(parent)
            found = self._ancestors[commit] = frozenset(seen)
        return found


def _generations(parents: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Generation number of every commit; parents outside the map (a shallow boundary) count as 0."""
    generation: dict[str, int] = {}
    for start in parents:
        if start in generation:
            continue
        stack = [start]
        while stack:  # iterative post-order: a 100,000-commit history must not hit the recursion limit
            top = stack[-1]
            waiting = [p for p in parents[top] if p in parents and p not in generation]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            generation[top] = 1 + max((generation[p] for p in parents[top] if p in generation), default=0)
    return generation


_CACHE: OrderedDict[tuple, CommitGraph] = OrderedDict()


def commit_graph(history: History) -> CommitGraph | None:
    """HEAD's commit graph for `history` (memoised per repository and HEAD), or None without one."""
    if history.repo_root is None or history.head is None:
        return None
    key = (str(history.repo_root), history.head, history.git, history.docs_prefix)
    graph = _CACHE.get(key)
    if graph is None:
        try:
            out = run_git(history.git, history.repo_root, "rev-list", "--parents", history.head)
        except GitError:
            return None
        parents = {}
        for line in out.decode("ascii", "replace").splitlines():
            ids = line.split()
            if ids:
                parents[ids[0]] = tuple(ids[1:])
        docs_commits = {c.commit for changes in history.files.values() for c in changes}
        graph = _CACHE[key] = CommitGraph(parents, docs_commits)
        while len(_CACHE) > 4:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return graph
