"""Cross-references of contributed pages checked as the build resolves them: {paper} to a paper
page, {head} to a head page, {term} to a glossary term (case-insensitive, as Sphinx matches
terms), {cite:p}/{cite:t} to a references.bib entry."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from .markdown import parser
from .problems import Problem

FIXES = {
    "paper": "use the key of a page in docs/papers/ (its file name)",
    "head": "use the slug of a page in docs/heads/ (its file name)",
    "term": "use a term defined in docs/glossary.md, or add it there",
    "cite": "use the key of an entry in references.bib",
}


def terms(docs: Path) -> set[str]:
    """Every term the site's {glossary} directives define, lower-cased, from any Markdown page."""
    found: set[str] = set()
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "{glossary}" not in text or "_build" in path.parts:
            continue
        for token in parser().parse(text):
            if token.type in ("fence", "colon_fence") and token.info.strip().split(maxsplit=1)[:1] == ["{glossary}"]:
                found |= {line.strip().lower() for line in token.content.splitlines()
                          if line.strip() and not line[:1].isspace() and not line.lstrip().startswith(":")}
    return found


def unknown_references(path: str, refs: list[tuple[str, str, int]], targets: Mapping[str, Collection[str]]) -> list[Problem]:
    """A problem for every cross-reference (role, target, line) of page ``path`` whose target does not exist."""
    problems = []
    for role, target, line in refs:
        kind = "cite" if role.startswith("cite:") else role
        known = targets[kind]
        if (target.lower() if kind == "term" else target) not in known:
            problems.append(Problem(path, line, f"{{{role}}} '{target}' points at nothing", FIXES[kind]))
    return problems
