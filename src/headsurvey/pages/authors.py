"""Authors: a page per person, the index by letter, and the ``author-index`` kind that opens it.

The person and letter pages are added to the HTML build by
:mod:`headsurvey.sphinxext.author_pages`; each lists only its own author's papers (a prolific
author's in parts of ``headsurvey_list_size``) or its own slice of at most
:data:`~headsurvey.site.authors.PER_INDEX_PAGE` names, so no page grows with the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from markupsafe import Markup

from ..site import SiteIndex, paths
from ..site.authors import Author
from . import paperline, templating
from .context import Context


def part_count(author: Author, size: int) -> int:
    """How many pages an author's papers take, ``size`` to a page."""
    return -(-len(author.keys) // size)


def part_name(slug: str, part: int) -> str:
    """The page of an author's ``part``-th slice of papers (0: their main page)."""
    return paths.author(slug, part + 1)


def author_page(s: SiteIndex, author: Author, uri: Callable[[str], str], letter_page: str, home: str | None,
                part: int = 0, size: int | None = None) -> str:
    """HTML body of one author's page: their papers, newest first, each with its co-authors; with
    ``size``, only the ``part``-th slice of that many papers, with links to the other slices."""
    size = size or len(author.keys) or 1
    keys = author.keys[part * size:(part + 1) * size]
    parts = part_count(author, size)
    items = "".join(paperline.item(s, s.papers[key], uri, coins=False, author=author.slug) for key in keys)
    return templating.render(
        "author_page.html", author=author, also=", ".join(author.also), count=len(author.keys), items=Markup(items), home=uri(home) if home else None,
        letter=(uri(letter_page), author.letter.upper() if author.letter != "other" else "Other"),
        parts=parts, part=part + 1, first=part * size + 1, last=part * size + len(keys),
        newer=uri(part_name(author.slug, part - 1)) if part else None,
        older=uri(part_name(author.slug, part + 1)) if part + 1 < parts else None)


def letter_page(s: SiteIndex, label: str, authors: list[Author], uri: Callable[[str], str],
                pages: list[tuple[str, str, int]], home: str | None) -> str:
    """HTML body of one page of the index: a bar of every index page, then this page's names."""
    return templating.render(
        "author_letter.html", label=label, home=uri(home) if home else None,
        pages=[(uri(name), text) for name, text, _ in pages],
        authors=[(uri(paths.author(a.slug)), a.index_name, len(a.keys)) for a in authors])


def index_pages(s: SiteIndex) -> list[tuple[str, str, int]]:
    """(page name, label, number of names) of every page of the index."""
    return [(name, label, len(authors)) for name, label, authors in s.authors.index_pages()]


def author_index(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """The index's first page: how many authors, a link per letter page, the most published."""
    authors = ctx.site.authors.by_slug
    out: list[nodes.Node] = [nodes.paragraph("", f"{len(authors)} authors of {len(ctx.site.papers)} papers. "
                                                 "Pick the first letter of a family name:")]
    nav = nodes.paragraph(classes=["hs-letter-nav"])
    for name, label, count in index_pages(ctx.site):
        if len(nav):
            nav += nodes.Text(" · ")
        nav += ctx.link(name, label)
        nav += nodes.Text(f" ({count})")
    out.append(nav)
    top = sorted(authors.values(), key=lambda a: (-len(a.keys), a.sort_key))[:20]
    if top:
        out.append(nodes.rubric("Most catalogued", "Most catalogued"))
        listing = nodes.bullet_list(classes=["hs-author-list"])
        for author in top:
            para = nodes.paragraph()
            para += ctx.link(paths.author(author.slug), author.name, ("hs-author",))
            para += nodes.Text(f" — {len(author.keys)} papers")
            listing += nodes.list_item("", para)
        out.append(listing)
    return out
