"""Downloads and feeds written next to the HTML at build-finished.

Everything is derived from the records and references.bib, sorted, and free of build times,
so two builds of the same sources give byte-identical files.

    downloads/references.bib            the whole database (as in the repository)
    downloads/references.ris            the same, as RIS (EndNote, Mendeley, Zotero)
    downloads/heads/<slug>.bib, .ris    entries of the papers that declare a head type
    downloads/stages/<code>.bib, .ris   entries of the papers with a head of that stage
    downloads/papers/<key>.bib, .ris    one paper's entry
    downloads/papers.json, heads.json   records, schema version SCHEMA_VERSION (docs/data.md)
    downloads/papers.csv                one row per paper
    downloads/papers.csl.json           CSL-JSON for Zotero, Mendeley and citeproc
    feeds/papers.atom                   newly added papers
    feeds/heads/<slug>.atom             newly added papers per head type
    explorer/*.json                     the explorer's data in shards (exports/explorer.py)
    downloads/atlas/<model>.json, downloads/atlas.json, downloads/atlas.schema.json
                                        the head atlas (exports/atlas.py)
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..site import STAGE_ORDER, SiteIndex, paths
from ..site.facets import facets, shards
from ..sources.schema import Head, Paper
from . import explorer
from .atlas import SCHEMA as ATLAS_SCHEMA
from .atlas import files as atlas_files
from .bibtex import bib_bundle
from .csl import csl_json
from .feeds import atom
from .ris import ris
from .tables import (
    Target,
    csv_line,
    csv_row,
    heads_json,
    html_target,
    paper_record,
    papers_csv_text,
    papers_json_text,
    record_json,
)


@dataclass(frozen=True)
class Group:
    """Files made together from the same records: ``inputs`` is a digest of those records (what
    the dependency model compares build to build), ``make`` computes the files' texts."""

    inputs: str
    make: Callable[[], dict[str, str]]


