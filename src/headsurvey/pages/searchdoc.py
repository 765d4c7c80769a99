"""The document the site search indexes for one page: the part of its HTML that is searched.

Pagefind indexes these small documents rather than the written pages (whose navigation, sidebar
and scripts it would parse only to throw them away): the page's main column, the ranking
controls it carries (``data-pagefind-weight``, ``data-pagefind-meta``, ``data-pagefind-filter``)
unchanged, plus what the records add: the glossary terms whose definitions cite the page's paper.
"""

from __future__ import annotations

from markupsafe import Markup

#: The id of the part of every page that is indexed (furo's main column).
MAIN_ID = "furo-main-content"
MAIN = f'id="{MAIN_ID}"'


def indexed_part(page: str) -> str | None:
    """The ``<article>`` holding a written page's main column, or None when the page has none."""
    at = page.find(MAIN)
    start = page.rfind("<article", 0, at) if at >= 0 else -1
    end = page.rfind("</article>")
    if start < 0 or end < at:
        return None
    return page[start:end + len("</article>")]


def document(page: str, terms: list[tuple[str, int]]) -> str | None:
    """The search document of a written page: its main column, and the glossary terms naming it a
    key paper as the ``terms`` metadata (term=position among the papers the definition cites)."""
    part = indexed_part(page)
    if part is None:
        return None
    if terms:
        meta = "|".join(f"{term.replace(',', ' ')}={n}" for term, n in terms)
        opening = part.index(">") + 1
        part = part[:opening] + str(Markup('<span data-pagefind-meta="terms:{}"></span>').format(meta)) + part[opening:]
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"></head><body>{part}</body></html>\n'
