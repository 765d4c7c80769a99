"""The parts of a paper page that look beyond the paper: its heads in the atlas, related papers."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from ..site import paths
from ..site.related import MIN_SCORE, RELATED_TOP, SHORTLIST, WEIGHTS, WINDOW
from . import templating
from .context import Context, Link

#: Shared authors named per related paper; more are counted.
AUTHORS_NAMED = 3


def paper_located(ctx: Context, key: str) -> list[nodes.Node]:
    """The heads this paper locates, as a table linking each to its place in the atlas; HTML, as :func:`paper_related`."""
    paper = ctx.site.papers.get(key)
    if paper is None or not paper.instances:
        return []
    rows = []
    for inst in paper.instances:
        model = paths.model(inst.model)
        role = ctx.site.heads.get(inst.role)
        rows.append([ctx.link_to(model, inst.model),
                     ctx.link_to(model, inst.label, anchor=paths.head_anchor(inst.layer, inst.head)),
                     ctx.link_to(paths.head(inst.role), role.name) if role else inst.role,
                     ", ".join(ctx.site.method_names(inst.evidence)),
                     inst.source or "—"])
    html_text = templating.render("located.html", header=("model", "layer.head", "role", "established by", "source"),
                                  rows=rows, label="Heads located in this paper")
    return [nodes.raw("", html_text, format="html")]


def paper_related(ctx: Context, key: str) -> list[nodes.Node]:
    """Up to RELATED_TOP related papers, each with what it shares with this one, as HTML (one node:
    a site of thousands of papers writes it each time)."""
    rule = (f"Ranked by a fixed rule: {WEIGHTS['head']} points per shared head type, {WEIGHTS['author']} per "
            f"shared author, 1 per shared model or method; at least {MIN_SCORE} points, ties to the newer "
            f"paper, then to the smaller key. Only the {WINDOW} papers nearest in release date for each "
            f"head type, author, model or method are compared, and the {SHORTLIST} that share the most "
            "there are scored in full.")
    names: dict[str, Callable[[str], str]] = {"model": str, "method": lambda m: ctx.site.method_names([m])[0]}
    items = []
    for item in ctx.site.related.get(key, [])[:RELATED_TOP]:
        authors = [v for kind, v in item.shared if kind == "author"]
        parts: list[Link | str] = [ctx.link_to(paths.head(value), ctx.site.head_name(value)) if kind == "head" else names[kind](value)
                                   for kind, value in item.shared if kind != "author"]
        parts += [ctx.link_to(paths.author(slug), ctx.site.authors.by_slug[slug].name, ("hs-author",)) for slug in authors[:AUTHORS_NAMED]]
        if len(authors) > AUTHORS_NAMED:
            parts.append(f"{len(authors) - AUTHORS_NAMED} more authors")
        # the page describes its own paper only: no COinS
        items.append((ctx.paper_line(ctx.site.papers[item.key], False, "released"), item.score, templating.inline(ctx.joined(parts, ", "))))
    return [nodes.raw("", templating.render("related.html", items=items, rule=rule) + "\n", format="html")]  # as docutils ends a block
