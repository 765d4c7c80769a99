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
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx

from ..pages import searchdoc
from ..site import paths
from .outputs import changed_pages


def builder_inited(app: Sphinx) -> None:
    """No Sphinx search index on HTML builds: :mod:`.searchindex` writes the site's own; no records
    parsed for an earlier build (by an earlier version of the code, perhaps) are taken for this one."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False
    (staging_folder(app) / PARSED).unlink(missing_ok=True)


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


#: The file, in the staging folder, that keeps every page's search record between builds.
RECORDS = "records.sqlite"
SCHEMA = "CREATE TABLE IF NOT EXISTS records (page TEXT PRIMARY KEY, stamp TEXT NOT NULL, digest TEXT NOT NULL, record TEXT NOT NULL)"
#: The file, in the staging folder, of the records the helper made while pages were written (:mod:`.offload`),
#: by page and SHA-1 of its bytes; deleted when a build starts writing and once it is staged.
PARSED = "parsed.sqlite"
PARSED_SCHEMA = "CREATE TABLE IF NOT EXISTS parsed (page TEXT NOT NULL, sha TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (page, sha))"


def staging_folder(app: Sphinx) -> Path:
    """Where the search records are staged between builds."""
    return Path(app.doctreedir) / "headsurvey-search"


def record_json(record: dict | None) -> str:
    """A search record as staged ("" for a page with nothing to index)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False) if record is not None else ""


def keep_parsed(staging: Path, rows: list[tuple[str, str, str]]) -> None:
    """Add (page, SHA-1, record as :func:`record_json` writes it) to the parsed records."""
    staging.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(staging / PARSED)) as db:
        db.execute(PARSED_SCHEMA)
        db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", rows)
        db.commit()


def take_parsed(staging: Path) -> dict[tuple[str, str], str]:
    """The parsed records, by (page, SHA-1); the file is deleted."""
    path = staging / PARSED
    if not path.exists():
        return {}
    try:
        with closing(sqlite3.connect(path)) as db:
            return {(page, sha): record for page, sha, record in db.execute("SELECT page, sha, record FROM parsed")}
    except sqlite3.DatabaseError:
        return {}
    finally:
        path.unlink(missing_ok=True)


def _open(staging: Path) -> sqlite3.Connection:
    """The staged records (a database left unreadable by an earlier build is started afresh)."""
    staging.mkdir(parents=True, exist_ok=True)
    path = staging / RECORDS
    db = sqlite3.connect(path)
    try:
        db.execute(SCHEMA)
    except sqlite3.DatabaseError:
        db.close()
        path.unlink()
        return _open(staging)
    return db


@dataclass
class Staged:
    """The staged records of one build: every page with a record → the SHA-1 of its record, and the
    records this build made (the others are read from the staging database when needed)."""

    staging: Path
    digests: dict[str, str]
    made: dict[str, dict] = field(default_factory=dict)

    def records(self, pages: list[str]) -> Iterator[dict]:
        """The search records of ``pages``, in that order; a record made by this build is handed out
        once (then dropped: at 10,000 pages the records take about 110 MiB, as much as the index's postings)."""
        kept: dict[str, str] = {}
        if any(page not in self.made for page in pages):
            with closing(_open(self.staging)) as db:
                kept = dict(db.execute("SELECT page, record FROM records WHERE digest != ''"))
        for page in pages:
            made = self.made.pop(page, None)
            yield made if made is not None else json.loads(kept[page])


def stage(outdir: Path, staging: Path, files: dict[str, list], terms: dict[str, list[tuple[str, int]]],
          parsed: Mapping[tuple[str, str], str] | None = None) -> Staged:
    """Keep in ``staging`` the search record of every written page (:mod:`headsurvey.pages.searchdoc`):
    only the pages whose bytes or glossary terms changed since the last build are read and staged
    again, records of pages gone are deleted. A page whose navigation alone changed is staged again,
    and its record's digest stays the same. The records are rows of one SQLite database: an edit
    rewrites one row, a full build writes them all in one transaction. ``parsed``: records already
    made, without glossary terms, by (file, SHA-1) of ``files``, as :func:`record_json` writes them (:mod:`.offload`)."""
    parsed = parsed or {}
    digests: dict[str, str] = {}
    made: dict[str, dict] = {}
    with closing(_open(staging)) as db:
        old = {page: (stamp, digest) for page, stamp, digest in db.execute("SELECT page, stamp, digest FROM records")}
        for rel, (_, _, digest) in sorted(files.items()):
            if rel.startswith("_static/"):
                continue
            stamp = hashlib.sha1(repr((digest, terms.get(rel, []))).encode()).hexdigest()
            if rel in old and old[rel][0] == stamp:
                if old[rel][1]:
                    digests[rel] = old[rel][1]
                continue
            data = parsed.get((rel, digest)) if rel not in terms else None
            if data is None:
                record = searchdoc.record((outdir / rel).read_text(encoding="utf-8"), rel, terms.get(rel, []))
                data = record_json(record)
            else:
                record = json.loads(data) if data else None
            if record is not None:
                made[rel] = record
                digests[rel] = hashlib.sha1(data.encode()).hexdigest()
            db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", (rel, stamp, digests.get(rel, ""), data))
        db.executemany("DELETE FROM records WHERE page = ?", [(rel,) for rel in old.keys() - files.keys()])
        db.commit()
    return Staged(staging, digests, made)
