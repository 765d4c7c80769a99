"""Records into the Sphinx environment: read, validate, purge/merge, and what to rewrite.

* ``source-read``: a paper or head page is validated with :mod:`headsurvey.sources`; its front
  matter is replaced by the generated title (blank lines keep line numbers).
* ``doctree-read``: the record is stored in the ``hs`` domain and placeholders are inserted.
* ``env-get-outdated`` / ``env-updated``: pages whose references.bib entry changed are
  re-read, and pages listing a changed record (head pages, indexes) are re-written.
"""

from __future__ import annotations

import hashlib
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..pages.kinds import KINDS
from ..sources import HEADS_DIR, PAPERS_DIR, cross_check, page_kind, read_page
from ..sources.problems import Problem
from . import state
from .domain import SurveyDomain, referenced_targets
from .nodes import placeholder

logger = logging.getLogger(__name__)

def domain(env: BuildEnvironment) -> SurveyDomain:
    return env.get_domain("hs")  # type: ignore[return-value]


def report(problems: list[Problem], kind: str) -> None:
    for problem in problems:
        logger.warning(
            "%s — %s", problem.message, problem.fix,
            location=f"{problem.path}:{problem.line}", type="headsurvey", subtype=kind,
        )


def markdown_escape(text: str) -> str:
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    kind = page_kind(docname)
    if kind is None:
        return
    env = app.env
    for path in state.data_files(env):
        env.note_dependency(str(path))
    name = docname.partition("/")[2]
    text = source[0]
    result = read_page(kind, name, text, state.display(env, env.doc2path(docname)), state.vocabulary(env))
    report(result.problems, kind)
    dom = domain(env)
    if result.problems:
        dom.note("problem_docs", docname, True)
    if result.record is not None:
        dom.note(f"{kind}s", docname, result.record)
    if kind == "paper":
        entry = state.database(env).entries.get(name)
        title = entry.title_text if entry else name
    else:
        title = result.record.name if result.record else name
    lines = text.split("\n")
    if result.unsafe:
        # Refused content is never rendered, whatever the build's warning settings.
        lines = ["", WITHHELD]
        result.end = 1
    if not result.end:
        lines.insert(0, "")
        result.end = 1
    lines[: result.end] = [f"# {markdown_escape(title)}"] + [""] * (result.end - 1)
    source[0] = "\n".join(lines)


WITHHELD = "The text of this page is withheld: it failed validation (see the build log or run `headsurvey check`)."


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    dom = domain(env)
    targets = referenced_targets(doctree)
    if targets:
        dom.note("refs", docname, targets)
    kinds = {node["kind"] for node in doctree.findall(placeholder)}
    if kinds:
        dom.note("aggregates", docname, kinds)
    kind = page_kind(docname)
    if kind is None:
        return
    # Catalogue pages stay out of the toctree: generated indexes link them, and a sidebar
    # listing them on every page would grow every page with the catalogue.
    env.metadata[docname]["orphan"] = True
    sections = [s for s in doctree.children if isinstance(s, nodes.section)]
    if not sections:
        return
    top = sections[0]
    top.insert(1, placeholder(kind=f"{kind}-header"))
    if kind == "head":
        _head_parts(top)
    record = dom.papers.get(docname)
    parts = [("Heads located in this paper", "located")] if record is not None and record.instances else []
    parts += [("Related papers", "related"), ("Cite", "cite")] if kind == "paper" else [("Papers", "papers")]
    for title, ident in parts:
        top += _section(title, ident, f"{kind}-{ident}")


#: The prose section of a head page that the generated list of model families opens.
FOUND_TITLE = "Where it was found"


def _section(title: str, ident: str, kind: str) -> nodes.section:
    section = nodes.section(ids=[f"hs-{ident}"], names=[ident])
    section += nodes.title(title, title)
    section += placeholder(kind=kind)
    return section


