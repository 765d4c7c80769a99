"""Figures drawn at build time, each with the same content as text: diagrams, charts, the atlas."""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes

from ..site import STAGE_ORDER
from ..site.atlas import ATLAS_DIR, by_model
from ..site.atlas import slug as model_slug
from ..sources import HEADS_DIR, PAPERS_DIR
from . import atlas, charts, diagrams, explorer
from .context import Context, row, table


def framework_diagram(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    stages = [ctx.site.vocab.stages[c] for c in STAGE_ORDER if c in ctx.site.vocab.stages]
    counts = {s.code: sum(1 for h in ctx.site.heads.values() if s.code in h.stages) for s in stages}
    svg = diagrams.framework(stages, counts, lambda s: ctx.uri(f"survey/{s.slug}"))
    return [nodes.raw("", svg, format="html", classes=["hs-figure"])]


def head_graph(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    heads = sorted(ctx.site.heads.values(), key=lambda h: h.slug)
    svg = diagrams.head_graph(heads, lambda h: ctx.uri(f"{HEADS_DIR}/{h.slug}"))
    listing = nodes.bullet_list(classes=["hs-relations"])
    for head in heads:
        if head.related:
            para = nodes.paragraph()
            para += ctx.link(f"{HEADS_DIR}/{head.slug}", head.name)
            para += nodes.Text(" — related: ")
            para.extend(ctx.badges(head.related, lambda s: ctx.link(f"{HEADS_DIR}/{s}", ctx.site.heads[s].name if s in ctx.site.heads else s)))
            listing += nodes.list_item("", para)
    caption = nodes.paragraph("", "The same connections as a list:")
    return [nodes.raw("", svg, format="html", classes=["hs-figure"]), caption, listing]


def chart(ctx: Context, kind: str) -> list[nodes.Node]:
    """One of the build-time charts, followed by the same numbers as a table."""
    papers = list(ctx.site.papers.values())
    stages = {p.key: ctx.site.stages_of(p.heads) for p in papers}
    if kind == "papers-per-year":
        by_year: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for p in papers:
            totals[p.date[:4]] += 1
            for code in stages[p.key]:
                by_year[p.date[:4]][code] += 1
        svg, header, rows = charts.papers_per_year({y: dict(v) for y, v in by_year.items()}, dict(totals))
    elif kind == "papers-per-head":
        counts = [(h.name, next(c for c in STAGE_ORDER if c in h.stages), len(ctx.site.by_head.get(h.slug, [])))
                  for h in ctx.site.heads.values() if ctx.site.by_head.get(h.slug)]
        svg, header, rows = charts.papers_per_head(counts)
    elif kind == "family-matrix":
        cells: dict[tuple[str, str], int] = defaultdict(int)
        for p in papers:
            families = ctx.site.families_of(p)
            for slug in p.heads:
                if slug in ctx.site.heads:
                    for family in families:
                        cells[(ctx.site.heads[slug].name, family)] += 1
        family_totals: dict[str, int] = defaultdict(int)
        for (_, family), n in cells.items():
            family_totals[family] += n
        families = sorted(family_totals, key=lambda f: (-family_totals[f], f))
        heads = sorted({h for h, _ in cells})
        svg, header, rows = charts.family_matrix(heads, families, dict(cells))
    else:
        return [nodes.paragraph("", f"Unknown chart {kind}.")]
    numbers = table(header, [row([nodes.Text(c) for c in r]) for r in rows])
    caption = nodes.paragraph("", "The same numbers as a table:", classes=["hs-table-caption"])
    return [nodes.raw("", svg, format="html"), caption, numbers]


def head_atlas(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Every catalogued head: models with their pages, depth view, and the full table."""
    models = by_model(ctx.site)
    total = sum(len(v) for v in models.values())
    out: list[nodes.Node] = [nodes.paragraph("", f"{total} heads in {len(models)} models, from {len({x.paper.key for v in models.values() for x in v})} papers.")]
    listing = nodes.bullet_list(classes=["hs-model-list"])
    for name, located in models.items():
        para = nodes.paragraph()
        para += nodes.reference(name, name, refuri=ctx.uri(f"{ATLAS_DIR}/{model_slug(name)}"))
        para += nodes.Text(f" — {len(located)} heads")
        listing += nodes.list_item("", para)
    out += [nodes.rubric("Models", "Models"), listing]
    out += [nodes.rubric("Across models", "Across models"),
            nodes.paragraph("", "Each dot is one catalogued head, placed by its layer relative to the model's depth "
                                "(0 at the first layer, 1 at the last); models whose depth is not recorded are left out."),
            nodes.raw("", atlas.depth_chart(ctx.site, models), format="html")]
    rows = []
    for name, located in models.items():
        for x in located:
            role = ctx.site.heads.get(x.instance.role)
            rows.append(row([
                nodes.Text(name), nodes.Text(x.instance.label),
                ctx.link(f"{HEADS_DIR}/{x.instance.role}", role.name) if role else nodes.Text(x.instance.role),
                nodes.Text(", ".join(ctx.site.method_names(x.instance.evidence))),
                ctx.link(f"{PAPERS_DIR}/{x.paper.key}", x.paper.key)]))
    out += [nodes.rubric("All catalogued heads", "All catalogued heads"),
            table(("model", "layer.head", "role", "established by", "paper"), rows)]
    return out


def paper_explorer(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    html = explorer.render(ctx.site, lambda target: ctx.uri(target))
    return [nodes.raw("", html, format="html")]

