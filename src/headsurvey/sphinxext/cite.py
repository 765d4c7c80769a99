"""sphinxcontrib-bibtex citations of catalogued papers lead to their paper pages."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..site import paths
from .state import build_state, site

#: sphinxcontrib-bibtex's ``bibtex_cite_id``, set by the extension: a citation's anchor names its key,
#: so a ``{cite}`` link is traced to its paper without reading the bibtex domain's internals.
CITE_ID = "cite-{key}"


def citation_keys(app: Sphinx) -> dict[str, str]:
    """Citation anchor id → key of a catalogued paper (cached per build)."""
    current = build_state(app)
    if current.citation_ids is None:
        current.citation_ids = {nodes.make_id(CITE_ID.format(key=key)): key for key in site(app).papers}
    return current.citation_ids


def link_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point {cite} links at paper pages; add a paper-page link to bibliography entries."""
    cites = [n for n in doctree.findall(nodes.inline) if "bibtex-citation" in n["classes"]]
    entries = list(doctree.findall(nodes.citation))
    if not (cites or entries):
        return
    ids, papers = citation_keys(app), site(app).papers

    def page_uri(key: str) -> str:
        return app.builder.get_relative_uri(docname, paths.paper(key))

    for inline in cites:
        for ref in inline.findall(nodes.reference):
            key = ids.get(ref.get("refuri", "").partition("#")[2])
            if key in papers:
                ref["refuri"] = page_uri(key)
    for entry in entries:
        key = next((ids[i] for i in entry["ids"] if i in ids), None)
        paragraphs = list(entry.findall(nodes.paragraph))
        if key in papers and paragraphs:
            paragraphs[-1] += nodes.Text(" ")
            paragraphs[-1] += nodes.reference("", "Paper page", internal=True, refuri=page_uri(key), classes=["hs-paper-page-link"])
