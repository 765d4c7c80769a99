"""Head pages as hubs: the feed, the BibTeX bundle, the atlas entries, a filtered explorer view, neighbours."""

from __future__ import annotations

from collections import Counter

from docutils import nodes

from ..site import SiteIndex, paths
from ..site.atlas import counted
from .context import Context

#: Head types shown as "often declared with" on a head page.
NEIGHBOURS = 5


def hub_facts(site: SiteIndex, slug: str) -> tuple[list[tuple[str, tuple[int, int]]], list[tuple[str, int]]]:
    """(models with catalogued heads of this type and their (reports, distinct heads), head types most often declared beside it)."""
    beside = Counter(other for p in site.by_head.get(slug, []) for other in p.heads if other != slug and other in site.heads)
    neighbours = sorted(beside.items(), key=lambda kv: (-kv[1], site.head_name(kv[0])))[:NEIGHBOURS]
    return list(site.models_by_role.get(slug, {}).items()), neighbours


def hub_fields(ctx: Context, slug: str) -> list[nodes.field]:
    """Fields of a head page that lead elsewhere: take away, atlas, explorer, neighbours."""
    count = len(ctx.site.by_head.get(slug, []))
    fields = []
    away: list[nodes.Node] = [ctx.download(paths.head_feed(slug), "Atom feed")]
    if count:
        bib = f"BibTeX of the {count} paper{'s' if count != 1 else ''}"
        away += [nodes.Text(" · "), ctx.download(paths.head_file(slug, "bib"), bib)]
    explore = ctx.explorer(head=slug)
    if explore:
        away += [nodes.Text(" · "), nodes.reference("these papers in the explorer", "these papers in the explorer",
                                                    refuri=explore, classes=["hs-explore-link"])]
    fields.append(ctx.field("Follow and take away", *away))
    models, neighbours = hub_facts(ctx.site, slug)
    if models:
        atlas: list[nodes.Node] = []
        for model, (reports, heads) in models:
            if atlas:
                atlas.append(nodes.Text(", "))
            atlas.append(ctx.link(paths.model(model), model))
            atlas.append(nodes.Text(f" ({counted(reports, heads)})"))
        fields.append(ctx.field("In the atlas", *atlas))
    if neighbours:
        near: list[nodes.Node] = []
        for other, n in neighbours:
            if near:
                near.append(nodes.Text(", "))
            near.append(ctx.link(paths.head(other), ctx.site.head_name(other)))
            near.append(nodes.Text(f" ({n})"))
        fields.append(ctx.field("Often declared with", *near))
    return fields
