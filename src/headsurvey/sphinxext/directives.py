"""Directives that place generated lists in a page: ``{paper-index}``, ``{head-index}``, ``{curation-table}``…"""

from __future__ import annotations

import difflib

from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..pages.curation import TABLES, curation_table
from ..pages.kinds import KINDS
from . import state
from .nodes import placeholder

logger = logging.getLogger(__name__)


class AggregateDirective(SphinxDirective):
    """Insert a placeholder of the directive's kind, resolved from all records at write time."""

    kind = ""
    optional_arguments = 1

    def run(self) -> list:
        arg = self.arguments[0] if self.arguments else ""
        choices = KINDS[self.kind].arguments
        if choices is None and arg:
            self.complain(f"directive '{self.kind}' takes no argument (got '{arg}')", "remove the argument")
        elif choices is not None and arg not in (known := choices(state.vocabulary(self.env), state.database(self.env))):
            near = difflib.get_close_matches(arg, list(known), n=1)
            fix = f"did you mean '{near[0]}'?" if near else "use one of: " + ", ".join(sorted(known)[:12])
            self.complain(f"unknown argument '{arg}' for directive '{self.kind}'", fix)
        node = placeholder(kind=self.kind, arg=arg)
        self.set_source_info(node)
        return [node]

    def complain(self, message: str, fix: str) -> None:
        logger.warning("%s — %s", message, fix, location=self.get_location(), type="headsurvey", subtype="directive")


def aggregate(kind: str) -> type[AggregateDirective]:
    return type(f"{kind.title().replace('-', '')}Directive", (AggregateDirective,), {"kind": kind})


DIRECTIVES = {name: aggregate(name) for name, kind in KINDS.items() if kind.directive}


class FrontMatterReference(SphinxDirective):
    """Tables of every front matter field, generated from the schema so the guide cannot drift."""

    def run(self) -> list:
        from docutils import nodes

        from ..sources import schema

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


class AllowedMarkup(SphinxDirective):
    """The directives (with their options) and roles allowed in catalogue pages, from the checker."""

    def run(self) -> list:
        from docutils import nodes

        from ..sources.body import DIRECTIVES as ALLOWED
        from ..sources.body import ROLES

        items = nodes.bullet_list()
        for name, spec in sorted(ALLOWED.items()):
            para = nodes.paragraph()
            para += nodes.literal(f"{{{name}}}", f"{{{name}}}")
            shown = ", ".join(f":{o}:" for o in sorted(spec.options)) or "none"
            para += nodes.Text(f" — holds {'Markdown' if spec.kind == 'markdown' else 'text'}; options: {shown}")
            items += nodes.list_item("", para)
        roles = nodes.paragraph()
        roles += nodes.Text("Roles: ")
        for i, role in enumerate(sorted(ROLES)):
            roles += nodes.Text(", " if i else "")
            roles += nodes.literal(f"{{{role}}}", f"{{{role}}}")
        return [nodes.paragraph(text="Directives:"), items, roles]


class CurationTable(SphinxDirective):
    """``{curation-table} excluded`` or ``searches``: a table of docs/_data/excluded.yaml or searches.yaml.

    The page is read again when either file changes; their problems are reported with the
    other data files' (at env-updated), so a broken item is left out here.
    """

    required_arguments = 1

    def run(self) -> list:
        for path in state.curation_files(self.env):
            self.env.note_dependency(str(path))
        which = self.arguments[0]
        if which not in TABLES:
            logger.warning("unknown argument '%s' for directive 'curation-table' — use one of: %s", which,
                           ", ".join(TABLES), location=self.get_location(), type="headsurvey", subtype="directive")
            return []
        return curation_table(state.curation(self.env), which)
