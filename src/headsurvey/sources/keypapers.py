"""A head page's key papers (``key_papers`` in its front matter): read one page, then check across pages.

A key paper is a catalogued paper a reader should start with, first the one that introduced or
named the head type, each with one line in our own words on why it matters. It must list the
head type in its own ``heads``, so a head page's count and its key papers cannot disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from .problems import Problem

FIELDS = {"paper": "the paper's key (its page docs/papers/<key>.md must list this head type)",
          "why": "one line, in our own words, on why the paper matters for this head type"}
#: Longest "why" line (characters): one line under the paper in the list.
WHY_LIMIT = 200
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")
_EXAMPLE = "write one '- {paper: olsson2022context, why: one line on why it matters}' per paper"


@dataclass(frozen=True)
class KeyPaper:
    """A paper a reader of a head page should start with, and why, in one line of our words."""

    paper: str
    why: str
    line: int = field(default=0, compare=False)  # where the page names it


def read(raw: object, add: Callable[[str, str, str], None], line_of: Callable[[str], int]) -> tuple[KeyPaper, ...]:
    """The ``key_papers`` list: mappings of exactly ``paper`` and ``why``, each paper once.

    ``add(where, message, fix)`` reports a problem at a front-matter path such as ``key_papers.1.why``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        add("key_papers", "'key_papers' must be a list", _EXAMPLE)
        return ()
    found, seen = [], set()
    for i, item in enumerate(raw):
        where = f"key_papers.{i}"
        if not isinstance(item, dict):
            add(where, "a key paper is not a mapping", _EXAMPLE)
            continue
        unknown = [k for k in item if k not in FIELDS]
        for name in unknown:
            add(f"{where}.{name}", f"unknown field '{name}' in a key paper", "give only: " + "; ".join(f"{k}: {v}" for k, v in FIELDS.items()))
        paper, why = item.get("paper"), item.get("why")
        if not isinstance(paper, str) or not _KEY.fullmatch(paper.strip()):
            add(f"{where}.paper" if "paper" in item else where, "a key paper needs 'paper': a BibTeX key", _EXAMPLE)
            continue
        if not isinstance(why, str) or not why.strip():
            add(f"{where}.why" if "why" in item else where, f"key paper '{paper}' needs 'why': one line of text", _EXAMPLE)
            continue
        text = " ".join(why.split())
        if len(text) > WHY_LIMIT or "\n" in why.strip():
            add(f"{where}.why", f"the 'why' of '{paper}' is longer than one line ({len(text)} characters, at most {WHY_LIMIT})",
                "say in one sentence why the paper matters; the page's prose holds the rest")
            continue
        if paper in seen:
            add(f"{where}.paper", f"key paper '{paper}' is listed twice", "list it once")
            continue
        if not unknown:
            seen.add(paper)
            found.append(KeyPaper(paper.strip(), text, line_of(f"{where}.paper")))
    return tuple(found)


def problems(path: str, slug: str, key_papers: tuple[KeyPaper, ...], heads_of: Mapping[str, Collection[str]],
             page_keys: Collection[str]) -> list[Problem]:
    """Across pages: each key paper is catalogued (``page_keys``) and lists the head type (``heads_of``: key → heads)."""
    found = []
    for key_paper in key_papers:
        if key_paper.paper not in page_keys:
            near = difflib.get_close_matches(key_paper.paper, list(page_keys), n=1, cutoff=0.6)
            fix = f"did you mean '{near[0]}'?" if near else "add the paper first (headsurvey add), or remove it from key_papers"
            found.append(Problem(path, key_paper.line, f"key paper '{key_paper.paper}' has no page in docs/papers/", fix))
        elif key_paper.paper in heads_of and slug not in heads_of[key_paper.paper]:
            found.append(Problem(path, key_paper.line, f"key paper '{key_paper.paper}' does not list '{slug}' in its heads",
                                 f"add {slug} to heads: in docs/papers/{key_paper.paper}.md, or choose another key paper"))
    return found
