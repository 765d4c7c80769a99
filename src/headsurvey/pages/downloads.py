"""The table of every download and feed (the files themselves come from :mod:`headsurvey.exports`)."""

from __future__ import annotations

from docutils import nodes

from ..site import STAGE_ORDER
from ..sources import HEADS_DIR
from .context import Context, row, scrolling, table


def downloads(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Links to every download and feed (written by :mod:`headsurvey.exports`)."""
    def line(*cells: nodes.Node | str) -> nodes.row:
        return row([nodes.Text(c) if isinstance(c, str) else c for c in cells])

    def file_link(path: str, text: str) -> nodes.reference:
        return nodes.reference(text, text, refuri=ctx.file_uri(path), classes=["hs-download"])

    tables = []
    general = [("downloads/references.bib", "BibTeX, every entry"), ("downloads/references.ris", "RIS, every entry (EndNote, Mendeley, Zotero)"),
               ("downloads/papers.csl.json", "CSL-JSON (Zotero, Mendeley)"),
               ("downloads/papers.json", "papers, JSON (schema below)"), ("downloads/heads.json", "head types, JSON (schema below)"),
               ("downloads/papers.csv", "papers, CSV"), ("feeds/papers.atom", "Atom feed of newly added papers")]
    tables.append(table(("file", "what it holds"), [line(file_link(p, p.rpartition("/")[2]), d) for p, d in general]))
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
    titles = ("Whole catalogue", "By stage", "By head type")
    return [part for title, table in zip(titles, tables) for part in (nodes.rubric(title, title), *scrolling(table, title))]

