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
from pathlib import Path

from ..site import STAGE_ORDER, Site
from .atlas import SCHEMA as ATLAS_SCHEMA
from .atlas import files as atlas_files
from .bibtex import bib_bundle
from .csl import csl_json
from .explorer import files as explorer_files
from .feeds import atom
from .ris import ris
from .tables import Target, heads_json, html_target, papers_csv, papers_json


def files(site: Site, target: Target = html_target) -> dict[str, str]:
    """Every download and feed of the site, by path relative to the HTML output folder."""
    out = {
        "downloads/references.bib": bib_bundle(site, site.db.entries),
        "downloads/references.ris": ris(site, site.db.entries),
        "downloads/papers.json": papers_json(site, target),
        "downloads/heads.json": heads_json(site, target),
        "downloads/papers.csv": papers_csv(site, target),
        "downloads/papers.csl.json": csl_json(site),
        "feeds/papers.atom": atom(site, "urn:headsurvey:feed:papers", "Attention heads: newly added papers",
                                  "papers.atom", list(site.papers.values()), lambda name: "../" + target(name)),
    }
    for slug, head in site.heads.items():
        papers = site.by_head.get(slug, [])
        out[f"downloads/heads/{slug}.bib"] = bib_bundle(site, (p.key for p in papers))
        out[f"downloads/heads/{slug}.ris"] = ris(site, (p.key for p in papers))
        out[f"feeds/heads/{slug}.atom"] = atom(site, f"urn:headsurvey:feed:head:{slug}", f"Attention heads: {head.name}",
                                              f"{slug}.atom", papers, lambda name: "../../" + target(name))
    out.update(explorer_files(site, target))
    out.update(atlas_files(site))
    for code in STAGE_ORDER:
        keys = [p.key for p in site.papers.values() if code in site.stages_of(p.heads)]
        out[f"downloads/stages/{code}.bib"] = bib_bundle(site, keys)
        out[f"downloads/stages/{code}.ris"] = ris(site, keys)
    for key in site.papers:
        out[f"downloads/papers/{key}.bib"] = bib_bundle(site, [key])
        out[f"downloads/papers/{key}.ris"] = ris(site, [key])
    return out


CODE = [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "sources" / "citation.py", ATLAS_SCHEMA]


def digest(site: Site, target: Target = html_target) -> str:
    """A fingerprint of everything the exports are made from, the code that writes them included."""
    parts = [*(path.read_text() for path in CODE), repr(sorted(site.papers.items())), repr(sorted(site.heads.items())),
             repr(sorted((k, e.raw) for k, e in site.db.entries.items())), site.vocab.fingerprint(), target("papers/x")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
