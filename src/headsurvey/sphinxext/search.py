"""Site search with Pagefind: a chunked static index, so a query downloads a few fragments.

Sphinx's own index is one file every search downloads whole (6.3 MB at 10,000 papers); it
is switched off, the search page loads Pagefind's interface, and the Pagefind binary
(the pinned ``pagefind-bin`` package) indexes at build-finished a small document per written page
(:func:`stage`): its main column and what the records add, kept between builds so that an edit
reads only the pages it changed; :mod:`.searchindex` runs Pagefind over them, shard by shard.
The measurements behind this choice are in docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx

from ..pages import searchdoc
from ..site import paths
from .outputs import changed_pages


def builder_inited(app: Sphinx) -> None:
    """No Sphinx search index on HTML builds: Pagefind indexes the output instead."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format == "html":
        yield from changed_pages(app, "search-page", [("search", {"title": "Search", "search_shards": paths.SEARCH_SHARDS}, "hs-search.html")])


#: Files of other extensions the search page does not use (no code blocks, tabs or copy buttons).
UNUSED_ON_SEARCH = ("sphinx-design", "design-tabs", "pygments", "copybutton", "clipboard")


def slim_search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the search page loads only what it uses (each query's bytes count)."""
    if pagename == "search" and templatename == "hs-search.html":
        for name in ("css_files", "script_files"):
            context[name] = [f for f in context.get(name, []) if not any(u in str(f) for u in UNUSED_ON_SEARCH)]


#: The suffix of a staged search document (``papers/x.html.search``).
STAGED = ".search"


def staged_file(staging: Path, page: str) -> Path:
    """Where the search document of ``page`` (its HTML file, relative to the output) is staged."""
    return staging / "site" / f"{page}{STAGED}"


def stage(outdir: Path, staging: Path, files: dict[str, list], terms: dict[str, list[tuple[str, int]]]) -> dict[str, str]:
    """Keep in ``staging`` the search document of every written page (:mod:`headsurvey.pages.searchdoc`):
    only the pages whose bytes or glossary terms changed since the last build are read and written
    again, documents of pages gone are deleted. Every page with a document → the SHA-1 of its document
    (a page whose navigation alone changed is staged again, and its document's digest stays the same).

    The documents are named ``<page>.html`` + :data:`STAGED`: the doctree folder may lie inside the
    output (Sphinx's default), and no HTML file may be published there."""
    memo = staging / "staged.json"
    try:
        old: dict[str, str] = json.loads(memo.read_text())
    except (OSError, ValueError):
        old = {}
    new: dict[str, str] = {}  # page → digest of (page, terms); "page document" → digest of its document, or ""
    for rel, (_, _, digest) in sorted(files.items()):
        if rel.startswith("_static/") or paths.in_search_index(rel):
            continue
        stamp = new[rel] = hashlib.sha1(repr((digest, terms.get(rel, []))).encode()).hexdigest()
        doc_file = staged_file(staging, rel)
        if old.get(rel) == stamp and f"{rel} document" in old and doc_file.exists() == bool(old[f"{rel} document"]):
            new[f"{rel} document"] = old[f"{rel} document"]
            continue
        doc = searchdoc.document((outdir / rel).read_text(encoding="utf-8"), terms.get(rel, []))
        new[f"{rel} document"] = hashlib.sha1(doc.encode()).hexdigest() if doc is not None else ""
        if doc is None:
            doc_file.unlink(missing_ok=True)
        else:
            doc_file.parent.mkdir(parents=True, exist_ok=True)
            doc_file.write_text(doc, encoding="utf-8")
    for rel in old.keys() - new.keys():
        if not rel.endswith(" document"):
            staged_file(staging, rel).unlink(missing_ok=True)
    staging.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(new, sort_keys=True))
    return {rel: new[f"{rel} document"] for rel in new if not rel.endswith(" document") and new[f"{rel} document"]}
