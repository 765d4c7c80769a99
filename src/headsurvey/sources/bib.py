"""references.bib: entries with their exact text, fields, people and canonical formatting.

The scanner keeps each entry's source line and raw text (shown verbatim on paper pages);
pybtex is used only to split names, and latexcodec to turn LaTeX into text.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person

from . import bibbounds as bounds
from . import texsafe

ENTRY_START = re.compile(r"^@[ \t]*([A-Za-z]+)[ \t]*([{(])", re.MULTILINE)
FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:-]*)\s*=\s*")
BARE_VALUE = re.compile(r"[A-Za-z0-9_.:+-]+")
BRACE = re.compile(r"[{}]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: Field order of the canonical format; the casing written for each field.
FIELD_ORDER = (
    "author", "title", "booktitle", "journal", "series", "editor", "volume", "number",
    "pages", "publisher", "address", "organization", "school", "institution", "howpublished",
    "year", "month", "doi", "url", "eprint", "archivePrefix", "primaryClass", "note",
)
KNOWN_FIELDS = {name.lower(): name for name in FIELD_ORDER}


class BibSyntaxError(ValueError):
    """An entry that cannot be read; ``line`` is where the problem is."""

    def __init__(self, line: int, message: str, fix: str) -> None:
        super().__init__(message)
        self.line = line
        self.fix = fix


@dataclass(frozen=True)
class Value:
    """A field value: its text without delimiters, and whether it is a bare macro/number."""

    text: str
    bare: bool = False

    def render(self) -> str:
        return self.text if self.bare else "{" + self.text + "}"


@dataclass(frozen=True)
class Entry:
    """One BibTeX entry as written in the file; frozen, so what is derived from it (its citation
    record, ``SiteIndex.citation``) can be made once and shared."""

    key: str
    type: str
    fields: dict[str, Value]
    line: int
    raw: str
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        value = self.fields.get(name.lower())
        return value.text if value is not None else None

    @property
    def persons(self) -> list[Person]:
        return parse_people(self.get("author") or "")

    @property
    def tex_safe(self) -> bool:
        """Whether the entry may be written to a .bib download (no TeX that reads, writes or runs)."""
        return texsafe.safe_entry(self.key, [value.text for value in self.fields.values()])

    @property
    def title_text(self) -> str:
        return latex_to_text(self.get("title") or "")

    @property
    def year(self) -> str:
        return self.get("year") or ""

    @property
    def venue(self) -> str:
        """Where it appeared: journal, booktitle, publisher or 'arXiv' for preprints."""
        for name in ("journal", "booktitle", "howpublished", "publisher", "school", "institution"):
            if self.get(name):
                return latex_to_text(self.get(name) or "")
        if (self.get("archiveprefix") or "").lower() == "arxiv":
            return "arXiv"
        return ""

    @property
    def arxiv_id(self) -> str | None:
        if (self.get("archiveprefix") or "").lower() == "arxiv":
            return self.get("eprint")
        return None

    def author_names(self) -> list[str]:
        """Every author as 'First von Last, Jr' in plain text."""
        return [person_text(p) for p in self.persons]

    def short_authors(self) -> str:
        """'Wang et al.', 'Gould and Ong' or 'Elhage': for author-year citations."""
        lasts = [latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in self.persons]
        if not lasts:
            return "Anon."
        if len(lasts) == 1:
            return lasts[0]
        if len(lasts) == 2:
            return f"{lasts[0]} and {lasts[1]}"
        return f"{lasts[0]} et al."

    def format(self) -> str:
        """The entry in the canonical form that ``headsurvey fmt-bib`` writes."""
        ordered = sorted(
            self.fields.items(),
            key=lambda kv: (FIELD_ORDER.index(KNOWN_FIELDS[kv[0]]) if kv[0] in KNOWN_FIELDS else 99, kv[0]),
        )
        body = "".join(
            f"  {KNOWN_FIELDS.get(name, name)} = {value.render()},\n" for name, value in ordered
        )
        return f"@{self.type}{{{self.key},\n{body}}}\n"


#: Text without a character LaTeX gives a meaning to: latexcodec would return it unchanged.
_PLAIN = re.compile(r"[^\\{}~$%&#^_`'\-!?<>|\"]*")


@lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Turn a LaTeX field value into plain Unicode text (accents decoded, braces dropped)."""
    if _PLAIN.fullmatch(value) and ",," not in value:  # nothing for latexcodec to decode (and 2 ms saved)
        return re.sub(r"\s+", " ", value).strip()
    try:
        text = str(codecs.decode(value, "ulatex"))  # type: ignore[call-overload]  # latexcodec: str to str
    except (ValueError, UnicodeError):  # pragma: no cover - latexcodec is lenient
        text = value
    text = text.replace("{", "").replace("}", "").replace("~", "\u00a0")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=65536)
def _person(name: str) -> Person:
    return Person(name)


def parse_people(value: str) -> list[Person]:
    """Split an ``author`` value on top-level ``and`` (any case), as BibTeX does, into persons."""
    return [_person(name) for name in split_name_list(value) if name.strip()]


