"""Our node: the placeholder of generated content."""

from __future__ import annotations

from docutils import nodes


class placeholder(nodes.General, nodes.Element):
    """Stands for generated content of ``kind`` (with optional ``arg``) until doctree-resolved."""


def visit_placeholder(self, node: placeholder) -> None:
    raise nodes.SkipNode

