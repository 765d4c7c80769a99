"""doctree-resolved: placeholders become generated content, with links made by the builder."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..pages.context import Context, SiteConfig
from ..pages.kinds import render
from . import offload
from .nodes import placeholder
from .state import build_state, kind_pages, site


def context(app: Sphinx, docname: str) -> Context:
    """The page context of one document: this build's records and the builder's links."""
    return Context(
        site=site(app), docname=docname,
        uri=lambda target: app.builder.get_relative_uri(docname, target),
        file_uri=lambda path: relative_uri(app.builder.get_target_uri(docname), path),
        exists=lambda name: name in app.env.all_docs,
        config=SiteConfig.of(app.config),
        kind_pages=kind_pages(app),
        folder=app.builder.get_target_uri(docname).rpartition("/")[0],
        lines=build_state(app).lines,
    )


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every placeholder of ``docname`` with its generated nodes."""
    found = list(doctree.findall(placeholder))
    if not found:
        return
    ctx = None
    for node in found:
        kind, arg = node["kind"], node.get("arg", "")
        made = offload.made_part(app, docname, kind) if not arg else None
        if made is None:
            ctx = ctx if ctx is not None else context(app, docname)
            made = render(ctx, kind, arg)
        node.replace_self(made)
