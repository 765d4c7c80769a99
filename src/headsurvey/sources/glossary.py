"""Cross-references of contributed pages checked as the build resolves them: {paper} to a paper
page, {head} to a head page, {term} to a glossary term (case-insensitive, as Sphinx matches
terms), {cite:p}/{cite:t} to a references.bib entry."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from .markdown import parser
from .problems import Problem

FIXES = {
    "paper": "use the key of a page in docs/papers/ (its file name)",
    "head": "use the slug of a page in docs/heads/ (its file name)",
    "term": "use a term defined in docs/glossary.md, or add it there",
    "cite": "use the key of an entry in references.bib",
}


def definitions(pages: Iterable[Path]) -> dict[str, str]:
    """Every term the {glossary} directives of these Markdown pages define, lower-cased, with its
    definition's text."""
    found: dict[str, str] = {}
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "{glossary}" not in text or "_build" in path.parts:
            continue
        for token in parser().parse(text):
            if token.type in ("fence", "colon_fence") and token.info.strip().split(maxsplit=1)[:1] == ["{glossary}"]:
                group: list[str] = []  # the terms sharing the definition being read
                defined = False
                for line in token.content.splitlines():
                    if line.strip() and not line[:1].isspace() and not line.lstrip().startswith(":"):
                        group, defined = ([] if defined else group) + [line.strip().lower()], False
                        found.setdefault(group[-1], "")
                    elif group and line.strip():
                        defined = True
                        for term in group:
                            found[term] += line.strip() + "\n"
    return found


def terms(docs: Path) -> set[str]:
    """Every term the site's {glossary} directives define, lower-cased."""
    return set(definitions(sorted(docs.rglob("*.md"))))


PAPER_ROLE = re.compile(r"\{paper\}`([^`<]*?)(?:\s*<([^>]+)>)?`")


def term_papers(pages: Iterable[Path]) -> dict[str, list[str]]:
    """Each glossary term → the papers its definition cites with {paper}, in order: the term's key
    papers, as a head type's ``key_papers`` are the head's (the site search ranks them first)."""
    found = {}
    for term, text in definitions(pages).items():
        keys = [m.group(2) or m.group(1).strip() for m in PAPER_ROLE.finditer(text)]
        if keys:
            found[term] = list(dict.fromkeys(keys))
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
