"""The post-build gate: no page of the built site may carry executable or embedded content
other than the theme's and ours.

Every HTML file is parsed (not pattern-matched): scripts must load an allow-listed file or be
an allow-listed inline script (by SHA-256 of its text) or JSON-LD data; no ``on*`` event
handler attributes; no ``javascript:``, ``vbscript:`` or ``data:`` URLs in any URL attribute;
no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` or meta refresh.
"""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

#: Script files the site may load (paths relative to the site root, query strings ignored).
SCRIPT_FILES = frozenset({
    "_static/documentation_options.js", "_static/doctools.js", "_static/sphinx_highlight.js",
    "_static/scripts/furo.js", "_static/clipboard.min.js", "_static/copybutton.js",
    "_static/design-tabs.js", "_static/explorer.js", "_static/searchtools.js",
    "_static/language_data.js", "_static/search.js",
})
#: Inline scripts the theme writes, by the SHA-256 of their stripped text.
INLINE_SCRIPTS = frozenset({
    # furo: apply the stored light/dark theme before the page paints
    "6f0ae86a4f3e49ff61583d5f50099ef5e7fd4f0a82f77f4802a2f847c2b8cdba",
})
DATA_SCRIPT_TYPES = frozenset({"application/ld+json"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset",
                            "data", "background", "cite", "longdesc", "manifest", "ping"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
EMBEDS = frozenset({"iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal"})


class _Scanner(HTMLParser):
    def __init__(self, page: str, depth: int, root: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.depth, self.root = page, depth, root
        self.problems: list[str] = []
        self._script: tuple[int, str | None] | None = None
        self._text: list[str] = []

    def flag(self, message: str) -> None:
        line, _ = self.getpos()
        self.problems.append(f"{self.page}:{line}: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in EMBEDS:
            self.flag(f"<{tag}> is not allowed")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.flag("meta refresh is not allowed")
        for name, value in attrs:
            if name.startswith("on"):
                self.flag(f"event handler attribute {name}= is not allowed")
            elif name in URL_ATTRIBUTES and value is not None and _bad_url(value):
                self.flag(f"{name}={value[:40]!r} uses a forbidden URL scheme")
        if tag == "script":
            src = values.get("src")
            if src is not None and _site_path(src, self.depth, self.root) not in SCRIPT_FILES:
                self.flag(f"script {src!r} is not on the allow-list")
            self._script = (self.getpos()[0], None if src is not None else (values.get("type") or ""))
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        line, kind = self._script
        text = "".join(self._text).strip()
        self._script = None
        if kind is None:  # loaded from a file
            if text:
                self.problems.append(f"{self.page}:{line}: script with src also has inline code")
        elif kind in DATA_SCRIPT_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"{self.page}:{line}: {kind} script is not valid JSON")
            if "</" in text:
                self.problems.append(f"{self.page}:{line}: {kind} script contains '</'")
        elif hashlib.sha256(text.encode()).hexdigest() not in INLINE_SCRIPTS:
            self.problems.append(f"{self.page}:{line}: inline script is not on the allow-list")


def _bad_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    return any(cleaned.startswith(s) or f" {s}" in value.lower() for s in BAD_SCHEMES)


def _site_path(src: str, depth: int, root: str = "") -> str:
    """A script address as a path from the site root ('../_static/x.js?v=1' → '_static/x.js').

    ``root`` is the site's absolute path on its server ('/en/latest/'), which pages that
    may be served at any address (the 404 page) use instead of relative links."""
    path = src.split("?", 1)[0].split("#", 1)[0]
    if root.startswith("/") and path.startswith(root):
        path, depth = path[len(root):], 0
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if depth:
                depth -= 1
            else:
                return src  # leaves the site
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) if "://" not in src and not src.startswith("//") else src


def scan(text: str, page: str, depth: int = 0, root: str = "") -> list[str]:
    """Problems of one HTML page; ``depth`` is how many folders below the site root it is."""
    scanner = _Scanner(page, depth, root)
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def scan_site(outdir: Path, memo: Path | None = None, root: str = "") -> list[str]:
    """Problems of every HTML file under ``outdir``.

    With ``memo`` (a file in the doctree folder), files whose bytes passed before are not
    parsed again: an incremental build pays only for the pages it wrote.
    """
    passed: set[str] = set()
    if memo is not None and memo.exists():
        passed = set(memo.read_text().split())
    problems: list[str] = []
    clean: list[str] = []
    for path in sorted(outdir.rglob("*.html")):
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        if digest in passed:
            clean.append(digest)
            continue
        rel = path.relative_to(outdir)
        found = scan(data.decode("utf-8", errors="replace"), rel.as_posix(), len(rel.parts) - 1, root)
        problems += found
        if not found:
            clean.append(digest)
    if memo is not None:
        memo.write_text("\n".join(sorted(set(clean))))
    return problems