def _sha(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def paper_parts(site: SiteIndex, paper: Paper, target: Target) -> dict[str, Any]:
    """A paper's part of each whole-site file made paper by paper: its record in papers.json, its line of
    papers.csv, its facet values and its parts of the explorer's shard files."""
    row = paper_record(site, paper, target)
    values = facets(site, paper)
    return {"json": record_json(row), "csv": csv_line(csv_row(row)), "facets": values,
            **explorer.paper_parts(site, paper, values, row)}


def groups(site: SiteIndex, target: Target = html_target,
           kept: Callable[[], dict[str, dict[str, Any]]] | None = None) -> dict[str, Group]:
    """Every download and feed, in groups by the records each is made from: one paper's files by
    its entry and what lists show of it; a head type's by its papers (and the head names their feed
    shows); a stage's by its papers; the whole database as BibTeX, RIS and CSL-JSON by the bib entries;
    papers.json, the CSV and the explorer's facets by every record; each explorer shard by its papers'
    records; the atlas by the head instances; heads.json and the site's feed by what lists show.

    ``kept``: gives (when a part is first needed) each paper's parts (:func:`paper_parts`) by a digest of
    its record, its entry and the head types, kept by the caller between builds: parts of records that did
    not move are not made again (parts no longer current are dropped from it)."""
    store: dict[str, dict[str, Any]] | None = None
    heads = _sha(repr(sorted(site.heads.items())))  # the head types, once: every group of files shows their names
    raw = {key: e.raw if (e := site.db.entries.get(key)) else "" for key in site.papers}
    record = {key: hashlib.sha1(pickle.dumps((paper, raw[key]))).hexdigest() for key, paper in site.papers.items()}
    # what a list shows of a paper (its bundles' entry, its feed entries, which lists hold it)
    listed = {key: _sha(key, p.added, p.date, repr(p.heads), raw[key]) for key, p in site.papers.items()}
    newest = max((p.added for p in site.papers.values()), default="")  # an empty feed's date
    ris_records: dict[str, str] = {}  # each entry's RIS record, for every file that holds it
    every = _sha(heads, repr(sorted(record.items())))
    part_of = {key: _sha(digest, heads) for key, digest in record.items()}

    def parts(paper: Paper) -> dict[str, Any]:
        nonlocal store
        if store is None:
            store = kept() if kept else {}
            for stale in store.keys() - set(part_of.values()):
                del store[stale]
        found = store.get(part_of[paper.key])
        if found is None:
            found = store[part_of[paper.key]] = paper_parts(site, paper, target)
        return found

    def by_key() -> list[dict[str, Any]]:
        return [parts(p) for _, p in sorted(site.papers.items())]

    def references() -> dict[str, str]:
        return {
            paths.REFERENCES_BIB: bib_bundle(site, site.db.entries),
            paths.REFERENCES_RIS: ris(site, site.db.entries, ris_records),
            paths.PAPERS_CSL: csl_json(site),
        }

    def tables() -> dict[str, str]:
        every_part = by_key()
        return {paths.PAPERS_JSON: papers_json_text([p["json"] for p in every_part]),
                paths.PAPERS_CSV: papers_csv_text([p["csv"] for p in every_part]),
                **explorer.facets_file(site, (p["facets"] for p in every_part))}

    def lists() -> dict[str, str]:
        return {paths.HEADS_JSON: heads_json(site, target),
                paths.SITE_FEED: atom(site, "urn:headsurvey:feed:papers", "Attention heads: newly added papers",
                                      paths.SITE_FEED, list(site.papers.values()), target)}

    def of_head(slug: str, head: Head, papers: list[Paper]) -> dict[str, str]:
        return {paths.head_file(slug, "bib"): bib_bundle(site, (p.key for p in papers)),
                paths.head_file(slug, "ris"): ris(site, (p.key for p in papers), ris_records),
                paths.head_feed(slug): atom(site, f"urn:headsurvey:feed:head:{slug}", f"Attention heads: {head.name}",
                                            paths.head_feed(slug), papers, target)}

    def of_keys(name: str, keys: list[str]) -> dict[str, str]:
        return {paths.bundle(name, "bib"): bib_bundle(site, keys), paths.bundle(name, "ris"): ris(site, keys, ris_records)}

    def of_shard(index: int, shard: list[Paper]) -> dict[str, str]:
        return explorer.shard_files(index, [parts(p) for p in shard])

    # the whole database in reference-manager formats: its entries alone (and which of them have a page)
    entries = _sha(repr(sorted(site.papers)), repr(sorted((k, e.raw) for k, e in site.db.entries.items())))
    out = {"site": Group(_sha(heads, newest, *(listed[k] for k in sorted(listed))), lists),
           "site-tables": Group(every, tables), "site-references": Group(entries, references),
           "atlas": Group(_sha(repr(sorted((k, p.instances) for k, p in site.papers.items()))), lambda: atlas_files(site))}
    for index, shard in enumerate(shards(site)):
        out[f"explorer/{index}"] = Group(_sha(heads, str(index), *(record[p.key] for p in shard)), partial(of_shard, index, shard))
    for slug, head in site.heads.items():
        papers = site.by_head.get(slug, [])
        out[paths.head(slug)] = Group(_sha(heads, "" if papers else newest, *(listed[p.key] for p in papers)),
                                     partial(of_head, slug, head, papers))
    stages = {key: site.stages_of(p.heads) for key, p in sorted(site.papers.items())}
    for code in STAGE_ORDER:
        keys = [key for key, found in stages.items() if code in found]
        out[f"stages/{code}"] = Group(_sha(*(listed[k] for k in keys)), partial(of_keys, f"stages/{code}", keys))
    for key in site.papers:
        out[paths.paper(key)] = Group(listed[key], partial(of_keys, paths.paper(key), [key]))
    return out


def files(site: SiteIndex, target: Target = html_target) -> dict[str, str]:
    """Every download and feed of the site, by path relative to the HTML output folder."""
    return {rel: text for group in groups(site, target).values() for rel, text in group.make().items()}


CODE = [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "sources" / "citation.py",
        Path(__file__).parent.parent / "site" / "paths.py", ATLAS_SCHEMA]


def digest(site: SiteIndex, target: Target = html_target) -> str:
    """A fingerprint of what every export is made from besides the records: the code that writes
    them, the vocabularies, and the form of page addresses."""
    return _sha(*(path.read_text() for path in CODE), site.vocab.fingerprint(), target(paths.paper("x")))
