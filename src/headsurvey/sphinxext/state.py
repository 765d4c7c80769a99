"""Per-build state, and where the extension finds references.bib and the vocabularies.

The indexed site and what one build remembers between its events live on the application
(:func:`build_state`), never in module globals.

One exception, on purpose: references.bib, the vocabularies and the curation files are parsed
by three ``lru_cache`` functions of this module (at most 4 versions each), keyed by file
identity (path, size, mtime), so they cannot go stale. They are asked for by handlers that get
only the environment (reading each page checks it against the vocabularies, each paper page
against its entry), so a cache on the application would not reach them; without any cache,
references.bib (1.1 s to parse on this machine, 342 entries) would be parsed for every paper
page. Parallel workers forked after loading share the parsed copy, and nothing large is
pickled into the environment. Each new process would still parse them once (0.5 s for 1,000
entries, most of a rebuild with no change): what they parsed to is kept in the doctree folder by
the files' contents (:func:`headsurvey.sphinxext.memo.recall`) and read back instead.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..site import SiteIndex
from ..sources import DATA_DIR
from ..sources.curation import Curation
from ..sources.database import Database
from ..sources.vocab import OPTIONAL_FILES, SCHEMAS, Vocabulary
from . import memo

T = TypeVar("T")


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns)


def root(env: BuildEnvironment) -> Path:
    """The folder that holds conf.py (the repository root)."""
    return Path(env.config.headsurvey_root or Path(env.srcdir).parent)


def display(env: BuildEnvironment, path: Path | str) -> str:
    """A path as shown in messages: relative to the repository root."""
    return os.path.relpath(path, root(env))


def data_files(env: BuildEnvironment) -> list[Path]:
    folder = Path(env.srcdir) / DATA_DIR
    paths = [folder / f"{name}.yaml" for name in SCHEMAS]
    return [p for p in paths if p.stem not in OPTIONAL_FILES or p.exists()]  # a missing dependency is never current


def database(env: BuildEnvironment) -> Database:
    return database_at(root(env), env.config.headsurvey_bibfile, env.doctreedir)


def database_at(root_dir: Path, bibfile: str, kept: str | Path | None = None) -> Database:
    """references.bib (``bibfile`` relative to ``root_dir``), parsed once per version of the file (``kept``:
    the doctree folder, where what it parsed to is kept between builds)."""
    path, shown = _bib_path(str(root_dir), bibfile)
    return _load_db(str(path), shown, _stamp(path), str(kept) if kept else None)


@lru_cache(maxsize=16)
def _bib_path(root_dir: str, bibfile: str) -> tuple[Path, str]:
    """The bib file's resolved path and its path as shown (every cross-reference asks: resolved once)."""
    path = (Path(root_dir) / bibfile).resolve()
    return path, os.path.relpath(path, root_dir)


def vocabulary(env: BuildEnvironment) -> Vocabulary:
    folder = Path(env.srcdir) / DATA_DIR
    stamps = tuple(_stamp(p) for p in data_files(env))
    return _load_vocab(str(folder), display(env, folder), stamps, str(env.doctreedir))


@dataclass(frozen=True)
class ReadInputs:
    """What every page read needs: the vocabularies and the database."""

    vocabulary: Vocabulary
    database: Database


