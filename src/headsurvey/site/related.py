"""Related papers: a stated, deterministic rule, linear in the catalogue's size.

Score of another paper = 3 × shared head types + 2 × shared authors + shared models + shared
methods. A paper lists the RELATED_TOP best scores of at least MIN_SCORE, ties going to the
newer paper, then to the smaller key. Only papers near each other are compared: for each head
type, author, model and method a paper has, the WINDOW papers with that feature closest to it
in release date are its candidates (a head studied by thousands of papers costs the same as
one studied by fifty); the SHORTLIST candidates that share the most within those windows are
scored in full, and the best of them are listed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from heapq import nsmallest

from ..sources.schema import Paper

WEIGHTS = {"head": 3, "author": 2, "model": 1, "method": 1}
RELATED_TOP = 5
MIN_SCORE = 2
WINDOW = 40
SHORTLIST = 20

Feature = tuple[str, str]


@dataclass(frozen=True)
class Related:
    """Another paper, its score, and what the two share (kind, value), in WEIGHTS order."""

    key: str
    score: int
    shared: tuple[Feature, ...]


def features(paper: Paper, authors: Iterable[str]) -> list[Feature]:
    """What a paper can share with another: its heads, authors, models and methods."""
    found = [("head", h) for h in paper.heads] + [("author", a) for a in authors]
    found += [("model", m) for m in paper.models] + [("method", m) for m in paper.methods]
    return list(dict.fromkeys(found))


def related_papers(papers: dict[str, Paper], authors_of: Callable[[str], Iterable[str]]) -> dict[str, list[Related]]:
    """For every paper, its related papers by the rule of this module's docstring."""
    order = sorted(papers.values(), key=lambda p: (p.date, p.key))
    rank = {p.key: i for i, p in enumerate(order)}
    by_tie = sorted(order, key=lambda p: p.key)
    by_tie.sort(key=lambda p: p.date, reverse=True)  # newest first, equal dates by key (stable sort)
    size = len(order)
    tie = [0] * size
    for i, p in enumerate(by_tie):
        tie[rank[p.key]] = i
    feats = {p.key: features(p, authors_of(p.key)) for p in order}
    postings: dict[Feature, list[int]] = defaultdict(list)  # papers by release order
    for p in order:
        for f in feats[p.key]:
            postings[f].append(rank[p.key])
    out: dict[str, list[Related]] = {}
    for p in order:
        me = rank[p.key]
        scores: dict[int, int] = {}
        get = scores.get
        for f in feats[p.key]:
            posting = postings[f]
            if len(posting) == 1:
                continue
            i = bisect_left(posting, me)
            start = min(max(0, i - WINDOW // 2), max(0, len(posting) - WINDOW - 1))
            weight = WEIGHTS[f[0]]
            for other in posting[start:start + WINDOW + 1]:
                scores[other] = get(other, 0) + weight
        scores.pop(me, None)
        # One number per candidate: higher score first, then tie (newer first, then smaller key).
        shortlist = nsmallest(SHORTLIST, (tie[o] - s * size for o, s in scores.items()))
        mine = set(feats[p.key])
        found = []
        for value in shortlist:
            candidate = by_tie[value % size]
            shared = tuple(f for f in feats[candidate.key] if f in mine)
            score = sum(WEIGHTS[k] for k, _ in shared)
            if score >= MIN_SCORE:
                found.append((tie[rank[candidate.key]] - score * size, Related(candidate.key, score, shared)))
        out[p.key] = [r for _, r in sorted(found)[:RELATED_TOP]]
    return out
