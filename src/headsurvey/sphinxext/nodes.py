"""Our nodes: the placeholder of generated content, and how COinS spans are written."""

from __future__ import annotations

from docutils import nodes


class placeholder(nodes.General, nodes.Element):
    """Stands for generated content of ``kind`` (with optional ``arg``) until doctree-resolved."""


def visit_placeholder(self, node: placeholder) -> None:
    raise nodes.SkipNode


def visit_coins_html(self, node) -> None:
    """COinS as Zotero reads it: an empty span carrying the OpenURL in its title."""
    self.body.append(f'<span class="Z3988" title="{self.attval(node["kev"])}"></span>')
    raise nodes.SkipNode
