"""What ``discover`` and ``refresh`` read from arXiv's API (Atom) and Semantic Scholar's Graph API (JSON).

Each service's address comes from an environment variable (``HEADSURVEY_ARXIV_API``,
``HEADSURVEY_S2_API``) so a test or a mirror can stand in; ``SEMANTIC_SCHOLAR_API_KEY`` is sent
as the ``x-api-key`` header when set. Every failure becomes a :class:`ServiceError` of one line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import remote
from .polite import Polite, default_cache_dir

S2_API = "https://api.semanticscholar.org/graph/v1"
ARXIV_INTERVAL = 3.0  # arXiv asks for one request every three seconds
S2_INTERVAL = 1.0  # Semantic Scholar allows one request per second without a key (and to new keys)
CITATION_FIELDS = "title,abstract,externalIds,publicationDate,year,authors"
#: What ``refresh`` asks of each arXiv-only entry.
PUBLICATION_FIELDS = "venue,year,externalIds,title,publicationVenue,journal,publicationDate"
BATCH = 500  # ids per /paper/batch request (the service's limit)


class ServiceError(Exception):
    """A service could not be reached or gave an answer that cannot be read."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {' '.join(message.split())}")  # one line, whatever the service sent
        self.service = service


@dataclass
class Paper:
    """A paper as a service describes it."""

    title: str
    source: str  # "arxiv" or "s2"
    abstract: str = ""
    date: str | None = None  # YYYY-MM-DD, or YYYY when only the year is known
    authors: list[str] = field(default_factory=list)
    arxiv: str | None = None
    doi: str | None = None


def s2_api() -> str:
    return (os.environ.get("HEADSURVEY_S2_API") or S2_API).rstrip("/")


def s2_headers() -> dict[str, str]:
    key = os.environ.get("SEMANTIC_SCHOLAR_API_KEY", "").strip()
    return {"Accept": "application/json", **({"x-api-key": key} if key else {})}


def client(cache_dir: Path | None, **overrides) -> Polite:
    """A client spacing requests as each service asks (the services by their configured addresses)."""
    intervals = {remote.arxiv_api(): ARXIV_INTERVAL, s2_api(): S2_INTERVAL}
    return Polite(intervals=intervals, cache_dir=cache_dir, **overrides)


def cli_client(cache_dir: Path | None, no_cache: bool) -> Polite:
    """The client of a command line run: cached in ``cache_dir`` (or the user's cache) unless ``no_cache``."""
    return client(None if no_cache else cache_dir or default_cache_dir())


def arxiv_name() -> str:
    return f"arXiv API ({remote.arxiv_api()})"


def s2_name() -> str:
    return f"Semantic Scholar API ({s2_api()})"


def arxiv_search(http: Polite, query: str, since: dt.date | None, today: dt.date, page_size: int = 100,
                 max_pages: int = 3) -> list[Paper]:
    """Papers matching ``query`` (arXiv's search syntax), newest first, received on or after ``since``."""
    if since:
        query = f"({query}) AND submittedDate:[{since:%Y%m%d}0000 TO {today:%Y%m%d}2359]"
    found: list[Paper] = []
    for page in range(max_pages):
        params = {"search_query": query, "start": page * page_size, "max_results": page_size,
                  "sortBy": "submittedDate", "sortOrder": "descending"}
        url = remote.arxiv_api() + "?" + urllib.parse.urlencode(params)
        try:
            feed = remote.parse_feed(http.get(url, {"Accept": "application/atom+xml"}))
        except (remote.Unreachable, remote.NotFound, ValueError) as exc:
            raise ServiceError(arxiv_name(), _reason(exc)) from None
        if feed.error:
            raise ServiceError(arxiv_name(), f"the query was refused ({feed.error})")
        fresh = [e for e in feed.entries if since is None or e.published >= since]
        found += [Paper(e.title, "arxiv", e.summary, e.published.isoformat(), e.authors, e.arxiv, e.doi) for e in fresh]
        seen = (page + 1) * page_size
        if len(fresh) < len(feed.entries) or not feed.entries or (feed.total is not None and seen >= feed.total):
            break
    return found


