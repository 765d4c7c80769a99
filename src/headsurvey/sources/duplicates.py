"""The same work entered twice in references.bib: by arXiv id, DOI or normalised title."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import normal
from .bib import Entry, latex_to_text


def normal_title(title: str) -> str:
    """'In-Context {L}earning: and Induction Heads' → 'in context learning and induction heads'."""
    return normal.slug(normal.fold(latex_to_text(title)), " ")


def identities(entry: Entry) -> list[tuple[str, str, str]]:
    """(what, field, value) by which two entries are the same work."""
    found = []
    if entry.arxiv_id:
        found.append(("arXiv id", "eprint", re.sub(r"v\d+$", "", entry.arxiv_id.strip().lower())))
    if doi := entry.get("doi"):
        found.append(("DOI", "doi", doi.strip().lower()))
    title = normal_title(entry.get("title") or "")
    if title:
        found.append(("title", "title", title))
    return found


def find(entries: Iterable[Entry]) -> list[tuple[Entry, Entry, str, str, str]]:
    """(entry, earlier entry, what, field, value) for every entry that repeats an earlier one; linear."""
    seen: dict[tuple[str, str], Entry] = {}
    found = []
    for entry in entries:
        reported = False
        for what, name, value in identities(entry):
            first = seen.setdefault((what, value), entry)
            if first is not entry and not reported:
                found.append((entry, first, what, name, value))
                reported = True
    return found


def same_work(entry: Entry, entries: Iterable[Entry]) -> tuple[Entry, str] | None:
    """An entry of ``entries`` that is the same work as ``entry``, and what they share."""
    mine = {(what, value) for what, _, value in identities(entry)}
    for other in entries:
        for what, _, value in identities(other):
            if (what, value) in mine:
                return other, what
    return None
