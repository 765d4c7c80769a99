"""One citation record per BibTeX entry, in CSL-JSON's shape (https://citationstyles.org).

Every client-facing format is made from it: CSL-JSON itself, RIS, the scholarly meta tags
and JSON-LD of paper pages, and COinS. So an author, a date or an identifier is decoded from
LaTeX once, and every format says the same thing.
"""

from __future__ import annotations

from typing import Any

from . import links
from .bib import MONTHS, Entry, latex_to_text

CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "incollection": "chapter",
             "book": "book", "phdthesis": "thesis", "techreport": "report"}


def csl_item(entry: Entry) -> dict[str, Any]:
    """One CSL-JSON item for a BibTeX entry (preprints are CSL's ``article``)."""
    arxiv = entry.arxiv_id
    item: dict[str, Any] = {"id": entry.key, "type": CSL_TYPES.get(entry.type, "article"), "title": entry.title_text}
    authors = []
    for person in entry.persons:
        family = latex_to_text(" ".join(person.prelast_names + person.last_names))
        given = latex_to_text(" ".join(person.first_names + person.middle_names))
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item["author"] = authors
    if entry.year.isdigit():
        parts = [int(entry.year)]
        month = entry.get("month")
        if month in MONTHS:
            parts.append(MONTHS.index(month) + 1)
        item["issued"] = {"date-parts": [parts]}
    container = entry.get("journal") or entry.get("booktitle")
    if container:
        item["container-title"] = latex_to_text(container)
    elif arxiv:
        item["publisher"] = "arXiv"
        item["number"] = arxiv
    for field, name in (("volume", "volume"), ("number", "issue"), ("pages", "page"), ("publisher", "publisher")):
        if entry.get(field) and name not in item:
            item[name] = latex_to_text(entry.get(field) or "").replace("--", "–")
    if entry.get("doi") and links.doi(entry.get("doi")):
        item["DOI"] = entry.get("doi")
    url = links.https(entry.get("url")) or links.arxiv(arxiv)
    if url:
        item["URL"] = url
    return item


def author_name(author: dict[str, Any]) -> str:
    """'Family, Given' (or the literal name), the form RIS and citation_author use."""
    return str(author.get("literal") or f"{author['family']}, {author['given']}")


def issued(item: dict[str, Any]) -> list[int]:
    """The [year] or [year, month] of an item, or []."""
    parts: list[int] = item.get("issued", {}).get("date-parts", [[]])[0]
    return parts


def issued_text(item: dict[str, Any], separator: str = "-") -> str:
    """The issued date as text, e.g. '2024-03' ('2024/03' with ``separator='/'``), or ''."""
    return separator.join(f"{part:02d}" for part in issued(item))


def pages(item: dict[str, Any]) -> tuple[str, str]:
    """First and last page ('' when unknown)."""
    first, _, last = item.get("page", "").partition("–")
    return first.strip(), last.strip()
