"""All records of one build, indexed for the pages and downloads that list them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..sources.citation import csl_item
from ..sources.database import Database
from ..sources.schema import Head, Paper
from ..sources.vocab import Vocabulary
from .authors import Authors, index_authors
from .related import Related, related_papers

STAGE_ORDER = ("KR", "ICI", "LR", "EP")


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.date, p.key), reverse=True)


@dataclass
class SiteIndex:
    """The records of one build, indexed: papers by key, heads by slug, papers per head (newest
    first), the database and vocabularies, and what is derived from them (authors, related papers,
    citation records). Made from the records the domain collected, which are the ones
    :class:`headsurvey.sources.SourceRecords` reads for the checker."""

    papers: dict[str, Paper]
    heads: dict[str, Head]
    by_head: dict[str, list[Paper]]
    db: Database
    vocab: Vocabulary
    _citations: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _venues: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, papers: dict[str, Paper], heads: dict[str, Head], db: Database, vocab: Vocabulary) -> SiteIndex:
        by_head: dict[str, list[Paper]] = defaultdict(list)
        for paper in newest_first(papers.values()):
            for slug in paper.heads:
                by_head[slug].append(paper)
        return cls(papers, heads, dict(by_head), db, vocab)

    def citation(self, key: str) -> dict[str, Any]:
        """The citation record (CSL-JSON item, :mod:`headsurvey.sources.citation`) of the entry ``key``,
        made once per build and shared by every format that is written from it (CSL-JSON, RIS, the
        explorer's downloads, COinS, meta tags, JSON-LD): read it, never change it. The cache is
        keyed by the entry's key, which is safe because the database and its (frozen) entries do not
        change during a build."""
        item = self._citations.get(key)
        if item is None:
            item = self._citations[key] = csl_item(self.db.entries[key])
        return item

    @cached_property
    def authors(self) -> Authors:
        """Every author of the catalogue, one record per person (see :mod:`.authors`)."""
        return index_authors(self.papers.values(), self.db.entries, self.vocab.authors if self.vocab else None)

    @cached_property
    def related(self) -> dict[str, list[Related]]:
        """Each paper's related papers (see :mod:`.related`)."""
        return related_papers(self.papers, self.authors.slugs_of)

    def derived_inputs(self) -> dict[str, tuple[Any, ...]]:
        """What :attr:`authors` and :attr:`related` are made from (the glue keeps them between builds
        by these): release dates and author lists with the alias table; then every paper's features."""
        aliases = sorted(self.vocab.authors.items()) if self.vocab else []
        papers = sorted(self.papers.values(), key=lambda p: p.key)
        entries = self.db.entries
        authors = tuple((p.key, p.date, e.get("author") if (e := entries.get(p.key)) else None) for p in papers)
        return {"authors": (aliases, authors),
                "related": tuple((p.key, p.date, p.heads, p.models, p.methods) for p in papers)}

    @cached_property
    def models_by_role(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Head type → model → (reports, distinct heads) of that type in the model (models sorted)."""
        found: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        for paper in self.papers.values():
            for inst in paper.instances:
                found[inst.role][inst.model].append((inst.layer, inst.head))
        return {role: {m: (len(h), len(set(h))) for m, h in sorted(models.items())} for role, models in found.items()}

    @cached_property
    def key_for(self) -> dict[str, list[tuple[str, int]]]:
        """Paper key → (head slug, position among that head's key papers, from 1) for every head naming it."""
        found: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for slug, head in sorted(self.heads.items()):
            for position, key_paper in enumerate(head.key_papers, start=1):
                found[key_paper.paper].append((slug, position))
        return dict(found)

    def recent(self, count: int) -> list[Paper]:
        """The ``count`` papers added last (by ``added``, then release date, then key)."""
        return sorted(self.papers.values(), key=lambda p: (p.added, p.date, p.key), reverse=True)[:count]

    def stages_of(self, heads: Iterable[str]) -> list[str]:
        """Stage codes of the given head slugs, in framework order."""
        found = {code for slug in heads if slug in self.heads for code in self.heads[slug].stages}
        return [code for code in STAGE_ORDER if code in found]

    def families_of(self, paper: Paper) -> list[str]:
        """Model families a paper studies, sorted."""
        return sorted({self.vocab.models[m].family for m in paper.models if m in self.vocab.models})

    def venue(self, key: str) -> str:
        """An entry's short venue name (ICLR 2025, arXiv) from the venue vocabulary, else its venue as
        written (made once per entry, as :meth:`citation`)."""
        found = self._venues.get(key)
        if found is None:
            entry = self.db.entries.get(key)
            name = self.vocab.venue_name(entry.venue, entry.year) if entry is not None else None
            found = self._venues[key] = name or (entry.venue if entry is not None else "") or "Unpublished"
        return found

    def title(self, key: str) -> str:
        """A paper's title as text (its key when references.bib has no entry for it)."""
        entry = self.db.entries.get(key)
        return entry.title_text if entry else key

    def head_name(self, slug: str) -> str:
        """A head type's display name (its slug when it has no page)."""
        return self.heads[slug].name if slug in self.heads else slug

    def method_names(self, slugs: Iterable[str]) -> list[str]:
        methods = self.vocab.methods
        return [methods[s].name if s in methods else s for s in slugs]
