"""Authors as data: every co-author of the catalogue, one record per person.

Names come from references.bib, split and parsed by pybtex (BibTeX's rules) and decoded from
LaTeX. Two spellings are the same person when, after folding (accents removed, case ignored,
dots dropped, hyphens read as spaces), their family names are equal and either their given
names are equal, or one spelling only abbreviates the other ("J. R. Doe" or "Jane Doe" for
"Jane Ruth Doe": each given name equal or its initial, trailing given names may be missing)
and it abbreviates exactly one fuller spelling. An ambiguous short form ("J. Doe" beside
"Jane Doe" and "John Doe") keeps a page of its own: two people are never merged by guess.
Spellings no rule can join (a second family name, a changed name) are joined by the alias table
docs/_data/authors.yaml: they count as its canonical name, and the page lists them as "also
published as".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pybtex.bibtex.utils import split_name_list

from ..sources.bib import Entry
from ..sources.names import fold, spelling
from ..sources.normal import slug
from ..sources.schema import Paper
from ..sources.vocab import AuthorAlias
from . import paths

#: Authors listed on one page of the index; a letter with more is split over several pages.
PER_INDEX_PAGE = 1000


@dataclass(frozen=True)
class Author:
    """One person: page slug, shown name ('Jane Doe'), index name ('Doe, Jane'), sort key, papers (newest
    first), and the other names of the alias table they published under, as the entries write them."""

    slug: str
    name: str
    index_name: str
    sort_key: str
    keys: tuple[str, ...]
    also: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        """The index letter ('a'…'z', or 'other')."""
        first = self.sort_key[:1]
        return first if "a" <= first <= "z" else "other"


@dataclass(frozen=True)
class Authors:
    """Authors by slug, and each paper's authors: (slug, name as the entry writes it), in order."""

    by_slug: dict[str, Author]
    of_paper: dict[str, tuple[tuple[str, str], ...]]

    def slugs_of(self, key: str) -> tuple[str, ...]:
        return tuple(slug for slug, _ in self.of_paper.get(key, ()))

    def index_pages(self) -> list[tuple[str, str, list[Author]]]:
        """The index split by letter, then into pages of at most PER_INDEX_PAGE: (page name, label, authors)."""
        by_letter: dict[str, list[Author]] = defaultdict(list)
        for author in sorted(self.by_slug.values(), key=lambda a: (a.sort_key, a.slug)):
            by_letter[author.letter].append(author)
        pages = []
        for letter in sorted(by_letter, key=lambda x: (x == "other", x)):
            chunk = by_letter[letter]
            for n, start in enumerate(range(0, len(chunk), PER_INDEX_PAGE), start=1):
                part = chunk[start:start + PER_INDEX_PAGE]
                name = letter if n == 1 else f"{letter}-{n}"
                label = letter.upper() if letter != "other" else "Other"
                if len(chunk) > PER_INDEX_PAGE:
                    label += f" ({part[0].index_name.partition(',')[0]} – {part[-1].index_name.partition(',')[0]})"
                pages.append((paths.author_index(name), label, part))
        return pages


def _compatible(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether the given names ``short`` only abbreviate ``full`` (equal or initials, trailing ones missing)."""
    if short == full or len(short) > len(full) or not short:
        return False
    return all(a == b or (len(a) == 1 and b.startswith(a)) for a, b in zip(short, full, strict=False))


def _canonical_forms(forms: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Within one family name and first initial, each spelling → the spelling it is merged into."""
    forms = sorted(set(forms))
    fuller = {f: [g for g in forms if _compatible(f, g)] for f in forms}
    maximal = [f for f in forms if not fuller[f]]
    out = {}
    for form in forms:
        targets = [g for g in maximal if g in fuller[form]]
        out[form] = targets[0] if len(targets) == 1 else form
    return out


def _slugify(text: str) -> str:
    return slug(fold(text)) or "author"


Spelled = tuple[str, tuple[str, ...], str, str, bool]  # family, given names, name, inverted name, by alias


def _spell(name: str, same: Mapping[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]) -> Spelled:
    """A name's spelling, its family and given names replaced by the canonical ones when it is an alias."""
    family, given, text, inverted = spelling(name)
    canonical = same.get((family, given))
    return (*canonical, text, inverted, True) if canonical else (family, given, text, inverted, False)


def index_authors(papers: Iterable[Paper], entries: dict[str, Entry],
                  aliases: Mapping[str, AuthorAlias] | None = None) -> Authors:
    """Every author of the given papers, merged by the rule of this module's docstring."""
    aliases = aliases or {}
    same = {spelling(alias)[:2]: spelling(record.name)[:2] for record in aliases.values() for alias in record.aliases}
    named = {spelling(record.name)[:2]: spelling(record.name)[2:] for record in aliases.values()}
    ordered = sorted(papers, key=lambda p: (p.date, p.key), reverse=True)
    spelled: list[tuple[str, list[Spelled]]] = []
    groups: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for paper in ordered:
        entry = entries.get(paper.key)
        people = [_spell(name, same) for name in split_name_list((entry.get("author") or "") if entry else "") if name.strip()]
        for family, given, *_ in people:
            groups[(family, given[0][:1] if given else "")].add(given)
        spelled.append((paper.key, people))
    merged = {group: _canonical_forms(forms) for group, forms in groups.items()}
    shown: dict[tuple[str, tuple[str, ...]], Counter[tuple[str, str]]] = defaultdict(Counter)
    also: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    papers_of: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    who: dict[str, list[tuple[tuple[str, tuple[str, ...]], str]]] = {}
    for key, people in spelled:
        found = []
        for family, given, text, inverted, by_alias in people:
            person = (family, merged[(family, given[0][:1] if given else "")][given])
            if by_alias:
                also[person].add(text)
            elif given == person[1]:
                shown[person][(text, inverted)] += 1
            keys = papers_of[person]
            if not keys or keys[-1] != key:  # a name twice in one list counts once (papers come one at a time)
                keys.append(key)
            found.append((person, text))
        who[key] = found
    slugs: dict[tuple[str, tuple[str, ...]], str] = {}
    by_slug: dict[str, Author] = {}
    for person in sorted(papers_of):
        family, given = person
        names = shown[person]
        if person in named:  # the alias table's canonical name is shown
            name, inverted = named[person]
        else:
            # Shown: a spelling not in capitals, with the most accents kept, the most used, the first alphabetically.
            name, inverted = min(names, key=lambda n: (n[0].isupper(), -sum(ord(c) > 127 for c in n[0]), -names[n], n))
        slug = base = _slugify(" ".join((*given, family)))
        n = 1
        while slug in by_slug:
            n += 1
            slug = f"{base}-{n}"
        slugs[person] = slug
        by_slug[slug] = Author(slug, name, inverted, f"{family} {' '.join(given)}".strip(), tuple(papers_of[person]),
                               tuple(sorted(also[person] - {name})))
    of_paper = {}
    for key, listed in who.items():
        first: dict[str, str] = {}
        for person, text in listed:
            first.setdefault(slugs[person], text)  # a name listed twice counts once
        of_paper[key] = tuple(first.items())
    return Authors(by_slug, of_paper)