def start_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: what a page read needs is looked up once per read phase, not once per page."""
    build_state(app).reading = ReadInputs(vocabulary(env), database(env))


def read_inputs(app: Sphinx) -> ReadInputs:
    """The inputs of the read phase under way (files do not change while pages are read)."""
    current = build_state(app)
    if current.reading is None:
        start_reading(app, app.env, [])
    return current.reading  # type: ignore[return-value]


def curation_files(env: BuildEnvironment) -> list[Path]:
    folder = Path(env.srcdir) / DATA_DIR
    return [folder / "excluded.yaml", folder / "searches.yaml"]


def curation(env: BuildEnvironment) -> Curation:
    """excluded.yaml and searches.yaml, read once per version of the files."""
    folder = Path(env.srcdir) / DATA_DIR
    stamps = tuple(_stamp(p) for p in curation_files(env))
    return _load_curation(str(folder), display(env, folder), stamps, str(env.doctreedir))


def _parsed(kept: str | None, name: str, files: list[Path], parse: Callable[[], T], *key: str) -> T:
    """``parse()``, or what it gave in an earlier build from files of the same contents (and ``key``)."""
    if kept is None:
        return parse()
    contents = [(str(f), hashlib.sha1(f.read_bytes()).hexdigest() if f.is_file() else None) for f in files]
    return memo.recall(kept, name, memo.digest(memo.package_digest(), key, contents), parse)


@lru_cache(maxsize=4)
def _load_curation(folder: str, shown: str, stamps: tuple, kept: str) -> Curation:
    files = [Path(folder) / "excluded.yaml", Path(folder) / "searches.yaml"]
    return _parsed(kept, "curation", files, lambda: Curation.load(folder, display=shown), folder, shown)


@lru_cache(maxsize=4)
def _load_db(path: str, shown: str, stamp: tuple[int, int], kept: str | None) -> Database:
    return _parsed(kept, "database", [Path(path)], lambda: Database.load(path, display=shown), path, shown)


@lru_cache(maxsize=4)
def _load_vocab(folder: str, shown: str, stamps: tuple, kept: str) -> Vocabulary:
    files = [Path(folder) / f"{name}.yaml" for name in SCHEMAS]
    return _parsed(kept, "vocabulary", files, lambda: Vocabulary.load(folder, display=shown), folder, shown)


@dataclass
class BuildState:
    """What one build of the application keeps between its events."""

    site: SiteIndex | None = None
    before: tuple[dict, dict, set[str]] | None = None  # records as they were before reading
    citation_ids: dict[str, str] | None = None  # sphinxcontrib-bibtex anchor id → key
    toctree: dict[tuple, str] = field(default_factory=dict)  # navigation per folder
    asset_tags: dict[tuple, str] = field(default_factory=dict)  # stylesheet and script tags per folder
    feed_links: dict[tuple, str] = field(default_factory=dict)  # feed links per (folder, head type)
    generated: set[str] = field(default_factory=set)  # pages written that are not documents
    kind_pages: dict[str, str] | None = None  # generated-content kind → the first document placing it
    common_digest: str | None = None  # the dependency model's digest of what shapes every output
    digests: dict[str, str] = field(default_factory=dict)  # the dependency model's digests of other inputs
    lines: dict[tuple, str] = field(default_factory=dict)  # paper lines per folder (pages/context.py), for this site
    reading: ReadInputs | None = None  # what every page read needs, looked up when the read phase starts
    helper: Any = None  # the helper process of a serial build (sphinxext/offload.py), while it runs


def build_state(app: Sphinx) -> BuildState:
    """The application's build state (created on first use)."""
    found = getattr(app, "_headsurvey_state", None)
    if found is None:
        found = BuildState()
        app._headsurvey_state = found  # type: ignore[attr-defined]
    return found


def site(app: Sphinx) -> SiteIndex:
    """The indexed records of this build (rebuilt after every read phase by :func:`refresh`)."""
    current = build_state(app)
    if current.site is None:
        refresh(app, app.env)
    return current.site  # type: ignore[return-value]


def refresh(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: index the records read, before any page is written."""
    dom = env.get_domain("hs")
    current = build_state(app)
    current.site = SiteIndex.build(dom.papers_by_key(), dom.heads_by_slug(), database(env), vocabulary(env))  # type: ignore[attr-defined]
    current.citation_ids = None
    current.lines = {}
    current.kind_pages = None
    current.common_digest = None
    current.digests = {"derived": _recall_derived(app, current.site)}


def _recall_derived(app: Sphinx, s: SiteIndex) -> str:
    """The authors index and related papers as an earlier build made them from the same inputs
    (:func:`headsurvey.sphinxext.memo.recall`): an edit that leaves every author list, release date
    and feature as it was does not compute them again. Returns the digest of those inputs."""
    inputs, code = s.derived_inputs(), memo.package_digest()
    authors_inputs = memo.digest(code, inputs["authors"])
    related_inputs = memo.digest(authors_inputs, inputs["related"])
    s.authors = memo.recall(app.doctreedir, "authors", authors_inputs, lambda: s.authors)
    s.related = memo.recall(app.doctreedir, "related", related_inputs, lambda: s.related)
    return related_inputs


def kind_pages(app: Sphinx) -> dict[str, str]:
    """Each kind placed by a directive → the first document (by name) that places it."""
    current = build_state(app)
    if current.kind_pages is None:
        found: dict[str, str] = {}
        for doc, kinds in sorted(app.env.get_domain("hs").data["aggregates"].items()):
            for kind in kinds:
                found.setdefault(kind, doc)
        current.kind_pages = found
    return current.kind_pages


def page_of_kind(app: Sphinx, kind: str) -> str | None:
    return kind_pages(app).get(kind)
