"""``headsurvey add``: a paper's references.bib entry and page from an arXiv id, a DOI or a pasted entry.

Online, the entry is read from arXiv, Crossref or DataCite (:mod:`.remote`); offline, from a
BibTeX entry on standard input. The key is made by the site's rule: the first author's last
name, the year and the first significant word of the title, in lowercase ASCII.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..sources.bib import KNOWN_FIELDS, MONTHS, Entry, Value, latex_to_text, scan
from ..sources.database import Database
from ..sources.normal import ascii_fold
from ..sources.problems import Problem
from . import remote, scaffold

ARXIV_ID = re.compile(r"(?:arxiv:|https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?", re.IGNORECASE)
DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
#: Short function words the key skips ("In-context Learning…" → olsson2022context).
STOP = {"an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "in", "into", "is",
        "it", "its", "of", "on", "or", "our", "the", "their", "this", "to", "via", "we", "what", "when", "where",
        "who", "why", "with", "without"}
#: A key of the site's own shape (lastname, year, word): a pasted entry keeps such a key when it is free.
SITE_KEY = re.compile(r"[a-z]+[0-9]{4}[a-z]+")
#: Fields of pasted entries that references.bib does not keep (export noise), dropped with a note.
DROPPED = {"abstract", "keywords", "file", "copyright", "urldate", "langid", "language", "issn", "isbn", "biburl",
           "bibsource", "timestamp", "note", "annote", "shorttitle", "eid", "numpages", "location", "articleno"}


class AddError(ValueError):
    """The paper cannot be added; the message says why and what to do.

    ``problems`` holds the checker's problems, located in the files as they would be written;
    ``field`` names the part of the request the message is about (``source``, ``date``, ``heads``).
    """

    def __init__(self, message: str, problems: list[Problem] | None = None, field: str = "source") -> None:
        super().__init__(message)
        self.problems = problems or []
        self.field = field


@dataclass
class Request:
    """What the contributor asked for on the command line."""

    source: str | None
    key: str | None = None
    date: str | None = None
    heads: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    code: str | None = None
    models_note: str | None = None
    instances: tuple[dict, ...] = ()
    summary: str | None = None  # None: the page gets a comment saying what to write


def identify(source: str) -> tuple[str, str]:
    """('arxiv', id), ('doi', doi) or ('bibtex', '-') for what was given on the command line."""
    source = source.strip()
    if source == "-":
        return "bibtex", "-"
    match = ARXIV_ID.fullmatch(source) or re.fullmatch(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.(.+)", source, re.IGNORECASE)
    arxiv = ARXIV_ID.fullmatch(match.group(1)) if match else None
    if arxiv:
        return "arxiv", arxiv.group(1)
    match = DOI.fullmatch(source)
    if match:
        return "doi", match.group(1)
    raise AddError(f"'{source}' is not an arXiv id (2211.00593), a DOI (10.1016/j.patter.2025.101176) "
                   "or '-' (a BibTeX entry on standard input)")


def make_key(entry: Entry) -> str:
    """'wang2023interpretability': first author's last name, year, first significant title word."""
    people = entry.persons
    if not people or not entry.year:
        raise AddError("the entry needs an author and a year to make its key — add them, or give --key")
    last = re.sub(r"[^a-z]", "", ascii_fold(latex_to_text(" ".join(people[0].prelast_names + people[0].last_names))))
    words = [w for w in re.findall(r"[a-z]{2,}", ascii_fold(latex_to_text(entry.get("title") or ""))) if w not in STOP]
    return f"{last}{entry.year}{words[0] if words else ''}"


def month_value(value: Value) -> Value:
    """A month as BibTeX's bare macro (``mar``) when it names a month or is its number."""
    text = value.text.strip().lower()[:3]
    if text.isdigit() and 1 <= int(text) <= 12:
        return Value(MONTHS[int(text) - 1], bare=True)
    return Value(text, bare=True) if text in MONTHS else value


def pasted(text: str, shown: str = "<stdin>") -> tuple[Entry, list[str]]:
    """The one entry of a pasted BibTeX text, with export-only fields dropped (and named)."""
    entries, errors = scan(text)
    if errors:
        line, message, fix = errors[0]
        raise AddError(f"{shown}:{line}: {message} — {fix}", [Problem(shown, line, message, fix)])
    if len(entries) != 1:
        raise AddError(f"{shown} holds {len(entries)} entries — paste exactly one BibTeX entry",
                       [Problem(shown, 1, f"{len(entries)} BibTeX entries", "paste exactly one BibTeX entry")])
    entry = entries[0]
    dropped = sorted(name for name in entry.fields if name in DROPPED)
    fields = {name: month_value(v) if name == "month" else v for name, v in entry.fields.items() if name not in DROPPED}
    if fields.get("eprint") and "archiveprefix" not in fields and ARXIV_ID.fullmatch(fields["eprint"].text):
        fields["archiveprefix"] = Value("arXiv")
    notes = [f"left out {', '.join(dropped)} (not kept in references.bib)"] if dropped else []
    return Entry(entry.key, entry.type, fields, 0, ""), notes


