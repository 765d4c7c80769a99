"""A paper in a list, written one way on every page: :func:`fields` computes what its line shows
(date, title, short authors, venue, COinS) and the partial ``pages/templates/paper_line.html``
writes it. Head pages, lists by year, author, method and model, recent additions and the
explorer all use it, so a paper reads the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..site import SiteIndex, paths
from ..sources.schema import Paper
from . import templating
from .coins import kev

#: The label a list shows before each kind of date: the first public release, or when its page was added.
DATE_LABELS = {"released": "released", "added": "added"}
#: How a line's HTML starts (the partial's first element).
LINE_START = '<p class="hs-paper-item">'
#: Co-authors named per paper on an author's page; longer lists end with "and N others".
COAUTHORS_SHOWN = 25


def short_authors(site: SiteIndex, key: str, uri: Callable[[str], str]) -> tuple[list[tuple[str | None, str]], bool]:
    """('Wang', linked) and whether 'et al.' follows; 'Gould and Ong'; 'Anon.' when no author is known."""
    people = site.authors.of_paper.get(key, ())
    if not people:
        return [(None, "Anon.")], False
    shown = people if len(people) <= 2 else people[:1]
    names: list[tuple[str | None, str]] = [(uri(paths.author(slug)), site.authors.by_slug[slug].index_name.partition(",")[0]) for slug, _ in shown]
    return names, len(people) > 2


def coauthors(site: SiteIndex, key: str, me: str, uri: Callable[[str], str]) -> dict[str, Any]:
    """The other authors of a paper on ``me``'s page: at most :data:`COAUTHORS_SHOWN` linked, the rest counted."""
    others = [(uri(paths.author(slug)), name) for slug, name in site.authors.of_paper.get(key, ()) if slug != me]
    return {"names": others[:COAUTHORS_SHOWN], "more": max(0, len(others) - COAUTHORS_SHOWN)}


def fields(site: SiteIndex, paper: Paper, uri: Callable[[str], str], date: str = "released", coins: bool = True,
           author: str | None = None) -> dict[str, Any]:
    """What a paper's line shows. ``date``: which date labels it ("released" or "added"); ``coins``:
    whether it is described for reference managers; ``author``: on that author's page, the line
    names the co-authors instead of the short author list."""
    entry = site.db.entries.get(paper.key)
    line: dict[str, Any] = {"kind": date, "label": DATE_LABELS[date], "day": paper.added if date == "added" else paper.date,
                            "href": uri(paths.paper(paper.key)), "title": site.title(paper.key), "entry": entry is not None,
                            "authors": [], "et_al": False, "venue": site.venue(paper.key), "coins": "", "coauthors": None}
    if entry is not None:
        if author is None:
            line["authors"], line["et_al"] = short_authors(site, paper.key, uri)
        else:
            line["coauthors"] = coauthors(site, paper.key, author, uri)
        line["coins"] = kev(site.citation(paper.key)) if coins else ""
    return line


def html(line: dict[str, Any]) -> Markup:
    """The line's paragraph (``<p class="hs-paper-item">…</p>``)."""
    return templating.markup("paper_line.html", line=line)


def is_line(html_text: str) -> bool:
    """Whether ``html_text`` is a paper's line (as :func:`html` writes it)."""
    return html_text.startswith(LINE_START)


def item(site: SiteIndex, paper: Paper, uri: Callable[[str], str], **options: Any) -> str:
    """The paper's line as a list item, for the lists of generated pages (``options``: of :func:`fields`)."""
    return Markup("<li>{}</li>").format(html(fields(site, paper, uri, **options)))
