"""``headsurvey discover``: new papers for the catalogue from arXiv and Semantic Scholar, ranked for triage.

arXiv is searched for the head vocabulary's names and aliases (docs/heads/*.md) and for the
query families of docs/_data/searches.yaml that list ``arxiv``; Semantic Scholar is asked for the
papers citing the survey (and any paper given with ``--cited-by``). Papers already in
references.bib or judged out in docs/_data/excluded.yaml are left out; the rest are ranked by
:mod:`.triage` and printed as a Markdown table (or JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import SourceRecords, links
from ..sources.duplicates import normal_title
from . import triage
from .polite import Polite
from .services import Paper, ServiceError, arxiv_search, cli_client, s2_citations

SURVEY = "2409.03752"
QUERY_CHARS = 1000  # longest arXiv query built from the vocabulary (names joined by OR)
FIELD = re.compile(r"\b(?:ti|au|abs|co|jr|cat|rn|id|all):")
SOURCES = ("arxiv", "s2")


@dataclass
class Options:
    """What the command line asked for."""

    sources: tuple[str, ...] = SOURCES
    since: dt.date | None = None
    cited_by: tuple[str, ...] = (SURVEY,)
    fmt: str = "markdown"
    min_score: int = 1
    page_size: int = 100
    max_pages: int = 3


@dataclass
class Outcome:
    """The candidates, what was left out and why, and the sources that failed."""

    candidates: list[triage.Candidate] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def vocabulary_queries(phrases: list[str]) -> list[str]:
    """The head names and aliases as arXiv queries of ``all:"phrase" OR ...``, each at most QUERY_CHARS long."""
    queries: list[str] = []
    current: list[str] = []
    for phrase in sorted(set(phrases)):
        term = f'all:"{phrase}"'
        if current and len(" OR ".join([*current, term])) > QUERY_CHARS:
            queries.append(" OR ".join(current))
            current = []
        current.append(term)
    return queries + ([" OR ".join(current)] if current else [])


def family_query(text: str) -> str:
    """A query of searches.yaml in arXiv's syntax: as written if it names fields, else every word or "phrase" in all fields."""
    if FIELD.search(text):
        return text
    return " AND ".join(f"all:{token}" for token in re.findall(r'"[^"]+"|\S+', text))


def cited_ids(values: tuple[str, ...], catalogue: SourceRecords) -> tuple[list[str], list[str]]:
    """Semantic Scholar ids (ARXIV:…, DOI:…) for arXiv ids, DOIs or references.bib keys; and notes."""
    ids, notes = [], []
    for value in values:
        entry = catalogue.db.entries.get(value) if catalogue.db else None
        if entry is not None:
            value = entry.arxiv_id or entry.get("doi") or ""
        if links.ARXIV.fullmatch(value):
            ids.append(f"ARXIV:{value}")
        elif links.DOI.fullmatch(value):
            ids.append(f"DOI:{value}")
        else:
            notes.append(f"--cited-by: '{value}' is not an arXiv id, a DOI or a key with one — left out")
    return ids, notes


def collect(root: Path, options: Options, http: Polite, today: dt.date) -> Outcome:
    """Ask the sources, merge what they return, and sort out what is new."""
    catalogue = SourceRecords.load(root)
    vocab = triage.Vocabulary.from_heads(catalogue.heads)
    assert catalogue.db is not None and catalogue.curation is not None  # SourceRecords.load reads both
    known = triage.Known.of(catalogue.db, catalogue.curation)
    outcome = Outcome()
    papers: list[Paper] = []
    if "arxiv" in options.sources:
        families = [family_query(q) for s in catalogue.curation.searches
                    if any(normal_title(name).startswith("arxiv") for name in s.sources) for q in s.queries]
        try:
            for query in vocabulary_queries(vocab.phrases()) + list(dict.fromkeys(families)):
                papers += arxiv_search(http, query, options.since, today, options.page_size, options.max_pages)
        except ServiceError as exc:
            outcome.failed.append(str(exc))
    if "s2" in options.sources:
        ids, outcome.notes = cited_ids(options.cited_by, catalogue)
        try:
            for paper_id in ids:
                papers += s2_citations(http, paper_id, options.since, options.page_size, options.max_pages * 5)
        except ServiceError as exc:
            outcome.failed.append(str(exc))
    for paper, sources in triage.merge(papers):
        why = known.why(paper)
        score, heads = vocab.score(paper.title, paper.abstract)
        reason = why[0] if why else ("not about heads" if score < options.min_score else None)
        if reason:
            outcome.left_out[reason] = outcome.left_out.get(reason, 0) + 1
        else:
            outcome.candidates.append(triage.Candidate(paper, score, heads, sources))
    outcome.candidates.sort(key=lambda c: c.paper.title)
    outcome.candidates.sort(key=lambda c: c.paper.date or "", reverse=True)  # newest first within a score
    outcome.candidates.sort(key=lambda c: -c.score)
    return outcome


