"""Authors: a page per person, the index by letter, and the ``author-index`` kind that opens it.

The person and letter pages are added to the HTML build by
:mod:`headsurvey.sphinxext.author_pages`; each lists only its own author's papers (a prolific
author's in parts of ``headsurvey_list_size``) or its own slice of at most
:data:`~headsurvey.site.authors.PER_INDEX_PAGE` names, so no page grows with the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from docutils import nodes

from ..site import SiteIndex, paths
from ..site.authors import Author
from .context import Context, date_html

#: Co-authors named per paper on an author's page; longer lists end with "and N others".
COAUTHORS_SHOWN = 25


def _coauthors(s: SiteIndex, key: str, me: str, uri: Callable[[str], str]) -> str:
    others = [(slug, name) for slug, name in s.authors.of_paper.get(key, ()) if slug != me]
    if not others:
        return "sole author"
    links = [f'<a class="hs-author" href="{escape(uri(paths.author(slug)))}">{escape(name)}</a>'
             for slug, name in others[:COAUTHORS_SHOWN]]
    more = len(others) - COAUTHORS_SHOWN
    return "with " + ", ".join(links) + (f" and {more} others" if more > 0 else "")


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
    items = []
    for key in keys:
        entry, paper = s.db.entries.get(key), s.papers[key]
        title = s.title(key)
        venue = f"{entry.venue or 'unpublished'} {entry.year}" if entry else ""
        items.append(
            f'<li><p class="hs-paper-item">{date_html("released", paper.date)} '
            f'<a class="hs-paper-link" href="{escape(uri(paths.paper(key)))}">{escape(title)}</a> — {escape(venue)}<br>'
            f'<span class="hs-muted">{_coauthors(s, key, author.slug, uri)}</span></p></li>')
    count = len(author.keys)
    back = [f'<a href="{escape(uri(letter_page))}">authors under {escape(author.letter.upper() if author.letter != "other" else "Other")}</a>']
    if home:
        back.insert(0, f'<a href="{escape(uri(home))}">all authors</a>')
    nav = ""
    if parts > 1:
        links = [f'<a rel="prev" href="{escape(uri(part_name(author.slug, part - 1)))}">← newer</a>'] if part else []
        links += [f'<a rel="next" href="{escape(uri(part_name(author.slug, part + 1)))}">older →</a>'] if part + 1 < parts else []
        nav = (f'<nav class="hs-part-nav" aria-label="Parts of the list"><p>Papers {part * size + 1}–{part * size + len(keys)} '
               f'(part {part + 1} of {parts}): {" · ".join(links)}</p></nav>')
    also = (f'<p class="hs-also">Also published as {escape(", ".join(author.also))}.</p>' if author.also else "")
    return (f"<h1>{escape(author.name)}</h1>{also}"
            f"<p>{count} paper{'s' if count != 1 else ''} in the catalogue, newest first. "
            f"Back to {' · '.join(back)}.</p>"
            f'{nav}<ul class="hs-paper-list">{"".join(items)}</ul>{nav}')


def letter_page(s: SiteIndex, label: str, authors: list[Author], uri: Callable[[str], str],
                pages: list[tuple[str, str, int]], home: str | None) -> str:
    """HTML body of one page of the index: a bar of every index page, then this page's names."""
    nav = " · ".join(f'<a href="{escape(uri(name))}">{escape(text)}</a>' for name, text, _ in pages)
    items = "".join(f'<li><a class="hs-author" href="{escape(uri(paths.author(a.slug)))}">{escape(a.index_name)}</a>'
                    f" ({len(a.keys)})</li>" for a in authors)
    intro = f'<a href="{escape(uri(home))}">All authors</a>. ' if home else ""
    return (f"<h1>Authors: {escape(label)}</h1><p>{intro}{len(authors)} names, by family name; "
            f"the number is how many catalogued papers each wrote.</p>"
            f'<p class="hs-letter-nav">{nav}</p><ul class="hs-author-list">{items}</ul>')


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
