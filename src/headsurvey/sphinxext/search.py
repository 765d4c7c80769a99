"""Site search from the pages' search records: a static index in small files, so a query downloads a few.

Sphinx's own index is one file every search downloads whole (6.3 MB at 10,000 papers); it is
switched off. At build-finished a search record is staged for every written page (:func:`stage`):
the words of its main column with their weights, and what the records add, kept between builds so
that an edit reads only the pages it changed; :mod:`.searchindex` writes the index files from them,
only those an edit changed. The search page (static/search.js) reads them. The measurements behind
this design are in docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx

from ..pages import searchdoc
from ..site import paths
from .outputs import changed_pages


def builder_inited(app: Sphinx) -> None:
    """No Sphinx search index on HTML builds: :mod:`.searchindex` writes the site's own."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format == "html":
        yield from changed_pages(app, "search-page", [("search", {"title": "Search", "search_index": paths.SEARCH_META}, "hs-search.html")])


#: Files of other extensions the search page does not use (no code blocks, tabs or copy buttons).
UNUSED_ON_SEARCH = ("sphinx-design", "design-tabs", "pygments", "copybutton", "clipboard")


def slim_search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the search page loads only what it uses (each query's bytes count)."""
    if pagename == "search" and templatename == "hs-search.html":
        for name in ("css_files", "script_files"):
            context[name] = [f for f in context.get(name, []) if not any(u in str(f) for u in UNUSED_ON_SEARCH)]


#: The suffix of a staged search record (``papers/x.html.search.json``).
STAGED = ".search.json"


def staged_file(staging: Path, page: str) -> Path:
    """Where the search record of ``page`` (its HTML file, relative to the output) is staged."""
    return staging / "site" / f"{page}{STAGED}"


@dataclass
class Staged:
    """The staged records of one build: every page with a record → the SHA-1 of its record, and the
    records this build made (the others are read from the staging folder when needed)."""

    staging: Path
    digests: dict[str, str]
    made: dict[str, dict] = field(default_factory=dict)

    def record(self, page: str) -> dict:
        """The search record of ``page``."""
        made = self.made.get(page)
        return made if made is not None else json.loads(staged_file(self.staging, page).read_text(encoding="utf-8"))


def stage(outdir: Path, staging: Path, files: dict[str, list], terms: dict[str, list[tuple[str, int]]]) -> Staged:
    """Keep in ``staging`` the search record of every written page (:mod:`headsurvey.pages.searchdoc`):
    only the pages whose bytes or glossary terms changed since the last build are read and staged
    again, records of pages gone are deleted. A page whose navigation alone changed is staged again,
    and its record's digest stays the same.

    The records are named ``<page>.html`` + :data:`STAGED`: the doctree folder may lie inside the
    output (Sphinx's default), and no HTML file may be published there."""
    memo = staging / "staged.json"
    try:
        old: dict[str, str] = json.loads(memo.read_text())
    except (OSError, ValueError):
        old = {}
    new: dict[str, str] = {}  # page → digest of (page, terms); "page record" → digest of its record, or ""
    made: dict[str, dict] = {}
    for rel, (_, _, digest) in sorted(files.items()):
        if rel.startswith("_static/"):
            continue
        stamp = new[rel] = hashlib.sha1(repr((digest, terms.get(rel, []))).encode()).hexdigest()
        staged = staged_file(staging, rel)
        if old.get(rel) == stamp and f"{rel} record" in old and staged.exists() == bool(old[f"{rel} record"]):
            new[f"{rel} record"] = old[f"{rel} record"]
            continue
        record = searchdoc.record((outdir / rel).read_text(encoding="utf-8"), rel, terms.get(rel, []))
        data = json.dumps(record, sort_keys=True, ensure_ascii=False) if record is not None else ""
        new[f"{rel} record"] = hashlib.sha1(data.encode()).hexdigest() if data else ""
        if not data:
            staged.unlink(missing_ok=True)
        else:
            made[rel] = record  # type: ignore[assignment]
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(data, encoding="utf-8")
    for rel in old.keys() - new.keys():
        if not rel.endswith(" record"):
            staged_file(staging, rel).unlink(missing_ok=True)
    staging.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(new, sort_keys=True))
    digests = {rel: new[f"{rel} record"] for rel in new if not rel.endswith(" record") and new[f"{rel} record"]}
    return Staged(staging, digests, made)
