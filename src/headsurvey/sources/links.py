"""Which addresses may become links: one place decides, for pages, lists and downloads alike."""

from __future__ import annotations

import re
from urllib.parse import quote

HTTPS = re.compile(r"https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][^\s<>\"'`\\{}|^]*)?")
ARXIV = re.compile(r"\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}")
DOI = re.compile(r"10\.\d{4,9}/[^\s<>\"'`\\{}|^]+")


def https(url: str | None) -> str | None:
    """``url`` if it is a well-formed https address, else None (never rendered)."""
    return url if url and HTTPS.fullmatch(url) else None


def arxiv(identifier: str | None) -> str | None:
    """The abstract page of a well-formed arXiv identifier, else None."""
    return f"https://arxiv.org/abs/{identifier}" if identifier and ARXIV.fullmatch(identifier) else None


def doi(identifier: str | None) -> str | None:
    """The resolver address of a well-formed DOI, else None."""
    return f"https://doi.org/{quote(identifier, safe='/:;()._-')}" if identifier and DOI.fullmatch(identifier) else None
