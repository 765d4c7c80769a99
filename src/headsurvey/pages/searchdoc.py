"""The search record of one written page: the part of its HTML that is searched, as words and weights.

The site search (:mod:`.searchindex`) indexes one record per page rather than the written page, whose
navigation, sidebar and scripts are not searched: the page's main column without the parts every page
of its kind repeats (:data:`EXCLUDE`), each word weighted by where it stands (a heading's words above
the body's, ``data-search-weight`` above both), the ranking metadata the page carries
(``data-search-meta``) and what the records add: the glossary terms whose definitions cite the page's
paper. A record is plain data (JSON): its text is shown as data by the search page, never as markup.
"""

from __future__ import annotations

import math
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

#: The opening of the part of every page that is indexed (furo's main column).
MAIN = 'id="furo-main-content"'
#: Parts of pages left out of the index: controls, BibTeX blocks, field labels, the lists and
#: tables that repeat other pages' titles (a paper's title is found on its own page), and what a
#: paper page repeats of every other: its closing sections (located heads' table, related papers,
#: citation), its stage badges (a stage's name finds the stage's page, not thousands of papers) and
#: the count of heads located.
EXCLUDE = ("button", ".headerlink", ".hs-bibtex", ".hs-facts dt", ".hs-paper-list", ".hs-part-list", ".hs-part-nav",
           ".hs-explorer", "table", "#hs-located", "#hs-related", "#hs-cite", ".hs-stage-badge", 'a[href="#hs-located"]',
           "script", "style", "template")
#: A heading's words weigh more than the body's (1); an element's ``data-search-weight`` sets its own.
HEADING_WEIGHTS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}
WEIGHT, META = "data-search-weight", "data-search-meta"
#: The characters of a page's text kept for the excerpts shown under its result.
EXCERPT_CHARS = 1200
WORD = re.compile(r"[^\W_]+")


def singular(word: str) -> str:
    """"heads" → "head", "sinks" → "sink"; "bias", "analysis", "corpus" and "class" stay (static/search.js has its twin)."""
    return word[:-1] if len(word) > 4 and word[-1] == "s" and word[-2] not in "aisu" else word


def words(text: str) -> list[str]:
    """The indexed words of a text: lower-case runs of letters and digits, in the singular."""
    return [singular(w) for w in WORD.findall(text.lower())]


def indexed_part(page: str) -> str | None:
    """The ``<article>`` holding a written page's main column, or None when the page has none."""
    at = page.find(MAIN)
    start = page.rfind("<article", 0, at) if at >= 0 else -1
    end = page.rfind("</article>")
    if start < 0 or end < at:
        return None
    return page[start:end + len("</article>")]


def _text(node: Any) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


def record(page: str, url: str, terms: list[tuple[str, int]]) -> dict[str, Any] | None:
    """The search record of a written page (``url``: its file from the output's root), or None when
    it has no main column: its title (its first heading), metadata (``key_for`` from the page,
    ``terms``: the glossary terms naming it a key paper, as term=position among the papers the
    definition cites), the opening of its text, and each word's summed weight."""
    part = indexed_part(page)
    if part is None:
        return None
    tree = LexborHTMLParser(part)
    for selector in EXCLUDE:
        for node in tree.css(selector):
            node.decompose()
    root = tree.css_first("article")
    if root is None:
        return None
    heading = root.css_first("h1")
    title = _text(heading) if heading is not None else ""
    meta: dict[str, str] = {"title": title}
    for node in root.css(f"[{META}]"):
        name, _, value = (node.attributes.get(META) or "").partition(":")
        if name and value:
            meta[name] = f"{meta[name]}|{value}" if name in meta else value
    if terms:
        meta["terms"] = "|".join(f"{term}={n}" for term, n in terms)
    text = _text(root)
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    weights: dict[str, float] = {}
    length = 0
    # innermost first: an element's own weight holds for its words, then it is taken out of its parent's
    for node in reversed(root.css(", ".join([*HEADING_WEIGHTS, f"[{WEIGHT}]"]))):
        weight = _weight(node)
        for word in words(node.text(deep=True, separator=" ")):
            weights[word] = weights.get(word, 0.0) + weight
            length += 1
        node.decompose()
    for word in words(root.text(deep=True, separator=" ")):
        weights[word] = weights.get(word, 0.0) + 1.0
        length += 1
    return {"url": url, "meta": meta, "text": _excerpt_text(text), "weights": weights, "length": length}


def _weight(node: Any) -> float:
    given = node.attributes.get(WEIGHT)
    if given is None:
        return HEADING_WEIGHTS[node.tag]
    try:
        weight = float(given)
    except ValueError:
        return 1.0
    return min(max(weight, 0.0), 10.0) if math.isfinite(weight) else 1.0


def _excerpt_text(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[:cut if cut > 0 else EXCERPT_CHARS]
