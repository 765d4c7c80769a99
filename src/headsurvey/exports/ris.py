"""RIS (the tagged format of EndNote, Mendeley, Zotero and most reference managers)."""

from __future__ import annotations

from collections.abc import Iterable

from ..site import SiteIndex
from ..sources.citation import author_name, issued, pages

RIS_TYPES = {"article-journal": "JOUR", "paper-conference": "CPAPER", "chapter": "CHAP", "book": "BOOK",
             "thesis": "THES", "report": "RPRT"}


def ris_record(item: dict) -> str:
    """One RIS record (``TY`` first, ``ER`` last) for a CSL item."""
    preprint = item.get("publisher") == "arXiv" and "container-title" not in item
    tags = [("TY", "UNPB" if preprint else RIS_TYPES.get(item["type"], "GEN")), ("ID", item["id"]), ("TI", item["title"])]
    tags += [("AU", author_name(a)) for a in item["author"]]
    date = issued(item)
    if date:
        tags.append(("PY", str(date[0])))
        tags.append(("DA", f"{date[0]}/{date[1]:02d}//" if len(date) > 1 else f"{date[0]}///"))
    if "container-title" in item:
        tags.append(("JO" if item["type"] == "article-journal" else "T2", item["container-title"]))
    first, last = pages(item)
    for tag, value in (("VL", item.get("volume")), ("IS", item.get("issue")), ("SP", first), ("EP", last),
                       ("PB", item.get("publisher")), ("DO", item.get("DOI")), ("UR", item.get("URL"))):
        if value:
            tags.append((tag, value))
    if item.get("publisher") == "arXiv":
        tags.append(("N1", f"arXiv:{item['number']}"))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in tags) + "ER  - \n"


def ris(site: SiteIndex, keys: Iterable[str], made: dict[str, str] | None = None) -> str:
    """The RIS records of ``keys`` (those with an entry), sorted by key; '' when there is none. ``made``:
    records already written by key, shared by the files of one build (a paper's record is in several)."""
    made = {} if made is None else made
    records = []
    for key in sorted(set(keys)):
        if key in site.db.entries:
            if key not in made:
                made[key] = ris_record(site.citation(key))
            records.append(made[key])
    return "\n".join(records)
