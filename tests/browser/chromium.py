"""Debian's Chromium through Playwright, and a local web server for a built site.

Shared by the browser tests and by the commands in scripts/ (screenshots, page weight). Playwright never
downloads a browser here: it drives /usr/bin/chromium, which scripts/_setup.sh installs.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def launch(playwright):
    """One headless Chromium; callers close it."""
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/test (it installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like a static host: a missing path gets its language's 404.html with 404."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.command not in ("GET", "HEAD"):
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first and (root / first / "404.html").is_file() else root / "404.html"
        if not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser drops connections when a test navigates away mid-load; that is not an error.
        import sys
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port in a background thread; yields the base URL ('http://…/')."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class BuildFailed(RuntimeError):
    """The site did not build; the message is the build's log."""


@contextmanager
def browser_on_built_site(root: Path) -> Iterator[tuple[object, str]]:
    """Build the project at `root` (--strict) into a temporary folder, serve it on 127.0.0.1 and yield
    (Chromium browser, base URL); for the commands that look at the site as a customer does."""
    import tempfile

    from playwright.sync_api import sync_playwright
    from sitebuild import build_site

    with tempfile.TemporaryDirectory() as out:
        result = build_site(root, Path(out))
        if result.returncode:
            raise BuildFailed(result.output)
        with serve(Path(out)) as base_url, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                yield browser, base_url
            finally:
                browser.close()
