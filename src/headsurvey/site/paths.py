"""Where every output lives: page names (the builder adds ``.html``), download and feed files,
and the anchors other pages link to.

Writers (exports, the Sphinx glue that adds pages) and link makers (pages, meta tags) both ask
this module, so each address is spelled once. Page names are relative to the site's root,
without suffix; file paths are relative to the HTML output folder.
"""

from __future__ import annotations

from ..sources import HEADS_DIR, PAPERS_DIR
from ..sources.normal import slug

ATLAS_DIR = "atlas"
AUTHORS_DIR = "authors"
YEARS_DIR = f"{PAPERS_DIR}/by-year"
LETTERS_DIR = "bibliography"
EXPLORER_DIR = "explorer"  # the explorer's data files
SEARCH_DIR = "search-index"  # the site search's index files (headsurvey.pages.searchindex)
DOWNLOADS_DIR = "downloads"
FEEDS_DIR = "feeds"

# --- pages ---------------------------------------------------------------------------------------


def paper(key: str) -> str:
    """A paper's page: 'papers/olsson2022context'."""
    return f"{PAPERS_DIR}/{key}"


def head(slug: str, part: int = 1) -> str:
    """A head type's page ('heads/induction-head'), or part ``part`` (from 2) of its paper list."""
    return f"{HEADS_DIR}/{slug}" + (f"/{part}" if part > 1 else "")


def author(slug: str, part: int = 1) -> str:
    """An author's page ('authors/jane-doe'), or part ``part`` (from 2) of their paper list."""
    return f"{AUTHORS_DIR}/{slug}" + (f"/{part}" if part > 1 else "")


def author_index(name: str) -> str:
    """A page of the author index, by letter: 'authors/letter/a', 'authors/letter/s-2'."""
    return f"{AUTHORS_DIR}/letter/{name}"


def model_slug(name: str) -> str:
    """The page name of a model ('GPT-2 small' → 'gpt-2-small')."""
    return slug(name)


def model(name: str) -> str:
    """A model's page in the atlas: 'atlas/gpt-2-small'."""
    return f"{ATLAS_DIR}/{model_slug(name)}"


def head_anchor(layer: int, head: int) -> str:
    """The id of a head's row (and grid cell) on its model's atlas page: 'h9-6'."""
    return f"h{layer}-{head}"


# --- downloads and feeds -------------------------------------------------------------------------

REFERENCES_BIB = f"{DOWNLOADS_DIR}/references.bib"
REFERENCES_RIS = f"{DOWNLOADS_DIR}/references.ris"
PAPERS_JSON = f"{DOWNLOADS_DIR}/papers.json"
HEADS_JSON = f"{DOWNLOADS_DIR}/heads.json"
PAPERS_CSV = f"{DOWNLOADS_DIR}/papers.csv"
PAPERS_CSL = f"{DOWNLOADS_DIR}/papers.csl.json"
ATLAS_JSON = f"{DOWNLOADS_DIR}/atlas.json"
ATLAS_SCHEMA = f"{DOWNLOADS_DIR}/atlas.schema.json"
SITE_FEED = f"{FEEDS_DIR}/papers.atom"


def bundle(group: str, ext: str) -> str:
    """The entries of a group of papers in one format: bundle('papers/x', 'bib') → 'downloads/papers/x.bib'."""
    return f"{DOWNLOADS_DIR}/{group}.{ext}"


def paper_file(key: str, ext: str) -> str:
    """One paper's entry: 'downloads/papers/olsson2022context.ris'."""
    return bundle(paper(key), ext)


def head_file(slug: str, ext: str) -> str:
    """The entries of the papers that declare a head type: 'downloads/heads/induction-head.bib'."""
    return bundle(f"{HEADS_DIR}/{slug}", ext)


def stage_file(code: str, ext: str) -> str:
    """The entries of the papers with a head of a stage: 'downloads/stages/KR.bib'."""
    return bundle(f"stages/{code}", ext)


def head_feed(slug: str) -> str:
    """A head type's Atom feed: 'feeds/heads/induction-head.atom'."""
    return f"{FEEDS_DIR}/{HEADS_DIR}/{slug}.atom"


def model_file(name: str) -> str:
    """A model's heads as JSON: 'downloads/atlas/gpt-2-small.json'."""
    return f"{DOWNLOADS_DIR}/{ATLAS_DIR}/{model_slug(name)}.json"


EXPLORER_FACETS = f"{EXPLORER_DIR}/facets.json"  # the filters' options, loaded when the explorer opens


def explorer_shard(what: str, i: int) -> str:
    """One shard of the explorer's data: 'explorer/papers-0.json'."""
    return f"{EXPLORER_DIR}/{what}-{i}.json"


# --- search index --------------------------------------------------------------------------------

SEARCH_META = f"{SEARCH_DIR}/meta.json"  # what the search page reads first: the index's size and format


def search_words(bucket: int) -> str:
    """The file of one bucket of the search index's words: 'search-index/words/12.json'."""
    return f"{SEARCH_DIR}/words/{bucket}.json"


def search_page(number: int) -> str:
    """The file of what a search result shows of page ``number``: 'search-index/pages/12.json'."""
    return f"{SEARCH_DIR}/pages/{number}.json"
