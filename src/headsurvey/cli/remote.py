"""Bibliographic records from arXiv (Atom API), Crossref (REST API) and DataCite (DOI content negotiation).

The only network access of the package is :func:`http_request` (GET through :func:`http_fetch`);
every reader takes the fetch function as an argument, so the tests give recorded responses
instead. The arXiv API's address comes from ``HEADSURVEY_ARXIV_API`` when it is set.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import Person

from ..sources.bib import MONTHS

TIMEOUT = 15  # seconds per request
AGENT = ("headsurvey/0.1 (+https://headsurvey.readthedocs.io/; maintainer tool of the companion site of the "
         "survey 'Attention Heads of Large Language Models', arXiv:2409.03752; Python urllib)")
ATOM, ARXIV = "{http://www.w3.org/2005/Atom}", "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV_API = "https://export.arxiv.org/api/query"
Fetch = Callable[[str, Mapping[str, str]], str]


class NotFound(LookupError):
    """The service answered that it has no such record."""


class Unreachable(OSError):
    """The service could not be reached (offline, timeout, refused)."""


class TimedOut(Unreachable):
    """The service did not answer in time (another try may succeed)."""


class HTTPStatus(Unreachable):
    """The service answered with an error status (other than 404/410); ``retry_after`` as sent."""

    def __init__(self, message: str, code: int, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after


@dataclass
class Record:
    """What a service says about a work: BibTeX type and fields, and its earliest date."""

    type: str
    fields: dict[str, str]
    where: str
    date: dt.date | None = None
    month_only: bool = False
    notes: list[str] = field(default_factory=list)


def arxiv_api() -> str:
    """The arXiv API's query address: ``HEADSURVEY_ARXIV_API`` or the public one."""
    return os.environ.get("HEADSURVEY_ARXIV_API") or ARXIV_API