def person_text(person: Person) -> str:
    """'Kevin Ro Wang' for 'Wang, Kevin Ro'."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = " ".join(parts)
    if person.lineage_names:
        name += ", " + " ".join(person.lineage_names)
    return latex_to_text(name)


def _match_brace(text: str, start: int, line_of: Callable[[int], int]) -> int:
    """Index just past the '}' that closes the '{' at ``start``."""
    depth = 0
    for match in BRACE.finditer(text, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
        if depth > bounds.MAX_BRACE_DEPTH + 1:  # the entry's own braces are one level
            raise BibSyntaxError(line_of(match.start()), f"braces nested deeper than {bounds.MAX_BRACE_DEPTH} levels", bounds.DEPTH_FIX)
    raise BibSyntaxError(line_of(start), "unbalanced braces", "close every '{' with a '}'")


def _read_value(text: str, pos: int, line_of: Callable[[int], int]) -> tuple[Value, int]:
    """Read one field value (with '#' concatenation) starting at ``pos``."""
    parts: list[Value] = []
    while True:
        char = text[pos : pos + 1]
        if char == "{":
            end = _match_brace(text, pos, line_of)
            parts.append(Value(text[pos + 1 : end - 1]))
        elif char == '"':
            end = pos + 1
            depth = 0
            while end < len(text) and not (text[end] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                if depth > bounds.MAX_BRACE_DEPTH:
                    raise BibSyntaxError(line_of(end), f"braces nested deeper than {bounds.MAX_BRACE_DEPTH} levels", bounds.DEPTH_FIX)
                end += 1
            if end >= len(text):
                raise BibSyntaxError(line_of(pos), "unterminated quoted value", 'close the value with \'"\'')
            parts.append(Value(text[pos + 1 : end]))
            end += 1
        else:
            match = BARE_VALUE.match(text, pos)
            if not match:
                raise BibSyntaxError(
                    line_of(pos), "field value missing", "write the value in braces: field = {value},"
                )
            parts.append(Value(match.group(), bare=True))
            end = match.end()
        pos = end
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if text[pos : pos + 1] != "#":
            break
        pos += 1
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
    value = parts[0] if len(parts) == 1 else Value("".join(p.text for p in parts))
    return Value(re.sub(r"\s+", " ", value.text).strip(), value.bare), pos


def scan(text: str) -> tuple[list[Entry], list[tuple[int, str, str]]]:
    """Read every entry of a .bib text; return entries and (line, message, fix) errors."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(index: int) -> int:
        return bisect.bisect_left(newlines, index) + 1

    entries: list[Entry] = []
    errors: list[tuple[int, str, str]] = []
    starts = list(ENTRY_START.finditer(text))
    stray = text[: starts[0].start()] if starts else text
    if stray.strip() and not stray.lstrip().startswith("%"):
        errors.append((1, "text outside any entry", "remove it or start an entry with '@type{key,'"))
    for i, start in enumerate(starts):
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        try:
            entry = _read_entry(text, start, limit, line_of)
        except BibSyntaxError as exc:
            errors.append((exc.line, str(exc), exc.fix))
            continue
        if entry is not None:
            entries.append(entry)
    return entries, errors


def _read_entry(text: str, start: re.Match[str], limit: int, line_of: Callable[[int], int]) -> Entry | None:
    kind = start.group(1).lower()
    line = line_of(start.start())
    if kind == "comment":
        return None
    if kind in ("string", "preamble"):
        raise BibSyntaxError(line, f"@{kind} is not used in this database", "write values out in full")
    if start.group(2) != "{":
        raise BibSyntaxError(line, "entry opened with '('", "open entries with '{'")
    close = _match_brace(text, start.end() - 1, line_of)
    if close > limit:
        raise BibSyntaxError(line, "entry is not closed before the next '@'", "close the entry with '}'")
    rest = text[close:limit].strip()
    if rest and not rest.startswith("%"):
        raise BibSyntaxError(line_of(close), "text after the entry's closing brace", "remove it")
    key_match = re.compile(r"\s*([^\s,{}]+)\s*,").match(text, start.end())
    if not key_match:
        raise BibSyntaxError(line, "entry has no key", "write '@type{key,' on the entry's first line")
    key = key_match.group(1)
    fields: dict[str, Value] = {}
    field_lines: dict[str, int] = {}
    pos = key_match.end()
    body_end = close - 1
    while True:
        while pos < body_end and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= body_end:
            break
        name_match = FIELD_NAME.match(text, pos)
        if not name_match:
            raise BibSyntaxError(line_of(pos), f"{key}: expected 'field = {{value}}'", "check the commas between fields")
        name = name_match.group(1).lower()
        value, pos = _read_value(text, name_match.end(), line_of)
        if pos < body_end and text[pos] != ",":
            raise BibSyntaxError(line_of(name_match.start(1)), f"{key}: missing comma after field '{name}'", "end each field with ','")
        if name in fields:
            raise BibSyntaxError(line_of(name_match.start(1)), f"{key}: field '{name}' given twice", "keep one")
        if beyond := bounds.field(key, name, value.text):
            raise BibSyntaxError(line_of(name_match.start(1)), *beyond)
        fields[name] = value
        field_lines[name] = line_of(name_match.start(1))
    return Entry(key=key, type=kind, fields=fields, line=line, raw=text[start.start() : close], field_lines=field_lines)


def format_database(text: str) -> str:
    """The whole file in canonical form: entries sorted by key, fields in canonical order."""
    found, errors = scan(text)
    if errors:
        line, message, fix = errors[0]
        raise BibSyntaxError(line, message, fix)
    return "\n".join(entry.format() for entry in sorted(found, key=lambda e: e.key.lower()))
