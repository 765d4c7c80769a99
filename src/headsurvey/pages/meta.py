"""What a page says about itself to machines: scholarly meta tags, descriptions, JSON-LD.

A paper page's tags describe the paper (Google Scholar's and Zotero's ``citation_*``
vocabulary, schema.org's ScholarlyArticle), not the page; head pages are DefinedTerms of
the survey's taxonomy; the downloads page is a Dataset. Everything is made from the shared
citation record (:mod:`headsurvey.sources.citation`), so it says what the BibTeX entry says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from markupsafe import Markup

from ..site import SiteIndex
from ..sources import links
from ..sources.bib import Entry
from ..sources.citation import author_name, issued, issued_text, pages
from ..sources.schema import Head
from . import templating

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
DESCRIPTION_LIMIT = 240


def first_sentence(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The first sentence of ``text`` (whitespace folded), cut at a word near ``limit``."""
    text = " ".join(text.split())
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def paper_url(entry: Entry) -> str | None:
    """The paper's own address: its DOI, else its arXiv abstract page, else the entry's https url."""
    return links.doi(entry.get("doi")) or links.arxiv(entry.arxiv_id) or links.https(entry.get("url"))


def is_preprint(item: dict) -> bool:
    """A CSL item of an arXiv paper with no journal or proceedings (csl_item gives it publisher arXiv)."""
    return item["type"] == "article" and not item.get("container-title") and item.get("publisher") == "arXiv"


def citation_tags(entry: Entry, item: dict) -> list[tuple[str, str]]:
    """``citation_*`` meta tags (name, content) for the paper of ``entry``, whose citation record is
    ``item`` (``SiteIndex.citation``), authors in order.

    What Zotero's Embedded Metadata translator reads (zotero/translators, 2024): the item's URL
    from ``citation_public_url`` (then ``citation_abstract_html_url``; without them, our page's
    address), so both give the paper's own address. Its type comes from ``citation_journal_title``
    (journal article) or ``citation_conference_title`` (conference paper); without either, a
    ``z:itemType`` statement decides, so a preprint says ``z:itemType=preprint`` (Highwire's
    ``citation_technical_report_institution`` would make it a report), else it is guessed to be a
    journal article.
    """
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", author_name(a)) for a in item["author"]]
    if issued(item):
        tags.append(("citation_publication_date", issued_text(item, "/")))
    container = item.get("container-title")
    if container:
        kind = "citation_journal_title" if item["type"] == "article-journal" else "citation_conference_title"
        tags.append((kind, container))
    first, last = pages(item)
    for name, value in (("citation_volume", item.get("volume")), ("citation_issue", item.get("issue")),
                        ("citation_firstpage", first), ("citation_lastpage", last),
                        ("citation_publisher", item.get("publisher")), ("citation_doi", item.get("DOI"))):
        if value:
            tags.append((name, value))
    arxiv = entry.arxiv_id if links.arxiv(entry.arxiv_id) else None
    if arxiv:
        tags.append(("citation_arxiv_id", arxiv))
        tags.append(("citation_pdf_url", f"https://arxiv.org/pdf/{arxiv}"))
    url = paper_url(entry)
    if url:
        tags += [("citation_public_url", url), ("citation_abstract_html_url", url)]
    if is_preprint(item):
        tags.append(("z:itemType", "preprint"))
    return tags


def scholarly_article(entry: Entry, item: dict, url: str, keywords: list[str]) -> dict:
    """schema.org ScholarlyArticle of the paper, from its entry and citation record ``item``; ``url``
    is the catalogue page about it."""
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": item["title"],
                  "name": item["title"], "mainEntityOfPage": url,
                  "author": [{"@type": "Person", "name": _display(a)} for a in item["author"]]}
    if issued(item):
        data["datePublished"] = issued_text(item)
    if item.get("container-title"):
        data["isPartOf"] = {"@type": "Periodical" if item["type"] == "article-journal" else "CreativeWork",
                            "name": item["container-title"]}
    ids = [("arXiv", entry.arxiv_id, links.arxiv(entry.arxiv_id)), ("DOI", item.get("DOI"), links.doi(item.get("DOI")))]
    data["identifier"] = [{"@type": "PropertyValue", "propertyID": kind, "value": value} for kind, value, ok in ids if ok]
    data["sameAs"] = [ok for _kind, _value, ok in ids if ok]
    if paper_url(entry):
        data["url"] = paper_url(entry)
    if is_preprint(item):
        data["creativeWorkStatus"] = "Preprint"
        data["publisher"] = {"@type": "Organization", "name": "arXiv"}
    if keywords:
        data["keywords"] = keywords
    return data


def defined_term(head: Head, url: str, description: str, set_url: str) -> dict:
    """schema.org DefinedTerm for a head type, in the survey's taxonomy."""
    return {"@context": "https://schema.org", "@type": "DefinedTerm", "name": head.name, "url": url,
            "termCode": head.slug, "description": description, "alternateName": list(head.aliases),
            "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Attention head types", "url": set_url}}


def dataset(site: SiteIndex, url: str, name: str, creator: str, files: dict[str, str]) -> dict:
    """schema.org Dataset for the downloads page; ``files`` maps absolute URLs to media types."""
    years = sorted(p.date[:4] for p in site.papers.values())
    return {
        "@context": "https://schema.org", "@type": "Dataset", "name": f"{name}: catalogue data", "url": url,
        "description": (f"Structured records of {len(site.papers)} papers on attention heads of language models "
                        f"and {len(site.heads)} head types: bibliographic entries, heads, models, methods and tasks."),
        "creator": {"@type": "Organization", "name": creator},
        **({"temporalCoverage": f"{years[0]}/{years[-1]}"} if years else {}),
        "distribution": [{"@type": "DataDownload", "contentUrl": file_url, "encodingFormat": kind}
                         for file_url, kind in files.items()],
    }


def _display(author: dict) -> str:
    return author.get("literal") or f"{author['given']} {author['family']}"


def script_json(data: dict) -> Markup:
    """JSON for a <script> element: '<', '>' and '&' escaped so no text can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def meta_tags(tags: Sequence[tuple[str, str]], data: Sequence[dict], props: Sequence[tuple[str, str]] = (),
              custom: Sequence[Markup] = ()) -> str:
    """The HTML of meta tags (name, content), JSON-LD, OpenGraph properties and custom tags, one a line."""
    return templating.render("meta_tags.html", tags=tags, data=[script_json(d) for d in data], props=props, custom=custom)


def paper_meta_tags(site: SiteIndex, key: str, url: str) -> str:
    """A paper page's citation tags and ScholarlyArticle JSON-LD (``url``: the page's address), as HTML
    of its <head>: made by the build, or ahead of it by its helper process."""
    entry, item = site.db.entries[key], site.citation(key)
    heads = [site.heads[h].name for h in site.papers[key].heads if h in site.heads] if key in site.papers else []
    return meta_tags(citation_tags(entry, item), [scholarly_article(entry, item, url, heads)])
