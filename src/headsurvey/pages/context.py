"""What a page's generated content needs to know: the site's records and how to link.

The Sphinx glue builds a :class:`Context` per document (links come from the builder); the
page modules turn the records into docutils nodes through it and never import Sphinx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from docutils import nodes

from ..site import SiteIndex, paths
from ..sources import links
from ..sources.bib import Entry
from ..sources.schema import Paper
from . import paperline, templating


@dataclass(frozen=True)
class SiteConfig:
    """The site's own description, for its citation entry."""

    project: str
    author: str
    copyright: str
    baseurl: str
    list_size: int = 500  # most items on one page of a split list (pages/lists.py)

    @classmethod
    def of(cls, config: Any) -> SiteConfig:
        """The description in a Sphinx configuration (``conf.py``)."""
        return cls(config.project, config.author, config.copyright, config.html_baseurl, config.headsurvey_list_size)


@dataclass(frozen=True)
class Link:
    """A link (with no ``href``, a labelled span), written into generated HTML (``__html__``) or as a node."""

    text: str
    href: str | None
    classes: tuple[str, ...] = ()
    internal: bool = True

    @property
    def css(self) -> str:
        """Its classes as the HTML writer writes a reference's."""
        if self.href is None:
            return " ".join(self.classes)
        return " ".join((*self.classes, "reference", "internal" if self.internal else "external"))

    def __html__(self) -> str:
        """The link as the HTML writer writes a reference (its text and attributes escaped)."""
        return templating.link(self.css, self.href, self.text)

    def node(self) -> nodes.Element:
        if self.href is None:
            return nodes.inline(self.text, self.text, classes=list(self.classes))
        if self.internal:
            return nodes.reference(self.text, self.text, internal=True, refuri=self.href, classes=list(self.classes))
        return nodes.reference(self.text, self.text, refuri=self.href, classes=list(self.classes))


@dataclass
class Context:
    """One document being written: its name, the site, and link makers."""

    site: SiteIndex
    docname: str
    uri: Callable[[str], str]  # relative address of another document or page, by name
    file_uri: Callable[[str], str]  # relative address of a file by its path in the output
    exists: Callable[[str], bool]  # whether a document of that name is in the build
    config: SiteConfig
    kind_pages: Mapping[str, str] = field(default_factory=dict)  # kind → the document that places it
    folder: str | None = None  # the folder of the document's address: its relative links are those of its folder
    lines: dict[tuple, str] = field(default_factory=dict)  # paper lines made for pages of a folder (shared by the build)

    def explorer(self, **params: str) -> str | None:
        """The explorer's address filtered by ``params`` (its URL parameters), if the site has one."""
        home = self.kind_pages.get("paper-explorer")
        if home is None:
            return None
        query = urlencode({k: v for k, v in params.items() if v})
        return self.uri(home) + (f"?{query}" if query else "")

    # --- links and small pieces -----------------------------------------------------------
    def link(self, target: str, text: str, classes: tuple[str, ...] = (), anchor: str = "") -> nodes.reference:
        uri = self.uri(target)
        return nodes.reference(text, text, internal=True, refuri=f"{uri}#{anchor}" if anchor else uri, classes=list(classes))

    def link_to(self, target: str, text: str, classes: tuple[str, ...] = (), anchor: str = "") -> Link:
        """:meth:`link` for generated HTML."""
        uri = self.uri(target)
        return Link(text, f"{uri}#{anchor}" if anchor else uri, classes)

    def download(self, path: str, text: str) -> nodes.raw:
        """A link that saves the file at ``path`` of the output, named as :func:`download_name` says."""
        html_text = templating.render("download-link", href=self.file_uri(path), name=download_name(path), text=text)
        return nodes.raw(text, html_text.strip(), format="html")

    @staticmethod
    def external(url: str, text: str) -> nodes.Element:
        return Link(text, url, ("hs-ext",), internal=False).node()

    def head_link(self, slug: str) -> Link:
        """A head type's badge."""
        head = self.site.heads.get(slug)
        classes = ("sd-sphinx-override", "sd-badge", "sd-bg-primary", "sd-bg-text-primary", "hs-head-badge")
        if head is None:
            return Link(slug, None, classes)
        return self.link_to(paths.head(slug), head.name, classes)

    def stage_link(self, code: str) -> Link:
        """A stage's badge."""
        stage = self.site.vocab.stages.get(code)
        text = f"{code} · {stage.name}" if stage else code
        classes = ("sd-sphinx-override", "sd-badge", "hs-stage-badge", f"hs-stage-{code.lower()}")
        target = f"survey/{stage.slug}" if stage else ""
        if self.exists(target):
            return self.link_to(target, text, classes)
        return Link(text, None, classes)

    def head_badge(self, slug: str) -> nodes.Node:
        return self.head_link(slug).node()

    def stage_badge(self, code: str) -> nodes.Node:
        return self.stage_link(code).node()

    @staticmethod
    def badges(items: Iterable[str], make: Callable[[str], nodes.Node]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for item in items:
            if out:
                out.append(nodes.Text(" "))
            out.append(make(item))
        return out

    @staticmethod
    def joined(parts: Iterable[Link | str], separator: str) -> list[Link | str]:
        """Parts of generated HTML with ``separator`` between them."""
        out: list[Link | str] = []
        for part in parts:
            if out:
                out.append(separator)
            out.append(part)
        return out

    @staticmethod
    def field(name: str, *body: nodes.Node | str) -> nodes.field:
        para = nodes.paragraph()
        for part in body:
            para += nodes.Text(part) if isinstance(part, str) else part
        return nodes.field("", nodes.field_name(name, name), nodes.field_body("", para))

    def paper_item(self, paper: Paper, coins: bool = True, date: str = "released", *more: nodes.Node) -> nodes.list_item:
        """A paper in a list (:mod:`.paperline`), after its date labelled as what it is (``date``:
        "released", the first public release, or "added", when its page was added); with ``coins``,
        also described for reference managers (COinS); ``more``: what the item shows below the line."""
        line = self.paper_line(paper, coins, date)
        # as docutils ends a paragraph: a new line unless it is the item's only child
        return nodes.list_item("", nodes.raw("", f"{line}\n" if more else line, format="html"), *more)

    def paper_line(self, paper: Paper, coins: bool, date: str) -> str:
        """The paper's line (:mod:`.paperline`), made once per folder: a link is the same from every
        page of a folder, unless it points at the page itself (a paper's or its author's page)."""
        own = self.docname == paths.paper(paper.key) or any(
            self.docname == paths.author(slug) for slug, _ in self.site.authors.of_paper.get(paper.key, ()))
        key = (self.folder, paper.key, coins, date)
        line = self.lines.get(key) if self.folder is not None and not own else None
        if line is None:
            line = paperline.html(paperline.fields(self.site, paper, self.uri, date, coins))
            if self.folder is not None and not own:
                self.lines[key] = line
        return line

    def author_links(self, key: str) -> list[Link | str]:
        """Every author of a paper, each linking to their page."""
        return self.joined((self.link_to(paths.author(slug), name, ("hs-author",)) for slug, name in self.site.authors.of_paper.get(key, ())), ", ")

    def paper_list(self, papers: list[Paper], coins: bool = True, date: str = "released") -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["hs-paper-list", "simple"])  # one line per item: compact, as docutils marks it
        listing.extend(self.paper_item(p, coins, date) for p in papers)
        return listing

    @staticmethod
    def paper_links(entry: Entry | None, paper: Paper | None) -> list[Link | str]:
        """arXiv, DOI, publication and code links, each only when its address is valid."""
        return Context.joined((Link(text, url, ("hs-ext",), internal=False) for url, text in link_targets(entry, paper)), " · ")


