"""The explorer's data, in shards the page loads only when a reader needs them.

Papers are cut into shards as :func:`headsurvey.site.facets.shards` says; shard ``i`` exists in
three files (written by :mod:`.files`), so a reader downloads only what a task needs:

    explorer/papers-<i>.json   what the table shows and the facets filter on
    explorer/words-<i>.json    the text the search box matches (authors, models, tasks, venue, summary)
    explorer/export-<i>.json   per paper: its exact references.bib entry, CSL-JSON item and CSV row

and one file the page loads at once, so that its HTML does not grow with the vocabulary:

    explorer/facets.json       per facet, its options (value, label, papers) in reading order
"""

from __future__ import annotations

import json

from ..site import SiteIndex, paths
from ..site.facets import facets, options, shards
from ..sources.schema import Paper
from .tables import CSV_COLUMNS, Target, csv_row, html_target, paper_record


def record(site: SiteIndex, paper: Paper, values: dict[str, list[str]]) -> dict:
    """What the table shows of a paper: key, title, authors, date, and its facet ``values``."""
    entry = site.db.entries.get(paper.key)
    return {"key": paper.key, "title": site.title(paper.key),
            "authors": entry.short_authors() if entry else "", "date": paper.date, **values}


def words(site: SiteIndex, paper: Paper) -> str:
    """Everything the text filter matches, lower-cased: title, every author, models, tasks, venue, summary."""
    entry = site.db.entries.get(paper.key)
    parts = [entry.title_text, " ".join(entry.author_names()), entry.venue] if entry else []
    parts += [paper.key, site.venue(paper.key), " ".join(paper.models), " ".join(site.families_of(paper)),
              " ".join(paper.tasks), paper.words]
    return " ".join(parts).lower()


def export(site: SiteIndex, paper: Paper, target: Target) -> dict:
    """A paper as each download format has it: exact BibTeX entry, CSL-JSON item, CSV row."""
    entry = site.db.entries.get(paper.key)
    csv = csv_row(paper_record(site, paper, target))
    return {"bib": entry.raw if entry and entry.tex_safe else "", "csl": site.citation(paper.key) if entry else None, "csv": csv}


def files(site: SiteIndex, target: Target = html_target) -> dict[str, str]:
    """Every shard file, by path relative to the HTML output folder."""
    def dump(data: object) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    values = {key: facets(site, paper) for key, paper in site.papers.items()}
    out = {paths.EXPLORER_FACETS: dump(options(site, values.values()))}
    for i, shard in enumerate(shards(site)):
        out[paths.explorer_shard("papers", i)] = dump([record(site, p, values[p.key]) for p in shard])
        out[paths.explorer_shard("words", i)] = dump({p.key: words(site, p) for p in shard})
        out[paths.explorer_shard("export", i)] = dump({"columns": CSV_COLUMNS,
                                                 "papers": {p.key: export(site, p, target) for p in shard}})
    return out
