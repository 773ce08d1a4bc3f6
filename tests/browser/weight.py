"""Page weight: what a customer's browser downloads to show one policy page, gzip-compressed.

Every response of the page load is counted (HTML, CSS, JavaScript, fonts, the search index and the
lunr language files the search worker fetches at once, the favicon): its body as the browser received
it, compressed with gzip level 6, as a web server would send it. Failed responses (>= 400) count 0.

    scripts/page-weight            # build the site, measure, print the figures
    scripts/page-weight --record   # ... and store them in tests/browser/page_weight.json

tests/browser/test_page_weight.py fails when the page grows past LIMIT times the recorded total.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

RECORD = Path(__file__).with_name("page_weight.json")
LIMIT = 1.2
KINDS = {".html": "html", ".css": "css", ".js": "js", ".json": "search index", ".woff2": "fonts",
         ".woff": "fonts", ".ttf": "fonts", ".otf": "fonts", ".png": "images", ".svg": "images",
         ".ico": "images", ".jpg": "images", ".webp": "images"}


def kind_of(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    suffix = PurePosixPath(path).suffix.lower() if not path.endswith("/") else ".html"
    if suffix in KINDS:
        return KINDS[suffix]
    return "html" if "text/html" in content_type else "other"


def measure(browser, base_url: str, path: str) -> dict:
    """Load `path` in a fresh browser context (empty cache) and weigh every response."""
    from .chromium import VIEWPORTS
    from .probe import PageLog, visit

    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        log = PageLog(page, base_url)
        visit(page, log, base_url.rstrip("/") + path)
        resources = []
        for response in responses:
            if response.url.startswith("about:"):
                continue
            ok = response.status < 400
            body = response.body() if ok else b""
            resources.append({
                "url": urlsplit(response.url).path,
                "kind": kind_of(response.url, response.headers.get("content-type", "")),
                "status": response.status,
                "bytes": len(body),
                "gzip": len(gzip.compress(body, compresslevel=6, mtime=0)) if ok else 0,
            })
    finally:
        context.close()
    by_kind: dict[str, int] = {}
    for resource in resources:
        by_kind[resource["kind"]] = by_kind.get(resource["kind"], 0) + resource["gzip"]
    return {"page": path, "total_gzip": sum(by_kind.values()), "by_kind": dict(sorted(by_kind.items())),
            "requests": len(resources), "resources": sorted(resources, key=lambda r: -r["gzip"])}


def report(weight: dict) -> str:
    lines = [f"{weight['page']}: {weight['total_gzip'] / 1024:.1f} KiB gzip in {weight['requests']} requests"]
    lines += [f"  {kind:<13} {size / 1024:7.1f} KiB" for kind, size in weight["by_kind"].items()]
    lines += ["  largest:"] + [f"    {r['url']:<60} {r['gzip'] / 1024:7.1f} KiB ({r['bytes'] / 1024:.1f} KiB raw)"
                               for r in weight["resources"][:8]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", action="store_true", help=f"write the figures to {RECORD.name}")
    parser.add_argument("--page", help="URL path to weigh (default: the first policy of the nav, source language)")
    args = parser.parse_args(argv)

    from .chromium import BuildFailed, browser_on_built_site
    from .site import policy_slug, url_path, source_locale

    root = Path(__file__).resolve().parents[2]
    path = args.page or url_path(source_locale(), policy_slug())
    try:
        with browser_on_built_site(root) as (browser, base_url):
            weight = measure(browser, base_url, path)
    except BuildFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    print(report(weight))
    if args.record:
        RECORD.write_text(json.dumps({k: v for k, v in weight.items() if k != "resources"}, indent=2) + "\n",
                          encoding="utf-8")
        print(f"recorded in {RECORD.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
