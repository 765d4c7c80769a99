"""html-page-context: what a page's <head> tells machines (meta tags, JSON-LD, OpenGraph).

sphinxext-opengraph writes the OpenGraph tags of every document. :func:`describe` runs before
it and gives it the description to use (a paper's first sentence, a head's definition);
:func:`on_page_context` runs after it, so that OpenGraph's look for a description tag parses
the few tags before its own, not the citation tags and JSON-LD of every paper page. It writes
the tags itself on generated pages, which have no doctree for OpenGraph to read.
"""

from __future__ import annotations

from urllib.parse import urljoin

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from ..pages.downloads import WHOLE_CATALOGUE
from ..pages.meta import dataset, defined_term, first_sentence, meta_tags, paper_meta_tags
from ..site import paths
from ..sources import page_kind
from . import offload
from .state import site


def description(doctree: nodes.document) -> str:
    """The first sentence of the page's own prose (generated headers, marked hs-*, skipped)."""
    for para in doctree.findall(nodes.paragraph):
        parent, generated = para.parent, False
        while parent is not None and not generated:
            generated = any(c.startswith("hs-") for c in parent.get("classes", [])) if isinstance(parent, nodes.Element) else False
            parent = parent.parent
        if not generated and para.astext().strip():
            return first_sentence(para.astext())
    return ""


def describe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before sphinxext-opengraph: a paper's or head's description, as a meta tag and for OpenGraph."""
    kind = page_kind(pagename)
    text = description(doctree) if app.builder.format == "html" and doctree is not None and kind else ""
    context["hs_description"] = text
    if text:
        og = {"og:description": text, **({"og:type": "article"} if kind == "paper" else {})}
        context["meta"] = {**(context.get("meta") or {}), **og}
        context["metatags"] = context.get("metatags", "") + meta_tags([("description", text)], [])


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After sphinxext-opengraph: citation tags and JSON-LD; the OpenGraph tags of a generated page."""
    if app.builder.format != "html":
        return
    base = app.config.html_baseurl
    url = urljoin(base, app.builder.get_target_uri(pagename))
    s, kind = site(app), page_kind(pagename)
    data: list[dict] = []
    paper = ""  # a paper page's citation tags and JSON-LD
    text = context.get("hs_description", "")
    name = pagename.rpartition("/")[2]
    if kind == "paper" and doctree is not None and any("hs-cite" in s["ids"] for s in doctree.findall(nodes.section)):
        context["hs_skip_links"] = [("#hs-cite", "Skip to Cite")]
    if kind == "paper" and name in s.db.entries:
        made = offload.made_meta_tags(app, pagename)
        paper = made if made is not None else paper_meta_tags(s, name, url)
    elif kind == "head" and name in s.heads:
        set_url = urljoin(base, app.builder.get_target_uri(paths.head("index")))
        data.append(defined_term(s.heads[name], url, text or s.heads[name].name, set_url))
    if "downloads" in app.env.get_domain("hs").data["aggregates"].get(pagename, ()):
        files = {urljoin(base, path): media for path, _, media in WHOLE_CATALOGUE if path.startswith(f"{paths.DOWNLOADS_DIR}/")}
        data.append(dataset(s, url, app.config.project, app.config.author, files))
    # sphinxext-opengraph writes the OpenGraph tags of documents, with its custom tags (the Twitter card)
    title = context.get("title", "")
    props = [("og:title", title), ("og:type", "website"), ("og:url", url), ("og:site_name", app.config.project),
             ("og:description", f"{title}: {app.config.project}")] if doctree is None else []
    context["metatags"] = context.get("metatags", "") + paper + meta_tags(
        [], data, props, [Markup(tag) for tag in app.config.ogp_custom_meta_tags] if doctree is None else [])
