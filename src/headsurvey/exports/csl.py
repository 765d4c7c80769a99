"""CSL-JSON (https://citationstyles.org) for Zotero, Mendeley and citeproc processors."""

from __future__ import annotations

import json

from ..site import Site
from ..sources import links
from ..sources.bib import MONTHS, Entry, latex_to_text


def csl_item(entry: Entry) -> dict:
    """One CSL-JSON item (https://citationstyles.org) for a BibTeX entry."""
    arxiv = entry.arxiv_id
    kind = {"article": "article-journal", "inproceedings": "paper-conference", "incollection": "chapter",
            "book": "book", "phdthesis": "thesis", "techreport": "report"}.get(entry.type, "article")
    item: dict = {"id": entry.key, "type": kind, "title": entry.title_text}
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
    if entry.get("doi"):
        item["DOI"] = entry.get("doi")
    url = links.https(entry.get("url")) or links.arxiv(arxiv)
    if url:
        item["URL"] = url
    return item


def csl_json(site: Site) -> str:
    items = [csl_item(site.db.entries[k]) for k in sorted(site.papers) if k in site.db.entries]
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"
