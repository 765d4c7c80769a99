"""Atom 1.0 feeds of the newest additions, ordered by the date each page was added, then release date.

An entry of these feeds is the catalogue's page about a paper: it was published (and, as no
later edit is recorded, last updated) the day the page was added. The paper's own release
date is in the summary, labelled as such.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from ..site import SiteIndex, paths
from ..sources.schema import Paper

FEED_SIZE = 50


def atom(site: SiteIndex, feed_id: str, title: str, path: str, papers: list[Paper], target: Callable[[str], str]) -> str:
    """An Atom 1.0 feed of the newest additions, written at ``path`` (from the output folder); its
    links are relative to the feed's folder, pages addressed by ``target`` (a page name → its file)."""
    up, self_href = "../" * path.count("/"), path.rpartition("/")[2]
    recent = sorted(papers, key=lambda p: (p.added, p.date, p.key), reverse=True)[:FEED_SIZE]
    # Honest dates only: an entry was last updated when its page was added (no later edit is
    # recorded), and a feed when its newest entry was; an empty feed takes the site's newest.
    newest = recent[0].added if recent else max((p.added for p in site.papers.values()), default="1970-01-01")
    updated = newest + "T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <id>{escape(feed_id)}</id>", f"  <title>{escape(title)}</title>", f"  <updated>{updated}</updated>",
             f"  <link rel=\"self\" href={quoteattr(self_href)}/>", "  <author><name>headsurvey contributors</name></author>"]
    for paper in recent:
        entry = site.db.entries.get(paper.key)
        name = site.title(paper.key)
        heads = ", ".join(site.heads[s].name for s in paper.heads if s in site.heads)
        text = (f"{entry.short_authors()}, {entry.venue or 'unpublished'} {entry.year}. " if entry else "")
        text += f"First released {paper.date}; added to the catalogue {paper.added}. Heads: {heads}."
        lines += ["  <entry>", f"    <id>urn:headsurvey:paper:{escape(paper.key)}</id>", f"    <title>{escape(name)}</title>",
                  f"    <updated>{paper.added}T00:00:00Z</updated>", f"    <published>{paper.added}T00:00:00Z</published>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(up + target(paths.paper(paper.key)))}/>",
                  f"    <summary>{escape(text)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
