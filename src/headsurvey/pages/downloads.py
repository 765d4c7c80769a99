"""The table of every download and feed (the files themselves come from :mod:`headsurvey.exports`)."""

from __future__ import annotations

from docutils import nodes

from ..site import STAGE_ORDER
from ..site.atlas import ATLAS_DIR, by_model, counted, distinct, download
from ..site.atlas import slug as model_slug
from ..sources import HEADS_DIR
from .context import Context, row, scrolling, table

#: The whole-catalogue files: (path, what it holds, media type); the downloads page lists them
#: and its JSON-LD Dataset names them as distributions.
WHOLE_CATALOGUE = (
    ("downloads/references.bib", "BibTeX, every entry", "application/x-bibtex"),
    ("downloads/references.ris", "RIS, every entry (EndNote, Mendeley, Zotero)", "application/x-research-info-systems"),
    ("downloads/papers.csl.json", "CSL-JSON (Zotero, Mendeley)", "application/vnd.citationstyles.csl+json"),
    ("downloads/papers.json", "papers, JSON (schema below)", "application/json"),
    ("downloads/heads.json", "head types, JSON (schema below)", "application/json"),
    ("downloads/papers.csv", "papers, CSV", "text/csv"),
    ("downloads/atlas.json", "head atlas, every model's heads, JSON (schema below)", "application/json"),
    ("downloads/atlas.schema.json", "JSON Schema of the head atlas files", "application/schema+json"),
    ("feeds/papers.atom", "Atom feed of newly added papers", "application/atom+xml"),
)


def downloads(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Links to every download and feed (written by :mod:`headsurvey.exports`)."""
    def line(*cells: nodes.Node | str) -> nodes.row:
        return row([nodes.Text(c) if isinstance(c, str) else c for c in cells])

    def file_link(path: str, text: str) -> nodes.Node:
        return ctx.download(path, text)

    tables = [table(("file", "what it holds"), [line(file_link(p, p.rpartition("/")[2]), d) for p, d, _ in WHOLE_CATALOGUE])]
    staged = {code for paper in ctx.site.papers.values() for code in ctx.site.stages_of(paper.heads)}
    stage_rows = [line(ctx.stage_badge(c), *([file_link(f"downloads/stages/{c}.{ext}", f"{c}.{ext}") for ext in ("bib", "ris")]
                                             if c in staged else ["—", "—"])) for c in STAGE_ORDER]
    tables.append(table(("stage", "BibTeX", "RIS"), stage_rows))
    head_rows = []
    for head in sorted(ctx.site.heads.values(), key=lambda h: h.name):
        count = len(ctx.site.by_head.get(head.slug, []))
        bundles = [file_link(f"downloads/heads/{head.slug}.{ext}", ext) if count else "—" for ext in ("bib", "ris")]
        head_rows.append(line(ctx.link(f"{HEADS_DIR}/{head.slug}", head.name), str(count), *bundles,
                             file_link(f"feeds/heads/{head.slug}.atom", "Atom")))
    tables.append(table(("head type", "papers", "BibTeX", "RIS", "feed"), head_rows))
    model_rows = [line(ctx.link(f"{ATLAS_DIR}/{model_slug(name)}", name), counted(len(located), distinct(located)),
                       file_link(download(name), f"{model_slug(name)}.json")) for name, located in by_model(ctx.site).items()]
    tables.append(table(("model", "heads", "JSON"), model_rows))
    titles = ("Whole catalogue", "By stage", "By head type", "Head atlas by model")
    return [part for title, table in zip(titles, tables, strict=True) for part in (nodes.rubric(title, title), *scrolling(table, title))]

