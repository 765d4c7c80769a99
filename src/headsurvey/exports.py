"""Downloads and feeds written next to the HTML at build-finished.

Everything is derived from the records and references.bib, sorted, and free of build times,
so two builds of the same sources give byte-identical files.

    downloads/references.bib            the whole database (as in the repository)
    downloads/heads/<slug>.bib          entries of the papers that declare a head type
    downloads/stages/<code>.bib         entries of the papers with a head of that stage
    downloads/papers.json, heads.json   records, schema version SCHEMA_VERSION (docs/data.md)
    downloads/papers.csv                one row per paper
    downloads/papers.csl.json           CSL-JSON for Zotero, Mendeley and citeproc
    feeds/papers.atom                   newly added papers
    feeds/heads/<slug>.atom             newly added papers per head type
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import links
from .bib import Entry, latex_to_text
from .render import STAGE_ORDER, Site
from .schema import Paper

SCHEMA_VERSION = 1
FEED_SIZE = 50
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def paper_record(site: Site, paper: Paper) -> dict:
    entry = site.db.entries.get(paper.key)
    return {
        "key": paper.key,
        "title": entry.title_text if entry else None,
        "authors": entry.author_names() if entry else [],
        "year": int(entry.year) if entry and entry.year.isdigit() else None,
        "venue": entry.venue if entry else None,
        "date": paper.date,
        "added": paper.added,
        "heads": list(paper.heads),
        "stages": site.stages_of(paper.heads),
        "models": list(paper.models),
        "model_families": site.families_of(paper),
        "methods": list(paper.methods),
        "tasks": list(paper.tasks),
        "code": links.https(paper.code),
        "arxiv": entry.arxiv_id if entry else None,
        "doi": entry.get("doi") if entry else None,
        "url": links.https(entry.get("url")) if entry else None,
        "instances": [{"model": i.model, "layer": i.layer, "head": i.head, "role": i.role, "evidence": list(i.evidence)}
                      for i in paper.instances],
        "page": f"papers/{paper.key}.html",
    }


def papers_json(site: Site) -> str:
    papers = [paper_record(site, p) for p in sorted(site.papers.values(), key=lambda p: p.key)]
    return json.dumps({"schema_version": SCHEMA_VERSION, "papers": papers}, indent=1, ensure_ascii=False) + "\n"


def heads_json(site: Site) -> str:
    heads = [{
        "slug": h.slug, "name": h.name, "aliases": list(h.aliases), "stages": list(h.stages), "category": h.category,
        "placement": h.placement, "related": list(h.related), "papers": sorted(p.key for p in site.by_head.get(h.slug, [])),
        "page": f"heads/{h.slug}.html",
    } for h in sorted(site.heads.values(), key=lambda h: h.slug)]
    return json.dumps({"schema_version": SCHEMA_VERSION, "heads": heads}, indent=1, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("key", "title", "authors", "year", "venue", "date", "added", "heads", "stages", "models", "methods",
               "tasks", "arxiv", "doi", "url", "code")


def papers_csv(site: Site) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in sorted(site.papers.values(), key=lambda p: p.key):
        record = paper_record(site, paper)
        writer.writerow(["; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                         for v in (record[c] for c in CSV_COLUMNS)])
    return out.getvalue()


def csl_item(entry: Entry) -> dict:
    """One CSL-JSON item (https://citationstyles.org) for a BibTeX entry."""
    arxiv = entry.arxiv_id
    kind = {"article": "article-journal", "inproceedings": "paper-conference", "incollection": "chapter",
            "book": "book", "phdthesis": "thesis", "techreport": "report"}.get(entry.type, "article")
    item: dict = {"id": entry.key, "type": kind, "title": entry.title_text}
    authors = []
    for person in entry.persons:
        family = latex_to_text(" ".join(person.prelast_names + person.last_names))
        given = latex_to_text(" ".join(person.first_names + person.middle_names))
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item["author"] = authors
    if entry.year.isdigit():
        parts = [int(entry.year)]
        month = entry.get("month")
        if month in MONTHS:
            parts.append(MONTHS.index(month) + 1)
        item["issued"] = {"date-parts": [parts]}
    container = entry.get("journal") or entry.get("booktitle")
    if container:
        item["container-title"] = latex_to_text(container)
    elif arxiv:
        item["publisher"] = "arXiv"
        item["number"] = arxiv
    for field, name in (("volume", "volume"), ("number", "issue"), ("pages", "page"), ("publisher", "publisher")):
        if entry.get(field) and name not in item:
            item[name] = latex_to_text(entry.get(field) or "").replace("--", "–")
    if entry.get("doi"):
        item["DOI"] = entry.get("doi")
    url = links.https(entry.get("url")) or links.arxiv(arxiv)
    if url:
        item["URL"] = url
    return item


def csl_json(site: Site) -> str:
    items = [csl_item(site.db.entries[k]) for k in sorted(site.papers) if k in site.db.entries]
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"


def bib_bundle(site: Site, keys: Iterable[str]) -> str:
    entries = [site.db.entries[k].raw for k in sorted(set(keys)) if k in site.db.entries]
    return "\n\n".join(entries) + "\n" if entries else ""


def atom(site: Site, feed_id: str, title: str, self_href: str, papers: list[Paper], prefix: str) -> str:
    """An Atom 1.0 feed of the newest additions; links are relative to the feed's folder."""
    recent = sorted(papers, key=lambda p: (p.added, p.date, p.key), reverse=True)[:FEED_SIZE]
    updated = (recent[0].added if recent else "2024-01-01") + "T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <id>{escape(feed_id)}</id>", f"  <title>{escape(title)}</title>", f"  <updated>{updated}</updated>",
             f"  <link rel=\"self\" href={quoteattr(self_href)}/>", "  <author><name>headsurvey contributors</name></author>"]
    for paper in recent:
        entry = site.db.entries.get(paper.key)
        name = entry.title_text if entry else paper.key
        heads = ", ".join(site.heads[s].name for s in paper.heads if s in site.heads)
        text = f"{entry.short_authors()}, {entry.venue or 'unpublished'} {entry.year}. Heads: {heads}." if entry else heads
        lines += ["  <entry>", f"    <id>urn:headsurvey:paper:{escape(paper.key)}</id>", f"    <title>{escape(name)}</title>",
                  f"    <updated>{paper.added}T00:00:00Z</updated>", f"    <published>{paper.date}T00:00:00Z</published>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(prefix + 'papers/' + paper.key + '.html')}/>",
                  f"    <summary>{escape(text)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def files(site: Site) -> dict[str, str]:
    """Every download and feed of the site, by path relative to the HTML output folder."""
    out = {
        "downloads/references.bib": bib_bundle(site, site.db.entries),
        "downloads/papers.json": papers_json(site),
        "downloads/heads.json": heads_json(site),
        "downloads/papers.csv": papers_csv(site),
        "downloads/papers.csl.json": csl_json(site),
        "feeds/papers.atom": atom(site, "urn:headsurvey:feed:papers", "Attention heads: newly added papers",
                                  "papers.atom", list(site.papers.values()), "../"),
    }
    for slug, head in site.heads.items():
        papers = site.by_head.get(slug, [])
        out[f"downloads/heads/{slug}.bib"] = bib_bundle(site, (p.key for p in papers))
        out[f"feeds/heads/{slug}.atom"] = atom(site, f"urn:headsurvey:feed:head:{slug}", f"Attention heads: {head.name}",
                                              f"{slug}.atom", papers, "../../")
    for code in STAGE_ORDER:
        keys = [p.key for p in site.papers.values() if code in site.stages_of(p.heads)]
        out[f"downloads/stages/{code}.bib"] = bib_bundle(site, keys)
    return out


def digest(site: Site) -> str:
    """A fingerprint of everything the exports are made from."""
    import hashlib

    parts = [repr(sorted(site.papers.items())), repr(sorted(site.heads.items())),
             repr(sorted((k, e.raw) for k, e in site.db.entries.items())), site.vocab.fingerprint()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def write(outdir: Path, site: Site, stamp: Path | None = None) -> list[str]:
    """Write every file (unless ``stamp`` shows the same sources were exported before)."""
    fingerprint = digest(site)
    if stamp is not None and stamp.exists() and stamp.read_text() == fingerprint and (outdir / "downloads").exists():
        return []
    written = []
    for rel, text in sorted(files(site).items()):
        if not text:
            continue
        path = outdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    if stamp is not None:
        stamp.write_text(fingerprint)
    return written

