"""``headsurvey new``: write a paper or head page skeleton (and the paper's bib entry).

Every value is checked by the checker's own rules before anything is written; the front
matter is written by a YAML emitter, so any text given on the command line stays valid YAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..sources import DATA_DIR, HEADS_DIR, PAPERS_DIR, read_page
from ..sources.bib import BibSyntaxError, Entry, Value, format_database, scan
from ..sources.bibrules import check_entry
from ..sources.database import Database
from ..sources.dates import MONTH_COMMENT
from ..sources.duplicates import same_work
from ..sources.frontmatter import parse as parse_front
from ..sources.loader import unknown_heads
from ..sources.problems import Problem
from ..sources.schema import KEY, SLUG, Head, Paper, closest
from ..sources.vocab import Vocabulary

SUMMARY_HINT = ["% Replace this comment with a summary in your own words (at least 100 words): what the paper",
                "% contributes, its setting (models, tasks, data), key results with numbers, and what it shows",
                "% about each head type listed in `heads`."]


class ScaffoldError(ValueError):
    """The request cannot be scaffolded; the message says why and what to do.

    ``problems`` holds the checker's problems, located in the files as they would be written.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def bib_entry(key: str, title: str, authors: str, year: str, *, arxiv: str | None = None, doi: str | None = None,
              url: str | None = None, journal: str | None = None, booktitle: str | None = None,
              primary_class: str | None = None) -> Entry:
    """A new entry of the right type for the identifiers and venue given."""
    kind = "article" if journal else "inproceedings" if booktitle else "misc"
    fields = {"author": authors, "title": title, "journal": journal, "booktitle": booktitle, "year": year,
              "doi": doi, "url": url, "eprint": arxiv, "archiveprefix": "arXiv" if arxiv else None,
              "primaryclass": primary_class}
    values = {name: Value(value) for name, value in fields.items() if value}
    return Entry(key=key, type=kind, fields=values, line=0, raw="")


def front_matter(data: dict) -> str:
    """The '---' block of a page, written by the YAML emitter (lists of texts in flow style)."""
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n"


def field_text(name: str, value: object) -> str:
    """One front matter field as :func:`front_matter` writes it inside a page."""
    return yaml.safe_dump({name: value}, sort_keys=False, default_flow_style=None if isinstance(value, list) else False,
                          allow_unicode=True, width=10_000)


def paper_text(date: str | dt.date, heads: list[str], models: Sequence[str] = (), methods: Sequence[str] = (),
               tasks: Sequence[str] = (), code: str | None = None, month_only: bool = False,
               models_note: str | None = None, instances: Sequence[dict[str, object]] = (),
               summary: str | None = None) -> str:
    """A paper page: front matter, then the summary or a comment saying what it holds."""
    # Written unquoted; a bad date is kept as text for the check to report with its own message.
    with contextlib.suppress(ValueError):
        date = dt.date.fromisoformat(date) if isinstance(date, str) else date
    front: dict[str, object] = {"date": date, "added": dt.date.today(), "heads": list(heads), "models": list(models),
             **({"models_note": models_note} if models_note else {}), "methods": list(methods), "tasks": list(tasks)}
    if code:
        front["code"] = code
    if instances:
        front["instances"] = [dict(item) for item in instances]
    text = front_matter(front)
    if month_only and isinstance(date, dt.date):
        text = text.replace(f"date: {date.isoformat()}\n", f"date: {date.isoformat()}  {MONTH_COMMENT}\n", 1)
    return text + "\n" + (summary.strip() if summary is not None else "\n".join(SUMMARY_HINT)) + "\n"


def head_text(name: str, stages: list[str], category: str, related: Sequence[str] = (), aliases: Sequence[str] = ()) -> str:
    """A head page: front matter and the five sections every head page has."""
    front = {"name": name, "aliases": list(aliases), "stage": list(stages), "category": category,
             "placement": "site", "related": list(related)}
    lines = [front_matter(front)]
    for section in ("Definition", "Mechanism", "Where it was found", "Relations to other heads", "Open questions"):
        lines += [f"## {section}", "", "% Write this section in your own words.", ""]
    return "\n".join(lines)


def page_problems(root: Path, kind: str, name: str, text: str, whole: bool = False) -> list[Problem]:
    """The checker's problems with a page's front matter, and with its body too when ``whole``
    (a scaffolded body is left to the contributor; a body from an issue is checked)."""
    shown = f"docs/{PAPERS_DIR if kind == 'paper' else HEADS_DIR}/{name}.md"
    vocab = Vocabulary.load(root / "docs" / DATA_DIR, display=f"docs/{DATA_DIR}")
    result = read_page(kind, name, text, shown, vocab)
    problems = [p for p in result.problems if whole or p.line <= result.end]
    heads = {p.stem for p in (root / "docs" / HEADS_DIR).glob("*.md") if p.stem != "index"}
    if isinstance(result.record, Paper):
        problems += unknown_heads(result.record, heads)
    elif isinstance(result.record, Head):
        for slug in (slug for slug in result.record.related if slug not in heads):
            near = closest(slug, heads)
            fix = f"did you mean '{near}'?" if near else f"use a slug of docs/{HEADS_DIR}/"
            problems.append(Problem(shown, result.record.line_of("related"), f"related head '{slug}' has no page", fix))
    return sorted(vocab.problems + problems)


