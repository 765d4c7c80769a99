"""The explorer's data, in shards the page loads only when a reader needs them.

Papers are cut into shards as :func:`headsurvey.site.facets.shards` says; shard ``i`` exists in
three files (written by :mod:`.files`), so a reader downloads only what a task needs:

    explorer/papers-<i>.json   what the table shows and the facets filter on
    explorer/words-<i>.json    the text the search box matches (authors, models, tasks, venue, summary)
    explorer/export-<i>.json   per paper: its exact references.bib entry, CSL-JSON item and CSV row

and one file the page loads at once, so that its HTML does not grow with the vocabulary:

    explorer/facets.json       per facet, its options (value, label, papers) in reading order

Each paper's part of the three shard files is made once (:func:`paper_parts`, which the writer may
keep between builds); a shard file is its papers' parts joined, the bytes ``json.dumps`` would write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..site import SiteIndex, paths
from ..site.facets import options
from ..sources.schema import Paper
from .tables import CSV_COLUMNS, csv_row


def dump(data: object) -> str:
    """Compact JSON, as every explorer file is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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


def export(site: SiteIndex, paper: Paper, row: dict) -> dict:
    """A paper as each download format has it: exact BibTeX entry, CSL-JSON item, CSV row (of its ``row``,
    :func:`headsurvey.exports.tables.paper_record`)."""
    entry = site.db.entries.get(paper.key)
    return {"bib": entry.raw if entry and entry.tex_safe else "", "csl": site.citation(paper.key) if entry else None,
            "csv": csv_row(row)}


def paper_parts(site: SiteIndex, paper: Paper, values: dict[str, list[str]], row: dict) -> dict[str, str]:
    """A paper's part of each shard file (``values``: its facets; ``row``: its record), as JSON text."""
    key = dump(paper.key)
    return {"papers": dump(record(site, paper, values)), "words": f"{key}:{dump(words(site, paper))}",
            "export": f"{key}:{dump(export(site, paper, row))}"}


def shard_files(index: int, parts: list[dict[str, str]]) -> dict[str, str]:
    """The three files of shard ``index`` from its papers' parts, in shard order."""
    def joined(name: str) -> str:
        return ",".join(p[name] for p in parts)

    return {paths.explorer_shard("papers", index): f"[{joined('papers')}]\n",
            paths.explorer_shard("words", index): f"{{{joined('words')}}}\n",
            paths.explorer_shard("export", index): f'{{"columns":{dump(CSV_COLUMNS)},"papers":{{{joined("export")}}}}}\n'}


def facets_file(site: SiteIndex, values: Iterable[dict[str, list[str]]]) -> dict[str, str]:
    """explorer/facets.json from every paper's facet values."""
    return {paths.EXPLORER_FACETS: dump(options(site, values)) + "\n"}
