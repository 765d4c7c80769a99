"""The ``hs`` domain: paper and head records in the environment, and the {paper}/{head} roles.

Records are kept per document, so purging and merging (parallel reads) are per-document
dictionary operations, as in ``sphinx.ext.todo``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import RoleFunction

from ..site import paths
from ..sources.schema import Head, Paper
from . import state

#: Per-document tables of the domain data.
TABLES = ("papers", "heads", "refs", "aggregates", "problem_docs")


class SurveyRole(XRefRole):
    """``{paper}`` / ``{head}`` (also ``{hs:paper}``): a reference that must resolve."""

    def run(self):
        self.refdomain, self.reftype = "hs", self.name.rpartition(":")[2]
        self.classes = ["xref", "hs", f"hs-{self.reftype}"]
        return self.create_xref_node()

    def result_nodes(self, document, env, node, is_ref):
        node["refwarn"] = True
        return [node], []


class SurveyDomain(Domain):
    """Papers (by BibTeX key) and head types (by slug)."""

    name = "hs"
    label = "Attention head survey"
    object_types: ClassVar[dict[str, ObjType]] = {"paper": ObjType("paper", "paper"), "head": ObjType("head type", "head")}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {"paper": SurveyRole(), "head": SurveyRole()}
    #: The per-document tables, and what the dependency model keeps between builds
    #: (:mod:`headsurvey.sphinxext.dependencies`): digests of the bib entries, of what pages
    #: show of other records, of the vocabularies and of the package's templates.
    initial_data: ClassVar[dict[str, Any]] = {**{table: {} for table in TABLES}, "bib_digests": {}, "cross_record": {},
                                              "vocab_fingerprint": None, "package_fingerprint": None}
    data_version = 5  # a new version makes Sphinx read every document again
    dangling_warnings: ClassVar[dict[str, str]] = {
        "paper": "unknown paper key '%(target)s' — use the key of a page in docs/papers/ (its file name)",
        "head": "unknown head '%(target)s' — use the slug of a page in docs/heads/ (its file name)",
    }

    # --- records ------------------------------------------------------------------------
    @property
    def papers(self) -> dict[str, Paper]:
        """Paper records by docname."""
        return self.data["papers"]

    @property
    def heads(self) -> dict[str, Head]:
        """Head records by docname."""
        return self.data["heads"]

    def paper(self, key: str) -> Paper | None:
        return self.papers.get(paths.paper(key))

    def head(self, slug: str) -> Head | None:
        return self.heads.get(paths.head(slug))

    def papers_by_key(self) -> dict[str, Paper]:
        return {p.key: p for p in self.papers.values()}

    def heads_by_slug(self) -> dict[str, Head]:
        return {h.slug: h for h in self.heads.values()}

    def note(self, table: str, docname: str, value: Any) -> None:
        self.data[table][docname] = value

    # --- environment protocol -----------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for table in TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for table in TABLES:
            for docname in docnames:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname, paper in self.papers.items():
            yield paper.key, paper.key, "paper", docname, "", 1
        for docname, head in self.heads.items():
            yield head.slug, head.name, "head", docname, "", 1

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode) -> nodes.reference | None:
        if typ == "paper" and (paper := self.paper(target)) is not None:
            entry = state.database(env).entries.get(paper.key)
            text = f"{entry.short_authors()} ({entry.year})" if entry else paper.key
            title = entry.title_text if entry else None
            docname = paths.paper(target)
        elif typ == "head" and (head := self.head(target)) is not None:
            text, title, docname = head.name, None, paths.head(target)
        else:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(text, text, classes=["hs-xref", f"hs-{typ}"])
        ref = make_refnode(builder, fromdocname, docname, "", contnode, title)
        return ref

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for typ in ("paper", "head"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append((f"hs:{typ}", ref))
        return found


def referenced_targets(doctree: nodes.document) -> set[tuple[str, str]]:
    """The (type, target) pairs a document refers to through {paper} and {head}."""
    return {
        (node["reftype"], node["reftarget"])
        for node in doctree.findall(pending_xref)
        if node.get("refdomain") == "hs"
    }
