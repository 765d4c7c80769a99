"""``headsurvey refresh``: published versions of arXiv-only entries, from Semantic Scholar, as proposed changes.

Every entry of references.bib that is only an arXiv preprint is looked up with one
``/paper/batch`` request per 500 entries. Where Semantic Scholar knows a venue, the entry
becomes an ``@inproceedings`` or ``@article`` of that venue (its ``eprint`` kept); its year,
pages, DOI and final title follow. ``--write`` applies the changes in canonical form, only
for venues the vocabulary (docs/_data/venues.yaml) names, so ``headsurvey check`` still passes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..sources import DATA_DIR, duplicates
from ..sources.bib import MONTHS, Entry, Value, format_database
from ..sources.bibrules import check_entry
from ..sources.database import Database
from ..sources.duplicates import normal_title
from ..sources.vocab import Vocabulary
from . import remote
from .discover import md
from .polite import Polite
from .services import ServiceError, cli_client, mapping, s2_batch

PREPRINT = re.compile(r"arxiv|rxiv\b|ssrn|preprint", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One field of one entry: its text now (None: absent) and the text proposed (None: remove it)."""

    key: str
    field: str
    old: str | None
    new: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"key": self.key, "field": self.field, "old": self.old, "new": self.new}


def arxiv_only(db: Database) -> list[Entry]:
    """Entries that are only an arXiv preprint: an eprint, no journal, booktitle or DOI."""
    return [e for e in db.entries.values()
            if e.arxiv_id and e.type == "misc" and not any(e.get(n) for n in ("journal", "booktitle", "doi"))]


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def venue_names(record: dict) -> list[str]:
    """The venue names Semantic Scholar gives (publication venue, venue, journal), preprint servers left out."""
    venue = mapping(record.get("publicationVenue"))
    journal = mapping(record.get("journal"))
    names = [_text(venue.get("name")), _text(record.get("venue")), _text(journal.get("name"))]
    return [n for n in dict.fromkeys(names) if n and not PREPRINT.search(n)]


def by_short_name(record: dict, names: list[str], vocab: Vocabulary) -> str | None:
    """The vocabulary's own phrase for a venue Semantic Scholar names by its short name ('ICLR')."""
    venue = mapping(record.get("publicationVenue"))
    alternates: list[object] = venue.get("alternate_names") or []
    given = {normal_title(n) for n in [*names, *alternates] if isinstance(n, str) and not PREPRINT.search(n)}
    return next((short.match[0] for short in vocab.venues.values() if normal_title(short.name) in given), None)


def proposals(entry: Entry, record: dict, vocab: Vocabulary) -> tuple[list[Change], list[str]]:
    """The changes Semantic Scholar's ``record`` supports for ``entry``, and notes for the maintainer."""
    changes: list[Change] = []
    notes: list[str] = []

    def propose(name: str, new: str | None) -> None:
        old = entry.get(name)
        if (old or None) != (new or None):
            changes.append(Change(entry.key, name, old, new or None))

    title = _text(record.get("title"))
    if title and normal_title(title) != normal_title(entry.get("title") or ""):
        propose("title", remote.title_tex(title))
    names = venue_names(record)
    if not names:
        return changes, notes
    year = str(record["year"]) if isinstance(record.get("year"), int) else entry.year
    venue = next((n for n in names if vocab.venue_name(n, year)), None) or by_short_name(record, names, vocab)
    if venue is None:
        notes.append(f"{entry.key}: published in '{names[0]}' ({year}), a venue without a short name — add it to "
                     f"docs/{DATA_DIR}/venues.yaml (- name: SHORT, match: [\"{names[0]}\"]) and run refresh again")
        return changes, notes
    kinds = mapping(record.get("publicationVenue"))
    journal = mapping(record.get("journal"))
    kind = "article" if kinds.get("type") == "journal" or (not kinds.get("type") and _text(journal.get("volume"))) else "inproceedings"
    changes.append(Change(entry.key, "type", entry.type, kind))
    propose("journal" if kind == "article" else "booktitle", remote.tex(venue))
    propose("year", year)
    day = record.get("publicationDate")
    propose("month", MONTHS[int(day[5:7]) - 1] if isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None)
    pages = _text(journal.get("pages")).replace(" ", "")
    if re.fullmatch(r"\d+(-+\d+)?", pages):
        propose("pages", re.sub(r"-+", "--", pages))
    if kind == "article" and re.fullmatch(r"\d+", _text(journal.get("volume"))):
        propose("volume", _text(journal.get("volume")))
    ids = mapping(record.get("externalIds"))
    doi = _text(ids.get("DOI"))
    if doi and not doi.lower().startswith("10.48550/"):
        propose("doi", doi)
    anthology = _text(ids.get("ACL"))
    if re.fullmatch(r"[\w.-]+", anthology):
        propose("url", f"https://aclanthology.org/{anthology}/")
    notes.append(f"{entry.key}: published in {vocab.venue_name(venue, year)}")
    return changes, notes


