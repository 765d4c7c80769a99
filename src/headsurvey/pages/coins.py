"""COinS (ContextObjects in Spans): lets a reference manager save every paper of a list.

Zotero's connector and similar tools read ``<span class="Z3988" title="…">`` elements, whose
title is an OpenURL (Z39.88-2004) key/value description of one work.
"""

from __future__ import annotations

from urllib.parse import urlencode

from ..sources.citation import author_name, issued, issued_text

GENRES = {"article-journal": "article", "paper-conference": "proceeding"}


def kev(item: dict) -> str:
    """The OpenURL key/encoded-value string of a CSL item."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
             ("rft.genre", GENRES.get(item["type"], "preprint")), ("rft.atitle", item["title"])]
    if item.get("container-title"):
        pairs.append(("rft.jtitle", item["container-title"]))
    for author in item["author"]:
        pairs.append(("rft.au", author_name(author)))
    if issued(item):
        pairs.append(("rft.date", issued_text(item)))
    for key, name in (("volume", "rft.volume"), ("issue", "rft.issue"), ("page", "rft.pages")):
        if item.get(key):
            pairs.append((name, item[key]))
    if item.get("DOI"):
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    if item.get("URL"):
        pairs.append(("rft_id", item["URL"]))
    return urlencode(pairs)

