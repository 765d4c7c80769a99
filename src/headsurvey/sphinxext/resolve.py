"""doctree-resolved: placeholders become generated content, with links made by the builder."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..pages.context import Context, SiteConfig
from ..pages.kinds import render
from .nodes import placeholder
from .state import build_state, kind_pages, site


def context(app: Sphinx, docname: str) -> Context:
    """The page context of one document: this build's records and the builder's links."""
    config = app.config
    return Context(
        site=site(app), docname=docname,
        uri=lambda target: app.builder.get_relative_uri(docname, target),
        file_uri=lambda path: relative_uri(app.builder.get_target_uri(docname), path),
        exists=lambda name: name in app.env.all_docs,
        config=SiteConfig(config.project, config.author, config.copyright, config.html_baseurl, config.headsurvey_list_size),
        kind_pages=kind_pages(app),
        folder=app.builder.get_target_uri(docname).rpartition("/")[0],
        lines=build_state(app).lines,
    )


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every placeholder of ``docname`` with its generated nodes."""
    found = list(doctree.findall(placeholder))
    if not found:
        return
    ctx = context(app, docname)
    for node in found:
        node.replace_self(render(ctx, node["kind"], node.get("arg", "")))
