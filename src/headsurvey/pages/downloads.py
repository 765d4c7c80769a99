"""The table of every download and feed (the files themselves come from :mod:`headsurvey.exports`)."""

from __future__ import annotations

from docutils import nodes

from ..site import STAGE_ORDER, paths
from ..site.atlas import by_model, counted, distinct
from .context import Context, row, scrolling, table

#: The whole-catalogue files: (path, what it holds, media type); the downloads page lists them
#: and its JSON-LD Dataset names them as distributions.
WHOLE_CATALOGUE = (
    (paths.REFERENCES_BIB, "BibTeX, every entry", "application/x-bibtex"),
    (paths.REFERENCES_RIS, "RIS, every entry (EndNote, Mendeley, Zotero)", "application/x-research-info-systems"),
    (paths.PAPERS_CSL, "CSL-JSON (Zotero, Mendeley)", "application/vnd.citationstyles.csl+json"),
    (paths.PAPERS_JSON, "papers, JSON (schema below)", "application/json"),
    (paths.HEADS_JSON, "head types, JSON (schema below)", "application/json"),
    (paths.PAPERS_CSV, "papers, CSV", "text/csv"),
    (paths.ATLAS_JSON, "head atlas, every model's heads, JSON (schema below)", "application/json"),
    (paths.ATLAS_SCHEMA, "JSON Schema of the head atlas files", "application/schema+json"),
    (paths.SITE_FEED, "Atom feed of newly added papers", "application/atom+xml"),
)


def downloads(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Links to every download and feed (written by :mod:`headsurvey.exports`)."""
    def line(*cells: nodes.Node | str) -> nodes.row:
        return row([nodes.Text(c) if isinstance(c, str) else c for c in cells])

    def file_link(path: str, text: str) -> nodes.Node:
        return ctx.download(path, text)

    tables = [table(("file", "what it holds"), [line(file_link(p, p.rpartition("/")[2]), d) for p, d, _ in WHOLE_CATALOGUE])]
    staged = {code for paper in ctx.site.papers.values() for code in ctx.site.stages_of(paper.heads)}
    stage_rows = [line(ctx.stage_badge(c), *([file_link(paths.stage_file(c, ext), f"{c}.{ext}") for ext in ("bib", "ris")]
                                             if c in staged else ["—", "—"])) for c in STAGE_ORDER]
    tables.append(table(("stage", "BibTeX", "RIS"), stage_rows))
    head_rows = []
    for head in sorted(ctx.site.heads.values(), key=lambda h: h.name):
        count = len(ctx.site.by_head.get(head.slug, []))
        bundles = [file_link(paths.head_file(head.slug, ext), ext) if count else "—" for ext in ("bib", "ris")]
        head_rows.append(line(ctx.link(paths.head(head.slug), head.name), str(count), *bundles,
                             file_link(paths.head_feed(head.slug), "Atom")))
    tables.append(table(("head type", "papers", "BibTeX", "RIS", "feed"), head_rows))
    model_rows = [line(ctx.link(paths.model(name), name), counted(len(located), distinct(located)),
                       file_link(paths.model_file(name), f"{paths.model_slug(name)}.json")) for name, located in by_model(ctx.site).items()]
    tables.append(table(("model", "heads", "JSON"), model_rows))
    titles = ("Whole catalogue", "By stage", "By head type", "Head atlas by model")
    return [part for title, table in zip(titles, tables, strict=True) for part in (nodes.rubric(title, title), *scrolling(table, title))]

