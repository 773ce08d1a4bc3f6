"""axe-core (shipped inside axe-playwright-python, no network) on one page of each kind in every language:
the hub, a policy and the 404 page. No violation of impact serious or critical is allowed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .probe import visit
from .site import SitePage, locales, policy_slug

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
KINDS = {"hub": "", "policy": None, "404": "404.html"}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                      for node in violation["nodes"][:5])
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {nodes}{more}"


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("language", locales())
def test_no_serious_accessibility_violations(served_site, tabs, axe, language, kind):
    slug = KINDS[kind] if KINDS[kind] is not None else policy_slug()
    page = SitePage("", language, slug)
    assert served_site.has_path(page.path), f"{page} was not built"
    for viewport in ("desktop", "phone"):
        tab = tabs(viewport)
        visit(tab.page, tab.log, served_site.url(page.path))
        results = axe.run(tab.page)
        blocking = [describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]
        assert not blocking, f"{page} ({viewport}), axe {results.response['testEngine']['version']}:\n" + \
            "\n".join(blocking)
