"""The rules a references.bib entry must follow (beyond being well-formed BibTeX)."""

from __future__ import annotations

import re
import unicodedata

from pybtex.bibtex.utils import split_name_list

from . import links, normal, texsafe
from .bib import FIELD_ORDER, KNOWN_FIELDS, MONTHS, Entry
from .problems import Problem

REQUIRED = {
    "article": ("journal",),
    "inproceedings": ("booktitle",),
    "incollection": ("booktitle", "publisher"),
    "book": ("publisher",),
    "phdthesis": ("school",),
    "mastersthesis": ("school",),
    "techreport": ("institution",),
    "misc": (),
}


def tex_problems(entry: Entry, path: str) -> list[Problem]:
    """TeX in the entry that LaTeX would run (write or read files, define macros): these stop the
    build, as the entry would be copied into every .bib download."""
    problems = []
    if not texsafe.SAFE_KEY.fullmatch(entry.key):
        problems.append(Problem(path, entry.line, f"{entry.key}: the key holds characters LaTeX would read as commands",
                                "use letters, digits, '_', ':' or '-' (the page's file name)"))
    for name, value in entry.fields.items():
        bad = texsafe.unsafe_commands(value.text)
        if bad:
            problems.append(Problem(path, entry.field_lines.get(name, entry.line),
                                    f"{entry.key}: {name} holds {', '.join(bad[:5])}: TeX that LaTeX would run when a reader typesets the .bib",
                                    "write the text in Unicode or with accent macros ({\\'e}); only accents, letters, escaped characters, text styles and math symbols are allowed"))
    return problems


def check_entry(entry: Entry, path: str) -> list[Problem]:
    """Schema problems of one well-formed entry."""
    problems = []

    def add(name: str | None, message: str, fix: str) -> None:
        line = entry.field_lines.get(name, entry.line) if name else entry.line
        problems.append(Problem(path, line, f"{entry.key}: {message}", fix))

    if entry.type not in REQUIRED:
        add(None, f"entry type @{entry.type} is not supported", "use one of @" + ", @".join(REQUIRED))
    for name in ("author", "title", "year", *REQUIRED.get(entry.type, ())):
        if not entry.get(name):
            add(None, f"missing field '{name}'", f"add {name} = {{...}}")
    if any(name.strip().lower() in ("others", "{others}", "et al.", "et al") for name in split_name_list(entry.get("author") or "")):
        add("author", "author list ends in 'and others'", "list every author in order, as the paper does (the site shows them all)")
    if entry.get("year") and not re.fullmatch(r"\d{4}", entry.year):
        add("year", f"year '{entry.year}' is not a 4-digit year", "write year = {2024}")
    month = entry.fields.get("month")
    if month is not None and not (month.bare and month.text in MONTHS):
        add("month", f"month '{month.text}' is not a month macro", "write month = mar (no braces)")
    if not any(entry.get(n) for n in ("eprint", "doi", "url")):
        add(None, "no identifier", "add eprint (arXiv id), doi or url")
    if entry.get("eprint") and not entry.get("archiveprefix"):
        add("eprint", "eprint without archivePrefix", "add archivePrefix = {arXiv}")
    if entry.arxiv_id and not links.arxiv(entry.arxiv_id):
        add("eprint", f"'{entry.arxiv_id}' is not an arXiv identifier", "write the bare id, e.g. 2211.00593")
    if entry.get("doi") and not links.doi(entry.get("doi")):
        add("doi", f"'{entry.get('doi')}' is not a DOI", "write the bare DOI, e.g. 10.18653/v1/2023.acl-long.1")
    if entry.get("url") and not links.https(entry.get("url")):
        add("url", "url is not a well-formed https address (it will not be linked)", "write the https:// address of the publication")
    if entry.type == "inproceedings" and entry.get("volume") and entry.get("number"):
        add("number", "both volume and number: BibTeX's styles take only one for @inproceedings", "keep volume, remove number")
    if entry.type == "article" and entry.get("publisher"):
        add("publisher", "biblatex's data model has no publisher for @article", "remove publisher (the journal names the venue)")
    for name, value in entry.fields.items():
        if name in ("url", "doi", "eprint"):
            continue
        for char in texsafe.untypesettable(value.text):
            if unicodedata.combining(char):
                add(name, f"an accent on a dotless letter (\\i, \\j) in {name}: biber turns it into a separate accent "
                          f"(U+{ord(char):04X}) that stops pdflatex", "put the accent on the plain letter: {\\'i} instead of {\\'\\i}")
            else:
                add(name, f"'{char}' (U+{ord(char):04X}) in {name} cannot be typeset by pdflatex after biber",
                    "write the name as the publisher's metadata does without that accent, or with an accent pdflatex's T1 encoding has")
    for name, value in entry.fields.items():
        if hidden := normal.invisible(value.text):
            add(name, f"{name} holds invisible characters ({', '.join(hidden)})", "remove them: names and titles must read as they compare")
    for name in entry.fields:
        if name not in KNOWN_FIELDS:
            add(name, f"unknown field '{name}'", "use one of: " + ", ".join(FIELD_ORDER))
    return problems
