"""Which service hours a page shows, and their HTML (issue 17 item 5), MkDocs side.

Shared by hooks/service_hours.py (policy and version pages) and hooks/version_diffs.py (diffs), which
cannot import each other: a diff must compare the hours as each version's page shows them, or a change
of the data alone would show no change, and prose replaced by the markers would read as deleted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from policy_site.dates import today
from policy_site.service_hours import DATA_KEYS, MARKERS, ServiceHours, effective_of, hours_table, \
    read_service_hours, response_rows, source_front, version_fronts
from build_notices import notice
from site_context import build_history, build_state, current_language, source_language, theme_template



def versions_front(config: MkDocsConfig, src_uri: str) -> list[tuple[int, str, dict[str, Any]]]:
    """(number, status, front matter) of every committed version of `src_uri`, newest first."""
    return version_fronts(build_history(config), src_uri, today())


def data_of(config: MkDocsConfig, name: str, effective: dt.date | None) -> dict[str, Any] | None:
    """The source page's front matter in its version with `effective`: the data of that version in every language."""
    return source_front(build_history(config), Path(config.docs_dir), source_language(config), name,
                        effective, today())


def rendered_parts(config: MkDocsConfig, hours: ServiceHours, live: bool) -> dict[str, str]:
    """Marker -> the hours table or response times in the language being built (partials/policy-service-hours.html)."""
    language = current_language(config)
    template = theme_template(config, "partials/policy-service-hours.html")
    table, responses = hours_table(hours, language), response_rows(hours, language)
    return {marker: template.render(part=part, table=table, responses=responses, live=live)
            for part, marker in MARKERS.items()}


def version_hours(config: MkDocsConfig, name: str, meta: dict[str, Any], body: str) -> dict[str, str]:
    """Marker -> HTML that a past version (front matter `meta`, Markdown `body`) of policy `name` shows in place
    of each marker, as its version page does; {} when its text has no marker or there is no data to show."""
    if not any(marker in body for marker in MARKERS.values()):
        return {}
    # This build's rendered parts of past versions: (language, policy name, effective) -> marker -> HTML.
    parts = build_state(config).setdefault("version_hours", {})
    key = (current_language(config), name, effective_of(meta))
    if key not in parts:
        data = data_of(config, name, key[2])
        hours = read_service_hours(data) if data else None
        if hours is None and data and any(field in data for field in DATA_KEYS):
            notice(f"{source_language(config)}/{name}: the service hours of its version of {key[2]} cannot be read; "
                   "diffs compare that version's text without them")
        parts[key] = rendered_parts(config, hours, live=False) if hours else {}
    return parts[key]


def with_hours(html: str, parts: dict[str, str]) -> str:
    """`html` with each marker replaced by its part."""
    for marker, part in parts.items():
        html = html.replace(marker, part)
    return html
