"""The paper explorer: the newest papers in HTML, facet controls and downloads that explorer.js brings to life.

The page holds one table page (the newest ``PAGE_SIZE`` papers) and links to every paper by
year, so it is usable without JavaScript and its size does not grow with the catalogue. The
script loads the data shards (:mod:`headsurvey.exports.explorer`) only when a reader filters,
searches, sorts, pages or downloads.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes

from ..site import STAGE_ORDER, SiteIndex, paths
from ..site.facets import (
    FACETS,
    SHARD_SIZE,
    UNKNOWN_FAMILY,
    facets,
    shards,
)
from ..sources.schema import Paper
from . import lists, templating
from .context import Context

#: Rows on one page of the table.
PAGE_SIZE = 50
UNKNOWN_LABEL = "Unknown model"


def _labels(site: SiteIndex) -> dict[str, dict[str, str]]:
    return {
        "head": {s: h.name for s, h in site.heads.items()},
        "stage": {c: f"{c} · {s.name}" for c, s in site.vocab.stages.items()},
        "method": {s: m.name for s, m in site.vocab.methods.items()},
        "family": {UNKNOWN_FAMILY: UNKNOWN_LABEL},
    }


def _order(facet: str, counts: Counter, label) -> list[str]:
    """Facet values in reading order: stages as the framework, years newest first, the rest by name."""
    if facet == "stage":
        return [c for c in STAGE_ORDER if c in counts]
    if facet in ("year", "published"):
        return sorted(counts, reverse=True)
    return sorted(counts, key=lambda v: (v == UNKNOWN_FAMILY, label(v).casefold(), v))


def _facet(facet: str, title: str, counts: Counter, labels: dict[str, str]) -> dict:
    """One facet's select: its name, title and options (value, label, count) in reading order."""
    def label(value: str) -> str:
        return labels.get(value, value)

    return {"name": facet, "title": title,
            "options": [{"value": v, "label": label(v), "count": counts[v]} for v in _order(facet, counts, label)]}


def _row(ctx: Context, paper: Paper, values: dict[str, list[str]], labels: dict) -> dict:
    """One table row, as explorer.js draws it from a shard record."""
    entry = ctx.site.db.entries.get(paper.key)
    return {"key": paper.key, "href": ctx.uri(paths.paper(paper.key)), "title": ctx.site.title(paper.key),
            "authors": entry.short_authors() if entry else "", "date": paper.date, "venue": values["venue"][0],
            "heads": [(ctx.uri(paths.head(s)), labels["head"][s]) for s in values["head"] if s in labels["head"]],
            "stages": " ".join(values["stage"]), "families": ", ".join(labels["family"].get(f, f) for f in values["family"])}


#: The table's columns: sort key (empty: not sortable) and heading.
COLUMNS = (("title", "Paper"), ("date", "First released"), ("venue", "Venue"), ("", "Heads"), ("", "Stages"),
           ("", "Model families"))
#: The download formats: explorer.js's name for each, and its label.
FORMATS = (("bib", "BibTeX"), ("csv", "CSV"), ("csl", "CSL-JSON"))


def render(ctx: Context) -> str:
    """The explorer's HTML: controls (hidden until the script runs), status, first table page, links by year."""
    site, labels = ctx.site, _labels(ctx.site)
    counts: dict[str, Counter] = {facet: Counter() for facet, _ in FACETS}
    first: list[dict[str, Any]] = []
    for part in shards(site):
        for paper in part:
            values = facets(site, paper)
            for facet, found in values.items():
                counts[facet].update(found)
            if len(first) < PAGE_SIZE:
                first.append(_row(ctx, paper, values, labels))
    total = len(site.papers)
    years = [(ctx.uri(p.name), p.label, len(p.items)) for p in lists.year_parts(site, ctx.config.list_size)] \
        if "paper-index" in ctx.kind_pages else []
    attrs = {"data-explorer": "", "data-total": total, "data-shards": len(shards(site)), "data-shard-size": SHARD_SIZE,
             "data-page-size": PAGE_SIZE, "data-base": ctx.file_uri(f"{paths.EXPLORER_DIR}/"),
             "data-paper-uri": ctx.uri(paths.paper("__KEY__")), "data-head-uri": ctx.uri(paths.head("__KEY__")),
             "data-unknown": UNKNOWN_LABEL}
    return templating.render(
        "explorer", attrs=list(attrs.items()), total=total, rows=first, columns=COLUMNS, formats=FORMATS, years=years,
        facets=[_facet(facet, title, counts[facet], labels.get(facet, {})) for facet, title in FACETS])


def paper_explorer(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    return [nodes.raw("", render(ctx), format="html")]
