"""Lists of every paper and every entry, split into parts (by year, by first letter) of bounded size.

A hub page (the ``paper-index`` and ``reference-list`` kinds) links the parts with their counts;
each part is its own page with previous/next links, so no page grows with the catalogue.
The part pages are added to the HTML build by :mod:`headsurvey.sphinxext.list_pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docutils import nodes
from markupsafe import Markup

from ..site import SiteIndex, newest_first, paths
from ..sources.bib import Entry, latex_to_text
from ..sources.normal import ascii_fold, slug
from ..sources.schema import Paper
from . import templating
from .context import Context, link_targets

#: Most items on one part page (about 0.5 KiB of HTML each).
PART_SIZE = 500
#: Most papers in one part of a head's list: an item there is about 0.95 KiB (its COinS included),
#: so 250 keep the head page, with its definition and summary, near 300 KiB.
HEAD_PART_SIZE = 250


@dataclass(frozen=True)
class Part:
    """One page of a split list: its page name, label (2025, '2025, part 2', B) and items."""

    name: str
    label: str
    items: Sequence


def split(groups: dict[str, list], folder: str, size: int) -> list[Part]:
    """Parts of at most ``size`` items, one or more per group, named after the group ('Layer 9' → layer-9)."""
    parts = []
    for group, items in groups.items():
        for n, start in enumerate(range(0, len(items), size), start=1):
            suffix = f"-{n}" if n > 1 else ""
            label = f"{group}, part {n}" if n > 1 else group
            parts.append(Part(f"{folder}/{slug(group)}{suffix}", label, items[start:start + size]))
    return parts


def year_parts(site: SiteIndex, size: int = PART_SIZE) -> list[Part]:
    """Every paper, newest first, in parts by year of first release (a large year in several parts)."""
    groups: dict[str, list[Paper]] = {}
    for paper in newest_first(site.papers.values()):
        groups.setdefault(paper.date[:4], []).append(paper)
    return split(groups, paths.YEARS_DIR, size)


def head_parts(site: SiteIndex, slug: str, size: int = PART_SIZE) -> list[Part]:
    """A head type's papers, newest first, in parts of ``size`` (at most :data:`HEAD_PART_SIZE`): the
    first is shown on the head page itself (``heads/<slug>``), the others are pages of their own
    (``heads/<slug>/2``, …)."""
    papers, size = site.by_head.get(slug, []), min(size, HEAD_PART_SIZE)
    return [Part(paths.head(slug, n), f"part {n}", papers[start:start + size])
            for n, start in enumerate(range(0, len(papers), size), start=1)]


def _initial(entry: Entry) -> str:
    last = latex_to_text(" ".join(entry.persons[0].last_names)) if entry.persons else ""
    letter = ascii_fold(last[:1])[:1].upper()
    return letter if letter.isalpha() else "Other"


def letter_parts(site: SiteIndex, size: int = PART_SIZE) -> list[Part]:
    """Every entry of references.bib by first author, in parts by the initial of that author's last name."""
    def order(entry: Entry) -> tuple:
        first = entry.persons[0].last_names if entry.persons else []
        return (latex_to_text(" ".join(first)).lower(), entry.year, entry.key)

    groups: dict[str, list[Entry]] = {}
    for entry in sorted(site.db.entries.values(), key=order):
        groups.setdefault(_initial(entry), []).append(entry)
    return split(dict(sorted(groups.items(), key=lambda g: (g[0] == "Other", g[0]))), paths.LETTERS_DIR, size)


def hub(ctx: Context, parts: list[Part], what: str) -> list[nodes.Node]:
    """The links to every part with its count (what the hub page shows instead of the items)."""
    nav = nodes.bullet_list(classes=["hs-parts"])
    for part in parts:
        para = nodes.paragraph()
        para += ctx.link(part.name, part.label)
        para += nodes.Text(f" — {len(part.items)} {what}")
        nav += nodes.list_item("", para)
    return [nav]


def reference_item(site: SiteIndex, entry: Entry, uri: Callable[[str], str]) -> str:
    """An entry of references.bib in full: authors (linked to their pages), year, title, venue, links."""
    people = site.authors.of_paper.get(entry.key)
    return templating.render(
        "reference_item.html", key=entry.key, year=entry.year, title=entry.title_text, venue=entry.venue or "Unpublished",
        authors=[(uri(paths.author(slug)), name) for slug, name in people] if people else [],
        names=", ".join(entry.author_names()), links=link_targets(entry, None),
        page=uri(paths.paper(entry.key)) if entry.key in site.papers else None)


def part_page(title: str, parts: list[Part], index: int, uri: Callable[[str], str], home: str | None,
              items: list[str], what: str) -> str:
    """HTML body of one part: previous/next links, the list (``items``, HTML), the same links again."""
    first = sum(len(p.items) for p in parts[:index]) + 1
    prev, nxt = (parts[index - 1] if index > 0 else None), (parts[index + 1] if index + 1 < len(parts) else None)
    return templating.render(
        "part_page.html", title=title, what=what, first=first, last=first + len(parts[index].items) - 1,
        total=sum(len(p.items) for p in parts), number=index + 1, count=len(parts), items=Markup("".join(items)),
        prev=(uri(prev.name), prev.label) if prev else None, home=uri(home) if home else None,
        next=(uri(nxt.name), nxt.label) if nxt else None)
