"""Where papers agree on heads, as HTML: the site-wide agreement view (the ``head-agreement`` kind)
and the agreement section of a model's atlas page. Rendered from autoescaped Jinja2 templates."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from docutils import nodes
from jinja2 import Environment, PackageLoader, select_autoescape

from ..site import Site
from ..site.atlas import ATLAS_DIR, Located, by_model
from ..site.atlas import slug as model_slug
from ..site.consensus import Agreement, agreements, by_role
from ..sources import HEADS_DIR, PAPERS_DIR
from .context import Context, short_title

#: Most heads a model page names in one list of its agreement section (the rest are counted).
LABELS = 100


@cache
def templates() -> Environment:
    return Environment(loader=PackageLoader("headsurvey", "pages/templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def _paper(s: Site, key: str, uri: Callable[[str], str]) -> dict:
    title = s.title(key)
    return {"href": uri(f"{PAPERS_DIR}/{key}"), "title": title, "short": short_title(title)}


def agreement(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """Head types ranked by mean Jaccard, then the compared (model, head type) pairs, the most
    papers first; at most ``list_size`` pairs here, each model's page holding all of its own."""
    s = ctx.site
    groups = agreements(s, by_model(s))

    def model_href(model: str, role: str = "") -> str:
        return ctx.uri(f"{ATLAS_DIR}/{model_slug(model)}") + (f"#agree-{role}" if role else "")

    roles = [{"name": s.head_name(r.role), "href": ctx.uri(f"{HEADS_DIR}/{r.role}"), "jaccard": r.jaccard,
              "count": len(r.groups), "models": [{"name": g.model, "href": model_href(g.model, g.role)} for g in r.groups]}
             for r in by_role(groups)]
    shown = sorted(groups, key=lambda g: (-len(g.heads), g.model, g.role))[:ctx.config.list_size]
    rows = [{"model": g.model, "href": model_href(g.model, g.role), "role": s.head_name(g.role),
             "papers": [_paper(s, k, ctx.uri) for k in g.heads], "shared": len(g.shared),
             "single": sum(len(v) for v in g.single.values()), "jaccard": g.jaccard, "differ": g.methods_differ}
            for g in shown]
    html = templates().get_template("agreement.html").render(roles=roles, groups=rows, groups_total=len(groups))
    return [nodes.raw("", html, format="html")]


def _group(s: Site, g: Agreement, uri: Callable[[str], str]) -> dict:
    single = g.single
    papers = [{**_paper(s, k, uri), "count": len(g.heads[k]), "methods": ", ".join(s.method_names(g.methods[k])),
               "single": [f"{layer}.{head}" for layer, head in single[k][:LABELS]], "more": max(0, len(single[k]) - LABELS)}
              for k in g.heads]
    shared = g.shared
    return {"slug": g.role, "role": s.head_name(g.role), "jaccard": g.jaccard, "papers": papers, "differ": g.methods_differ,
            "shared_total": len(shared), "shared_more": max(0, len(shared) - LABELS),
            "shared": [(f"{layer}.{head}", f"{len(keys)} papers") for (layer, head), keys in shared[:LABELS]]}


def model_agreement(s: Site, name: str, located: list[Located], uri: Callable[[str], str], home: str | None) -> str:
    """The agreement section of a model's page ('' when no head type has two papers), at most
    ``LABELS`` heads per list."""
    groups = agreements(s, {name: located})
    if not groups:
        return ""
    return templates().get_template("model_agreement.html").render(
        model=name, home=uri(home) if home else None, groups=[_group(s, g, uri) for g in groups])
