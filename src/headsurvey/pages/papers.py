"""The parts of a paper page that look beyond the paper: its heads in the atlas, related papers."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from ..site import paths
from ..site.related import MIN_SCORE, RELATED_TOP, SHORTLIST, WEIGHTS, WINDOW
from .context import Context, row, scrolling, table

#: Shared authors named per related paper; more are counted.
AUTHORS_NAMED = 3


def paper_located(ctx: Context, key: str) -> list[nodes.Node]:
    """The heads this paper locates, as a table linking each to its place in the atlas."""
    paper = ctx.site.papers.get(key)
    if paper is None or not paper.instances:
        return []
    rows = []
    for inst in paper.instances:
        model = paths.model(inst.model)
        role = ctx.site.heads.get(inst.role)
        rows.append(row([
            ctx.link(model, inst.model),
            ctx.link(model, inst.label, anchor=paths.head_anchor(inst.layer, inst.head)),
            ctx.link(paths.head(inst.role), role.name) if role else nodes.Text(inst.role),
            nodes.Text(", ".join(ctx.site.method_names(inst.evidence))),
            nodes.Text(inst.source or "—")]))
    intro = nodes.paragraph("", "Layers and heads are counted from 0; each model links to its page of the atlas.")
    return [intro, *scrolling(table(("model", "layer.head", "role", "established by", "source"), rows), "Heads located in this paper")]


def paper_related(ctx: Context, key: str) -> list[nodes.Node]:
    """Up to RELATED_TOP related papers, each with what it shares with this one."""
    found = ctx.site.related.get(key, [])
    rule = nodes.paragraph("", "", classes=["hs-muted"])
    rule += nodes.Text(f"Ranked by a fixed rule: {WEIGHTS['head']} points per shared head type, {WEIGHTS['author']} per "
                       f"shared author, 1 per shared model or method; at least {MIN_SCORE} points, ties to the newer "
                       f"paper, then to the smaller key. Only the {WINDOW} papers nearest in release date for each "
                       f"head type, author, model or method are compared, and the {SHORTLIST} that share the most "
                       "there are scored in full.")
    if not found:
        return [nodes.paragraph("", "No other catalogued paper shares enough with this one yet."), rule]
    listing = nodes.bullet_list(classes=["hs-paper-list", "hs-related"])
    names: dict[str, Callable[[str], str]] = {"head": ctx.site.head_name, "model": str,
             "method": lambda m: ctx.site.method_names([m])[0]}
    for item in found[:RELATED_TOP]:
        para = nodes.paragraph("", "", classes=["hs-muted", "hs-shared"])
        para += nodes.Text(f"score {item.score}: shares ")
        parts: list[nodes.Node] = []
        authors = [v for kind, v in item.shared if kind == "author"]
        for kind, value in item.shared:
            if kind == "author":
                continue
            parts.append(ctx.link(paths.head(value), names[kind](value)) if kind == "head" else nodes.Text(names[kind](value)))
        for slug in authors[:AUTHORS_NAMED]:
            parts.append(ctx.link(paths.author(slug), ctx.site.authors.by_slug[slug].name, ("hs-author",)))
        if len(authors) > AUTHORS_NAMED:
            parts.append(nodes.Text(f"{len(authors) - AUTHORS_NAMED} more authors"))
        for i, part in enumerate(parts):
            if i:
                para += nodes.Text(", ")
            para += part
        listing += ctx.paper_item(ctx.site.papers[item.key], False, "released", para)  # the page describes its own paper only
    return [listing, rule]