def http_request(url: str, headers: Mapping[str, str], data: bytes | None = None, timeout: float = TIMEOUT) -> str:
    """GET ``url`` (POST ``data`` if given); raise :class:`NotFound` on 404/410, :class:`HTTPStatus`
    on another error status, :class:`TimedOut` after ``timeout`` seconds and :class:`Unreachable`
    when offline."""
    request = urllib.request.Request(url, data=data, headers={"User-Agent": AGENT, **headers},
                                     method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            raise NotFound(url) from None
        raise HTTPStatus(f"{urllib.parse.urlsplit(url).netloc} answered HTTP {exc.code}", exc.code,
                         exc.headers.get("Retry-After") if exc.headers else None) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        kind = TimedOut if isinstance(reason, TimeoutError) else Unreachable
        text = " ".join(str(reason).split()) or type(reason).__name__
        raise kind(f"could not reach {urllib.parse.urlsplit(url).netloc} ({text})") from None


def http_fetch(url: str, headers: Mapping[str, str], timeout: float = TIMEOUT) -> str:
    """GET ``url`` (see :func:`http_request`)."""
    return http_request(url, headers, timeout=timeout)


def tex(text: str) -> str:
    """Plain text as BibTeX: non-ASCII letters as braced LaTeX accents, & % # escaped."""
    text = re.sub(r"(?<!\\)([&%#])", r"\\\1", re.sub(r"\s+", " ", text).strip())
    out = []
    for char in text:
        if ord(char) < 128:
            out.append(char)
            continue
        coded = str(codecs.encode(char, "ulatex"))  # latexcodec's text codec: str in, str out
        out.append("{" + coded + "}" if coded.startswith("\\") else coded)
    return "".join(out)


def title_tex(text: str) -> str:
    """A title with words of two or more capitals braced, so styles keep their case: {GPT}-2, {LLMs}."""
    return re.sub(r"(?<![{\\\w])([A-Za-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w}])", r"{\1}", tex(text))


def person(name: str) -> str:
    """'Kevin Ro Wang' → 'Wang, Kevin Ro' (BibTeX's 'von Last, Jr, First' form)."""
    p = Person(re.sub(r"\s+", " ", name).strip())
    last = " ".join(p.prelast_names + p.last_names)
    first = " ".join(p.first_names + p.middle_names)
    parts = [last] + ([" ".join(p.lineage_names)] if p.lineage_names else []) + ([first] if first else [])
    return tex(", ".join(parts))


@dataclass
class AtomEntry:
    """One paper of an arXiv API feed (``published`` is the day version 1 was received)."""

    arxiv: str
    title: str
    summary: str
    published: dt.date
    authors: list[str]
    primary: str | None = None
    doi: str | None = None


@dataclass
class Feed:
    """An arXiv API answer: its papers, the total the query matched, and the error it reports."""

    entries: list[AtomEntry]
    total: int | None = None
    error: str | None = None


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def parse_feed(text: str) -> Feed:
    """The papers of an arXiv Atom feed; raise ``ValueError`` for text that is not one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"the answer is not an Atom feed ({exc})") from None
    if root.tag != f"{ATOM}feed":
        raise ValueError("the answer is not an Atom feed")
    total = root.findtext(f"{OPENSEARCH}totalResults")
    feed = Feed([], int(total) if total and total.strip().isdigit() else None)
    for entry in root.findall(f"{ATOM}entry"):
        ident = entry.findtext(f"{ATOM}id") or ""
        if "api/errors" in ident:
            feed.error = _one_line(entry.findtext(f"{ATOM}summary")) or "the query was refused"
            continue
        match = re.search(r"/abs/(.+?)(?:v\d+)?$", ident)
        try:
            published = dt.date.fromisoformat((entry.findtext(f"{ATOM}published") or "")[:10])
        except ValueError:
            continue  # an entry without a date cannot be placed; arXiv always sends one
        primary = entry.find(f"{ARXIV}primary_category")
        feed.entries.append(AtomEntry(
            match.group(1) if match else ident, _one_line(entry.findtext(f"{ATOM}title")),
            _one_line(entry.findtext(f"{ATOM}summary")), published,
            [_one_line(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author") if _one_line(a.findtext(f"{ATOM}name"))],
            primary.get("term") if primary is not None else None, _one_line(entry.findtext(f"{ARXIV}doi")) or None))
    return feed


def arxiv(identifier: str, fetch: Fetch) -> Record:
    """The arXiv record of ``identifier`` (Atom API): @misc with eprint, year and month of version 1."""
    url = arxiv_api() + "?" + urllib.parse.urlencode({"id_list": identifier, "max_results": 1})
    try:
        entries = parse_feed(fetch(url, {"Accept": "application/atom+xml"})).entries
    except ValueError as exc:
        raise Unreachable(f"arXiv API: {exc}") from None
    if not entries:
        raise NotFound(f"arXiv has no paper {identifier}")
    entry = entries[0]
    published = entry.published
    fields = {"author": " and ".join(person(n) for n in entry.authors),
              "title": title_tex(entry.title), "year": str(published.year),
              "month": MONTHS[published.month - 1], "url": f"https://arxiv.org/abs/{identifier}",
              "eprint": identifier, "archiveprefix": "arXiv", "primaryclass": entry.primary}
    record = Record("misc", {k: v for k, v in fields.items() if v}, f"arXiv {identifier}", published)
    doi = entry.doi
    if doi:
        record.notes.append(f"arXiv lists the published version {doi}: add its venue, year and doi to the entry "
                            "(keep the arXiv fields)")
    return record


TYPES = {"journal-article": "article", "article-journal": "article", "proceedings-article": "inproceedings",
         "paper-conference": "inproceedings", "book-chapter": "incollection", "chapter": "incollection",
         "book": "book", "monograph": "book", "report": "techreport", "dissertation": "phdthesis",
         "thesis": "phdthesis"}
VENUE = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle", "misc": "howpublished"}


def doi(identifier: str, fetch: Fetch) -> Record:
    """The record of a DOI: Crossref's REST API, else DataCite's CSL JSON by content negotiation."""
    quoted = urllib.parse.quote(identifier, safe="/")
    try:
        data = json.loads(fetch(f"https://api.crossref.org/works/{quoted}", {"Accept": "application/json"}))["message"]
        where = f"Crossref {identifier}"
    except NotFound:
        try:
            data = json.loads(fetch(f"https://doi.org/{quoted}", {"Accept": "application/vnd.citationstyles.csl+json"}))
        except NotFound:
            raise NotFound(f"neither Crossref nor DataCite knows the DOI {identifier}") from None
        where = f"DataCite {identifier}"
    return from_csl(data, identifier, where)


def _text(value: object) -> str:
    """A Crossref/CSL text (a list in Crossref, a string in CSL), without JATS/HTML tags."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return html.unescape(re.sub(r"<[^>]+>", "", str(value or ""))).strip()


def _dates(data: Mapping) -> list[list[int]]:
    found = []
    for name in ("published-online", "published-print", "posted", "issued", "published"):
        parts = (data.get(name) or {}).get("date-parts") or [[]]
        if parts[0] and parts[0][0]:
            found.append([int(p) for p in parts[0]])
    return found


def from_csl(data: Mapping, identifier: str, where: str) -> Record:
    """A Crossref ``message`` or a CSL JSON item as BibTeX fields (following references.bib's rules)."""
    kind = TYPES.get(str(data.get("type")), "misc")
    authors = []
    for a in data.get("author") or []:
        name = " ".join(p for p in (a.get("given"), a.get("family")) if p) if a.get("family") else a.get("name") or a.get("literal") or ""
        if name:
            authors.append(person(name) if a.get("family") else "{" + tex(name) + "}")
    issued = _dates({"issued": data.get("issued")}) or _dates(data)
    fields = {"author": " and ".join(authors), "title": title_tex(_text(data.get("title"))),
              VENUE.get(kind, "howpublished"): tex(_text(data.get("container-title"))),
              "volume": _text(data.get("volume")), "number": _text(data.get("issue")),
              "pages": _text(data.get("page")).replace("--", "-").replace("-", "--"),
              "year": str(issued[0][0]) if issued else "", "doi": identifier}
    if len(issued[0] if issued else []) > 1:
        fields["month"] = MONTHS[issued[0][1] - 1]
    if kind != "article":
        fields["institution" if kind == "techreport" else "publisher"] = tex(_text(data.get("publisher")))
    if kind == "inproceedings" and fields["volume"]:
        fields["number"] = ""  # BibTeX's styles take one of them (bibrules)
    dates = sorted(_dates(data), key=lambda parts: ([*parts, 99, 99])[:3])
    earliest = dates[0] if dates else []
    record = Record(kind, {k: v for k, v in fields.items() if v}, where)
    if len(earliest) >= 2:
        record.date = dt.date(earliest[0], earliest[1], earliest[2] if len(earliest) > 2 else 1)
        record.month_only = len(earliest) == 2
    return record
