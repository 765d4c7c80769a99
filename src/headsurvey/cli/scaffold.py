"""``headsurvey new``: write a paper or head page skeleton (and the paper's bib entry)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..sources.bib import Entry, Value, format_database
from ..sources.database import Database
from ..sources.schema import KEY, SLUG


class ScaffoldError(ValueError):
    """The request cannot be scaffolded; the message says why and what to do."""


def _flow(values: list[str]) -> str:
    return yaml.safe_dump(list(values), default_flow_style=True, width=10_000).strip()


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


def new_paper(root: Path, key: str, entry: Entry, date: str, heads: list[str], models: list[str] = (),
              methods: list[str] = (), tasks: list[str] = (), code: str | None = None) -> Path:
    """Write docs/papers/<key>.md and add its entry to references.bib (kept sorted)."""
    if not KEY.fullmatch(key):
        raise ScaffoldError(f"'{key}' is not a usable key — use letters and digits, e.g. wang2023interpretability")
    page = root / "docs" / "papers" / f"{key}.md"
    bib_path = root / "references.bib"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} already exists — edit it instead")
    db = Database.load(bib_path)
    if key in db.entries:
        raise ScaffoldError(f"references.bib already has '{key}' — choose another key or write only the page")
    front = {
        "date": date, "added": dt.date.today().isoformat(), "heads": heads,
        "models": list(models), "methods": list(methods), "tasks": list(tasks),
    }
    lines = ["---"] + [f"{name}: {_flow(v) if isinstance(v, list) else v}" for name, v in front.items()]
    if code:
        lines.append(f"code: {code}")
    lines += ["---", "", "% Replace this comment with a summary in your own words (100-200 words): what the paper",
              "% contributes, its setting (models, tasks, data), key results with numbers, and what it shows",
              "% about each head type listed in `heads`.", ""]
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("\n".join(lines), encoding="utf-8")
    text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    bib_path.write_text(format_database(text + "\n" + entry.format()), encoding="utf-8")
    return page


def new_head(root: Path, slug: str, name: str, stages: list[str], category: str, related: list[str] = (),
             aliases: list[str] = ()) -> Path:
    """Write docs/heads/<slug>.md with its front matter and the sections every head page has."""
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"'{slug}' is not a slug — use lowercase words joined by '-', e.g. successor-head")
    page = root / "docs" / "heads" / f"{slug}.md"
    if page.exists():
        raise ScaffoldError(f"{page.relative_to(root)} already exists — edit it instead")
    lines = ["---", f"name: {name}", f"aliases: {_flow(list(aliases))}", f"stage: {_flow(stages)}",
             f"category: {category}", "placement: site", f"related: {_flow(list(related))}", "---", ""]
    for section in ("Definition", "Mechanism", "Where it was found", "Relations to other heads", "Open questions"):
        lines += [f"## {section}", "", "% Write this section in your own words.", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    return page


def split_list(value: str | None) -> list[str]:
    """'a, b; c' → ['a', 'b', 'c'] for list options given on the command line."""
    return [part.strip() for part in re.split(r"[,;]", value or "") if part.strip()]