def _record(kind: str, value: str, fetch: remote.Fetch, stdin: str, shown: str) -> tuple[Entry, dt.date | None, bool, list[str]]:
    if kind == "bibtex":
        entry, notes = pasted(stdin, shown)
        month = entry.get("month")
        if entry.year.isdigit() and month in MONTHS:
            return entry, dt.date(int(entry.year), MONTHS.index(month) + 1, 1), True, notes
        return entry, None, False, notes
    try:
        record = remote.arxiv(value, fetch) if kind == "arxiv" else remote.doi(value, fetch)
    except remote.NotFound as exc:
        raise AddError(f"{exc} — check the identifier") from None
    except remote.Unreachable as exc:
        raise AddError(f"{exc}; offline, paste the BibTeX entry instead: headsurvey add - --heads ... < entry.bib") from None
    fields = {name: Value(text, bare=name == "month") for name, text in record.fields.items() if name in KNOWN_FIELDS}
    return Entry("", record.type, fields, 0, ""), record.date, record.month_only, [f"read {record.where}", *record.notes]


def choose_key(request: Request, entry: Entry, db: Database) -> tuple[str, list[str]]:
    """The entry's key and a note on where it came from: ``--key`` when given; else a pasted
    key of the site's shape (lastname, year, word) that references.bib does not hold yet; else
    the key made by the site's rule."""
    if request.key:
        return request.key, []
    made = make_key(entry)
    if entry.key and entry.key != made:
        if SITE_KEY.fullmatch(entry.key) and entry.key not in db.entries:
            return entry.key, [f"kept the pasted key {entry.key} (the site's rule gives {made}; --key chooses another)"]
        why = "is taken" if entry.key in db.entries else "is not of the site's form lastname+year+word"
        return made, [f"key {made} by the site's rule: the pasted key {entry.key} {why} (--key keeps a key you choose)"]
    return made, []


def add(root: Path, request: Request, fetch: remote.Fetch | None = None, stdin: str = "", dry_run: bool = False,
        shown: str = "<stdin>", whole: bool = False) -> tuple[list[tuple[Path, str]], list[str]]:
    """Write the entry and/or the page asked for; return the files written (path, content) and
    notes for the contributor. With ``dry_run`` nothing is written; ``whole`` checks the page's
    summary too (it comes with the request); ``shown`` names the pasted entry in messages."""
    fetch = fetch or remote.http_fetch
    bib_path = root / "references.bib"
    db = Database.load(bib_path, display="references.bib")
    notes: list[str] = []
    entry = None
    date, month_only = None, False
    if request.source is None:
        if not request.key or request.key not in db.entries:
            raise AddError("give an arXiv id, a DOI or '-' (BibTeX on standard input); without one, --key must "
                           "name an entry of references.bib whose page is missing")
        key = request.key
    else:
        entry, date, month_only, notes = _record(*identify(request.source), fetch, stdin, shown)
        key, why = choose_key(request, entry, db)
        notes += why
        entry = Entry(key, entry.type, entry.fields, 0, "")
        try:
            early = scaffold.entry_problems(entry, db, bib_path.read_text(encoding="utf-8") if bib_path.exists() else "")[1]
        except scaffold.ScaffoldError as exc:
            raise AddError(str(exc), exc.problems) from None
        if early:
            raise AddError("nothing written:\n" + "\n".join(map(str, early)), early)
    page = root / "docs" / "papers" / f"{key}.md"
    text = None
    if not (page.exists() and entry is not None and not request.heads):
        if not request.heads:
            raise AddError("--heads is required to write the page: head slugs of docs/heads/, comma-separated", field="heads")
        when: str | dt.date
        if request.date:
            when, month_only = request.date, False
        elif date is None:
            raise AddError("the date of first release is not known — give --date YYYY-MM-DD (the first version's "
                           "date; if only the month is known, its first day)", field="date")
        else:
            when = date
            if request.source is not None and identify(request.source)[0] == "arxiv":
                notes.append(f"date {date.isoformat()}: the day arXiv received the first version")
            else:
                notes.append(f"date {date.isoformat()}{' (month only)' if month_only else ''} from the record: if the "
                             "paper appeared earlier (e.g. on arXiv), change it to that day")
        text = scaffold.paper_text(when, list(request.heads), list(request.models), list(request.methods),
                                   list(request.tasks), request.code, month_only, request.models_note,
                                   list(request.instances), request.summary)
    else:
        notes.append(f"{page.relative_to(root)} exists: wrote only its entry")
    try:
        return scaffold.write_paper(root, key, entry, text, dry_run, whole), notes
    except scaffold.ScaffoldError as exc:
        raise AddError(str(exc), exc.problems) from None
