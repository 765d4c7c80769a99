"""The ``headsurvey`` command: check the sources and format references.bib, without Sphinx."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .bib import BibSyntaxError, format_database
from .sources import Catalogue


def check(root: Path, fmt: str) -> int:
    """Validate every page, references.bib and the vocabularies; exit 1 on any problem."""
    catalogue = Catalogue.load(root)
    problems = catalogue.problems
    if fmt == "json":
        print(json.dumps({"problems": [p.as_dict() for p in problems], "papers": len(catalogue.papers), "heads": len(catalogue.heads)}, indent=2))
    else:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {len(catalogue.papers)} papers, {len(catalogue.heads)} heads", file=sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="headsurvey", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (holds docs/ and references.bib)")
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help="validate pages, references.bib and vocabularies")
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_fmt = commands.add_parser("fmt-bib", help="format references.bib canonically")
    p_fmt.add_argument("--check", action="store_true", help="only report whether it is formatted")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root, args.format)
    return fmt_bib(args.root, args.check)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
