"""Notices: facts about history that has already landed, which no new commit can change.

A renamed or withdrawn policy, an old commit subject with control characters, a back-dated version
that is already public: the build must say so, but neither `--quiet` may hide it nor `--strict` may
count it, or the daily rebuild that switches on upcoming versions would stop on history nobody can
fix. MkDocs counts and silences records of the `mkdocs` logger tree; notices go to a logger outside
it, with a handler of their own, printed once per build process.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["notice"]

_logger = logging.getLogger("policy_site.notices")
_logger.propagate = False  # not under `mkdocs`: not counted by --strict, not silenced by --quiet
_logger.setLevel(logging.INFO)
if not _logger.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("NOTICE  -  %(message)s"))
    _logger.addHandler(_handler)

_said: set[str] = set()


def notice(message: str) -> None:
    """Print `message` once per process (static-i18n builds every language in one process)."""
    if message not in _said:
        _said.add(message)
        _logger.info(message)
