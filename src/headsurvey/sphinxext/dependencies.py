"""The dependency model: which outputs an input changes, in one place.

Inputs, and the outputs each reaches (an incremental build must equal a clean one):

=======================  ===========================================================================
input                    outputs it changes
=======================  ===========================================================================
the common inputs        every output: the configuration as Sphinx hashes it (``html_baseurl`` and
                         so ``READTHEDOCS_CANONICAL_URL`` included), the templates and static files
                         every page loads, the theme, and the versions of Sphinx, the theme and this
                         package (:func:`common_digest`)
a page's text            that page (Sphinx's own rule)
a record's fields        the pages whose generated content shows those fields (``Kind.shows`` of
                         :mod:`headsurvey.pages.kinds`), its head types' pages, pages linking it
                         with ``{paper}``/``{head}`` (:func:`documents_to_rewrite`)
other records shown      pages showing other records (related papers, authors, atlas rows):
                         compared as digests (:func:`headsurvey.pages.kinds.cross_record_digests`)
a bib entry              its paper page, re-read (:func:`on_env_get_outdated`), then as a record
the vocabularies         every contributed page, re-read (:func:`on_env_get_outdated`: their fingerprint)
the vocabularies and     every page with generated content, every catalogue page (the package's
the package's code       code, templates and assets: :func:`headsurvey.sphinxext.memo.package_digest`)
a removed document       its HTML file, deleted (:func:`on_env_get_outdated`)
generated pages and      each kept in an :class:`OutputMemo`: rewritten when its own digest or the
downloads                common inputs changed; files no longer produced are deleted
the fields generated     the generated pages (authors, parts of lists, atlas models): none is even
pages show               computed while these stay (:func:`generated_inputs`: no task, summary, code)
a record, for downloads  only the downloads and feeds made from what they show of it: its paper's
and feeds                files, its head types' and stages' files and the site's feed by its entry and
                         dates, papers.json, the CSV and its explorer shard by the whole record, the
                         atlas by its instances (:func:`write_exports`); each paper's part of the
                         whole-site files is kept between builds and made again only when it moved
authors and release      the authors index and related papers, kept between builds
dates, features          (:func:`headsurvey.sphinxext.state.refresh`)
a page's search          its file of the search index and the buckets of its old and new words (a
record                   page added or removed, or the common inputs: the whole index; :mod:`.searchindex`)
=======================  ===========================================================================
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..exports import files as exports
from ..pages.gate import file_digests
from ..pages.kinds import KINDS, cross_record_digests
from ..site import paths
from ..sources import glossary, page_kind
from ..sources.loader import folder_rule
from . import memo, state
from .domain import SurveyDomain
from .outputs import OutputMemo, common_digest, page_file

SHOWN_FIELDS = ("date", "added", "heads", "models", "methods", "tasks", "instances")
#: What the generated pages (authors, parts of lists, atlas models) show of a paper: no task, summary or code.
GENERATED_FIELDS = ("key", "date", "added", "heads", "models", "methods", "instances")


def domain(env: BuildEnvironment) -> SurveyDomain:
    return env.get_domain("hs")  # type: ignore[return-value]


# --- documents: what to read and what to write again ----------------------------------------

def summarize(dom: SurveyDomain) -> tuple[dict[str, Any], dict[str, Any]]:
    """What other pages show of each record: a change here means those pages are stale."""
    papers = {p.key: {name: getattr(p, name) for name in SHOWN_FIELDS} for p in dom.papers.values()}
    heads = {h.slug: (h.name, h.aliases, h.stages, h.category, h.placement, h.related,
             h.key_papers) for h in dom.heads.values()}
    return papers, heads


def entry_digests(env: BuildEnvironment) -> dict[str, str]:
    entries = state.database(env).entries
    return {key: hashlib.sha1(e.raw.encode()).hexdigest() for key, e in entries.items()}


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """Before reading: remember the records; re-read pages whose bib entry changed or that had
    problems; delete the output of removed documents (a clean build has none)."""
    dom = domain(env)
    old = dom.data["bib_digests"]
    new = entry_digests(env)
    bib_changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    papers, heads = summarize(dom)
    state.build_state(app).before = (papers, heads, bib_changed)
    if app.builder.format == "html":
        for doc in removed:
            Path(app.builder.get_outfilename(doc)).unlink(missing_ok=True)  # type: ignore[attr-defined]
    reread = {paths.paper(k) for k in bib_changed}
    reread |= set(dom.data["problem_docs"])
    # Every contributed page is checked against the vocabularies: new ones (their fingerprint, kept by
    # on_env_updated) re-read them all. One comparison, not a dependency of each page on the data
    # files: 40,000 of those at 10,000 papers were unpickled, stat'ed and pickled again by every build.
    if dom.data.get("vocab_fingerprint") != state.vocabulary(env).fingerprint():
        reread |= {doc for doc in env.found_docs if folder_rule(doc) is not None}
    return sorted(reread & env.found_docs)


def changed_fields(old: dict[str, Any], new: dict[str, Any], bib_changed: set[str]) -> dict[str, set[str]]:
    """Per changed paper, the names of the fields that differ between two summaries."""
    out: dict[str, set[str]] = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            fields = {"presence"}
        else:
            fields = {name for name in after if before[name] != after[name]}
        if key in bib_changed:
            fields.add("bib")
        if fields:
            out[key] = fields
    return out


def documents_to_rewrite(dom: SurveyDomain, before: tuple[dict[str, Any], dict[str, Any], set[str]],
                         shared_changed: bool) -> set[str]:
    """Documents whose generated content shows a record that changed while reading, or every
    document with generated content when the vocabularies or the package (code, templates) changed."""
    if shared_changed:  # families, model sizes, method and stage names, and the package's code and templates shape every generated page
        return set(dom.data["aggregates"]) | {d for d in dom.env.all_docs if page_kind(d)}
    old_papers, old_heads, bib_changed = before
    new_papers, new_heads = summarize(dom)
    changed = changed_fields(old_papers, new_papers, bib_changed)
    changed_heads = {s for s in old_heads.keys() | new_heads.keys() if old_heads.get(s) != new_heads.get(s)}
    if not (changed or changed_heads):
        return set()
    stale_heads = set(changed_heads)
    for key, fields in changed.items():
        if fields & (KINDS["head-papers"].shows | KINDS["head-found"].shows):
            for record in (old_papers.get(key), new_papers.get(key)):
                stale_heads.update(record["heads"] if record else ())
    rewrite = {paths.head(slug) for slug in stale_heads}
    papers_by_key, heads_by_slug = dom.papers_by_key(), dom.heads_by_slug()
    rewrite |= {paths.paper(p.key) for p in papers_by_key.values() if changed_heads & set(p.heads)}
    rewrite |= {paths.head(h.slug) for h in heads_by_slug.values() if changed_heads & set(h.related)}
    wanted = {("paper", k) for k, f in changed.items() if f & {"presence", "bib"}}  # what {paper} shows
    wanted |= {("head", s) for s in changed_heads}
    rewrite |= {doc for doc, targets in dom.data["refs"].items() if targets & wanted}
    fields = set().union(*changed.values()) if changed else set()
    for doc, kinds in dom.data["aggregates"].items():
        if changed_heads or any(fields & KINDS[kind].shows for kind in kinds):
            rewrite.add(doc)
    return rewrite


def documents_showing_other_records(app: Sphinx, dom: SurveyDomain) -> set[str]:
    """Documents showing something of other records (related papers, authors' pages, atlas
    rows, the pages placing each generated kind) that changed since the last build."""
    s = state.site(app)
    kind_pages = state.kind_pages(app)
    # made from authors, related papers, entries, head instances, head types and kind pages: kept between builds
    inputs = memo.digest(state.build_state(app).digests["derived"], sorted((k, e.raw) for k, e in s.db.entries.items()),
                         sorted((k, p.instances) for k, p in s.papers.items()), sorted(s.heads.items()), sorted(kind_pages.items()))
    docs, authors = memo.recall(app.doctreedir, "cross-record", inputs, lambda: cross_record_digests(s, kind_pages))
    old_docs, old_authors, old_kind_pages = (dom.data["cross_record"].get(k, {}) for k in ("docs", "authors", "kind_pages"))
    dom.data["cross_record"] = {"docs": docs, "authors": authors, "kind_pages": dict(kind_pages)}
    if not old_docs:
        return set()  # first build: every page is written anyway
    rewrite = {doc for doc in docs if old_docs.get(doc) != docs[doc]}
    if old_kind_pages != kind_pages:  # generated content links the explorer, the what's-new page, …
        rewrite |= set(dom.data["aggregates"])
    moved = {k for k in authors if k in old_authors and old_authors[k] != authors[k]}
    if moved:  # an author's page changed name: every list showing these papers links it
        rewrite |= {paths.head(h) for k in moved for h in s.papers[k].heads if h in s.heads}
        rewrite |= {doc for doc, kinds in dom.data["aggregates"].items() if any("bib" in KINDS[k].shows for k in kinds)}
    return rewrite


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading (the site indexed): every document to write again beyond those read."""
    dom = domain(env)
    dom.data["bib_digests"] = entry_digests(env)
    before = state.build_state(app).before or ({}, {}, set())
    state.build_state(app).before = None
    # The package's code, templates and assets: a new version of a renderer changes every page it renders.
    vocab, package = state.vocabulary(env).fingerprint(), memo.package_digest()
    shared_changed = (dom.data.get("vocab_fingerprint"), dom.data.get("package_fingerprint")) != (vocab, package)
    dom.data["vocab_fingerprint"], dom.data["package_fingerprint"] = vocab, package
    rewrite = documents_to_rewrite(dom, before, shared_changed) | documents_showing_other_records(app, dom)
    return sorted(rewrite & env.all_docs.keys())


