"""Pure work done on another core while Sphinx reads and writes on one (the process: :mod:`.helper`).

A serial build (``-j 1``) keeps one core busy. Much of its work is a function of a file's text,
or of the site's records, with no Sphinx in it: the checks of a paper or head page (front matter
and body, :func:`headsurvey.sources.read_page`); the generated parts of each paper page (header,
located heads, related papers, citation: :mod:`headsurvey.pages.kinds`); and the post-build gate's
and the site search's parses of a written HTML file (:func:`headsurvey.pages.gate.findings`,
:func:`headsurvey.pages.searchdoc.record`). A helper process computes them ahead of the build,
which takes an answer only when it matches what the build has: a page's check when its text is
the text Sphinx read; a page's parts when they were made from this build's records (shared once
they are indexed, before any page is written) with the HTML builder's own addresses; a file's
findings and search record when the file's SHA-1 is the one on disk (and, for the record, when
no glossary term cites the page). Anything else (an answer not there yet, a helper that failed
to start or stopped) is computed in the build as before, so the output never depends on the
helper's timing or presence.

The helper runs for serial builds that read at least :data:`MIN_PAGES` paper and head pages
(``headsurvey_offload = False`` turns it off).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..pages.context import SiteConfig
from ..sources.loader import PageResult, folder_rule
from . import search, state
from .helper import PAPER_META, PAPER_PARTS, Addresses, Helper, Shared

logger = logging.getLogger(__name__)

#: Fewer pages to read than this and the build does the work itself (the helper takes about a second to start).
MIN_PAGES = 100
#: Pages checked, made or parsed per task sent to the helper.
BATCH = 50
#: How many pages ahead of the one being written the helper makes the generated parts of.
AHEAD = 4 * BATCH


def start(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: the helper checks the paper and head pages to read, in Sphinx's order."""
    current = state.build_state(app)
    if current.helper is not None or app.parallel > 1 or not app.config.headsurvey_offload:
        return
    items = []
    for docname in sorted(docnames):
        path = env.doc2path(docname)
        rule = folder_rule(docname, path.suffix)
        if rule in ("paper", "head"):
            items.append((docname, rule, docname.partition("/")[2], str(path), state.display(env, path)))
    if len(items) < MIN_PAGES:
        return
    try:
        helper = current.helper = Helper()
    except OSError as exc:  # no interpreter to start: the build does all its work itself
        logger.info("headsurvey: no helper process (%s); the build does its work itself", exc)
        return
    vocab, encoding = state.read_inputs(app).vocabulary, env.settings["input_encoding"]
    for i in range(0, len(items), BATCH):
        helper.send("pages", vocab, encoding, items[i:i + BATCH])
    helper.papers = [docname for docname, rule, *_ in items if rule == "paper"]


def share(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated, once the records are indexed: the helper makes the generated parts of the paper
    pages read, in the order Sphinx writes them (with the addresses of Sphinx's HTML builder only)."""
    helper = state.build_state(app).helper
    builder = type(app.builder)
    if helper is None or builder.get_target_uri is not StandaloneHTMLBuilder.get_target_uri \
            or builder.get_relative_uri is not Builder.get_relative_uri:
        return
    helper.send("share", Shared(state.site(app), Addresses(app.builder.link_suffix),  # type: ignore[attr-defined]
                                SiteConfig.of(app.config),
                                frozenset(env.all_docs), state.kind_pages(app)))
    helper.shared = True
    _ask_parts(helper)


def _ask_parts(helper: Helper) -> None:
    """Ask for the parts of the next pages, keeping :data:`AHEAD` pages ahead of the page being
    written (the parts of every page at once were held until each was written: at 10,000 papers the
    build's peak, with its helper, was about 300 MiB higher)."""
    while helper.asked < len(helper.papers) and helper.asked - helper.written_pages < AHEAD:
        helper.send("parts", helper.papers[helper.asked:helper.asked + BATCH])
        helper.asked += BATCH
        if helper.asked >= len(helper.papers):
            helper.send("share", None)  # the last parts asked for: the helper lets the records go


def made_part(app: Sphinx, docname: str, kind: str) -> list[nodes.Node] | None:
    """A generated part of a page the helper made, if it has (each is taken once; a page whose part is
    not there yet is made by the build, and the helper's parts for it are dropped when they come)."""
    return _take(app, docname, kind) if kind in PAPER_PARTS else None


def made_meta_tags(app: Sphinx, docname: str) -> str | None:
    """A paper page's citation tags and JSON-LD (:func:`headsurvey.pages.meta.paper_meta_tags`) the helper
    made with its parts, if it has."""
    return _take(app, docname, PAPER_META)


def _take(app: Sphinx, docname: str, kind: str) -> Any:
    helper = state.build_state(app).helper
    if helper is None or not helper.shared:
        return None
    if docname != helper.writing:
        helper.writing, helper.written_pages = docname, helper.written_pages + 1
        _ask_parts(helper)
    made = helper.take(docname, kind)
    if made is None:
        helper.dropped.add(docname)
    return made


def page_result(app: Sphinx, docname: str, text: str) -> PageResult | None:
    """The helper's check of a page, if it has answered for this very text."""
    helper = state.build_state(app).helper
    answer = helper.pages.pop(docname, None) if helper is not None else None
    return answer[1] if answer is not None and answer[0] == text else None


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """html-page-context: the page written before this one is complete; the helper parses written
    pages in batches."""
    helper = state.build_state(app).helper
    if helper is None or not hasattr(app.builder, "get_outfilename"):  # the HTML builders' file of a page
        return
    if helper.last is not None:
        helper.written.append(helper.last)
    path = str(app.builder.get_outfilename(pagename))
    helper.last = (os.path.relpath(path, app.outdir).replace(os.sep, "/"), path)
    if len(helper.written) >= BATCH:
        staging = str(search.staging_folder(app)) if app.config.headsurvey_search_index else ""  # "": no records
        helper.send("written", urlsplit(app.config.html_baseurl).path, staging, helper.written)
        helper.written = []


def finish(app: Sphinx) -> dict[tuple[str, str], list]:
    """build-finished: the helper ends (its memory goes before the downloads' and the index's come;
    what it has not answered yet, at most the last pages written, the build does itself). Returns
    (file, SHA-1) → the gate's findings, for the files it parsed."""
    current = state.build_state(app)
    helper, current.helper = current.helper, None
    if helper is None:
        return {}
    helper.close()
    return helper.gated


def search_records(app: Sphinx) -> dict[tuple[str, str], str]:
    """(file, SHA-1) → the file's search record without glossary terms (as staged), for the files
    the helper parsed in this build (taken once: the file that kept them is deleted)."""
    return search.take_parsed(search.staging_folder(app))


def stop(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, last: no helper outlives its build, no parsed record its build."""
    finish(app)
    (search.staging_folder(app) / search.PARSED).unlink(missing_ok=True)