def s2_citations(http: Polite, paper_id: str, since: dt.date | None, page_size: int = 100,
                 max_pages: int = 10) -> list[Paper]:
    """Papers citing ``paper_id`` (``ARXIV:2409.03752``, ``DOI:...``), dated on or after ``since``."""
    found: list[Paper] = []
    offset: int | None = 0
    for _ in range(max_pages):
        if offset is None:
            break
        params = {"fields": CITATION_FIELDS, "offset": offset, "limit": page_size}
        url = f"{s2_api()}/paper/{urllib.parse.quote(paper_id, safe=':/')}/citations?" + urllib.parse.urlencode(params)
        try:
            text = http.get(url, s2_headers())
        except remote.NotFound:
            raise ServiceError(s2_name(), f"knows no paper {paper_id}") from None
        except remote.Unreachable as exc:
            raise ServiceError(s2_name(), str(exc)) from None
        data = _json(text, dict)
        items = data.get("data")
        if not isinstance(items, list):
            raise ServiceError(s2_name(), "the answer has no list of citations ('data')")
        for item in items:
            paper = s2_paper(item.get("citingPaper") if isinstance(item, dict) else None)
            if paper is not None and _since(paper.date, since):
                found.append(paper)
        following = data.get("next")
        offset = following if isinstance(following, int) and items else None
    return found


def s2_batch(http: Polite, ids: list[str]) -> list[dict | None]:
    """Semantic Scholar's record of each id (``ARXIV:...``), None where it has none; in order."""
    out: list[dict | None] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        url = f"{s2_api()}/paper/batch?" + urllib.parse.urlencode({"fields": PUBLICATION_FIELDS})
        try:
            text = http.post_json(url, {"ids": chunk}, s2_headers())
        except (remote.Unreachable, remote.NotFound) as exc:
            raise ServiceError(s2_name(), _reason(exc)) from None
        answer = _json(text, list)
        if len(answer) != len(chunk):
            raise ServiceError(s2_name(), f"asked about {len(chunk)} papers, got {len(answer)} answers")
        out += [item if isinstance(item, dict) else None for item in answer]
    return out


def s2_paper(data: object) -> Paper | None:
    """A Semantic Scholar paper record as a :class:`Paper` (None without a title)."""
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"].strip():
        return None
    ids = mapping(data.get("externalIds"))
    day = data.get("publicationDate")
    year = data.get("year")
    date: str | None = day if isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else (
        str(year) if isinstance(year, int) else None)
    authors = [a["name"] for a in data.get("authors") or [] if isinstance(a, dict) and isinstance(a.get("name"), str)]
    arxiv = ids.get("ArXiv") if isinstance(ids.get("ArXiv"), str) else None
    doi = ids.get("DOI") if isinstance(ids.get("DOI"), str) else None
    abstract = str(data.get("abstract") or "")
    return Paper(" ".join(data["title"].split()), "s2", " ".join(abstract.split()), date, authors, arxiv, doi)


def mapping(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (answers are read defensively)."""
    return value if isinstance(value, dict) else {}


def _since(date: str | None, since: dt.date | None) -> bool:
    if since is None:
        return True
    if date is None:
        return False  # undated: it would be offered again every week
    return date >= since.isoformat() if len(date) == 10 else int(date) >= since.year


def _json(text: str, kind: type) -> Any:
    try:
        data = json.loads(text)
    except ValueError:
        raise ServiceError(s2_name(), "the answer is not JSON") from None
    if not isinstance(data, kind):
        raise ServiceError(s2_name(), f"the answer is not a JSON {'object' if kind is dict else 'list'}")
    return data


def _reason(exc: Exception) -> str:
    return str(exc) if not isinstance(exc, remote.NotFound) else f"no such address ({exc})"
