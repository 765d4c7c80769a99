"""Generated lists: papers by year and the reference list (hubs of their parts), heads by stage, papers by method."""

from __future__ import annotations

from docutils import nodes

from ..site import STAGE_ORDER, newest_first, paths
from . import lists
from .context import Context


def paper_index(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """The papers by year of first release: a link per year (or part of a year) with its count."""
    intro = nodes.paragraph("", f"{len(ctx.site.papers)} papers, by year of first release, newest first:")
    return [intro, *lists.hub(ctx, lists.year_parts(ctx.site, ctx.config.list_size), "papers")]


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
            para += ctx.link(paths.head(head.slug), head.name)
            count = len(ctx.site.by_head.get(head.slug, []))
            para += nodes.Text(f" — {count} paper{'s' if count != 1 else ''}")
            if head.placement == "site":
                para += nodes.Text(" (placed by this site)")
            listing += nodes.list_item("", para)
        out.append(listing)
    return out


#: Papers a method's section lists (newest first); the explorer, filtered by the method, has them all.
METHOD_SHOWN = 50


def method_papers(ctx: Context, slug: str) -> list[nodes.Node]:
    if slug not in ctx.site.vocab.methods:
        return [nodes.paragraph("", f"Unknown method {slug}.")]
    papers = [p for p in newest_first(ctx.site.papers.values()) if slug in p.methods]
    if not papers:
        return [nodes.paragraph("", "No catalogued paper lists this method yet.")]
    explore = ctx.explorer(method=slug)
    shown = papers[:METHOD_SHOWN] if explore else papers
    intro = nodes.paragraph("", f"{len(papers)} catalogued paper{'s' if len(papers) != 1 else ''} use this method"
                                + (f"; the {len(shown)} newest:" if len(shown) < len(papers) else ":"))
    out: list[nodes.Node] = [intro, ctx.paper_list(shown, coins=False)]  # one page lists a paper once per method: no COinS
    if len(shown) < len(papers):
        more = nodes.paragraph()
        more += nodes.reference("", f"All {len(papers)} in the explorer", refuri=explore, classes=["hs-explore-link"])
        out.append(more)
    return out


def reference_list(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Every entry of references.bib, by first author: a link per initial (or part of one) with its count."""
    intro = nodes.paragraph("", f"{len(ctx.site.db.entries)} entries, by the first author's last name:")
    return [intro, *lists.hub(ctx, lists.letter_parts(ctx.site, ctx.config.list_size), "entries")]