def generated_inputs(app: Sphinx) -> str:
    """What every generated page (authors, parts of lists, atlas models) is made from besides the common
    inputs: the fields they show of each paper, every bib entry, the head types, the vocabularies, the
    pages placing each kind and the list size. While it stays, no generated page is computed again."""
    found = state.build_state(app).digests
    if "generated" not in found:
        s = state.site(app)
        papers = [tuple(getattr(p, name) for name in GENERATED_FIELDS) for _, p in sorted(s.papers.items())]
        found["generated"] = memo.digest(papers, sorted((k, e.raw) for k, e in s.db.entries.items()), sorted(s.heads.items()),
                                         s.vocab.fingerprint(), sorted(state.kind_pages(app).items()),
                                         app.config.headsurvey_list_size)
    return found["generated"]


# --- downloads and feeds --------------------------------------------------------------------

def html_files(app: Sphinx) -> dict[str, list]:
    """(size, time, SHA-1) of every written HTML file (not the staged search documents of the doctree
    folder, inside the output by default); only files whose size or time moved since the last build
    are read (a cache in the doctree folder)."""
    path = Path(app.doctreedir) / "headsurvey-html.json"
    try:
        known = json.loads(path.read_text())
    except (OSError, ValueError):
        known = {}
    found = file_digests(Path(app.outdir), known, skip=Path(app.doctreedir))  # the doctree folder may be inside
    path.write_text(json.dumps(found, sort_keys=True))
    return found


