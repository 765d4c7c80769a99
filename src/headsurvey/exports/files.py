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
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..site import STAGE_ORDER, SiteIndex, paths
from ..sources.schema import Head, Paper
from .atlas import SCHEMA as ATLAS_SCHEMA
from .atlas import files as atlas_files
from .bibtex import bib_bundle
from .csl import csl_json
from .explorer import files as explorer_files
from .feeds import atom
from .ris import ris
from .tables import Target, heads_json, html_target, papers_csv, papers_json


@dataclass(frozen=True)
class Group:
    """Files made together from the same records: ``inputs`` is a digest of those records (what
    the dependency model compares build to build), ``make`` computes the files' texts."""

    inputs: str
    make: Callable[[], dict[str, str]]


def _sha(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def groups(site: SiteIndex, target: Target = html_target) -> dict[str, Group]:
    """Every download and feed, in groups by the records each is made from: one paper's files by
    its record and entry; a head type's by its papers (and the head names their feed shows); a
    stage's by its papers; the whole database as BibTeX, RIS and CSL-JSON by the bib entries; the other
    whole-site files (and the explorer's and atlas's data) by every record."""
    record = {key: _sha(repr(paper), e.raw if (e := site.db.entries.get(key)) else "") for key, paper in site.papers.items()}
    heads = repr(sorted(site.heads.items()))
    newest = max((p.added for p in site.papers.values()), default="")  # an empty feed's date
    every = _sha(heads, repr(sorted(record.items())), repr(sorted((k, e.raw) for k, e in site.db.entries.items())))

    def references() -> dict[str, str]:
        return {
            paths.REFERENCES_BIB: bib_bundle(site, site.db.entries),
            paths.REFERENCES_RIS: ris(site, site.db.entries),
            paths.PAPERS_CSL: csl_json(site),
        }

    def whole() -> dict[str, str]:
        return {
            paths.PAPERS_JSON: papers_json(site, target),
            paths.HEADS_JSON: heads_json(site, target),
            paths.PAPERS_CSV: papers_csv(site, target),
            paths.SITE_FEED: atom(site, "urn:headsurvey:feed:papers", "Attention heads: newly added papers",
                                  paths.SITE_FEED, list(site.papers.values()), target),
            **explorer_files(site, target),
            **atlas_files(site),
        }

    def of_head(slug: str, head: Head, papers: list[Paper]) -> dict[str, str]:
        return {paths.head_file(slug, "bib"): bib_bundle(site, (p.key for p in papers)),
                paths.head_file(slug, "ris"): ris(site, (p.key for p in papers)),
                paths.head_feed(slug): atom(site, f"urn:headsurvey:feed:head:{slug}", f"Attention heads: {head.name}",
                                            paths.head_feed(slug), papers, target)}

    def of_keys(name: str, keys: list[str]) -> dict[str, str]:
        return {paths.bundle(name, "bib"): bib_bundle(site, keys), paths.bundle(name, "ris"): ris(site, keys)}

    # the whole database in reference-manager formats: its entries alone (and which of them have a page)
    entries = _sha(repr(sorted(site.papers)), repr(sorted((k, e.raw) for k, e in site.db.entries.items())))
    out = {"site": Group(every, whole), "site-references": Group(entries, references)}
    for slug, head in site.heads.items():
        papers = site.by_head.get(slug, [])
        out[paths.head(slug)] = Group(_sha(heads, "" if papers else newest, *(record[p.key] for p in papers)),
                                     partial(of_head, slug, head, papers))
    for code in STAGE_ORDER:
        keys = [p.key for p in site.papers.values() if code in site.stages_of(p.heads)]
        out[f"stages/{code}"] = Group(_sha(*(record[k] for k in keys)), partial(of_keys, f"stages/{code}", keys))
    for key in site.papers:
        out[paths.paper(key)] = Group(record[key], partial(of_keys, paths.paper(key), [key]))
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
