"""The records as JSON (schema version ``SCHEMA_VERSION``, documented on the data page) and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from ..site import SiteIndex, paths
from ..sources import links
from ..sources.schema import Paper

SCHEMA_VERSION = 1
#: A page's address from the site root, by its name ('papers/x' → 'papers/x.html'): the builder's.
Target = Callable[[str], str]


def html_target(name: str) -> str:
    return f"{name}.html"


def paper_record(site: SiteIndex, paper: Paper, target: Target = html_target) -> dict:
    entry = site.db.entries.get(paper.key)
    return {
        "key": paper.key,
        "title": entry.title_text if entry else None,
        "authors": entry.author_names() if entry else [],
        "year": int(entry.year) if entry and entry.year.isdigit() else None,
        "venue": entry.venue if entry else None,
        "date": paper.date,
        "added": paper.added,
        "heads": list(paper.heads),
        "stages": site.stages_of(paper.heads),
        "models": list(paper.models),
        "model_families": site.families_of(paper),
        "methods": list(paper.methods),
        "tasks": list(paper.tasks),
        "code": links.https(paper.code),
        "arxiv": entry.arxiv_id if entry else None,
        "doi": entry.get("doi") if entry else None,
        "url": links.https(entry.get("url")) if entry else None,
        "instances": [{"model": i.model, "layer": i.layer, "head": i.head, "role": i.role, "evidence": list(i.evidence)}
                      for i in paper.instances],
        "page": target(paths.paper(paper.key)),
    }


def record_json(record: dict) -> str:
    """A paper's record as papers.json writes it, indented for its depth there (JSON strings hold no raw line break)."""
    return "  " + json.dumps(record, indent=1, ensure_ascii=False).replace("\n", "\n  ")


def papers_json_text(records: list[str]) -> str:
    """papers.json from its records, each as :func:`record_json` writes it: the bytes of ``json.dumps(…, indent=1)``."""
    if not records:
        return json.dumps({"schema_version": SCHEMA_VERSION, "papers": []}, indent=1) + "\n"
    return f'{{\n "schema_version": {SCHEMA_VERSION},\n "papers": [\n' + ",\n".join(records) + "\n ]\n}\n"


def heads_json(site: SiteIndex, target: Target = html_target) -> str:
    heads = [{
        "slug": h.slug, "name": h.name, "aliases": list(h.aliases), "stages": list(h.stages), "category": h.category,
        "placement": h.placement, "related": list(h.related), "papers": sorted(p.key for p in site.by_head.get(h.slug, [])),
        "page": target(paths.head(h.slug)),
    } for h in sorted(site.heads.values(), key=lambda h: h.slug)]
    return json.dumps({"schema_version": SCHEMA_VERSION, "heads": heads}, indent=1, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("key", "title", "authors", "year", "venue", "date", "added", "heads", "stages", "models", "methods",
               "tasks", "arxiv", "doi", "url", "code")


#: A cell starting with one of these is read as a formula by spreadsheets (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text: lists joined by '; ', a leading
    formula character escaped with a single quote, as the OWASP guidance says."""
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(record: dict) -> list[str]:
    return [csv_cell(record[column]) for column in CSV_COLUMNS]


def csv_line(row: list[str] | tuple[str, ...]) -> str:
    """One line of papers.csv (quoted as the csv module quotes, ending with a line break)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


def papers_csv_text(lines: list[str]) -> str:
    """papers.csv from its rows, each as :func:`csv_line` writes it."""
    return csv_line(CSV_COLUMNS) + "".join(lines)
