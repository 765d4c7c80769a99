"""Person names of author lists: parsed by BibTeX's rules, decoded from LaTeX, folded for comparison."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pybtex.bibtex.utils import split_name_list

from .bib import Entry, latex_to_text, parse_people, person_text
from .normal import ascii_fold
from .problems import Problem
from .vocab import AuthorAlias


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Plain lowercase ASCII text (:func:`.normal.ascii_fold`): dots and apostrophes dropped, hyphens as spaces."""
    text = re.sub(r"[.']", "", ascii_fold(text)).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=65536)
def spelling(name: str) -> tuple[str, tuple[str, ...], str, str]:
    """One name of an author list → (folded family name, folded given names, 'Jane Doe', 'Doe, Jane')."""
    person = parse_people(name)[0]
    family_text = latex_to_text(" ".join(person.prelast_names + person.last_names + person.lineage_names))
    given_text = latex_to_text(" ".join(person.first_names + person.middle_names))
    inverted = f"{family_text}, {given_text}" if given_text else family_text
    return fold(family_text), tuple(fold(given_text).split()), person_text(person), inverted


def unknown_spellings(aliases: Mapping[str, AuthorAlias], entries: Iterable[Entry], shown: str) -> list[Problem]:
    """Names of the alias table that no entry of references.bib spells (after folding)."""
    if not aliases:
        return []
    known = {spelling(name)[:2] for entry in entries
             for name in split_name_list(entry.get("author") or "") if name.strip()}
    return [Problem(shown, record.line, f"'{name}' is not an author of any entry in references.bib",
                    "spell it as an entry's author field does ('Family, Given'), or remove it")
            for record in aliases.values() for name in (record.name, *record.aliases) if spelling(name)[:2] not in known]
