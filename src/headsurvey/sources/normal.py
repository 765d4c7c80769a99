"""One rule for when two names are the same: Unicode NFKC, invisible characters dropped, case folded.

Keys, titles, model names and head names are compared this way, so names that look alike
(``Olsson2022context`` / ``olsson2022context``, a title with a soft hyphen, ``GPT-2_small`` /
``GPT-2 small``) are caught as one.
"""

from __future__ import annotations

import re
import unicodedata


def invisible(text: str) -> list[str]:
    """The invisible format characters of ``text`` (soft hyphen, zero-width, bidi controls...), as U+XXXX."""
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})


def fold(text: str) -> str:
    """``text`` as compared: NFKC, format characters removed, case folded, spaces collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text.casefold()).strip()


def page_slugs(text: str) -> set[str]:
    """The page names a display name may give: the atlas's rule ('GPT-2 small' → 'gpt-2-small')
    on the name as written and as folded; two names sharing one collide."""
    return {re.sub(r"[^a-z0-9]+", "-", form).strip("-") for form in (text.lower(), fold(text))}
