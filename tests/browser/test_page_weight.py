"""A policy page must not grow past 1.2 times the weight recorded in page_weight.json.

The record is written by `scripts/page-weight --record` (see weight.py), never by this test: after a
deliberate change that makes pages heavier, re-record and say why in the commit.
"""

from __future__ import annotations

import json

import pytest

from .weight import LIMIT, RECORD, measure, report

pytestmark = pytest.mark.browser


def test_policy_page_weight_within_limit(browser, served_site):
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    assert served_site.has_path(recorded["page"]), \
        f"{recorded['page']} (page_weight.json) is not built any more: run scripts/page-weight --record"
    weight = measure(browser, served_site.base_url, recorded["page"])
    limit = LIMIT * recorded["total_gzip"]
    grown = {kind: f"{recorded['by_kind'].get(kind, 0) / 1024:.1f} -> {size / 1024:.1f} KiB"
             for kind, size in weight["by_kind"].items() if size > recorded["by_kind"].get(kind, 0) * 1.05}
    assert weight["total_gzip"] <= limit, (
        f"{recorded['page']} weighs {weight['total_gzip'] / 1024:.1f} KiB gzip, over {LIMIT} x the recorded "
        f"{recorded['total_gzip'] / 1024:.1f} KiB; grown: {grown}\n{report(weight)}")
