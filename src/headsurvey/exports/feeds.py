"""Atom 1.0 feeds of the newest additions, ordered by the date each page was added, then release date.

An entry of these feeds is the catalogue's page about a paper: it was published (and, as no
later edit is recorded, last updated) the day the page was added. The paper's own release
date is in the summary, labelled as such. The XML is written by :mod:`xml.etree.ElementTree`,
which escapes every text and attribute itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..site import SiteIndex, paths
from ..sources.schema import Paper

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    child.text = text
    return child


def atom(site: SiteIndex, feed_id: str, title: str, path: str, papers: list[Paper], target: Callable[[str], str]) -> str:
    """An Atom 1.0 feed of the newest additions, written at ``path`` (from the output folder); its
    links are relative to the feed's folder, pages addressed by ``target`` (a page name → its file)."""
    up, self_href = "../" * path.count("/"), path.rpartition("/")[2]
    recent = sorted(papers, key=lambda p: (p.added, p.date, p.key), reverse=True)[:FEED_SIZE]
    # Honest dates only: an entry was last updated when its page was added (no later edit is
    # recorded), and a feed when its newest entry was; an empty feed takes the site's newest.
    newest = recent[0].added if recent else max((p.added for p in site.papers.values()), default="1970-01-01")
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    _add(feed, "updated", newest + "T00:00:00Z")
    _add(feed, "link", rel="self", href=self_href)
    _add(_add(feed, "author"), "name", "headsurvey contributors")
    for paper in recent:
        entry = site.db.entries.get(paper.key)
        heads = ", ".join(site.head_name(s) for s in paper.heads if s in site.heads)
        text = f"{entry.short_authors()}, {site.venue(paper.key)}. " if entry else ""
        text += f"First released {paper.date}; added to the catalogue {paper.added}. Heads: {heads}."
        item = _add(feed, "entry")
        _add(item, "id", f"urn:headsurvey:paper:{paper.key}")
        _add(item, "title", site.title(paper.key))
        _add(item, "updated", f"{paper.added}T00:00:00Z")
        _add(item, "published", f"{paper.added}T00:00:00Z")
        _add(item, "link", rel="alternate", type="text/html", href=up + target(paths.paper(paper.key)))
        _add(item, "summary", text)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
