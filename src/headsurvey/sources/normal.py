"""One rule for when two names are the same, and one for the ASCII a name is written in.

Keys, titles, model names and head names are compared by :func:`fold` (Unicode NFKC, invisible
characters dropped, case folded), so names that look alike (``Olsson2022context`` /
``olsson2022context``, a title with a soft hyphen, ``GPT-2_small`` / ``GPT-2 small``) are caught
as one. Page names (models, authors), duplicate titles and suggested keys are made by
:func:`ascii_fold` and :func:`slug`: accents dropped, other letters transliterated by
text-unidecode ('Søgaard' → 'sogaard', 'Paweł' → 'pawel'), where a plain Unicode decomposition
would have dropped 'ø' and 'ł'.
"""

from __future__ import annotations

import re
import unicodedata

from text_unidecode import unidecode


def invisible(text: str) -> list[str]:
    """The invisible format characters of ``text`` (soft hyphen, zero-width, bidi controls...), as U+XXXX."""
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})


def fold(text: str) -> str:
    """``text`` as compared: NFKC, format characters removed, case folded, spaces collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text.casefold()).strip()


def ascii_fold(text: str) -> str:
    """``text`` in lowercase ASCII: 'Anders Søgaard' → 'anders sogaard', 'Łukasz' → 'lukasz'."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return str(unidecode(text)).lower()


def slug(text: str, sep: str = "-") -> str:
    """``text``'s letters and digits in lowercase ASCII, runs of anything else as one ``sep``:
    'GPT-2 small' → 'gpt-2-small', 'Llama-3.1 8B' → 'llama-3-1-8b'."""
    return re.sub(r"[^a-z0-9]+", sep, ascii_fold(text)).strip(sep)


def page_slugs(text: str) -> set[str]:
    """The page names a display name may give: :func:`slug` of the name as written and as
    folded; two names sharing one collide."""
    return {slug(text), slug(fold(text))}
