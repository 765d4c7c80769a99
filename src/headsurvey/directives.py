"""Directives that place generated lists in a page: ``{paper-index}``, ``{head-index}``, ``{stage-heads}``."""

from __future__ import annotations

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .nodes import placeholder


class AggregateDirective(SphinxDirective):
    """Insert a placeholder of the directive's kind, resolved from all records at write time."""

    kind = ""
    optional_arguments = 1
    option_spec = {"class": directives.class_option}

    def run(self) -> list:
        node = placeholder(kind=self.kind, arg=self.arguments[0] if self.arguments else "")
        self.set_source_info(node)
        return [node]


def aggregate(kind: str) -> type[AggregateDirective]:
    return type(f"{kind.title().replace('-', '')}Directive", (AggregateDirective,), {"kind": kind})


DIRECTIVES = {kind: aggregate(kind) for kind in ("paper-index", "head-index", "stage-heads", "method-papers", "framework-diagram", "head-graph")}
