"""Records into the Sphinx environment: read and validate (what to rewrite: :mod:`.dependencies`).

* ``source-read``: a paper or head page is validated with :mod:`headsurvey.sources`; its front
  matter is replaced by the generated title (blank lines keep line numbers).
* ``doctree-read``: the record is stored in the ``hs`` domain and placeholders are inserted.
* ``env-updated``: the problems that need every record (vocabularies, bib, cross-references).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..pages.kinds import catalogue_sections
from ..sources import cross_check, page_kind, read_page
from ..sources.curation import catalogued
from ..sources.loader import folder_rule, read_other
from ..sources.problems import Problem
from ..sources.schema import Head
from . import memo, offload, state
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
    env = app.env
    path = env.doc2path(docname)
    rule = folder_rule(docname, path.suffix)
    if rule is None:
        return
    inputs = state.read_inputs(app)  # a change to the vocabularies re-reads the page (dependencies.on_env_get_outdated)
    name = docname.partition("/")[2]
    text = source[0]
    shown = state.display(env, path)
    if rule in ("paper", "head"):
        result = offload.page_result(app, docname, text) or read_page(rule, name, text, shown, inputs.vocabulary)
    else:
        result = read_other(rule, text, shown)
    report(result.problems, rule)
    dom = domain(env)
    if result.problems:
        dom.note("problem_docs", docname, True)
    if rule in ("index", "stray"):
        if result.unsafe:
            # a stray page is an orphan (no second warning that no toctree lists it)
            orphan = "" if rule == "index" else (":orphan:\n\n" if path.suffix == ".rst" else "---\norphan: true\n---\n\n")
            source[0] = f"{orphan}{WITHHELD}\n"
        return
    if result.record is not None:
        dom.note(f"{rule}s", docname, result.record)
    if rule == "paper":
        entry = inputs.database.entries.get(name)
        title = entry.title_text if entry else name
    else:
        title = result.record.name if isinstance(result.record, Head) else name
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
    for title, ident in catalogue_sections(kind, record is not None and bool(record.instances)):
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


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: the problems that need every record (vocabularies, bib, cross-references)."""
    db = state.database(env)
    report(state.vocabulary(env).problems + db.problems + state.curation(env).problems, "data")
    report(catalogued(state.curation(env), db), "crossref")
    dom = domain(env)
    paper_pages = {doc.partition("/")[2] for doc in env.found_docs if page_kind(doc) == "paper"}
    papers, heads, vocab = dom.papers_by_key(), dom.heads_by_slug(), state.vocabulary(env)
    # the same records (what cross_check reads of papers), entries, pages and vocabularies give the same problems
    shown = sorted((k, p.path, p.heads, p.lines) for k, p in papers.items())
    inputs = memo.digest(memo.package_digest(), shown, sorted(heads.items()), db.path,
                         [(k, e.line, e.raw) for k, e in db.entries.items()], sorted(paper_pages), vocab.fingerprint(), vocab.shown)
    report(memo.recall(env.doctreedir, "cross-check", inputs, lambda: cross_check(papers, heads, db, paper_pages, vocab)), "crossref")
