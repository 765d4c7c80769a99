"""Generated lists: papers by year, heads by stage, papers by method, the reference list."""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes

from ..site import STAGE_ORDER, newest_first
from ..sources import HEADS_DIR, PAPERS_DIR
from ..sources.bib import Entry, latex_to_text
from ..sources.schema import Paper
from .context import Context


def paper_index(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    by_year: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest_first(ctx.site.papers.values()):
        by_year[paper.date[:4]].append(paper)
    out: list[nodes.Node] = [nodes.paragraph("", f"{len(ctx.site.papers)} papers, by year of first release, newest first.")]
    nav = nodes.paragraph(classes=["hs-year-nav"])
    for year in by_year:
        if len(nav):
            nav += nodes.Text(" · ")
        nav += ctx.link(ctx.docname, year, anchor=f"year-{year}")
    out.append(nav)
    for year, papers in by_year.items():
        out.append(nodes.rubric(f"{year} ({len(papers)})", f"{year} ({len(papers)})", ids=[f"year-{year}"]))
        out.append(ctx.paper_list(papers))
    return out


def head_index(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for code in STAGE_ORDER:
        out.extend(stage_heads(ctx, code, with_stage_title=True))
    return out


def stage_heads(ctx: Context, code: str, with_stage_title: bool = False) -> list[nodes.Node]:
    stage = ctx.site.vocab.stages.get(code)
    if stage is None:
        return [nodes.paragraph("", f"Unknown stage {code}.")]
    out: list[nodes.Node] = []
    if with_stage_title:
        title = nodes.rubric("", "", classes=["hs-stage-title"], ids=[f"stage-{code.lower()}"])
        title += ctx.stage_badge(code)
        out.append(title)
    for category in stage.categories:
        heads = sorted((h for h in ctx.site.heads.values() if code in h.stages and h.category == category), key=lambda h: h.name)
        out.append(nodes.rubric(category, category, classes=["hs-category"]))
        if not heads:
            out.append(nodes.paragraph("", "No head type in this category yet."))
            continue
        listing = nodes.bullet_list(classes=["hs-head-list"])
        for head in heads:
            para = nodes.paragraph()
            para += ctx.link(f"{HEADS_DIR}/{head.slug}", head.name)
            count = len(ctx.site.by_head.get(head.slug, []))
            para += nodes.Text(f" — {count} paper{'s' if count != 1 else ''}")
            if head.placement == "site":
                para += nodes.Text(" (placed by this site)")
            listing += nodes.list_item("", para)
        out.append(listing)
    return out


def method_papers(ctx: Context, slug: str) -> list[nodes.Node]:
    if slug not in ctx.site.vocab.methods:
        return [nodes.paragraph("", f"Unknown method {slug}.")]
    papers = [p for p in newest_first(ctx.site.papers.values()) if slug in p.methods]
    if not papers:
        return [nodes.paragraph("", "No catalogued paper lists this method yet.")]
    intro = nodes.paragraph("", f"{len(papers)} catalogued paper{'s' if len(papers) != 1 else ''} use this method:")
    return [intro, ctx.paper_list(papers)]


def reference_list(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Every entry of references.bib, formatted from our records (linear, no pybtex styles)."""
    def order(entry: Entry) -> tuple:
        first = entry.persons[0].last_names if entry.persons else []
        return (latex_to_text(" ".join(first)).lower(), entry.year, entry.key)

    listing = nodes.bullet_list(classes=["hs-reference-list"])
    for entry in sorted(ctx.site.db.entries.values(), key=order):
        para = nodes.paragraph(ids=[f"ref-{entry.key}"])
        if entry.key in ctx.site.authors.of_paper:
            para.extend(ctx.author_links(entry.key))
        else:
            para += nodes.Text(", ".join(entry.author_names()))
        para += nodes.Text(f" ({entry.year}). ")
        para += nodes.emphasis(entry.title_text, entry.title_text)
        para += nodes.Text(f". {entry.venue or 'Unpublished'}. ")
        links = ctx.paper_links(entry, None)
        if links:
            para.extend(links)
            para += nodes.Text(" · ")
        if entry.key in ctx.site.papers:
            para += ctx.link(f"{PAPERS_DIR}/{entry.key}", "Paper page", ("hs-paper-page-link",))
        listing += nodes.list_item("", para)
    return [listing]

