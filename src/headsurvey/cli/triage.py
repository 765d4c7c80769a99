"""Candidates for the catalogue: matched against the head vocabulary, checked against what is known.

A paper's score counts how strongly its title and abstract speak of head types: a head's name
or alias in the title (3) or the abstract (2); for a paper that names no head type, each type
whose distinctive word shares a sentence with "heads" (1, a weaker hint); and attention heads
named at all (1). Papers already in
references.bib or judged out on the curation page are recognised by arXiv id, DOI or title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..sources.curation import Curation
from ..sources.database import Database
from ..sources.duplicates import normal_title
from ..sources.schema import Head
from .services import Paper

TITLE, ABSTRACT, WEAK, GENERIC = 3, 2, 1, 1
#: Words too common in papers about language models to suggest a head type on their own.
COMMON = {"language", "model", "models", "attention", "token", "tokens", "large", "specific", "layer", "head",
          "heads", "text", "input", "output", "task", "tasks", "new"}
HEADS = re.compile(r"(?<!multi )\b(?:attention )?heads?\b")
ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


def phrase_pattern(phrase: str) -> re.Pattern:
    """A folded phrase (as references.bib's duplicate check folds titles), its last word also in the plural."""
    return re.compile(r"\b" + re.escape(phrase) + r"(?:s|es)?\b")


@dataclass
class Vocabulary:
    """The head types' names and aliases (strong), and each type's distinctive words (weak)."""

    strong: list[tuple[str, re.Pattern, str]]  # (phrase, its pattern, slug), longest first
    weak: list[tuple[re.Pattern, str]]

    @classmethod
    def from_heads(cls, heads: Mapping[str, Head]) -> Vocabulary:
        strong, weak = [], []
        for slug, head in sorted(heads.items()):
            for name in dict.fromkeys(normal_title(n) for n in (head.name, *head.aliases)):
                if not name:
                    continue
                strong.append((name, phrase_pattern(name), slug))
                word = name.removesuffix(" head").strip()
                if word != name and len(word) >= 4 and word not in COMMON:
                    weak.append((phrase_pattern(word), slug))
        strong.sort(key=lambda item: -len(item[0]))
        return cls(strong, weak)

    def phrases(self) -> list[str]:
        """Every name and alias, normalised (for building queries)."""
        return [phrase for phrase, _, _ in self.strong]

    def score(self, title: str, abstract: str) -> tuple[int, list[str]]:
        """The paper's score and its suggested head slugs, strongest first."""
        points: dict[str, int] = {}
        for text, weight in ((normal_title(title), TITLE), (normal_title(abstract), ABSTRACT)):
            taken: list[tuple[int, int]] = []
            for _, pattern, slug in self.strong:
                for match in pattern.finditer(text):
                    if any(match.start() < end and start < match.end() for start, end in taken):
                        continue
                    taken.append(match.span())
                    points[slug] = max(points.get(slug, 0), weight)
        sentences = [normal_title(s) for s in re.split(r"(?<=[.!?;])\s+|\n", f"{title}.\n{abstract}")]
        about_heads = [s for s in sentences if HEADS.search(s)]
        for pattern, slug in self.weak if not points else ():  # hints only for a paper naming no head type
            if any(pattern.search(s) for s in about_heads):
                points[slug] = WEAK
        ranked = sorted(points, key=lambda slug: (-points[slug], slug))
        return sum(points.values()) + (GENERIC if about_heads else 0), ranked


def arxiv_of_doi(doi: str | None) -> str | None:
    match = ARXIV_DOI.fullmatch(doi or "")
    return match.group(1) if match else None


@dataclass
class Known:
    """The papers already catalogued or judged out: arXiv ids, DOIs and titles, with what they are."""

    arxiv: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → ("catalogued", key) or ("judged out", file:line)
    doi: dict[str, tuple[str, str]] = field(default_factory=dict)
    title: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, db: Database, curation: Curation) -> Known:
        known = cls()
        for item in curation.excluded:
            known.add(("judged out", f"{curation.path}:{item.line}"), item.arxiv, item.doi, item.title)
        for key, entry in db.entries.items():
            known.add(("catalogued", key), entry.arxiv_id, entry.get("doi"), entry.get("title"))
        return known

    def add(self, what: tuple[str, str], arxiv: str | None, doi: str | None, title: str | None) -> None:
        arxiv = arxiv or arxiv_of_doi(doi)
        if arxiv:
            self.arxiv[arxiv] = what
        if doi:
            self.doi[doi.lower()] = what
        if title and len(normal_title(title).split()) >= 3:  # a two-word description would match too much
            self.title[normal_title(title)] = what

    def why(self, paper: Paper) -> tuple[str, str] | None:
        """What the catalogue already says about ``paper``, or None if it is new."""
        arxiv = paper.arxiv or arxiv_of_doi(paper.doi)
        for found in (self.arxiv.get(arxiv or ""), self.doi.get((paper.doi or "").lower()), self.title.get(normal_title(paper.title))):
            if found:
                return found
        return None


@dataclass
class Candidate:
    """A paper offered for triage, merged over the sources that returned it."""

    paper: Paper
    score: int
    heads: list[str]
    sources: list[str]

    def as_dict(self) -> dict[str, object]:
        p = self.paper
        return {"arxiv": p.arxiv, "doi": p.doi, "title": p.title, "authors": p.authors, "date": p.date,
                "heads": self.heads, "score": self.score, "sources": self.sources}


def identity(paper: Paper) -> str:
    arxiv = paper.arxiv or arxiv_of_doi(paper.doi)
    return f"arxiv:{arxiv}" if arxiv else f"doi:{paper.doi.lower()}" if paper.doi else f"title:{normal_title(paper.title)}"


def merge(papers: Iterable[Paper]) -> list[tuple[Paper, list[str]]]:
    """One paper per work (arXiv id, else DOI, else title), arXiv's record first, with its sources."""
    merged: dict[str, tuple[Paper, list[str]]] = {}
    titles: dict[str, str] = {}
    for paper in papers:
        key = titles.get(normal_title(paper.title), identity(paper))
        titles.setdefault(normal_title(paper.title), key)
        if key not in merged:
            merged[key] = (paper, [paper.source])
            continue
        first, sources = merged[key]
        if paper.source not in sources:
            sources.append(paper.source)
        if first.source != "arxiv" and paper.source == "arxiv":
            paper.doi = paper.doi or first.doi
            merged[key] = (paper, sources)
        elif not first.abstract and paper.abstract:
            first.abstract = paper.abstract
    return list(merged.values())
