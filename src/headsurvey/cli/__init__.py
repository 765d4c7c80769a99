"""Command line: the ``headsurvey`` command checks the sources, formats references.bib, adds and scaffolds pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..sources import SourceRecords
from ..sources.bib import BibSyntaxError, format_database
from . import add as addcmd
from . import discover, from_issue, refresh, scaffold
from .report import FORMATS, github_annotation, print_plan, print_problems

__all__ = ["github_annotation", "main"]


def check(root: Path, fmt: str) -> int:
    """Validate every page, references.bib and the vocabularies; exit 1 on any problem."""
    catalogue = SourceRecords.load(root)
    problems = catalogue.problems
    print_problems(problems, fmt, f"{len(problems)} problem(s) in {len(catalogue.papers)} papers, {len(catalogue.heads)} heads",
                   {"papers": len(catalogue.papers), "heads": len(catalogue.heads)})
    return 1 if problems else 0


def fmt_bib(root: Path, only_check: bool) -> int:
    """Rewrite references.bib in canonical form (sorted keys, fixed field order)."""
    path = root / "references.bib"
    text = path.read_text(encoding="utf-8")
    try:
        formatted = format_database(text)
    except BibSyntaxError as exc:
        print(f"references.bib:{exc.line}: {exc} — {exc.fix}")
        return 1
    if formatted == text:
        return 0
    if only_check:
        print("references.bib is not in canonical form — run: headsurvey fmt-bib")
        return 1
    path.write_text(formatted, encoding="utf-8")
    print("references.bib reformatted")
    return 0


def new(args: argparse.Namespace) -> int:
    """Scaffold a paper page with its bib entry, or a head page."""
    try:
        if args.kind == "paper":
            entry = scaffold.bib_entry(args.key, args.title, args.authors, args.year, arxiv=args.arxiv, doi=args.doi,
                                       url=args.url, journal=args.journal, booktitle=args.booktitle,
                                       primary_class=args.primary_class)
            text = scaffold.paper_text(args.date, scaffold.split_list(args.heads), scaffold.split_list(args.models),
                                       scaffold.split_list(args.methods), scaffold.split_list(args.tasks), args.code,
                                       models_note=args.models_note)
            page = scaffold.write_paper(args.root, args.key, entry, text)[0][0]
        else:
            page = scaffold.new_head(args.root, args.slug, args.name, scaffold.split_list(args.stage), args.category,
                                     scaffold.split_list(args.related), scaffold.split_list(args.aliases))
    except scaffold.ScaffoldError as exc:
        print(f"headsurvey new: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {page.relative_to(args.root)}" + (" and its entry in references.bib" if args.kind == "paper" else ""))
    print("next: write the " + ("summary" if args.kind == "paper" else "sections") + ", then run: headsurvey check")
    return 0


def add_paper(args: argparse.Namespace) -> int:
    """Write a paper's entry and page from an arXiv id, a DOI or a pasted BibTeX entry."""
    heads, models, methods, tasks = (tuple(scaffold.split_list(v)) for v in
                                     (args.heads, args.models, args.methods, args.tasks))
    request = addcmd.Request(args.source, args.key, args.date, heads, models, methods, tasks, args.code,
                             args.models_note)
    try:
        plan, notes = addcmd.add(args.root, request, stdin=sys.stdin.read() if args.source == "-" else "", dry_run=args.dry_run)
    except addcmd.AddError as exc:
        print(f"headsurvey add: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}")
    print_plan(args.root, plan, args.dry_run)
    if args.dry_run:
        print("dry run: nothing written")
    elif any(path.suffix == ".md" for path, _ in plan):
        print("next: write the summary in the page, then run: headsurvey check")
    return 0


