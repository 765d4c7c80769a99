"""The curation record: papers judged out of scope (excluded.yaml) and the searches run (searches.yaml).

Both are YAML lists in docs/_data/, validated like the vocabularies: unknown keys refused,
each problem located at its item's line with the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .database import Database
from .links import ARXIV, DOI
from .problems import Problem
from .vocab import check_item, load_list

EXCLUDED_FIELDS = {"title": str, "authors": str, "venue": str, "arxiv": str, "doi": str, "reason": str}
EXCLUDED_OPTIONAL = {"authors", "venue", "arxiv", "doi"}
SEARCH_FIELDS = {"axis": str, "family": str, "queries": list, "sources": list, "run": dt.date,
                 "candidates": int, "added": int}


@dataclass(frozen=True)
class Excluded:
    """A paper the curation judged out of scope, with the reason."""

    title: str
    reason: str
    line: int
    authors: str | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Search:
    """One family of queries run against some sources on a day, and what it yielded."""

    axis: str
    family: str
    queries: tuple[str, ...]
    sources: tuple[str, ...]
    run: dt.date
    candidates: int
    added: int
    line: int


@dataclass
class Curation:
    """The two curation files of docs/_data/, read and checked."""

    path: str = "docs/_data/excluded.yaml"  # excluded.yaml as shown in messages
    excluded: list[Excluded] = field(default_factory=list)
    searches: list[Search] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path | str, display: str | None = None) -> Curation:
        directory = Path(directory)
        shown = display or str(directory)
        cur = cls(f"{shown}/excluded.yaml")
        cur.excluded = _excluded(directory / "excluded.yaml", cur.path, cur.problems)
        cur.searches = _searches(directory / "searches.yaml", f"{shown}/searches.yaml", cur.problems)
        return cur


def _identifier(item: dict[str, Any], name: str, pattern: re.Pattern[str], example: str, shown: str, line: int,
                problems: list[Problem]) -> bool:
    value = item.get(name)
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        problems.append(Problem(shown, line, f"{name} {value!r} was read as a number", f"quote it: {name}: '{example}'"))
        return False
    if isinstance(value, str) and not pattern.fullmatch(value):
        problems.append(Problem(shown, line, f"{name} '{value}' is not well formed", f"write it as {example} (no prefix, no version)"))
        return False
    return True


def _text(item: dict[str, Any], names: tuple[str, ...], shown: str, line: int, problems: list[Problem]) -> bool:
    empty = [n for n in names if isinstance(item.get(n), str) and not item[n].strip()]
    for name in empty:
        problems.append(Problem(shown, line, f"field '{name}' is empty", f"write the {name} or leave the field out"))
    return not empty


def _excluded(path: Path, shown: str, problems: list[Problem]) -> list[Excluded]:
    found: list[Excluded] = []
    seen: dict[str, int] = {}
    for line, item in load_list(path, shown, problems):
        if isinstance(item, dict) and not all(
                [_identifier(item, "arxiv", ARXIV, "2410.11842", shown, line, problems),
                 _identifier(item, "doi", DOI, "10.18653/v1/2023.blackboxnlp-1.28", shown, line, problems)]):
            continue
        value = check_item(item, EXCLUDED_FIELDS, shown, line, problems, EXCLUDED_OPTIONAL)
        if value is None or not _text(value, tuple(EXCLUDED_FIELDS), shown, line, problems):
            continue
        record = Excluded(line=line, **value)
        for ident in (f"arXiv {record.arxiv}" if record.arxiv else None, f"DOI {record.doi.lower()}" if record.doi else None):
            if ident and ident in seen:
                problems.append(Problem(shown, line, f"{ident} is listed twice (first at line {seen[ident]})", "keep one item"))
                break
            if ident:
                seen[ident] = line
        else:
            found.append(record)
    return found


def _searches(path: Path, shown: str, problems: list[Problem]) -> list[Search]:
    found: list[Search] = []
    for line, item in load_list(path, shown, problems):
        if isinstance(item, dict) and isinstance(item.get("run"), str):
            problems.append(Problem(shown, line, f"run '{item['run']}' is not a date", "write run: YYYY-MM-DD (unquoted)"))
            continue
        value = check_item(item, SEARCH_FIELDS, shown, line, problems, ())
        if value is None or not _text(value, ("axis", "family"), shown, line, problems):
            continue
        bad = []
        if not value["queries"] or not all(isinstance(q, str) and q.strip() for q in value["queries"]):
            bad.append(("field 'queries' must list the query strings", "write queries: ['query one', 'query two']"))
        if not value["sources"] or not all(isinstance(s, str) and s.strip() for s in value["sources"]):
            bad.append(("field 'sources' must list where the queries were run", "write sources: [arxiv, s2]"))
        if isinstance(value["run"], dt.datetime):
            bad.append(("field 'run' must be a date without a time", "write run: YYYY-MM-DD"))
        if value["candidates"] < 0 or value["added"] < 0 or value["added"] > value["candidates"]:
            bad.append(("'added' must be between 0 and 'candidates'", "count the candidates looked at and the papers added from them"))
        problems += [Problem(shown, line, message, fix) for message, fix in bad]
        if not bad:
            value["queries"], value["sources"] = tuple(value["queries"]), tuple(value["sources"])
            found.append(Search(line=line, **value))
    return found


def catalogued(curation: Curation, db: Database) -> list[Problem]:
    """A problem for every paper judged out whose arXiv id or DOI is also an entry of references.bib."""
    keys: dict[str, str] = {}
    for key, entry in db.entries.items():
        doi = entry.get("doi")
        for ident in (f"arXiv {entry.arxiv_id}" if entry.arxiv_id else None, f"DOI {doi.lower()}" if doi else None):
            if ident:
                keys.setdefault(ident, key)
    problems = []
    for item in curation.excluded:
        for ident in (f"arXiv {item.arxiv}" if item.arxiv else None, f"DOI {item.doi.lower()}" if item.doi else None):
            if ident in keys:
                problems.append(Problem(curation.path, item.line, f"{ident} is judged out of scope but catalogued as '{keys[ident]}'",
                                        "remove the item from excluded.yaml or the entry and page from the catalogue"))
    return problems