def download_name(path: str) -> str:
    """The name a download is saved under, saying what it holds: downloads/heads/induction-head.bib →
    headsurvey-heads-induction-head.bib, feeds/papers.atom → headsurvey-feeds-papers.atom."""
    return "headsurvey-" + path.removeprefix(f"{paths.DOWNLOADS_DIR}/").replace("/", "-")


def link_targets(entry: Entry | None, paper: Paper | None) -> list[tuple[str, str]]:
    """(address, text) of a paper's arXiv, DOI, publication and code links, each only when valid."""
    found: list[tuple[str, str]] = []
    if entry is not None:
        if arxiv := links.arxiv(entry.arxiv_id):
            found.append((arxiv, f"arXiv:{entry.arxiv_id}"))
        if doi := links.doi(entry.get("doi")):
            found.append((doi, f"DOI:{entry.get('doi')}"))
        url = links.https(entry.get("url"))
        if url and not any(url == u for u, _ in found):
            found.append((url, "Publication page"))
    if paper is not None and (code := links.https(paper.code)):
        found.append((code, "Code"))
    return found


def short_title(title: str, limit: int = 60) -> str:
    """A title short enough for a table cell: the part before a colon, or its first words and '…'."""
    head = title.partition(": ")[0]
    if len(head) <= limit and len(head.split()) >= 2:
        return head
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + " …"


def scrolling(node: nodes.Node, label: str, classes: tuple[str, ...] = ()) -> list[nodes.Node]:
    """``node`` inside a box that scrolls sideways on its own (keyboard-focusable), so the page never does."""
    opening = templating.render("scroll_box.html", classes=" ".join(("hs-table-wrap", *classes)), label=label)
    return [nodes.raw("", opening, format="html"), node, nodes.raw("", "</div>", format="html")]


def row(cells: list[nodes.Node]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", cell)) for cell in cells))


def table(header: tuple[str, ...], rows: list[nodes.row]) -> nodes.table:
    """A table with a header row (docutils nodes, column widths left to the theme)."""
    out = nodes.table(classes=["hs-table"])
    group = nodes.tgroup(cols=len(header))
    out += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head, body = nodes.thead(), nodes.tbody()
    head += row([nodes.Text(h) for h in header])
    body.extend(rows)
    group += [head, body]
    return out