def _front_matter_options(parser: argparse.ArgumentParser, required: bool) -> None:
    """The options that fill a paper page's front matter (``add`` can take the date from the record)."""
    parser.add_argument("--date", required=required, help="first public release, YYYY-MM-DD" + ("" if required else " (default: from the record)"))
    parser.add_argument("--heads", required=required, help="head slugs, comma-separated" + ("" if required else " (needed to write the page)"))
    parser.add_argument("--models", help="model names from docs/_data/models.yaml, comma-separated")
    parser.add_argument("--models-note", help="only when the paper names no model: why (theory only, models trained from scratch)")
    parser.add_argument("--methods", help="method slugs from docs/_data/methods.yaml, comma-separated")
    parser.add_argument("--tasks", help="tasks, comma-separated")
    parser.add_argument("--code", help="https URL of the official code")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="headsurvey", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (holds docs/ and references.bib)")
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help="validate pages, references.bib and vocabularies")
    p_check.add_argument("--format", choices=FORMATS, default="text",
                         help="github: workflow-command annotations shown on the pull request's lines")
    p_fmt = commands.add_parser("fmt-bib", help="format references.bib canonically")
    p_fmt.add_argument("--check", action="store_true", help="only report whether it is formatted")
    p_new = commands.add_parser("new", help="scaffold a page")
    kinds = p_new.add_subparsers(dest="kind", required=True)
    paper = kinds.add_parser("paper", help="a paper page and its references.bib entry")
    paper.add_argument("key", help="BibTeX key, e.g. wang2023interpretability (also the file name)")
    paper.add_argument("--title", required=True)
    paper.add_argument("--authors", required=True, help="'Last, First and Last, First' (every author)")
    paper.add_argument("--year", required=True)
    _front_matter_options(paper, required=True)
    paper.add_argument("--arxiv", help="arXiv identifier, e.g. 2211.00593")
    paper.add_argument("--primary-class", help="arXiv primary category, e.g. cs.CL")
    paper.add_argument("--doi")
    paper.add_argument("--url")
    venue = paper.add_mutually_exclusive_group()
    venue.add_argument("--journal")
    venue.add_argument("--booktitle", help="proceedings title")
    head = kinds.add_parser("head", help="a head type page")
    head.add_argument("slug", help="e.g. successor-head (also the file name)")
    head.add_argument("--name", required=True)
    head.add_argument("--stage", required=True, help="KR, ICI, LR or EP (comma-separated if several)")
    head.add_argument("--category", required=True, help="sub-category of the stage (docs/_data/stages.yaml)")
    head.add_argument("--related", help="related head slugs, comma-separated")
    head.add_argument("--aliases", help="other names, comma-separated")
    p_add = commands.add_parser("add", help="a paper's entry and page from an arXiv id, a DOI or pasted BibTeX")
    p_add.add_argument("source", nargs="?", help="arXiv id, DOI, or '-' to read one BibTeX entry from standard input")
    p_add.add_argument("--key", help="BibTeX key, kept as given (default: a pasted entry's own key when it has the form "
                       "lastname+year+word and is free, else lastname, year, first title word)")
    _front_matter_options(p_add, required=False)
    p_add.add_argument("--dry-run", action="store_true", help="print what would be written (a diff) and write nothing")
    p_issue = commands.add_parser("from-issue", help="the page and entry (or the correction) an issue form asks for")
    p_issue.add_argument("file", help="the issue's body as GitHub renders the form, or '-' for standard input")
    p_issue.add_argument("--format", choices=(*FORMATS, "markdown"), default="text",
                         help="github: workflow-command annotations; markdown: a comment for the issue")
    p_issue.add_argument("--dry-run", action="store_true", help="print what would be written (a diff) and write nothing")
    discover.add_arguments(commands.add_parser("discover", help="new papers from arXiv and Semantic Scholar, ranked for triage"))
    refresh.add_arguments(commands.add_parser("refresh", help="published versions of arXiv-only entries (Semantic Scholar)"))
    args = parser.parse_args(argv)
    if args.command in ("discover", "refresh"):
        return (discover if args.command == "discover" else refresh).main(args)
    if args.command == "check":
        return check(args.root, args.format)
    if args.command == "new":
        return new(args)
    if args.command == "add":
        return add_paper(args)
    if args.command == "from-issue":
        return from_issue.command(args.root, args.file, args.format, args.dry_run)
    return fmt_bib(args.root, args.check)