def apply(entry: Entry, changes: list[Change]) -> Entry:
    """``entry`` with ``changes`` made (type, fields set or removed); eprint and the rest kept."""
    kind = entry.type
    fields = dict(entry.fields)
    for change in changes:
        if change.field == "type":
            kind = change.new or kind
        elif change.new is None:
            fields.pop(change.field, None)
        else:
            fields[change.field] = Value(change.new, bare=change.field == "month")
    return Entry(entry.key, kind, fields, 0, "")


def write(root: Path, db: Database, changes: list[Change], vocab: Vocabulary) -> tuple[int, list[str]]:
    """Apply ``changes`` to references.bib (canonical form); entries that would break a rule are skipped."""
    by_key: dict[str, list[Change]] = {}
    for change in changes:
        by_key.setdefault(change.key, []).append(change)
    entries, notes, written = dict(db.entries), [], 0
    for key, own in by_key.items():
        new = apply(db.entries[key], own)
        problems = [f"{p.message} — {p.fix}" for p in check_entry(new, "references.bib")]
        if new.venue and vocab.venue_name(new.venue, new.year) is None:
            problems.append(f"venue '{new.venue}' has no short name")
        if problems:
            notes.append(f"{key}: not written ({'; '.join(problems)})")
            continue
        entries[key] = new
        written += len(own)
    before = {(a.key, b.key) for a, b, *_ in duplicates.find(db.entries.values())}
    for entry, first, what, _, value in duplicates.find(entries.values()):
        if (entry.key, first.key) not in before:  # a DOI or title another entry has: leave it to a person
            for key in {entry.key, first.key} & by_key.keys():
                if entries[key] is not db.entries[key]:
                    entries[key] = db.entries[key]
                    written -= len(by_key[key])
                    notes.append(f"{key}: not written (same {what} '{value}' as '{first.key if key == entry.key else entry.key}')")
    if written:
        path = root / "references.bib"
        path.write_text(format_database("\n".join(e.format() for e in entries.values())), encoding="utf-8")
    return written, notes


def run(root: Path, fmt: str, do_write: bool, http: Polite) -> int:
    """Print the proposed changes (and write them with ``do_write``); exit 1 if Semantic Scholar failed."""
    db = Database.load(root / "references.bib", display="references.bib")
    if db.fatal:
        print(f"headsurvey refresh: {db.fatal[0]}", file=sys.stderr)
        return 1
    vocab = Vocabulary.load(root / "docs" / DATA_DIR, display=f"docs/{DATA_DIR}")
    entries = arxiv_only(db)
    try:
        records = s2_batch(http, [f"ARXIV:{e.arxiv_id}" for e in entries])
    except ServiceError as exc:
        print(f"headsurvey refresh: {exc}", file=sys.stderr)
        return 1
    changes, notes = [], []
    for entry, record in zip(entries, records, strict=False):
        if record is not None:
            found, said = proposals(entry, record, vocab)
            changes += found
            notes += said
    known = sum(r is not None for r in records)
    print(f"asked Semantic Scholar about {len(entries)} arXiv-only entries: {known} known, "
          f"{len({c.key for c in changes})} with changes", file=sys.stderr)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if fmt == "json":
        print(json.dumps([c.as_dict() for c in changes], indent=2, ensure_ascii=False))
    elif not changes:
        print("No change proposed.")
    else:
        print("| key | field | old | new |\n| --- | --- | --- | --- |")
        for c in changes:
            print(f"| {c.key} | {c.field} | {md(c.old) if c.old else '—'} | {md(c.new) if c.new else '(removed)'} |")
    if do_write and changes:
        written, skipped = write(root, db, changes, vocab)
        for note in skipped:
            print(f"note: {note}", file=sys.stderr)
        print(f"wrote {written} change(s) to references.bib", file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table", help="a Markdown table (default) or JSON")
    parser.add_argument("--write", action="store_true", help="apply the changes to references.bib (canonical form)")
    parser.add_argument("--cache-dir", type=Path, help="where answers are kept for a day (default ~/.cache/headsurvey)")
    parser.add_argument("--no-cache", action="store_true", help="ask the service again even if an answer is cached")


def main(args: argparse.Namespace) -> int:
    return run(args.root, args.format, args.write, cli_client(args.cache_dir, args.no_cache))