def search_terms(app: Sphinx) -> dict[str, list[tuple[str, int]]]:
    """Each paper page's HTML file (relative to the output) → the glossary terms whose definitions
    cite the paper, with its position among their papers (read from the pages defining terms)."""
    std = app.env.get_domain("std")
    pages = sorted({app.env.doc2path(doc) for (kind, _), (doc, _) in std.objects.items() if kind == "term"})  # type: ignore[attr-defined]
    found: dict[str, list[tuple[str, int]]] = {}
    for term, keys in sorted(glossary.term_papers(map(Path, pages)).items()):
        for position, key in enumerate(keys, start=1):
            if paths.paper(key) in app.env.all_docs:
                rel = page_file(app, paths.paper(key)).relative_to(app.outdir).as_posix()
                found.setdefault(rel, []).append((term, position))
    return found


def search_inputs(app: Sphinx) -> str:
    """What the search index is made from besides its staged records: the common inputs (its format
    and scores are this package's code)."""
    return common_digest(app)


def gate_memo(app: Sphinx) -> Path:
    """The post-build gate's list of files that passed, valid for these common inputs only (its rules are
    this package's code): memos of other frames are deleted."""
    memo = Path(app.doctreedir) / f"headsurvey-gate-{common_digest(app)[:16]}.sha1"
    for old in Path(app.doctreedir).glob("headsurvey-gate*.sha1"):
        if old != memo:
            old.unlink()
    return memo


def write_exports(app: Sphinx) -> list[str]:
    """Compute and write the downloads and feeds whose records changed (the groups of
    :func:`headsurvey.exports.files.groups`: a paper's files by its entry, a head type's by its papers,
    the whole-site files by the records they show), delete those no longer produced. Each paper's parts
    of the whole-site files are kept between builds by its record (:func:`headsurvey.sphinxext.memo.load`)."""
    outdir = Path(app.outdir)
    target = app.builder.get_target_uri
    frame = exports.digest(state.site(app), target)
    made = OutputMemo(app, "exports", extra=frame)
    made.path.unlink(missing_ok=True)  # a build stopped while writing leaves no memo to trust
    loaded: list[tuple[set[str], dict[str, dict[str, Any]]]] = []  # the kept parts, once a group needs them

    def parts() -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = memo.load(app.doctreedir, "export-parts", made.common, {})
        loaded.append((set(found), found))
        return found

    groups = exports.groups(state.site(app), target, parts)
    made_by: dict[str, list[str]] = {}  # group → its files last time (a memo value is "group digest")
    for rel, value in made.old.items():
        made_by.setdefault(value, []).append(rel)
    written = []
    for name, group in sorted(groups.items()):
        value = f"{name} {group.inputs}"
        kept = made_by.get(value)
        if kept and all(os.path.exists(os.path.join(outdir, rel)) for rel in kept):
            made.new.update(dict.fromkeys(kept, value))
            continue
        for rel, text in sorted(group.make().items()):
            if text:
                made.new[rel] = value
                path = outdir / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
                    written.append(rel)
    made.finish(outdir.joinpath)
    for known, found in loaded:
        if set(found) != known:
            memo.keep(app.doctreedir, "export-parts", made.common, found)
    return written