def md(text: str) -> str:
    """Untrusted text for a Markdown table cell: no markup, no mention, no HTML, no line break."""
    text = re.sub(r"([\\`*_\[\]|#~!()])", r"\\\1", " ".join(text.split()))
    return html.escape(text, quote=False).replace("@", "&#64;")


def markdown(outcome: Outcome, options: Options, today: dt.date) -> str:
    """The triage table, with a line saying what was asked and what was left out."""
    asked = "headsurvey discover" + (f" --since {options.since.isoformat()}" if options.since else "")
    left = ", ".join(f"{n} {why}" for why, n in sorted(outcome.left_out.items())) or "nothing"
    lines = [f"{len(outcome.candidates)} candidate(s) from `{asked}` on {today.isoformat()} "
             f"(sources: {', '.join(options.sources)}); left out: {left}.", ""]
    lines += [f"> **Note:** {md(failure)}; the table holds the other source's results only." for failure in outcome.failed]
    lines += [""] if outcome.failed else []
    if not outcome.candidates:
        return "\n".join([*lines, "No new candidate."]) + "\n"
    lines += ["| score | paper | date | suggested heads | sources |", "| ---: | --- | --- | --- | --- |"]
    for c in outcome.candidates:
        p = c.paper
        url = links.arxiv(p.arxiv) or links.doi(p.doi)
        title = f"[{md(p.title)}]({url})" if url else md(p.title)
        who = md(p.authors[0] + (" et al." if len(p.authors) > 1 else "")) if p.authors else ""
        heads = ", ".join(f"`{slug}`" for slug in c.heads) or "—"
        lines.append(f"| {c.score} | {title}{' — ' + who if who else ''} | {p.date or '—'} | {heads} | {', '.join(c.sources)} |")
    return "\n".join(lines) + "\n"


def run(root: Path, options: Options, http: Polite, today: dt.date | None = None) -> int:
    """Print the candidates; exit 1 if a source could not be asked (the others are still printed)."""
    today = today or dt.date.today()
    outcome = collect(root, options, http, today)
    for failure in outcome.failed:
        print(f"headsurvey discover: {failure}", file=sys.stderr)
    for note in outcome.notes:
        print(f"note: {note}", file=sys.stderr)
    if outcome.failed and len(outcome.failed) < len(options.sources):
        print("note: the results below come from the other source only", file=sys.stderr)
    if options.fmt == "json":
        print(json.dumps([c.as_dict() for c in outcome.candidates], indent=2, ensure_ascii=False))
    else:
        print(markdown(outcome, options, today), end="")
    return 1 if outcome.failed else 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def _sources(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in SOURCES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown source(s) {', '.join(unknown) or '(none)'}: use arxiv, s2 or arxiv,s2")
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", type=_sources, default=SOURCES, help="arxiv, s2 or arxiv,s2 (default both)")
    parser.add_argument("--since", type=_date, help="only papers from this day on (YYYY-MM-DD)")
    parser.add_argument("--cited-by", default=SURVEY,
                        help=f"Semantic Scholar: papers citing these arXiv ids, DOIs or references.bib keys, comma-separated (default {SURVEY}, the survey)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="a Markdown triage table (default) or JSON")
    parser.add_argument("--min-score", type=int, default=1, help="leave out papers scoring less (default 1)")
    parser.add_argument("--cache-dir", type=Path, help="where answers are kept for a day (default ~/.cache/headsurvey)")
    parser.add_argument("--no-cache", action="store_true", help="ask the services again even if an answer is cached")


def main(args: argparse.Namespace) -> int:
    cited = tuple(v.strip() for v in args.cited_by.split(",") if v.strip())
    options = Options(args.sources, args.since, cited, args.format, args.min_score)
    return run(args.root, options, cli_client(args.cache_dir, args.no_cache))
