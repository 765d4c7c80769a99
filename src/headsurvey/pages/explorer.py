"""The paper explorer: the newest papers in HTML, facet controls and downloads that explorer.js brings to life.

The page holds one table page (the newest ``PAGE_SIZE`` papers) and links to every paper by
year, so it is usable without JavaScript and its size does not grow with the catalogue. The
script loads the facets' options (explorer/facets.json) at once, so the page does not grow with the
vocabulary either, and the data shards (:mod:`headsurvey.exports.explorer`) only when a reader
filters, searches, sorts, pages or downloads.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..site import paths
from ..site.facets import FACETS, SHARD_SIZE, facets, labels, shards
from ..sources.schema import Paper
from . import lists, paperline, templating
from .context import Context

#: Rows on one page of the table.
PAGE_SIZE = 50


def _row(ctx: Context, paper: Paper, values: dict[str, list[str]], names: dict) -> dict:
    """One table row, as explorer.js draws it from a shard record."""
    entry, line = ctx.site.db.entries.get(paper.key), paperline.fields(ctx.site, paper, ctx.uri, coins=False)
    # the authors as explorer.js writes them from the shards (exports/explorer.py), so both row kinds agree
    return {"key": paper.key, "href": line["href"], "title": line["title"],
            "authors": entry.short_authors() if entry else "", "date": paper.date, "venue": line["venue"],
            "heads": [(ctx.uri(paths.head(s)), names["head"][s]) for s in values["head"] if s in names["head"]],
            "stages": " ".join(values["stage"]), "families": ", ".join(names["family"].get(f, f) for f in values["family"])}


#: The table's columns: sort key (empty: not sortable) and heading.
COLUMNS = (("title", "Paper"), ("date", "First released"), ("venue", "Venue"), ("", "Heads"), ("", "Stages"),
           ("", "Model families"))
#: The download formats: explorer.js's name for each, and its label.
FORMATS = (("bib", "BibTeX"), ("csv", "CSV"), ("csl", "CSL-JSON"))


def render(ctx: Context) -> str:
    """The explorer's HTML: controls (hidden until the script runs), status, first table page, links by year.

    The selects hold only "Any": explorer.js adds their options from explorer/facets.json, so the
    page's size depends on neither the vocabulary nor (but for its counts) the catalogue."""
    site, names = ctx.site, labels(ctx.site)
    cut = shards(site)
    first: list[dict[str, Any]] = [_row(ctx, paper, facets(site, paper), names) for paper in (cut[0] if cut else [])[:PAGE_SIZE]]
    total = len(site.papers)
    years = [(ctx.uri(p.name), p.label, len(p.items)) for p in lists.year_parts(site, ctx.config.list_size)] \
        if "paper-index" in ctx.kind_pages else []
    attrs = {"data-explorer": "", "data-total": total, "data-shards": len(cut), "data-shard-size": SHARD_SIZE,
             "data-page-size": PAGE_SIZE, "data-base": ctx.file_uri(f"{paths.EXPLORER_DIR}/"),
             "data-paper-uri": ctx.uri(paths.paper("__KEY__")), "data-head-uri": ctx.uri(paths.head("__KEY__"))}
    return templating.render(
        "explorer", attrs=list(attrs.items()), total=total, rows=first, columns=COLUMNS, formats=FORMATS, years=years,
        facets=FACETS)


def paper_explorer(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    return [nodes.raw("", render(ctx), format="html")]
