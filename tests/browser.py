"""A real headless Chromium (Debian's package) driven by Playwright, serving a built site on loopback."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent / "js/node_modules/axe-core/axe.min.js"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _ReadTheDocs(_Quiet):
    """Serves the site under ``prefix`` and answers a missing page with 404.html, status 404."""

    prefix = "/en/latest/"

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        inner = path[len(self.prefix):] if path.startswith(self.prefix) else "\0missing"
        return super().translate_path("/" + inner)

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path, like_readthedocs: bool = False):
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration of the block, at the root or,
    ``like_readthedocs``, under /en/latest/ with 404.html for missing pages."""
    handler = functools.partial(_ReadTheDocs if like_readthedocs else _Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}" + (_ReadTheDocs.prefix if like_readthedocs else "")
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def site_page(folder: Path, browser, like_readthedocs: bool = False):
    """A page of ``browser`` (the conftest's ``chromium_browser``) on the site served from ``folder``
    (as :func:`serve` serves it): (base URL, page, console errors). The page has a browser context
    of its own (cookies, storage, permissions), closed at the end of the block."""
    with serve(folder, like_readthedocs) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield base, page, errors
        finally:
            page.context.close()
