"""Write the site search's index (:mod:`headsurvey.pages.searchindex`) from the staged search records.

A memo in the staging folder keeps, for the index last written, the common inputs (the index's
format is this package's code), the pages in order, each page's record digest and its words. When
the pages and the inputs are those of the memo, only what the changed records touch is written
again: their pages' files, and the buckets of their old and new words, each read, those words'
postings mended, and written back in the one form a clean build writes. Otherwise (a page added or removed
renumbers the pages; new inputs) the index is written whole, into an emptied folder.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from sphinx.util import logging

from ..pages import searchindex as index
from ..site import paths
from .search import Staged

logger = logging.getLogger(__name__)


def build(outdir: Path, records: Staged, inputs: str) -> str:
    """Bring the index in ``outdir`` up to date with the staged ``records``. How: "unchanged", "mended" or "written"."""
    start = time.perf_counter()
    pages = sorted(records.digests)
    digests = [records.digests[p] for p in pages]
    memo_file = records.staging / "search-index.json"
    try:
        memo = json.loads(memo_file.read_text())
    except (OSError, ValueError):
        memo = {}
    whole = (memo.get("inputs") != inputs or memo.get("pages") != pages or "words_of" not in memo
             or not (outdir / paths.SEARCH_META).exists())
    if whole:
        words_of = _write_whole(outdir, records, pages)
        how = "written"
    else:
        changed = [n for n, digest in enumerate(digests) if memo["digests"][n] != digest]
        if not changed:
            return "unchanged"
        words_of = memo["words_of"]
        try:
            _mend(outdir, records, pages, changed, words_of)
            how = "mended"
        except (OSError, ValueError):  # an index file gone or altered since: written whole instead
            words_of, how = _write_whole(outdir, records, pages), "written"
    memo_file.write_text(json.dumps({"inputs": inputs, "pages": pages, "digests": digests, "words_of": words_of}))
    logger.info("search index: %s (%d pages) in %.1f s", how, len(pages), time.perf_counter() - start)
    return how


def remove(outdir: Path) -> None:
    """No index: the search is switched off (an index left from an earlier build goes)."""
    shutil.rmtree(outdir / paths.SEARCH_DIR, ignore_errors=True)


def _write_whole(outdir: Path, records: Staged, pages: list[str]) -> list[list[str]]:
    """Write every file of the index; each page's words."""
    shutil.rmtree(outdir / paths.SEARCH_DIR, ignore_errors=True)  # no file of a larger index stays behind
    for folder in (paths.search_page(0), paths.search_words(0)):
        (outdir / folder).parent.mkdir(parents=True)
    count = index.bucket_count(len(pages))
    buckets: list[dict[str, list[tuple[int, int]]]] = [{} for _ in range(count)]
    words_of = []
    for number, record in enumerate(records.records(pages)):
        (outdir / paths.search_page(number)).write_bytes(index.page_file(record))
        levels = index.scores(record)
        for word, level in levels.items():
            buckets[index.bucket_of(word, count)].setdefault(word, []).append((number, level))
        words_of.append(sorted(levels))
    for bucket, words in enumerate(buckets):
        (outdir / paths.search_words(bucket)).write_bytes(index.bucket_file(words))
    (outdir / paths.SEARCH_META).write_bytes(index.meta_file(len(pages), count))
    return words_of


def _mend(outdir: Path, records: Staged, pages: list[str], changed: list[int], words_of: list[list[str]]) -> None:
    """Write again the files the ``changed`` pages' records touch; ``words_of`` (each page's words) is updated.
    Only the postings of the changed pages' old and new words are decoded; a bucket's other words are kept as written."""
    added: dict[str, list[tuple[int, int]]] = {}  # word → postings of the new records
    touched: set[str] = set()
    for number, record in zip(changed, records.records([pages[n] for n in changed]), strict=True):
        (outdir / paths.search_page(number)).write_bytes(index.page_file(record))
        levels = index.scores(record)
        touched.update(words_of[number], levels)
        for word, level in levels.items():
            added.setdefault(word, []).append((number, level))
        words_of[number] = sorted(levels)
    gone, count = set(changed), index.bucket_count(len(pages))
    by_bucket: dict[int, list[str]] = {}
    for word in touched:
        by_bucket.setdefault(index.bucket_of(word, count), []).append(word)
    for bucket, words in sorted(by_bucket.items()):
        target = outdir / paths.search_words(bucket)
        texts: dict[str, str] = json.loads(target.read_bytes())
        for word in words:
            postings = [p for p in index.decode(texts.get(word, "")) if p[0] not in gone] + added.get(word, [])
            if postings:
                texts[word] = index.encode(sorted(postings))
            else:
                texts.pop(word, None)
        target.write_bytes(index.dump(texts))
