"""html-collect-pages: one page per author and the pages of the author index.

There are about three authors per paper, so these pages outnumber all others. A page is
written again only when its title or body or the common inputs of every page changed
(:func:`~headsurvey.sphinxext.outputs.changed_pages`); an author's page that is no longer
produced is deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from ..pages.authors import author_page, index_pages, letter_page, part_count, part_name
from .dependencies import generated_inputs
from .outputs import changed_pages
from .state import page_of_kind, site


def pages(app: Sphinx) -> Iterator[tuple[str, str, str]]:
    """(page name, title, body) of every author page (a prolific author's in parts of
    ``headsurvey_list_size`` papers) and index page."""
    s = site(app)
    home = page_of_kind(app, "author-index")
    listed = index_pages(s)

    def maker(pagename: str):
        return lambda target: app.builder.get_relative_uri(pagename, target)

    letter_of: dict[str, str] = {}
    for (name, label, _), (_, _, authors) in zip(listed, s.authors.index_pages(), strict=False):
        letter_of.update(dict.fromkeys((a.slug for a in authors), name))
        yield name, f"Authors: {label}", letter_page(s, label, authors, maker(name), listed, home)
    size = app.config.headsurvey_list_size
    for slug, author in sorted(s.authors.by_slug.items()):
        for part in range(part_count(author, size)):
            pagename = part_name(slug, part)
            title = author.name + (f", part {part + 1}" if part else "")
            yield pagename, title, author_page(s, author, maker(pagename), letter_of[slug], home, part, size)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    return changed_pages(app, "author-pages", ((name, {"title": title, "body": body}, "page.html")
                                               for name, title, body in pages(app)), inputs=generated_inputs(app))