def _head_parts(top: nodes.section) -> None:
    """A head page's key papers first, after its header; the families it was found in open the
    page's "Where it was found" section (a section of that name is added when the page has none)."""
    top.insert(2, _section("Key papers", "key-papers", "head-key-papers"))
    found = [s for s in top.children if isinstance(s, nodes.section) and s.children and s[0].astext() == FOUND_TITLE]
    if found:
        found[0].insert(1, placeholder(kind="head-found"))
    else:
        top += _section(FOUND_TITLE, "found", "head-found")


# --- incremental builds --------------------------------------------------------------------

def summarize(dom: SurveyDomain) -> tuple[dict, dict]:
    """What other pages show of each record: a change here means those pages are stale."""
    shown = ("date", "added", "heads", "models", "methods", "tasks", "instances")
    papers = {p.key: {name: getattr(p, name) for name in shown} for p in dom.papers.values()}
    heads = {h.slug: (h.name, h.aliases, h.stages, h.category, h.placement, h.related, h.key_papers) for h in dom.heads.values()}
    return papers, heads


def entry_digests(env: BuildEnvironment) -> dict[str, str]:
    entries = state.database(env).entries
    return {key: hashlib.sha1(e.raw.encode()).hexdigest() for key, e in entries.items()}


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    dom = domain(env)
    old = dom.data.setdefault("bib_digests", {})
    new = entry_digests(env)
    bib_changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    papers, heads = summarize(dom)
    state.build_state(app).before = (papers, heads, bib_changed)
    reread = {f"{PAPERS_DIR}/{k}" for k in bib_changed}
    reread |= set(dom.data["problem_docs"])
    return sorted(reread & env.found_docs)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    dom = domain(env)
    papers_by_key, heads_by_slug = dom.papers_by_key(), dom.heads_by_slug()
    db = state.database(env)
    report(state.vocabulary(env).problems + db.problems, "data")
    paper_pages = {doc.partition("/")[2] for doc in env.found_docs if page_kind(doc) == "paper"}
    report(cross_check(papers_by_key, heads_by_slug, db, paper_pages, state.vocabulary(env)), "crossref")
    dom.data["bib_digests"] = entry_digests(env)
    old_papers, old_heads, bib_changed = state.build_state(app).before or ({}, {}, set())
    state.build_state(app).before = None
    new_papers, new_heads = summarize(dom)
    vocab = state.vocabulary(env).fingerprint()
    if dom.data.get("vocab_fingerprint") != vocab:
        # Families, model sizes, method and stage names show on every generated list and page.
        dom.data["vocab_fingerprint"] = vocab
        return sorted(set(dom.data["aggregates"]) | {d for d in env.all_docs if page_kind(d)})
    changed = changed_fields(old_papers, new_papers, bib_changed)
    changed_heads = {s for s in old_heads.keys() | new_heads.keys() if old_heads.get(s) != new_heads.get(s)}
    if not (changed or changed_heads):
        return []
    stale_heads = set(changed_heads)
    for key, fields in changed.items():
        if fields & (KINDS["head-papers"].shows | KINDS["head-found"].shows):
            for record in (old_papers.get(key), new_papers.get(key)):
                stale_heads.update(record["heads"] if record else ())
    rewrite = {f"{HEADS_DIR}/{slug}" for slug in stale_heads}
    rewrite |= {f"{PAPERS_DIR}/{p.key}" for p in papers_by_key.values() if changed_heads & set(p.heads)}
    rewrite |= {f"{HEADS_DIR}/{h.slug}" for h in heads_by_slug.values() if changed_heads & set(h.related)}
    wanted = {("paper", k) for k, f in changed.items() if f & {"presence", "bib"}}  # what {paper} shows
    wanted |= {("head", s) for s in changed_heads}
    rewrite |= {doc for doc, targets in dom.data["refs"].items() if targets & wanted}
    fields = set().union(*changed.values()) if changed else set()
    for doc, kinds in dom.data["aggregates"].items():
        if changed_heads or any(fields & KINDS[kind].shows for kind in kinds):
            rewrite.add(doc)
    return sorted(rewrite & env.all_docs.keys())


def changed_fields(old: dict, new: dict, bib_changed: set[str]) -> dict[str, set[str]]:
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
