"""The post-build gate: no page of the built site may carry executable or embedded content
other than the theme's and ours.

Every HTML file is parsed (not pattern-matched) by Lexbor, an HTML5 parser that builds the
tree a browser builds (and twelve times as fast as html.parser), and judged as a browser would
use it: every element and attribute must be on an allow-list (inert HTML and SVG drawing;
no SVG animation, MathML, frames or plug-ins); every attribute that can become a URL (href,
xlink:href, src, srcset, action, poster...; url() in styles) must be relative or use http(s) or
mailto; scripts must load an allow-listed file or be an allow-listed inline script (by SHA-256
of its text) or JSON-LD data; no ``on*`` event handler attributes and no meta refresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
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
#: Elements a generated page may hold: inert HTML, forms (the search box), SVG drawing.
TAGS = frozenset(["html", "head", "body", "title", "meta", "link", "style", "script", "noscript", "-comment", "-text", "-doctype", "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "button", "caption", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "input", "ins", "kbd", "label", "legend", "li", "main", "mark", "menu", "meter", "nav", "ol", "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section", "select", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "img", "svg", "g", "defs", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textpath", "marker", "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern"])
#: Attributes any allowed element may carry (data-*, aria-* too); on* never.
ATTRIBUTES = frozenset(["class", "id", "role", "title", "lang", "dir", "hidden", "tabindex", "style", "translate", "xmlns", "xml:lang", "href", "src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "rel", "type", "name", "value", "for", "checked", "disabled", "selected", "placeholder", "autocomplete", "method", "action", "charset", "content", "property", "colspan", "rowspan", "scope", "headers", "span", "datetime", "start", "reversed", "open", "label", "media", "crossorigin", "integrity", "defer", "async", "cite", "itemprop", "itemscope", "itemtype", "referrerpolicy", "maxlength", "minlength", "required", "readonly", "multiple", "size", "min", "max", "step", "pattern", "viewbox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-opacity", "fill-opacity", "opacity", "d", "points", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "transform", "text-anchor", "dominant-baseline", "font-size", "font-family", "font-weight", "font-style", "marker-end", "marker-start", "marker-mid", "markerheight", "markerwidth", "markerunits", "orient", "refx", "refy", "preserveaspectratio", "offset", "stop-color", "stop-opacity", "gradientunits", "gradienttransform", "clip-path", "clippathunits", "mask", "version", "focusable", "vector-effect", "textlength", "lengthadjust", "pathlength", "letter-spacing", "xlink:href", "fill-rule", "clip-rule", "shape-rendering", "paint-order", "baseline-shift", "alignment-baseline", "writing-mode",
                        "download"])  # a link that saves its file under a name (pages/context.py download_name)
#: Attributes a browser reads as a URL (srcset as a list of them).
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset",
                            "data", "background", "cite", "longdesc", "manifest", "ping", "codebase",
                            "archive", "icon", "lowsrc", "dynsrc", "imagesrcset", "itemtype"})
#: Elements whose text or attribute values are looked into (meta refresh, style sheets, scripts).
INSPECTED = frozenset({"meta", "style", "script"})
#: Attributes whose value needs no check: neither URLs nor styles (and no event handler).
PLAIN_ATTRIBUTES = ATTRIBUTES - URL_ATTRIBUTES - {"style"}
SAFE_SCHEMES = ("http", "https", "mailto")
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.IGNORECASE)


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
    """Whether a browser would follow ``value`` to a scheme other than http(s) or mailto (it
    drops ASCII whitespace and control characters before reading the scheme)."""
    cleaned = IGNORED_IN_URL.sub("", value).lower()
    match = SCHEME.match(cleaned)
    return match is not None and match.group(1) not in SAFE_SCHEMES


def _urls(name: str, value: str) -> list[str]:
    """The URLs an attribute holds: srcset lists several ('a.png 1x, b.png 2x')."""
    if name.endswith("srcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


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


def _element(node: LexborNode, tag: str, attrs: dict[str, str | None]) -> list[tuple[str, str]]:
    """What is wrong with one element's tag (lower case) and attributes: (message, text to locate it by)."""
    found = []
    if tag not in TAGS:
        found.append((f"<{tag}> is not allowed", f"<{tag}"))
    if tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
        found.append(("meta refresh is not allowed", "refresh"))
    if tag == "style" and CSS_URL.search(node.text(deep=True) or ""):
        found.append(("a style sheet with url(), @import or script is not allowed", "<style"))
    for name, value in attrs.items():
        if name in PLAIN_ATTRIBUTES:
            continue  # most attributes of most elements
        lowered = name.lower()
        if lowered.startswith("on"):
            found.append((f"event handler attribute {name}= is not allowed", name))
        elif lowered not in ATTRIBUTES and not lowered.startswith(("data-", "aria-")):
            found.append((f"attribute {name}= on <{tag}> is not allowed", name))
        if value is None:
            continue
        # a URL without a colon has no scheme
        if lowered in URL_ATTRIBUTES and ":" in value and any(_bad_url(url) for url in _urls(lowered, value)):
            found.append((f"{name}={value[:40]!r} uses a forbidden URL scheme", value[:20]))
        elif lowered == "style" and CSS_URL.search(value):
            found.append((f"style={value[:40]!r} loads a URL or runs script", value[:20]))
    return found


