"""Site search with Pagefind: a chunked static index, so a query downloads a few fragments.

Sphinx's own index is one file every search downloads whole (6.3 MB at 10,000 papers); it
is switched off, the search page loads Pagefind's interface, and the Pagefind binary
(the pinned ``pagefind-bin`` package) indexes at build-finished a small document per written page
(:func:`stage`): its main column and what the records add, kept between builds so that an edit
reads only the pages it changed. The measurements behind this choice are in docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from ..pages import searchdoc
from .outputs import changed_pages

#: The part of every page that is indexed (furo's main column: no navigation, no footer).
ROOT_SELECTOR = "#furo-main-content"
#: Parts of pages left out of the index: controls, BibTeX blocks, field labels, and the lists and
#: tables that repeat other pages' titles (a paper's title is found on its own page).
EXCLUDE = ("button", ".headerlink", ".hs-bibtex", ".hs-facts dt", ".hs-paper-list", ".hs-part-list", ".hs-part-nav",
           ".hs-explorer", "table")


class SearchIndexError(SphinxError):
    category = "Search index (Pagefind)"


def builder_inited(app: Sphinx) -> None:
    """No Sphinx search index on HTML builds: Pagefind indexes the output instead."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format == "html":
        yield from changed_pages(app, "search-page", [("search", {"title": "Search"}, "hs-search.html")])


#: Files of other extensions the search page does not use (no code blocks, tabs or copy buttons).
UNUSED_ON_SEARCH = ("sphinx-design", "design-tabs", "pygments", "copybutton", "clipboard")


def slim_search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the search page loads only what it uses (each query's bytes count)."""
    if pagename == "search" and templatename == "hs-search.html":
        for name in ("css_files", "script_files"):
            context[name] = [f for f in context.get(name, []) if not any(u in str(f) for u in UNUSED_ON_SEARCH)]


def stage(outdir: Path, staging: Path, files: dict[str, list], terms: dict[str, list[tuple[str, int]]]) -> str:
    """Keep in ``staging`` the search document of every written page (:mod:`headsurvey.pages.searchdoc`):
    only the pages whose bytes or glossary terms changed since the last build are read and written
    again, documents of pages gone are deleted. A digest of what is staged."""
    memo = staging / "staged.json"
    try:
        old: dict[str, str] = json.loads(memo.read_text())
    except (OSError, ValueError):
        old = {}
    new: dict[str, str] = {}
    for rel, (_, _, digest) in sorted(files.items()):
        if rel.startswith(("_static/", "pagefind/")):
            continue
        stamp = new[rel] = hashlib.sha1(repr((digest, terms.get(rel, []))).encode()).hexdigest()
        doc_file = staging / "site" / rel
        if old.get(rel) == stamp and doc_file.exists() == (old.get(f"{rel} indexed") == "yes"):
            new[f"{rel} indexed"] = old[f"{rel} indexed"]
            continue
        doc = searchdoc.document((outdir / rel).read_text(encoding="utf-8"), terms.get(rel, []))
        new[f"{rel} indexed"] = "yes" if doc is not None else "no"
        if doc is None:
            doc_file.unlink(missing_ok=True)
        else:
            doc_file.parent.mkdir(parents=True, exist_ok=True)
            doc_file.write_text(doc, encoding="utf-8")
    for rel in old.keys() - new.keys():
        if not rel.endswith(" indexed"):
            (staging / "site" / rel).unlink(missing_ok=True)
    staging.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(new, sort_keys=True))
    return hashlib.sha1(json.dumps(new, sort_keys=True).encode()).hexdigest()


def build_index(outdir: Path, staging: Path, memo: Path | None = None, state: str = "") -> bool:
    """Run Pagefind over the staged search documents (its files go to ``outdir/pagefind``), unless
    ``memo`` holds ``state`` (a digest of the staged documents and of the common inputs: this package's
    code, so Pagefind's options), saved when it last ran. Whether it ran."""
    from pagefind_bin import get_executable

    if memo is not None and memo.exists() and memo.read_text() == state and (outdir / "pagefind" / "pagefind.js").exists():
        return False
    shutil.rmtree(outdir / "pagefind", ignore_errors=True)  # no chunk of an earlier index stays behind
    cmd = [str(get_executable()), "--site", str(staging / "site"), "--output-path", str(outdir / "pagefind"),
           "--root-selector", ROOT_SELECTOR, "--force-language", "en",
           "--exclude-selectors", ", ".join(EXCLUDE), "--glob", "**/*.html", "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode:
        raise SearchIndexError(f"pagefind failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    if memo is not None:
        memo.write_text(state)
    return True
