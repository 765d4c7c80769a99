"""The site search's index: small static files, of which a query reads only those of its words.

Made from the pages' search records (:mod:`.searchdoc`), numbered by their place among the pages
in sorted order, under :data:`headsurvey.site.paths.SEARCH_DIR`:

* ``meta.json``: the format's version, the number of pages and of word buckets;
* ``words/<b>.json``: bucket ``b`` (:func:`bucket_of`): each of its words → its postings
  (:func:`encode`), the pages holding it with its score there;
* ``pages/<n>.json``: page ``n``'s address, title, metadata and the opening of its text.

A word's score in a page is fixed by that page alone (BM25's saturation of the word's summed
weight, with a fixed reference length), so an edit changes only the files of the edited page's
words; the search page (static/search.js) weighs each score by the word's rarity when it ranks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

VERSION = 1
#: BM25's saturation and its weak page-length penalty: a head's page is long, and its name alone must still find it.
K1, LENGTH_PENALTY, REFERENCE_LENGTH = 1.2, 0.2, 400
#: A score is stored as one of these levels (one character of :data:`ALPHABET`).
LEVELS = 63
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
VALUE = {char: value for value, char in enumerate(ALPHABET)}  # a mend decodes words of every page: no str.index per character
MIN_BUCKETS, MAX_BUCKETS, PAGES_PER_BUCKET = 16, 4096, 8


def score(weight: float, length: int) -> int:
    """A word's score level in a page from its summed weight there and the page's length in words."""
    norm = 1 - LENGTH_PENALTY + LENGTH_PENALTY * length / REFERENCE_LENGTH
    saturated = weight * (K1 + 1) / (weight + K1 * norm) if weight > 0 else 0.0
    return max(1, min(LEVELS, round(saturated / (K1 + 1) * LEVELS)))


def scores(record: dict[str, Any]) -> dict[str, int]:
    """Each word of a page's record → its score level there."""
    return {word: score(weight, record["length"]) for word, weight in record["weights"].items()}


def bucket_count(pages: int) -> int:
    """How many word buckets an index of ``pages`` pages has: a power of two, growing with the site."""
    count = MIN_BUCKETS
    while count < pages // PAGES_PER_BUCKET and count < MAX_BUCKETS:
        count *= 2
    return count


def bucket_of(word: str, buckets: int) -> int:
    """The bucket of a word: FNV-1a (32 bits) of its UTF-8 bytes, modulo ``buckets`` (search.js has its twin)."""
    h = 2166136261
    for byte in word.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % buckets


def encode(postings: Iterable[tuple[int, int]]) -> str:
    """Postings (page number, score level), in increasing page order, as text: per posting, the gap
    from the previous page number (the first from -1) in base 32, least significant digit first,
    every digit but the last offset by 32; then the score level as one character."""
    out, last = [], -1
    for page, level in postings:
        gap, last = page - last, page
        while gap >= 32:
            out.append(ALPHABET[32 + (gap & 31)])
            gap >>= 5
        out.append(ALPHABET[gap])
        out.append(ALPHABET[level])
    return "".join(out)


def decode(text: str) -> list[tuple[int, int]]:
    """The postings :func:`encode` wrote (ValueError for a text it cannot have written)."""
    postings, page, gap, shift = [], -1, 0, 0
    expect_level = False
    try:
        for char in text:
            value = VALUE[char]
            if expect_level:
                postings.append((page, value))
                expect_level = False
            elif value >= 32:
                gap, shift = gap | (value - 32) << shift, shift + 5
            else:
                page += gap | value << shift
                gap, shift, expect_level = 0, 0, True
    except KeyError as exc:
        raise ValueError(f"not a character of the postings: {exc}") from None
    return postings


def dump(data: Any) -> bytes:
    """A file of the index: compact JSON, keys sorted, ASCII only (the same data, the same bytes)."""
    return (json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n").encode()


def meta_file(pages: int, buckets: int) -> bytes:
    return dump({"version": VERSION, "pages": pages, "buckets": buckets})


def page_file(record: dict[str, Any]) -> bytes:
    """What the search page shows of a result: its address, title and metadata, and the text its excerpt comes from."""
    return dump({"url": record["url"], "meta": record["meta"], "text": record["text"]})


def bucket_file(words: dict[str, list[tuple[int, int]]]) -> bytes:
    return dump({word: encode(sorted(postings)) for word, postings in words.items() if postings})
