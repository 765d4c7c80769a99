"""The curation page's tables: papers judged out of scope, and the searches run (docutils nodes)."""

from __future__ import annotations

from docutils import nodes

from ..sources import links
from ..sources.curation import Curation, Excluded, Search
from .context import Context, row, scrolling, table


def _paper(item: Excluded) -> list[nodes.Node]:
    """Title, then authors, venue and identifiers (linked only when well formed)."""
    out: list[nodes.Node] = [nodes.Text(item.title)]
    details: list[nodes.Node] = [nodes.Text(t) for t in (item.authors, item.venue) if t]
    for url, text in ((links.arxiv(item.arxiv), f"arXiv:{item.arxiv}"), (links.doi(item.doi), f"DOI:{item.doi}")):
        if url:
            details.append(Context.external(url, text))
    if details:
        out.append(nodes.Text(" ("))
        for i, detail in enumerate(details):
            out += [nodes.Text(", ")] if i else []
            out.append(detail)
        out.append(nodes.Text(")"))
    return [nodes.inline("", "", *out)]


def excluded_table(items: list[Excluded]) -> list[nodes.Node]:
    """One row per paper judged out: the paper and the reason."""
    if not items:
        return [nodes.paragraph(text="No paper has been judged out of scope yet.")]
    rows = [row([*_paper(item), nodes.Text(item.reason)]) for item in items]
    return scrolling(table(("paper", "reason"), rows), "Papers judged out of scope")


def searches_table(items: list[Search]) -> list[nodes.Node]:
    """One row per family of queries: what it covers, the queries, where and when, what it yielded."""
    if not items:
        return [nodes.paragraph(text="No search has been recorded yet.")]
    rows = []
    for item in items:
        queries = nodes.inline()
        for i, query in enumerate(item.queries):
            queries += [nodes.Text("; ")] if i else []
            queries += nodes.literal(query, query)
        rows.append(row([nodes.Text(item.axis), nodes.Text(item.family), queries, nodes.Text(", ".join(item.sources)),
                         nodes.Text(item.run.isoformat()), nodes.Text(str(item.candidates)), nodes.Text(str(item.added))]))
    header = ("axis", "family", "queries", "sources", "run", "candidates", "added")
    return scrolling(table(header, rows), "Searches run for the catalogue")


#: The tables the ``{curation-table}`` directive can place.
TABLES = ("excluded", "searches")


def curation_table(curation: Curation, which: str) -> list[nodes.Node]:
    """The table named ``which`` (one of :data:`TABLES`)."""
    return excluded_table(curation.excluded) if which == "excluded" else searches_table(curation.searches)
