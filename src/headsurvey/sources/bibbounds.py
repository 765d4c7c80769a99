"""Bounds on what one references.bib entry may make the build do, checked while it is read."""

from __future__ import annotations

from pybtex.bibtex.utils import split_name_list

MAX_BRACE_DEPTH = 10
MAX_FIELD_CHARS = 2_000
MAX_AUTHOR_CHARS = 50_000
MAX_AUTHORS = 500
DEPTH_FIX = f"nest at most {MAX_BRACE_DEPTH} levels of braces (one pair protects a word's capitals: {{BERT}})"


def field(key: str, name: str, text: str) -> tuple[str, str] | None:
    """(message, fix) when a field is beyond its bounds (names, characters), else None."""
    people = name in ("author", "editor")
    if people and len(split_name_list(text)) > MAX_AUTHORS:
        return (f"{key}: more than {MAX_AUTHORS} names in '{name}'",
                f"the site lists at most {MAX_AUTHORS} names per entry: ask the maintainers how to cite a larger collaboration")
    limit = MAX_AUTHOR_CHARS if people else MAX_FIELD_CHARS
    if len(text) > limit:
        return (f"{key}: field '{name}' is {len(text):,} characters long (at most {limit:,})",
                f"shorten {name}: the entry holds bibliographic data only, no abstract or notes")
    return None