def explain(problems: list[Problem], text: str) -> str:
    """Problems as '--option: problem — fix' lines: the option whose value the problem is in."""
    lines = parse_front(text).lines if text.startswith("---") else {}
    fields = {line: name for name, line in lines.items() if "." not in name}
    return "\n".join(f"--{fields[p.line]}: {p.message} — {p.fix}" if p.line in fields else str(p) for p in problems)


def entry_problems(entry: Entry, db: Database, bib_text: str) -> tuple[str, list[Problem]]:
    """references.bib with the new ``entry``, and the checker's problems with it (the rules for an
    entry, the entry it would duplicate, a key already taken), located in that new text."""
    if db.fatal:
        raise ScaffoldError("references.bib cannot be read: " + "; ".join(map(str, db.fatal)), list(db.fatal))
    if entry.key in db.entries:
        taken = db.entries[entry.key]
        return bib_text, [Problem("references.bib", taken.line, f"references.bib already has '{entry.key}'",
                                  "choose another key (--key), or if it is the same paper, edit its page")]
    try:
        text = format_database(bib_text + "\n" + entry.format())
    except BibSyntaxError as exc:
        return bib_text, [Problem("references.bib", exc.line, f"{entry.key}: {exc}", exc.fix)]
    placed = next(e for e in scan(text)[0] if e.key == entry.key)
    found = check_entry(placed, "references.bib")
    twin = same_work(entry, db.entries.values())
    if twin:
        other, what = twin
        found.append(Problem("references.bib", placed.line, f"{entry.key}: same {what} as '{other.key}' (references.bib:"
                             f"{other.line}, docs/papers/{other.key}.md)", "the paper is already listed: edit that page instead"))
    return text, found


def plan_paper(root: Path, key: str, entry: Entry | None, text: str | None, whole: bool = False) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files a new ``entry`` and/or page ``text`` would write (path, new content), and the
    checker's problems with them, located in those files (the page's body too when ``whole``)."""
    if not KEY.fullmatch(key):
        raise ScaffoldError(f"'{key}' is not a usable key — use letters and digits, e.g. wang2023interpretability")
    page = root / "docs" / PAPERS_DIR / f"{key}.md"
    bib_path = root / "references.bib"
    plan: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    if text is not None:
        if page.exists():
            problems.append(Problem(f"docs/{PAPERS_DIR}/{key}.md", 1, f"docs/{PAPERS_DIR}/{key}.md already exists",
                                    "edit that page instead"))
        else:
            problems += page_problems(root, "paper", key, text, whole)
        plan.append((page, text))
    if entry is not None:
        db = Database.load(bib_path, display="references.bib")
        bib_text, found = entry_problems(entry, db, bib_path.read_text(encoding="utf-8") if bib_path.exists() else "")
        problems += found
        plan.append((bib_path, bib_text))
    return plan, problems


def write_paper(root: Path, key: str, entry: Entry | None, text: str | None, dry_run: bool = False,
                whole: bool = False) -> list[tuple[Path, str]]:
    """Check, then write references.bib's new ``entry`` and/or the page ``text``; nothing on any problem
    (nor with ``dry_run``). Returns the files (path, content) written or, in a dry run, to write."""
    plan, problems = plan_paper(root, key, entry, text, whole)
    if problems:
        lines = [explain([p], text or "") if p.path.endswith(f"/{key}.md") else str(p) for p in problems]
        raise ScaffoldError("nothing written:\n" + "\n".join(lines), problems)
    if not dry_run:
        for path, content in plan:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    return plan


def new_head(root: Path, slug: str, name: str, stages: list[str], category: str, related: Sequence[str] = (),
             aliases: Sequence[str] = ()) -> Path:
    """Check, then write docs/heads/<slug>.md with its front matter and sections."""
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"'{slug}' is not a slug — use lowercase words joined by '-', e.g. successor-head")
    page = root / "docs" / HEADS_DIR / f"{slug}.md"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} already exists — edit it instead")
    text = head_text(name, stages, category, related, aliases)
    problems = page_problems(root, "head", slug, text)
    if problems:
        raise ScaffoldError("nothing written:\n" + explain(problems, text))
    page.write_text(text, encoding="utf-8")
    return page


def split_list(value: str | None) -> list[str]:
    """'a, b; c' → ['a', 'b', 'c'] for list options given on the command line."""
    return [part.strip() for part in re.split(r"[,;]", value or "") if part.strip()]
