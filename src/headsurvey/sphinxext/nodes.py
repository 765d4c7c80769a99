"""The placeholder node: generated content, filled in once every record is known."""

from __future__ import annotations

from docutils import nodes


class placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Stands for generated content of ``kind`` (with optional ``arg``) until doctree-resolved."""


def visit_placeholder(self, node: placeholder) -> None:
    raise nodes.SkipNode
