"""What is new and how big the catalogue is: the what's-new page, the home page's latest additions and counts."""

from __future__ import annotations

from itertools import groupby

from docutils import nodes

from ..site import paths
from .context import Context

#: Papers on the what's-new page (the site feed holds as many) and on the home page.
WHATS_NEW = 50
ON_HOME = 5


def _feed_link(ctx: Context) -> nodes.raw:
    return ctx.download(paths.SITE_FEED, "Atom feed")


def whats_new(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """The last additions, grouped by the day their pages were added, newest first."""
    papers = ctx.site.recent(WHATS_NEW)
    intro = nodes.paragraph("", f"The {len(papers)} papers added last, grouped by the date their page was added to the "
                                "catalogue; each shows the date the paper was first released. The same list is the site's ")
    intro += _feed_link(ctx)
    intro += nodes.Text(".")
    out: list[nodes.Node] = [intro]
    for added, group in groupby(papers, key=lambda p: p.added):
        listed = list(group)
        title = f"Added {added} ({len(listed)})"
        out += [nodes.rubric(title, title, ids=[f"added-{added}"]), ctx.paper_list(listed)]
    return out


def recent_papers(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """The latest additions, for the home page, with the way to the full list and the feed."""
    papers = ctx.site.recent(ON_HOME)
    intro = nodes.paragraph("", "The papers added to the catalogue last, with the date each was added:")
    out: list[nodes.Node] = [intro, ctx.paper_list(papers, date="added")]
    more = nodes.paragraph()
    if "whats-new" in ctx.kind_pages:
        more += ctx.link(ctx.kind_pages["whats-new"], "All recent additions")
        more += nodes.Text(" · ")
    more += _feed_link(ctx)
    out.append(more)
    return out


def catalogue_counts(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """The catalogue's size, counted at build time."""
    s = ctx.site
    instances = [i for p in s.papers.values() for i in p.instances]
    heads = len({(i.model, i.layer, i.head) for i in instances})
    models = len({i.model for i in instances})
    latest = max((p.added for p in s.papers.values()), default=None)
    text = (f"{len(s.papers)} papers by {len(s.authors.by_slug)} authors, {len(s.heads)} head types, "
            f"{len(instances)} head reports naming {heads} distinct heads in {models} models")
    text += f"; last addition {latest}." if latest else "."
    return [nodes.paragraph("", text, classes=["hs-counts"])]
