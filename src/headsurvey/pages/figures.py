"""Figures drawn at build time, each with the same content as text: diagrams, charts, the atlas."""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes

from ..site import STAGE_ORDER, SiteIndex, paths
from ..site.atlas import by_model, counted, distinct
from . import atlas, charts, diagrams
from .context import Context, row, scrolling, table


def framework_diagram(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    stages = [ctx.site.vocab.stages[c] for c in STAGE_ORDER if c in ctx.site.vocab.stages]
    counts = {s.code: sum(1 for h in ctx.site.heads.values() if s.code in h.stages) for s in stages}
    svg = diagrams.framework(stages, counts, lambda s: ctx.uri(f"survey/{s.slug}"))
    return [nodes.raw("", svg, format="html", classes=["hs-figure"])]


def head_graph(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    heads = sorted(ctx.site.heads.values(), key=lambda h: h.slug)
    svg = diagrams.head_graph(heads, lambda h: ctx.uri(paths.head(h.slug)))
    listing = nodes.bullet_list(classes=["hs-relations"])
    for head in heads:
        if head.related:
            para = nodes.paragraph()
            para += ctx.link(paths.head(head.slug), head.name)
            para += nodes.Text(" — related: ")
            para.extend(ctx.badges(head.related, lambda s: ctx.link(paths.head(s), ctx.site.head_name(s))))
            listing += nodes.list_item("", para)
    caption = nodes.paragraph("", "The same connections as a list:")
    return [nodes.raw("", svg, format="html", classes=["hs-figure"]), caption, listing]


def _papers_per_year(site: SiteIndex, href: charts.Href) -> charts.Table:
    by_year: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for p in site.papers.values():
        totals[p.date[:4]] += 1
        for code in site.stages_of(p.heads):
            by_year[p.date[:4]][code] += 1
    return charts.papers_per_year({y: dict(v) for y, v in by_year.items()}, dict(totals), href)


def _papers_per_head(site: SiteIndex, href: charts.Href) -> charts.Table:
    counts = [(h.slug, h.name, next(c for c in STAGE_ORDER if c in h.stages), len(site.by_head.get(h.slug, [])))
              for h in site.heads.values() if site.by_head.get(h.slug)]
    return charts.papers_per_head(counts, href)


def _family_matrix(site: SiteIndex, href: charts.Href) -> charts.Table:
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for p in site.papers.values():
        families = site.families_of(p)
        for slug in p.heads:
            if slug in site.heads:
                for family in families:
                    cells[(slug, family)] += 1
    family_totals: dict[str, int] = defaultdict(int)
    for (_, family), n in cells.items():
        family_totals[family] += n
    families = sorted(family_totals, key=lambda f: (-family_totals[f], f))
    heads = sorted({(site.heads[s].name, s) for s, _ in cells})
    return charts.family_matrix([(s, name) for name, s in heads], families, dict(cells), href)


#: The charts a page can place with ``{chart} <name>``.
CHARTS = {"papers-per-year": _papers_per_year, "papers-per-head": _papers_per_head, "family-matrix": _family_matrix}


def chart(ctx: Context, kind: str) -> list[nodes.Node]:
    """One of the build-time charts, followed by the same numbers as a table."""
    if kind not in CHARTS:
        return [nodes.paragraph("", f"Unknown chart {kind}.")]
    svg, header, rows = CHARTS[kind](ctx.site, ctx.explorer)
    numbers = table(header, [row([nodes.Text(c) for c in r]) for r in rows])
    caption = nodes.paragraph("", "The same numbers as a table:", classes=["hs-table-caption"])
    # in a box of its own: on a narrow screen the chart keeps its size (legible) and scrolls sideways
    return [*scrolling(nodes.raw("", svg, format="html"), f"Chart {kind}", ("hs-chart-box",)), caption,
            *scrolling(numbers, f"Table of the chart {kind}")]


def head_atlas(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Every catalogued head: models with their pages (each lists its heads) and the depth view.

    The heads themselves are listed on the model pages only, so this page grows with the
    number of models, not of heads."""
    models = by_model(ctx.site)
    every = [x for v in models.values() for x in v]
    papers = len({x.paper.key for x in every})
    out: list[nodes.Node] = [nodes.paragraph("", f"{counted(len(every), distinct(every))} in {len(models)} models, from {papers} papers. "
                                                 "A report is one paper naming one head in one role; a head that several "
                                                 "papers report counts once among the distinct heads.")]
    listing = nodes.bullet_list(classes=["hs-model-list"])
    for name, located in models.items():
        para = nodes.paragraph()
        para += nodes.reference(name, name, refuri=ctx.uri(paths.model(name)))
        para += nodes.Text(f" — {counted(len(located), distinct(located))}")
        listing += nodes.list_item("", para)
    out += [nodes.rubric("Models", "Models"),
            nodes.paragraph("", "Each model's page shows its heads on a layer × head grid and lists them with the "
                                "method and the paper that established each one."), listing]
    out += [nodes.rubric("Across models", "Across models"),
            nodes.paragraph("", "Each dot is one catalogued head, placed by its layer relative to the model's depth "
                                "(0 at the first layer, 1 at the last); models whose depth is not recorded are left out."),
            nodes.raw("", atlas.depth_chart(ctx.site, models), format="html")]
    return out
