"""A correction to one paper: a field of its references.bib entry or of its page's front matter.

A bib field, the date, the head, model, method and task lists, ``code`` and ``models_note``
are changed mechanically and checked by the checker's rules before anything is written; the
other fields (``instances``, the summary, anything else) need a maintainer's judgement, so
:func:`apply` says what to do instead of guessing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import PAPERS_DIR
from ..sources.bib import FIELD_ORDER, BibSyntaxError, Entry, Value, format_database, scan
from ..sources.bibrules import check_entry
from ..sources.database import Database
from ..sources.duplicates import same_work
from ..sources.frontmatter import FrontMatterError
from ..sources.frontmatter import parse as parse_front
from ..sources.problems import Problem
from ..sources.schema import closest
from . import scaffold
from .add import month_value

#: Entry fields a correction sets (archivePrefix follows eprint; note is not kept).
BIB_FIELDS = tuple(name for name in FIELD_ORDER if name not in ("archivePrefix", "note"))
#: Front matter lists (the whole corrected list, comma-separated) and single values.
PAGE_LISTS = ("heads", "models", "methods", "tasks")
PAGE_VALUES = ("date", "code", "models_note")
#: Fields a maintainer corrects by hand.
BY_HAND = ("instances", "summary", "other")
FIELDS = (*BIB_FIELDS, *PAGE_LISTS, *PAGE_VALUES, *BY_HAND)


@dataclass
class Outcome:
    """What a correction changes (path, new content), notes, problems, or what a maintainer must do."""

    plan: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    by_hand: str | None = None


def replace_field(text: str, name: str, value: object) -> str:
    """The page with front matter field ``name`` set to ``value`` (written by the YAML emitter);
    the other fields, their comments and the body are kept as they are."""
    front = parse_front(text)
    lines = text.splitlines(keepends=True)
    tops = sorted(line for key, line in front.lines.items() if "." not in key)
    new = scaffold.field_text(name, value)
    if name in front.lines:
        start = front.lines[name]
        stop = next((line for line in tops if line > start), front.end)
        lines[start - 1:stop - 1] = [new]
    else:
        lines[front.end - 1:front.end - 1] = [new]
    return "".join(lines)


def _bib(root: Path, db: Database, entry: Entry, name: str, value: str) -> Outcome:
    fields = dict(entry.fields)
    fields[name] = month_value(Value(value)) if name == "month" else Value(value)
    if name == "eprint":
        fields.setdefault("archiveprefix", Value("arXiv"))
    changed = Entry(entry.key, entry.type, fields, 0, "")
    path = root / "references.bib"
    old = path.read_text(encoding="utf-8")
    try:
        text = format_database(old.replace(entry.raw, changed.format().rstrip("\n"), 1))
    except BibSyntaxError as exc:
        return Outcome(problems=[Problem("references.bib", exc.line, f"{entry.key}: {exc}", exc.fix)])
    placed = next(e for e in scan(text)[0] if e.key == entry.key)
    problems = check_entry(placed, "references.bib")
    twin = same_work(changed, [e for k, e in db.entries.items() if k != entry.key])
    if twin:
        other, what = twin
        problems.append(Problem("references.bib", placed.field_lines.get(name, placed.line),
                                f"{entry.key}: same {what} as '{other.key}' (references.bib:{other.line})",
                                "the change would make two entries of one paper: say so in the issue instead"))
    return Outcome([(path, text)], [f"{entry.key}: {name} = {{{value}}}"], problems)


def _page(root: Path, key: str, name: str, value: str) -> Outcome:
    path = root / "docs" / PAPERS_DIR / f"{key}.md"
    shown = f"docs/{PAPERS_DIR}/{key}.md"
    new: object = scaffold.split_list(value) if name in PAGE_LISTS else value.strip()
    if name == "date":
        with contextlib.suppress(ValueError):  # else kept as text: the checker reports it with its own message
            new = dt.date.fromisoformat(value.strip())
    try:
        text = replace_field(path.read_text(encoding="utf-8"), name, new)
    except FrontMatterError as exc:
        return Outcome(problems=[Problem(shown, exc.line, str(exc), exc.fix or "fix the page's front matter first")])
    problems = scaffold.page_problems(root, "paper", key, text, whole=True)
    return Outcome([(path, text)], [f"{shown}: {name} = {new}"], problems)


def apply(root: Path, key: str, name: str, value: str, source: str, shown: str = "issue", line: int = 1) -> Outcome:
    """The files the correction changes, checked; nothing is written here (see :func:`write`).
    ``shown`` and ``line`` locate problems with the request itself."""
    db = Database.load(root / "references.bib", display="references.bib")
    page = root / "docs" / PAPERS_DIR / f"{key}.md"
    if key not in db.entries and not page.exists():
        near = closest(key, db.entries)
        fix = f"did you mean '{near}'?" if near else f"give the key of a page of docs/{PAPERS_DIR}/ (its file name)"
        return Outcome(problems=[Problem(shown, line, f"no paper '{key}'", fix)])
    folded = {option.casefold(): option for option in FIELDS}
    name = folded.get(name.strip().casefold(), name.strip())
    if name not in FIELDS:
        return Outcome(problems=[Problem(shown, line, f"'{name}' is not a field a correction can name", "use one of: " + ", ".join(FIELDS))])
    if name in BY_HAND or (name in BIB_FIELDS and key not in db.entries) or (name not in BIB_FIELDS and not page.exists()):
        where = f"docs/{PAPERS_DIR}/{key}.md" if name not in BIB_FIELDS else "references.bib"
        return Outcome(by_hand=f"a maintainer sets {name} of '{key}' ({where}) to the value given, after checking it against "
                               f"the source given ({source.strip()}), then runs headsurvey check")
    outcome = _bib(root, db, db.entries[key], name.lower(), " ".join(value.split())) if name in BIB_FIELDS else _page(root, key, name, value)
    if all(path.read_text(encoding="utf-8") == text for path, text in outcome.plan) and not outcome.problems:
        outcome.problems.append(Problem(shown, line, f"'{key}' already has this {name}", "nothing to correct"))
    outcome.notes.append(f"source of the correction: {source.strip()}")
    return outcome


def write(outcome: Outcome) -> list[Path]:
    """Write the files of a correction without problems."""
    for path, text in outcome.plan:
        path.write_text(text, encoding="utf-8")
    return [path for path, _ in outcome.plan]
