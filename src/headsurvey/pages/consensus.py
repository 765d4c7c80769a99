"""Where papers agree on heads, as HTML: the site-wide agreement view (the ``head-agreement`` kind)
and the agreement section of a model's atlas page. Rendered from autoescaped Jinja2 templates."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from ..site import SiteIndex, paths
from ..site.atlas import Located, by_model
from ..site.consensus import Agreement, agreements, by_role, depths
from . import templating
from .context import Context, row, scrolling, short_title, table

#: Most heads a model page names in one list of its agreement section (the rest are counted).
LABELS = 100
#: Most papers a comparison names (in key order; the rest are counted), so a model that many papers
#: study keeps its page and the agreement view bounded.
PAPERS = 5
#: Most paper-model rows the depth view draws per head type.
DEPTH_ROWS = 20


def _paper(s: SiteIndex, key: str, uri: Callable[[str], str]) -> dict:
    title = s.title(key)
    return {"href": uri(paths.paper(key)), "title": title, "short": short_title(title)}


def agreement(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Head types ranked by mean Jaccard, then the compared (model, head type) pairs, the most
    papers first; at most ``list_size`` pairs here, each model's page holding all of its own."""
    s = ctx.site
    groups = agreements(s, by_model(s))

    def model_href(model: str, role: str = "") -> str:
        return ctx.uri(paths.model(model)) + (f"#agree-{role}" if role else "")

    roles = [{"name": s.head_name(r.role), "href": ctx.uri(paths.head(r.role)), "jaccard": r.jaccard,
              "count": len(r.groups), "models": [{"name": g.model, "href": model_href(g.model, g.role)} for g in r.groups]}
             for r in by_role(groups)]
    shown = sorted(groups, key=lambda g: (-len(g.heads), g.model, g.role))[:ctx.config.list_size]
    rows = [{"model": g.model, "href": model_href(g.model, g.role), "role": s.head_name(g.role),
             "papers": [_paper(s, k, ctx.uri) for k in _named(g)], "papers_more": len(g.heads) - len(_named(g)),
             "shared": len(g.shared),
             "single": sum(len(v) for v in g.single.values()), "jaccard": g.jaccard, "differ": g.methods_differ}
            for g in shown]
    html = templating.render("agreement.html", roles=roles, groups=rows, groups_total=len(groups))
    return [nodes.raw("", html, format="html"), *depth_by_paper(ctx)]


def depth_by_paper(ctx: Context) -> list[nodes.Node]:
    """For each head type found in two or more models, where each paper finds it in each model
    (relative depth: 0 the first layer, 1 the last), as an SVG and the same numbers as a table;
    at most ``DEPTH_ROWS`` paper-model rows per head type, those with the most heads."""
    s = ctx.site
    found = depths(s, by_model(s))
    title = "Depth across models, by paper"
    out: list[nodes.Node] = [nodes.rubric(title, title, ids=["depth-by-paper"])]
    if not found:
        return [*out, nodes.paragraph("", "No head type is located in two models of known depth yet.")]
    svg_rows, table_rows, y = [], [], 30
    for role, rows in found.items():
        svg_rows.append({"heading": s.head_name(role), "y": y})
        y += 20
        for d in rows[:DEPTH_ROWS]:
            svg_rows.append({"heading": "", "text": f"{d.model} · {short_title(s.title(d.paper), 30)}", "y": y, "low": d.low,
                             "median": d.median, "high": d.high, "heads": d.heads})
            y += 18
            table_rows.append(row([nodes.Text(s.head_name(role)), ctx.link(paths.paper(d.paper), short_title(s.title(d.paper))),
                                   nodes.Text(d.model), nodes.Text(str(d.heads)), nodes.Text(f"{d.median:.2f}"),
                                   nodes.Text(f"{d.low:.2f}–{d.high:.2f}")]))
        y += 8
    desc = "; ".join(f"{s.head_name(role)}: " + ", ".join(f"{d.model} in {d.paper} at {d.median:.2f}" for d in rows[:DEPTH_ROWS])
                     for role, rows in found.items())
    svg = templating.render("depths.svg", rows=svg_rows, width=760, height=y + 10, label=300, span=440, desc=desc)
    left = sum(max(0, len(rows) - DEPTH_ROWS) for rows in found.values())
    intro = ("Where papers find a head type that is located in two or more models: a bar from the paper's shallowest "
             "to its deepest head in the model, a dot at the median (0 is the first layer, 1 the last).")
    if left:
        intro += (f" Each head type shows its {DEPTH_ROWS} paper-model pairs with the most heads; {left} more are left out "
                  "here (each model's page lists its heads).")
    numbers = table(("head type", "paper", "model", "heads", "median depth", "range"), table_rows)
    return [*out, nodes.paragraph("", intro), nodes.raw("", svg, format="html"),
            nodes.paragraph("", "The same numbers as a table:", classes=["hs-table-caption"]),
            *scrolling(numbers, "Relative depth by paper and model")]


def _named(g: Agreement) -> list[str]:
    """The papers a comparison names: the first :data:`PAPERS` in key order (the rest are counted)."""
    return list(g.heads)[:PAPERS]


def _group(s: SiteIndex, g: Agreement, uri: Callable[[str], str]) -> dict:
    single = g.single
    papers = [{**_paper(s, k, uri), "count": len(g.heads[k]), "methods": ", ".join(s.method_names(g.methods[k])),
               "single": [f"{layer}.{head}" for layer, head in single[k][:LABELS]], "more": max(0, len(single[k]) - LABELS)}
              for k in _named(g)]
    shared = g.shared
    return {"slug": g.role, "role": s.head_name(g.role), "jaccard": g.jaccard, "papers": papers, "papers_more": len(g.heads) - len(papers),
            "differ": g.methods_differ,
            "shared_total": len(shared), "shared_more": max(0, len(shared) - LABELS),
            "shared": [(f"{layer}.{head}", f"{len(keys)} papers") for (layer, head), keys in shared[:LABELS]]}


def model_agreement(s: SiteIndex, name: str, located: list[Located], uri: Callable[[str], str], home: str | None) -> str:
    """The agreement section of a model's page ('' when no head type has two papers), at most
    ``LABELS`` heads per list."""
    groups = agreements(s, {name: located})
    if not groups:
        return ""
    return templating.render(
        "model_agreement.html",
        model=name, home=uri(home) if home else None, groups=[_group(s, g, uri) for g in groups])
