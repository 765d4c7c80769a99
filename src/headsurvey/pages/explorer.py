"""The paper explorer: the full table in HTML, with facet controls that explorer.js brings to life.

Without JavaScript the page is a complete, readable table; the script shows the controls,
filters rows by their ``data-*`` facets, sorts columns and keeps the state in the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from ..site import STAGE_ORDER, Site, newest_first
from ..sources.bib import Entry

FACETS = (("head", "Head type"), ("stage", "Stage"), ("family", "Model family"), ("method", "Method"),
          ("year", "Year"), ("venue", "Venue"))
VENUES = (
    (r"Learning Representations", "ICLR"), (r"Neural Information Processing", "NeurIPS"),
    (r"International Conference on Machine Learning", "ICML"), (r"Findings", "ACL Findings"),
    (r"Empirical Methods", "EMNLP"), (r"North American Chapter", "NAACL"), (r"European Chapter", "EACL"),
    (r"Association for Computational Linguistics|\bACL\b", "ACL"), (r"BlackboxNLP", "BlackboxNLP"),
    (r"Artificial Intelligence and Statistics", "AISTATS"), (r"Conference on Language Modeling", "COLM"),
    (r"Computational Linguistics", "COLING"), (r"Transactions on Machine Learning Research", "TMLR"),
    (r"Transformer Circuits", "Transformer Circuits Thread"), (r"^arXiv$", "arXiv"),
)


def venue_group(entry: Entry | None) -> str:
    """A short venue label for faceting (ICLR, NeurIPS, arXiv, …)."""
    venue = entry.venue if entry else ""
    for pattern, label in VENUES:
        if re.search(pattern, venue):
            return label
    return venue or "Unpublished"


def _options(facet: str, label: str, values: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in values)
    return (f'<div class="hs-facet"><label for="hs-f-{facet}">{label}</label>'
            f'<select id="hs-f-{facet}" name="{facet}" data-facet="{facet}"><option value="">Any</option>{opts}</select></div>')


def render(site: Site, uri: Callable[[str], str]) -> str:
    """The explorer's HTML: controls (hidden until the script runs), live count, table."""
    rows, seen = [], {facet: {} for facet, _ in FACETS}
    for paper in newest_first(site.papers.values()):
        entry = site.db.entries.get(paper.key)
        stages, families = site.stages_of(paper.heads), site.families_of(paper)
        venue = venue_group(entry)
        facets = {"head": list(paper.heads), "stage": stages, "family": families, "method": list(paper.methods),
                  "year": [paper.date[:4]], "venue": [venue]}
        for facet, values in facets.items():
            seen[facet].update(dict.fromkeys(values))
        title = entry.title_text if entry else paper.key
        authors = entry.short_authors() if entry else ""
        heads = ", ".join(f'<a href="{escape(uri("heads/" + s))}">{escape(site.heads[s].name)}</a>'
                          for s in paper.heads if s in site.heads)
        attrs = " ".join(f'data-{f}="{escape(" ".join(v))}"' for f, v in facets.items())
        text = f"{title} {authors} {' '.join(paper.tasks)}".lower()
        rows.append(
            f'<tr {attrs} data-text="{escape(text)}" data-date="{paper.date}">'
            f'<td><a href="{escape(uri("papers/" + paper.key))}">{escape(title)}</a><br>'
            f'<span class="hs-muted">{escape(authors)}</span></td>'
            f'<td>{paper.date}</td><td>{escape(venue)}</td><td>{heads}</td><td>{" ".join(stages)}</td>'
            f'<td>{escape(", ".join(families))}</td></tr>'
        )
    names = {
        "head": lambda v: site.heads[v].name if v in site.heads else v,
        "stage": lambda v: f"{v} · {site.vocab.stages[v].name}" if v in site.vocab.stages else v,
        "method": lambda v: site.vocab.methods[v].name if v in site.vocab.methods else v,
    }
    controls = []
    for facet, label in FACETS:
        values = sorted(seen[facet], reverse=facet == "year", key=(lambda v: STAGE_ORDER.index(v)) if facet == "stage" else None)
        name = names.get(facet, lambda v: v)
        if facet == "head" or facet == "method":
            values = sorted(values, key=name)
        controls.append(_options(facet, label, [(v, name(v)) for v in values]))
    header = "".join(
        f'<th scope="col" aria-sort="{"descending" if key == "date" else "none"}"><button type="button" data-sort="{key}">'
        f"{label}</button></th>" if key else f'<th scope="col">{label}</th>'
        for key, label in (("title", "Paper"), ("date", "Released"), ("venue", "Venue"), ("", "Heads"), ("", "Stages"),
                           ("", "Model families"))
    )
    total = len(rows)
    return (
        '<div class="hs-explorer" data-explorer>'
        '<form class="hs-explorer-controls" hidden role="search" aria-label="Filter papers">'
        '<div class="hs-facet hs-facet-text"><label for="hs-f-q">Text</label>'
        '<input id="hs-f-q" name="q" type="search" autocomplete="off"></div>'
        + "".join(controls)
        + '<div class="hs-facet"><button type="reset">Clear filters</button></div></form>'
        f'<p class="hs-explorer-count" role="status" aria-live="polite">{total} papers</p>'
        f'<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Paper table"><table class="hs-explorer-table"><caption>Papers of the catalogue, newest first</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>"
    )
