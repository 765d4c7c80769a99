"""The explorer's facets of a paper, their options, and how its data is cut into shards (newest first)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from ..sources.schema import Paper
from .index import STAGE_ORDER, SiteIndex, newest_first

#: Papers per shard of the explorer's data; the explorer's first page is the start of shard 0.
SHARD_SIZE = 1000
#: The family facet's value for a paper that names no model of the vocabulary.
UNKNOWN_FAMILY = "unknown"
#: How the explorer names UNKNOWN_FAMILY.
UNKNOWN_LABEL = "Unknown model"
#: URL parameter and label of each facet, in the order the explorer shows them.
FACETS = (("head", "Head type"), ("stage", "Stage"), ("family", "Model family"), ("model", "Exact model"),
          ("method", "Method"), ("year", "Year of first release"), ("published", "Publication year (BibTeX)"),
          ("venue", "Venue"))


def shards(site: SiteIndex) -> list[list[Paper]]:
    """The papers newest first, cut into shards of ``SHARD_SIZE``."""
    papers = newest_first(site.papers.values())
    return [papers[i:i + SHARD_SIZE] for i in range(0, len(papers), SHARD_SIZE)]


def facets(site: SiteIndex, paper: Paper) -> dict[str, list[str]]:
    """The facet values of one paper, by facet (a paper without a known model has UNKNOWN_FAMILY).

    ``year`` is the year of first release (the page's ``date``), ``published`` the year of the
    references.bib entry (the venue's year): a 2025 preprint at a 2026 conference has both.
    """
    entry = site.db.entries.get(paper.key)
    return {"head": list(paper.heads), "stage": site.stages_of(paper.heads),
            "family": site.families_of(paper) or [UNKNOWN_FAMILY], "model": list(paper.models),
            "method": list(paper.methods), "year": [paper.date[:4]],
            "published": [entry.year] if entry and entry.year else [], "venue": [site.venue(paper.key)]}


def labels(site: SiteIndex) -> dict[str, dict[str, str]]:
    """Per facet, the name a reader sees for a value where it is not the value itself."""
    return {
        "head": {s: h.name for s, h in site.heads.items()},
        "stage": {c: f"{c} · {s.name}" for c, s in site.vocab.stages.items()},
        "method": {s: m.name for s, m in site.vocab.methods.items()},
        "family": {UNKNOWN_FAMILY: UNKNOWN_LABEL},
    }


def _order(facet: str, counts: Counter[str], label: Callable[[str], str]) -> list[str]:
    """Facet values in reading order: stages as the framework, years newest first, the rest by name."""
    if facet == "stage":
        return [c for c in STAGE_ORDER if c in counts]
    if facet in ("year", "published"):
        return sorted(counts, reverse=True)
    return sorted(counts, key=lambda v: (v == UNKNOWN_FAMILY, label(v).casefold(), v))


def options(site: SiteIndex, values: Iterable[dict[str, list[str]]]) -> dict[str, list[tuple[str, str, int]]]:
    """Per facet, its options in reading order as (value, label, papers): the explorer's selects,
    loaded as data (explorer/facets.json) so that the page does not grow with the vocabulary.
    ``values``: every paper's :func:`facets`, computed once by the caller."""
    counts: dict[str, Counter[str]] = {facet: Counter() for facet, _ in FACETS}
    for found_by_facet in values:
        for facet, found in found_by_facet.items():
            counts[facet].update(found)
    names = labels(site)
    out = {}
    for facet, _title in FACETS:
        named = names.get(facet, {})

        def label(value: str, named: dict[str, str] = named) -> str:
            return named.get(value, value)

        out[facet] = [(v, label(v), counts[facet][v]) for v in _order(facet, counts[facet], label)]
    return out


def family_counts(site: SiteIndex, slug: str) -> list[tuple[str, tuple[int, int]]]:
    """Model families of a head type's papers: family → (papers, located heads of the type), most papers first."""
    papers: dict[str, int] = {}
    heads: dict[str, int] = {}
    for paper in site.by_head.get(slug, []):
        for family in site.families_of(paper) or [UNKNOWN_FAMILY]:
            papers[family] = papers.get(family, 0) + 1
        for inst in paper.instances:
            if inst.role == slug and inst.model in site.vocab.models:
                family = site.vocab.models[inst.model].family
                heads[family] = heads.get(family, 0) + 1
    return sorted(((f, (n, heads.get(f, 0))) for f, n in papers.items()), key=lambda kv: (-kv[1][0], kv[0] == UNKNOWN_FAMILY, kv[0]))
