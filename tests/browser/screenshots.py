"""Screenshots of the hub and one policy, in English and Thai, at phone and desktop width.

    scripts/screenshots [OUTDIR]            # default OUTDIR: screenshots/ (git-ignored)
    scripts/screenshots --screen [OUTDIR]   # the first screen of each page only, not the whole page
    scripts/screenshots --lang lv --page returns --lang et --page hub --viewport phone [OUTDIR]

Builds the site into a temporary directory, serves it on 127.0.0.1 and drives Debian's Chromium.
Each page is shot whole (full page) unless --screen, after scrolling to the end and back so that everything has been laid
out, with the search worker ready. Files: <language>-<page>-<viewport>.png, e.g. th-hub-phone.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "th")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "screenshots"), help="where to write the PNGs")
    parser.add_argument("--screen", action="store_true", help="shoot the first screen only, not the whole page")
    parser.add_argument("--lang", action="append", help="a language to shoot (repeatable); default: en and th")
    parser.add_argument("--page", action="append", help="'hub' or a policy's name, e.g. returns (repeatable); "
                        "default: the hub and the first policy")
    parser.add_argument("--viewport", action="append", choices=("phone", "desktop"), help="default: both")
    args = parser.parse_args(argv)

    from .chromium import VIEWPORTS, BuildFailed, browser_on_built_site
    from .probe import PageLog, visit
    from .site import locales, policy_slug, url_path

    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    pages = ({name: "" if name == "hub" else f"{name}/" for name in args.page} if args.page
             else {"hub": "", "policy": policy_slug()})
    languages = [language for language in args.lang or LANGUAGES if language in locales()]
    written = []
    try:
        with browser_on_built_site(ROOT) as (browser, base_url):
            for viewport, size in VIEWPORTS.items():
                if args.viewport and viewport not in args.viewport:
                    continue
                context = browser.new_context(viewport=size, device_scale_factor=1)
                page = context.new_page()
                log = PageLog(page, base_url)
                for language in languages:
                    for name, slug in pages.items():
                        visit(page, log, base_url.rstrip("/") + url_path(language, slug))
                        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
                        page.evaluate("window.scrollTo(0, 0)")
                        target = outdir / f"{language}-{name}-{viewport}.png"
                        page.screenshot(path=str(target), full_page=not args.screen)
                        written.append(target)
                context.close()
    except BuildFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    for target in written:
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
