"""HTML output adjustments for accessibility that the default writers do not make."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """Bibliography entries as list items of their list (docutils uses the deprecated
    ``doc-biblioentry`` role, which is not a valid child of ``role="list"``)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


CITATION = (visit_citation, HTML5Translator.depart_citation)
