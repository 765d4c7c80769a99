"""The paper explorer: the newest papers in HTML, facet controls and downloads that explorer.js brings to life.

The page holds one table page (the newest ``PAGE_SIZE`` papers) and links to every paper by
year, so it is usable without JavaScript and its size does not grow with the catalogue. The
script loads the data shards (:mod:`headsurvey.exports.explorer`) only when a reader filters,
searches, sorts, pages or downloads.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from docutils import nodes

from ..site import STAGE_ORDER, Site
from ..site.facets import (
    DATA_FOLDER,
    FACETS,
    SHARD_SIZE,
    UNKNOWN_FAMILY,
    facets,
    shards,
)
from ..sources import HEADS_DIR, PAPERS_DIR
from ..sources.schema import Paper
from . import lists
from .context import Context

#: Rows on one page of the table.
PAGE_SIZE = 50
UNKNOWN_LABEL = "Unknown model"


def _labels(site: Site) -> dict[str, dict[str, str]]:
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
    if facet == "year":
        return sorted(counts, reverse=True)
    return sorted(counts, key=lambda v: (v == UNKNOWN_FAMILY, label(v).casefold(), v))


def _select(facet: str, title: str, counts: Counter, labels: dict[str, str]) -> str:
    def label(value: str) -> str:
        return labels.get(value, value)

    opts = "".join(f'<option value="{escape(v)}" data-label="{escape(label(v))}">{escape(label(v))} ({counts[v]})</option>'
                   for v in _order(facet, counts, label))
    return (f'<div class="hs-facet"><label for="hs-f-{facet}">{title}</label>'
            f'<select id="hs-f-{facet}" name="{facet}" data-facet="{facet}"><option value="">Any</option>{opts}</select></div>')


def _row(ctx: Context, paper: Paper, values: dict[str, list[str]], labels: dict) -> str:
    """One table row, as explorer.js draws it from a shard record."""
    entry = ctx.site.db.entries.get(paper.key)
    title, authors = (entry.title_text, entry.short_authors()) if entry else (paper.key, "")
    heads = ", ".join(f'<a href="{escape(ctx.uri(f"{HEADS_DIR}/{s}"))}">{escape(labels["head"][s])}</a>'
                      for s in values["head"] if s in labels["head"])
    families = ", ".join(labels["family"].get(f, f) for f in values["family"])
    return (f'<tr><td><a href="{escape(ctx.uri(f"{PAPERS_DIR}/{paper.key}"))}">{escape(title)}</a><br>'
            f'<span class="hs-muted">{escape(authors)}</span></td><td>{paper.date}</td><td>{escape(values["venue"][0])}</td>'
            f'<td>{heads}</td><td>{" ".join(values["stage"])}</td><td>{escape(families)}</td></tr>')


def render(ctx: Context) -> str:
    """The explorer's HTML: controls (hidden until the script runs), status, first table page, links by year."""
    site, labels = ctx.site, _labels(ctx.site)
    counts: dict[str, Counter] = {facet: Counter() for facet, _ in FACETS}
    first: list[str] = []
    for part in shards(site):
        for paper in part:
            values = facets(site, paper)
            for facet, found in values.items():
                counts[facet].update(found)
            if len(first) < PAGE_SIZE:
                first.append(_row(ctx, paper, values, labels))
    total = len(site.papers)
    header = "".join(
        f'<th scope="col" aria-sort="{"descending" if key == "date" else "none"}"><button type="button" data-sort="{key}">'
        f"{label}</button></th>" if key else f'<th scope="col">{label}</th>'
        for key, label in (("title", "Paper"), ("date", "Released"), ("venue", "Venue"), ("", "Heads"), ("", "Stages"),
                           ("", "Model families")))
    years = " · ".join(f'<a href="{escape(ctx.uri(p.name))}">{escape(p.label)}</a> ({len(p.items)})'
                       for p in lists.year_parts(site, ctx.config.list_size)) if "paper-index" in ctx.homes else ""
    downloads = "".join(f'<button type="button" data-export="{kind}">{label}</button> '
                        for kind, label in (("bib", "BibTeX"), ("csv", "CSV"), ("csl", "CSL-JSON")))
    attrs = {"data-explorer": "", "data-total": total, "data-shards": len(shards(site)), "data-shard-size": SHARD_SIZE,
             "data-page-size": PAGE_SIZE, "data-base": ctx.file_uri(f"{DATA_FOLDER}/"),
             "data-paper-uri": ctx.uri(f"{PAPERS_DIR}/__KEY__"), "data-head-uri": ctx.uri(f"{HEADS_DIR}/__KEY__"),
             "data-unknown": UNKNOWN_LABEL}
    data = " ".join(f'{name}="{escape(str(value))}"' for name, value in attrs.items())
    return (
        f'<div class="hs-explorer" {data}>'
        '<form class="hs-explorer-controls" hidden role="search" aria-label="Filter papers">'
        '<div class="hs-facet hs-facet-text"><label for="hs-f-q">Text</label>'
        '<input id="hs-f-q" name="q" type="search" autocomplete="off" '
        'aria-describedby="hs-f-q-help"><small id="hs-f-q-help">title, authors, models, tasks, venue or summary words</small></div>'
        + "".join(_select(facet, title, counts[facet], labels.get(facet, {})) for facet, title in FACETS)
        + '<div class="hs-facet"><button type="reset">Clear filters</button></div></form>'
        '<p class="hs-explorer-notice" role="alert" hidden></p>'
        f'<p class="hs-explorer-count" role="status" aria-live="polite">{total} papers</p>'
        f'<p class="hs-explorer-downloads" hidden>Download the papers shown: {downloads}</p>'
        '<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Paper table"><table class="hs-explorer-table">'
        f'<caption>Papers of the catalogue, newest first</caption><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(first)}</tbody></table></div>"
        '<nav class="hs-explorer-pager" aria-label="Pages of the table" hidden></nav>'
        f'<p class="hs-explorer-more">The table opens with the {min(total, PAGE_SIZE)} newest papers. '
        + (f"Every paper, by year of release: {years}." if years else "") + "</p></div>"
    )


def paper_explorer(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    return [nodes.raw("", render(ctx), format="html")]
