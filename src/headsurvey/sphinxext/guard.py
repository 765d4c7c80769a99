"""The second fence for contributed pages: their docutils tree, as MyST built it, holds only
allowed nodes, all from the page's own file.

The checker (``sources.body``) refuses anything off its allow-list on the Markdown tokens, and
the build runs it before MyST parses the page. This runs after MyST, before Sphinx's collectors
(images, downloads, dependencies) see the tree: a node no allowed Markdown makes (a raw block, a
download, an image, a file's content) is refused with its line and the page is withheld, so a
construct the token walk did not foresee is still never published.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..sources.body import SAFE_HREF
from ..sources.loader import folder_rule

logger = logging.getLogger(__name__)

#: Node classes (by name) allowed in a contributed page's tree.
NODES = frozenset({
    "document", "section", "title", "paragraph", "Text", "emphasis", "strong", "literal", "reference",
    "bullet_list", "enumerated_list", "list_item", "definition_list", "definition_list_item", "term",
    "definition", "field_list", "field", "field_name", "field_body", "table", "tgroup", "colspec", "thead",
    "tbody", "row", "entry", "block_quote", "literal_block", "footnote", "footnote_reference", "label",
    "transition", "note", "tip", "important", "warning", "caution", "seealso", "admonition", "container",
    "caption", "target", "pending_xref", "subscript", "superscript", "abbreviation", "comment", "inline",
    "title_reference", "system_message", "problematic",
    # a field list at a page's top becomes docinfo (':orphan:' or ':author: x'): inert text
    "docinfo", "author", "authors", "organization", "address", "contact", "version", "revision", "status", "date",
    "copyright",
})
#: Cross-references a contributed page may make: (domain, type).
XREFS = frozenset({("hs", "paper"), ("hs", "head"), ("std", "term"), ("cite", "p"), ("cite", "t")})
#: Generated lists an index page of a catalogue folder may hold.
INDEX_NODES = frozenset({"placeholder"})


def _refused(node: nodes.Node, source: str, index: bool) -> str | None:
    """Why ``node`` may not be in a contributed page, if it may not."""
    name = type(node).__name__
    if name not in NODES and not (index and name in INDEX_NODES):
        return f"the page produces a '{name}' element, which catalogue pages may not hold"
    if isinstance(node, nodes.Element):
        origin = node.get("source") or node.source
        if origin and origin != source:
            return f"the page includes content of another file ({origin})"
        if name == "reference" and node.get("refuri") and not SAFE_HREF.fullmatch(node["refuri"]):
            return f"link '{node['refuri'][:60]}' is not an https address"
        if name == "pending_xref" and (node.get("refdomain"), node.get("reftype")) not in XREFS:
            return f"cross-reference {{{node.get('refdomain')}:{node.get('reftype')}}} is not allowed in catalogue pages"
    return None


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse and withhold a contributed page whose tree holds anything off the allow-list."""
    env = app.env
    rule = folder_rule(env.docname, env.doc2path(env.docname).suffix)
    if rule is None:
        return
    source = str(env.doc2path(env.docname))
    found = []
    for node in doctree.findall():
        why = _refused(node, source, rule == "index")
        if why:
            found.append((node.line or getattr(node.parent, "line", None) or 1, why))
    if not found:
        return
    from . import state
    from .collect import WITHHELD, domain

    shown = state.display(env, env.doc2path(env.docname))
    for line, why in found[:20]:
        logger.warning("%s — remove it: catalogue pages hold the Markdown listed in the contributing guide", why,
                       location=f"{shown}:{line}", type="headsurvey", subtype="unsafe")
    domain(env).note("problem_docs", env.docname, True)
    title = next(iter(doctree.findall(nodes.title)), None)
    section = nodes.section(ids=["withheld"], names=["withheld"])
    section += title.deepcopy() if title is not None else nodes.title("", env.docname)
    section += nodes.paragraph(WITHHELD, WITHHELD)
    doctree.children = []
    doctree += section
