"""The one table of generated-content kinds: what renders each, what it shows, what it takes.

The Sphinx glue reads this table for everything: a directive per placeable kind, the
renderer to call at doctree-resolved, the arguments a directive accepts, and which record
fields make a page that shows the kind stale (its rewrite set).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from docutils import nodes

from ..site import SiteIndex, paths
from ..sources.database import Database
from ..sources.vocab import Vocabulary
from . import authors, consensus, downloads, explorer, figures, headers, indexes, papers, recent, vocabulary
from .context import Context
from .hubs import hub_facts

#: Paper fields a generated list can show ("bib": title, authors, venue; "presence": the paper exists).
ALL_FIELDS = frozenset({"presence", "bib", "date", "added", "heads", "models", "methods", "tasks", "instances"})

#: What a head page shows of the papers that declare it.
ON_HEAD_PAGES = frozenset({"presence", "bib", "date", "heads"})


@dataclass(frozen=True)
class Kind:
    """One kind of generated content."""

    render: Callable[[Context, str], list[nodes.Node]]
    shows: frozenset[str] = ALL_FIELDS
    arguments: Callable[[Vocabulary, Database], Collection[str]] | None = None  # None: takes no argument
    directive: bool = True  # placed by a directive (otherwise inserted into catalogue pages)


def _own(render: Callable[[Context, str], list[nodes.Node]]) -> Callable[[Context, str], list[nodes.Node]]:
    """A part of a catalogue page: rendered for the page's own paper or head."""
    return lambda ctx, _arg: render(ctx, ctx.docname.partition("/")[2])


KINDS: dict[str, Kind] = {
    "paper-header": Kind(_own(headers.paper_header), directive=False),
    "paper-cite": Kind(_own(headers.paper_cite), frozenset({"bib"}), directive=False),
    "paper-located": Kind(_own(papers.paper_located), frozenset({"instances"}), directive=False),
    "paper-related": Kind(_own(papers.paper_related), directive=False),
    "head-header": Kind(_own(headers.head_header), ON_HEAD_PAGES, directive=False),
    "head-papers": Kind(_own(headers.head_papers), ON_HEAD_PAGES, directive=False),
    "head-key-papers": Kind(_own(headers.head_key_papers), ON_HEAD_PAGES, directive=False),
    "head-found": Kind(_own(headers.head_found), frozenset({"presence", "heads", "models", "instances"}), directive=False),
    "paper-index": Kind(indexes.paper_index, frozenset({"presence", "bib", "date"})),
    "head-index": Kind(indexes.head_index, frozenset({"presence", "heads"})),
    "stage-heads": Kind(indexes.stage_heads, frozenset({"presence", "heads"}), lambda vocab, db: vocab.stages),
    "method-papers": Kind(indexes.method_papers, frozenset({"presence", "bib", "date", "methods"}), lambda vocab, db: vocab.methods),
    "reference-list": Kind(indexes.reference_list, frozenset({"presence", "bib"})),
    "framework-diagram": Kind(figures.framework_diagram, frozenset()),
    "head-graph": Kind(figures.head_graph, frozenset()),
    "chart": Kind(figures.chart, frozenset({"presence", "date", "heads", "models"}), lambda vocab, db: figures.CHARTS),
    "head-atlas": Kind(figures.head_atlas, frozenset({"presence", "instances"})),
    "head-agreement": Kind(consensus.agreement, frozenset({"presence", "bib", "methods", "instances"})),
    "paper-explorer": Kind(explorer.paper_explorer, frozenset({"presence", "bib", "date", "heads", "models", "methods"})),
    "downloads": Kind(downloads.downloads, frozenset({"presence", "heads", "instances"})),
    "bibtex-entry": Kind(headers.paper_cite, frozenset({"bib"}), lambda vocab, db: db.entries),
    "site-citation": Kind(headers.site_citation, frozenset()),
    "author-index": Kind(authors.author_index, frozenset({"presence", "bib"})),
    "whats-new": Kind(recent.whats_new, frozenset({"presence", "bib", "date", "added"})),
    "recent-papers": Kind(recent.recent_papers, frozenset({"presence", "bib", "date", "added"})),
    "vocabulary": Kind(vocabulary.vocabulary, frozenset(), lambda vocab, db: vocabulary.SECTIONS),
    "catalogue-counts": Kind(recent.catalogue_counts, frozenset({"presence", "bib", "heads", "instances", "added"})),
}


def catalogue_sections(kind: str, located: bool) -> list[tuple[str, str]]:
    """The generated sections that close a catalogue page of ``kind`` ("paper" or "head"), as (title, id), each
    showing the placeholder kind ``f"{kind}-{id}"``; a paper's located heads only when it ``located`` some."""
    if kind == "head":
        return [("Papers", "papers")]
    return [("Heads located in this paper", "located")] * located + [("Related papers", "related"), ("Cite", "cite")]


def render(ctx: Context, kind: str, arg: str) -> list[nodes.Node]:
    """The nodes of one placeholder."""
    return KINDS[kind].render(ctx, arg)


def cross_record_digests(site: SiteIndex, kind_pages: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """What catalogue pages show of *other* records, as digests (compared build to build).

    Returns (document → digest of what it shows of other records, paper key → digest of its authors' pages):
    a paper page shows its related papers and its authors' pages; a head page shows the atlas
    entries and the head types declared beside it; every page links the explorer.
    """
    def digest(value: object) -> str:
        return hashlib.sha1(repr(value).encode()).hexdigest()

    raw = {k: e.raw for k, e in site.db.entries.items()}
    names = {k: [(slug, site.authors.by_slug[slug].index_name) for slug, _ in people]
             for k, people in site.authors.of_paper.items()}
    shared = sorted(kind_pages.items())
    docs = {paths.paper(k): digest((shared, names.get(k), [(r.key, r.shared, site.papers[r.key].date,
                                                                   raw.get(r.key), names.get(r.key)) for r in rel]))
            for k, rel in site.related.items()}
    for slug in site.heads:
        docs[paths.head(slug)] = digest((shared, hub_facts(site, slug)))
    return docs, {k: digest(v) for k, v in names.items()}
