"""Directives that place generated lists in a page: ``{paper-index}``, ``{head-index}``, ``{stage-heads}``."""

from __future__ import annotations

from sphinx.util.docutils import SphinxDirective

from .nodes import placeholder


class AggregateDirective(SphinxDirective):
    """Insert a placeholder of the directive's kind, resolved from all records at write time."""

    kind = ""
    optional_arguments = 1

    def run(self) -> list:
        node = placeholder(kind=self.kind, arg=self.arguments[0] if self.arguments else "")
        self.set_source_info(node)
        return [node]


def aggregate(kind: str) -> type[AggregateDirective]:
    return type(f"{kind.title().replace('-', '')}Directive", (AggregateDirective,), {"kind": kind})


DIRECTIVES = {kind: aggregate(kind) for kind in ("paper-index", "head-index", "stage-heads", "method-papers", "framework-diagram", "head-graph", "downloads", "paper-explorer", "chart", "head-atlas", "bibtex-entry", "site-citation", "reference-list")}


class FrontMatterReference(SphinxDirective):
    """Tables of every front matter field, generated from the schema so the guide cannot drift."""

    def run(self) -> list:
        from docutils import nodes

        from . import schema

        out = []
        for title, fields in (("Paper pages (docs/papers/<key>.md)", schema.PAPER_FIELDS),
                              ("Head pages (docs/heads/<slug>.md)", schema.HEAD_FIELDS),
                              ("Each item of instances", schema.INSTANCE_FIELD_HELP)):
            table = nodes.table(classes=["hs-fields"])
            group = nodes.tgroup(cols=2)
            table += group
            group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=3)]
            head, body = nodes.thead(), nodes.tbody()
            group += [head, body]
            head += nodes.row("", *(nodes.entry("", nodes.paragraph(text=t)) for t in ("field", "what it holds")))
            for name, help_text in fields.items():
                body += nodes.row("", nodes.entry("", nodes.paragraph("", "", nodes.literal(name, name))),
                                  nodes.entry("", nodes.paragraph(text=help_text)))
            out += [nodes.rubric(title, title), table]
        return out
