"""Write the site search's index (:mod:`headsurvey.pages.searchindex`) from the staged search records.

A memo in the staging folder keeps, for the index last written, the common inputs (the index's
format is this package's code), the pages in order, each page's record digest and the buckets its
words fall in. When the pages and the inputs are those of the memo, only what the changed records
touch is written again: their pages' files, and the buckets of their old and new words, each read,
mended and written back in the one form a clean build writes. Otherwise (a page added or removed
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
from .search import read_staged

logger = logging.getLogger(__name__)


def build(outdir: Path, staging: Path, records: dict[str, str], inputs: str) -> str:
    """Bring the index in ``outdir`` up to date with ``records`` (page → digest of its staged record).
    How: "unchanged", "mended" or "written"."""
    start = time.perf_counter()
    pages = sorted(records)
    digests = [records[p] for p in pages]
    memo_file = staging / "search-index.json"
    try:
        memo = json.loads(memo_file.read_text())
    except (OSError, ValueError):
        memo = {}
    whole = (memo.get("inputs") != inputs or memo.get("pages") != pages
             or not (outdir / paths.SEARCH_META).exists())
    if whole:
        where = _write_whole(outdir, staging, pages)
        how = "written"
    else:
        changed = [n for n, digest in enumerate(digests) if memo["digests"][n] != digest]
        if not changed:
            return "unchanged"
        where = memo["buckets_of"]
        try:
            _mend(outdir, staging, pages, changed, where, memo["buckets"])
            how = "mended"
        except (OSError, ValueError):  # an index file gone or altered since: written whole instead
            where, how = _write_whole(outdir, staging, pages), "written"
    memo_file.write_text(json.dumps({"inputs": inputs, "pages": pages, "digests": digests,
                                     "buckets": index.bucket_count(len(pages)), "buckets_of": where}))
    logger.info("search index: %s (%d pages) in %.1f s", how, len(pages), time.perf_counter() - start)
    return how


def remove(outdir: Path) -> None:
    """No index: the search is switched off (an index left from an earlier build goes)."""
    shutil.rmtree(outdir / paths.SEARCH_DIR, ignore_errors=True)


def _write(outdir: Path, rel: str, data: bytes) -> None:
    target = outdir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _write_whole(outdir: Path, staging: Path, pages: list[str]) -> list[list[int]]:
    """Write every file of the index; each page's buckets."""
    shutil.rmtree(outdir / paths.SEARCH_DIR, ignore_errors=True)  # no file of a larger index stays behind
    count = index.bucket_count(len(pages))
    buckets: list[dict[str, list[tuple[int, int]]]] = [{} for _ in range(count)]
    where = []
    for number, page in enumerate(pages):
        record = read_staged(staging, page)
        _write(outdir, paths.search_page(number), index.page_file(record))
        mine = set()
        for word, level in index.scores(record).items():
            bucket = index.bucket_of(word, count)
            buckets[bucket].setdefault(word, []).append((number, level))
            mine.add(bucket)
        where.append(sorted(mine))
    for bucket, words in enumerate(buckets):
        _write(outdir, paths.search_words(bucket), index.bucket_file(words))
    _write(outdir, paths.SEARCH_META, index.meta_file(len(pages), count))
    return where


def _mend(outdir: Path, staging: Path, pages: list[str], changed: list[int], where: list[list[int]], count: int) -> None:
    """Write again the files the ``changed`` pages' records touch; ``where`` (each page's buckets) is updated."""
    added: dict[int, list[tuple[str, int, int]]] = {}  # bucket → (word, page, level) of the new records
    touched: set[int] = set()
    for number in changed:
        record = read_staged(staging, pages[number])
        _write(outdir, paths.search_page(number), index.page_file(record))
        touched.update(where[number])
        mine = set()
        for word, level in index.scores(record).items():
            bucket = index.bucket_of(word, count)
            added.setdefault(bucket, []).append((word, number, level))
            mine.add(bucket)
        where[number] = sorted(mine)
        touched |= mine
    gone = set(changed)
    for bucket in sorted(touched):
        words = {word: [p for p in postings if p[0] not in gone]
                 for word, postings in index.read_bucket((outdir / paths.search_words(bucket)).read_bytes()).items()}
        for word, number, level in added.get(bucket, ()):
            words.setdefault(word, []).append((number, level))
        _write(outdir, paths.search_words(bucket), index.bucket_file(words))
