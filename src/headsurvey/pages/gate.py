"""The post-build gate: no page of the built site may carry executable or embedded content
other than the theme's and ours.

Every HTML file is parsed (not pattern-matched) by Lexbor, an HTML5 parser that builds the
tree a browser builds (and twelve times as fast as html.parser): scripts must load an
allow-listed file or be an allow-listed inline script (by SHA-256 of its text) or JSON-LD
data; no ``on*`` event
handler attributes; no ``javascript:``, ``vbscript:`` or ``data:`` URLs in any URL attribute;
no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` or meta refresh.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Script files the site may load (paths relative to the site root, query strings ignored).
SCRIPT_FILES = frozenset({
    "_static/documentation_options.js", "_static/doctools.js", "_static/sphinx_highlight.js",
    "_static/scripts/furo.js", "_static/clipboard.min.js", "_static/copybutton.js",
    "_static/design-tabs.js", "_static/explorer.js", "_static/searchtools.js",
    "_static/language_data.js", "_static/search.js", "_static/announce.js",
    "_static/scrollhint.js",
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


def _line(text: str, *needles: str) -> int:
    """The line of the first needle found in the page's source (case-insensitive), else 1.

    Lexbor, which parses the page as browsers do, keeps no source positions; a problem's line
    is where its tag, attribute or script text first occurs."""
    lowered = text.lower()
    for needle in needles:
        at = lowered.find(needle.lower()) if needle else -1
        if at >= 0:
            return lowered.count("\n", 0, at) + 1
    return 1


def _script(node: LexborNode, depth: int, root: str) -> tuple[str, str] | None:
    """What is wrong with one script element, if anything: (message, text to locate it by)."""
    attrs = node.attributes
    text = (node.text(deep=True) or "").strip()
    if "src" in attrs:
        src = attrs["src"] or ""
        if _site_path(src, depth, root) not in SCRIPT_FILES:
            return f"script {src!r} is not on the allow-list", src
        return ("script with src also has inline code", src) if text else None
    kind = (attrs.get("type") or "").strip().lower()
    if kind in DATA_SCRIPT_TYPES:
        try:
            json.loads(text)
        except ValueError:
            return f"{kind} script is not valid JSON", text[:40]
        return (f"{kind} script contains '</'", text[:40]) if "</" in text else None
    if hashlib.sha256(text.encode()).hexdigest() not in INLINE_SCRIPTS:
        return "inline script is not on the allow-list", text[:40] or "<script"
    return None


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
    found: list[tuple[str, str]] = []
    for node in LexborHTMLParser(text).root.traverse():
        tag, attrs = node.tag, node.attributes
        if tag in EMBEDS:
            found.append((f"<{tag}> is not allowed", f"<{tag}"))
        if tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
            found.append(("meta refresh is not allowed", "refresh"))
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append((f"event handler attribute {name}= is not allowed", name))
            elif name in URL_ATTRIBUTES and value is not None and _bad_url(value):
                found.append((f"{name}={value[:40]!r} uses a forbidden URL scheme", value[:20]))
        if tag == "script" and (problem := _script(node, depth, root)):
            found.append(problem)
    return [f"{page}:{_line(text, needle)}: {message}" for message, needle in found]


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