def scan(text: str, page: str, depth: int = 0, root: str = "") -> list[str]:
    """Problems of one HTML page; ``depth`` is how many folders below the site root it is."""
    return [f"{page}:{line}: {message}" for line, message, _ in findings(text, depth, root)]


def findings(text: str, depth: int = 0, root: str = "") -> list[tuple[int, str, str]]:
    """(line in the page, message, text to find its source by) for every problem of a page."""
    found: list[tuple[str, str]] = []
    root_node = LexborHTMLParser(text).root
    for node in root_node.traverse(include_text=False) if root_node is not None else ():
        tag, attrs = node.tag or "", node.attributes
        if tag in TAGS and tag not in INSPECTED and PLAIN_ATTRIBUTES.issuperset(attrs):
            continue  # most elements: an allowed tag, and attributes whose names are all it takes
        found += _element(node, tag.lower(), attrs)
        if tag == "script" and (problem := _script(node, depth, root)):
            found.append(problem)
    return [(_line(text, needle), message, needle) for message, needle in found]


def file_digests(outdir: Path, known: dict[str, list], skip: Path | None = None) -> dict[str, list]:
    """(size, modification time, SHA-1) of every HTML file under ``outdir`` but those under ``skip``
    (the build's caches); a file whose size and time are those ``known`` from the last build is not
    read again."""
    found: dict[str, list] = {}
    skipped = os.path.abspath(skip) if skip is not None else None
    for folder, subfolders, names in os.walk(outdir):  # strings, not Paths: 10,000 files and more
        if skipped is not None and os.path.abspath(folder) == skipped:
            subfolders.clear()
            continue
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            rel, stat = os.path.relpath(path, outdir).replace(os.sep, "/"), os.stat(path)
            old = known.get(rel)
            if old is not None and old[:2] == [stat.st_size, stat.st_mtime_ns]:
                found[rel] = old
            else:
                with open(path, "rb") as f:
                    found[rel] = [stat.st_size, stat.st_mtime_ns, hashlib.sha1(f.read()).hexdigest()]
    return found


def scan_site(outdir: Path, memo: Path | None = None, root: str = "",
              digests: dict[str, list] | None = None,
              checked: Mapping[tuple[str, str], list] | None = None) -> list[tuple[str, int, str, str]]:
    """(page, line, message, needle) for every problem of every HTML file under ``outdir``.

    With ``memo`` (a file in the doctree folder), files whose bytes passed before are not
    parsed again: an incremental build pays only for the pages it wrote; with ``digests``
    (:func:`file_digests`), those files are not even read; ``checked`` holds the :func:`findings`
    of files already parsed, by (file, SHA-1) of ``digests``.
    """
    passed: set[str] = set()
    if memo is not None and memo.exists():
        passed = set(memo.read_text().split())
    problems: list[tuple[str, int, str, str]] = []
    clean: list[str] = []
    for rel_name, known in sorted((digests or file_digests(outdir, {})).items()):
        if known[2] in passed:
            clean.append(known[2])
            continue
        path = outdir / rel_name
        rel = path.relative_to(outdir)
        found = (checked or {}).get((rel_name, known[2])) if digests else None
        if found is None:
            data = path.read_bytes()
            digest = hashlib.sha1(data).hexdigest()
            found = findings(data.decode("utf-8", errors="replace"), len(rel.parts) - 1, root)
        else:
            digest = known[2]
        problems += [(rel.as_posix(), line, message, needle) for line, message, needle in found]
        if not found:
            clean.append(digest)
    if memo is not None:
        memo.write_text("\n".join(sorted(set(clean))))
    return problems


WITHHELD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page withheld</title></head>
<body><p>This page is withheld: the build found unsafe content in it (see the build log).</p></body></html>
"""


def withhold(outdir: Path, pages: set[str]) -> None:
    """Replace refused pages by a notice, so no unsafe file is left in the output."""
    for page in pages:
        (outdir / page).write_text(WITHHELD_PAGE, encoding="utf-8")
