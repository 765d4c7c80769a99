"""Generated content: paper and head headers, paper lists and indexes, resolved at doctree-resolved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import charts, diagrams, links, state
from .bib import Database, Entry, latex_to_text
from .nodes import placeholder
from .schema import Head, Paper
from .sources import HEADS_DIR, PAPERS_DIR
from .vocab import Vocabulary

STAGE_ORDER = ("KR", "ICI", "LR", "EP")


@dataclass
class Site:
    """All records of one build, indexed for rendering."""

    papers: dict[str, Paper]
    heads: dict[str, Head]
    by_head: dict[str, list[Paper]]
    db: Database
    vocab: Vocabulary
    citation_ids: dict[str, str] | None = None

    def stages_of(self, heads) -> list[str]:
        """Stage codes of the given head slugs, in framework order."""
        found = {code for slug in heads if slug in self.heads for code in self.heads[slug].stages}
        return [code for code in STAGE_ORDER if code in found]

    def families_of(self, paper: Paper) -> list[str]:
        """Model families a paper studies, sorted."""
        return sorted({self.vocab.models[m].family for m in paper.models if m in self.vocab.models})

    @classmethod
    def build(cls, env: BuildEnvironment) -> "Site":
        dom = env.get_domain("hs")
        papers = dom.papers_by_key()
        by_head: dict[str, list[Paper]] = defaultdict(list)
        for paper in newest_first(papers.values()):
            for slug in paper.heads:
                by_head[slug].append(paper)
        return cls(papers, dom.heads_by_slug(), dict(by_head), state.database(env), state.vocabulary(env))


_SITES: dict[int, Site] = {}


def site(env: BuildEnvironment) -> Site:
    if id(env) not in _SITES:
        _SITES[id(env)] = Site.build(env)
    return _SITES[id(env)]


def refresh(app: Sphinx, env: BuildEnvironment) -> None:
    """Re-index after reading (listened to on env-updated, before any page is written)."""
    _SITES[id(env)] = Site.build(env)


def newest_first(papers) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.date, p.key), reverse=True)


class Renderer:
    """Builds the nodes of generated content for one document."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app, self.docname = app, docname
        self.site = site(app.env)

    # --- small pieces ---------------------------------------------------------------------
    def uri(self, target: str, anchor: str = "") -> str:
        uri = self.app.builder.get_relative_uri(self.docname, target)
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, target: str, text: str, classes: tuple[str, ...] = (), anchor: str = "") -> nodes.reference:
        return nodes.reference(text, text, internal=True, refuri=self.uri(target, anchor), classes=list(classes))

    def external(self, url: str, text: str) -> nodes.reference:
        return nodes.reference(text, text, refuri=url, classes=["hs-ext"])

    def head_badge(self, slug: str) -> nodes.Node:
        head = self.site.heads.get(slug)
        classes = ("sd-sphinx-override", "sd-badge", "sd-bg-primary", "sd-bg-text-primary", "hs-head-badge")
        if head is None:
            return nodes.inline(slug, slug, classes=list(classes))
        return self.link(f"{HEADS_DIR}/{slug}", head.name, classes)

    def stage_badge(self, code: str) -> nodes.Node:
        stage = self.site.vocab.stages.get(code)
        text = f"{code} · {stage.name}" if stage else code
        classes = ("sd-sphinx-override", "sd-badge", "hs-stage-badge", f"hs-stage-{code.lower()}")
        target = f"survey/{stage.slug}" if stage else ""
        if target in self.app.env.all_docs:
            return self.link(target, text, classes)
        return nodes.inline(text, text, classes=list(classes))

    def badges(self, items, make: Callable[[str], nodes.Node]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for item in items:
            if out:
                out.append(nodes.Text(" "))
            out.append(make(item))
        return out

    def field(self, name: str, *body: nodes.Node | str) -> nodes.field:
        para = nodes.paragraph()
        for part in body:
            para += nodes.Text(part) if isinstance(part, str) else part
        return nodes.field("", nodes.field_name(name, name), nodes.field_body("", para))

    def paper_item(self, paper: Paper) -> nodes.list_item:
        entry = self.site.db.entries.get(paper.key)
        title = entry.title_text if entry else paper.key
        para = nodes.paragraph(classes=["hs-paper-item"])
        para += nodes.inline(paper.date, paper.date, classes=["hs-date"])
        para += nodes.Text(" ")
        para += self.link(f"{PAPERS_DIR}/{paper.key}", title, ("hs-paper-link",))
        if entry:
            para += nodes.Text(f" — {entry.short_authors()}, {entry.venue or 'unpublished'} {entry.year}")
        return nodes.list_item("", para)

    def paper_list(self, papers: list[Paper]) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["hs-paper-list"])
        listing.extend(self.paper_item(p) for p in papers)
        return listing

    # --- generated blocks -----------------------------------------------------------------
    def paper_header(self, key: str) -> list[nodes.Node]:
        paper = self.site.papers.get(key)
        entry = self.site.db.entries.get(key)
        box = nodes.container(classes=["hs-header", "hs-paper-header"])
        if entry is not None:
            box += nodes.paragraph("", ", ".join(entry.author_names()), classes=["hs-authors"])
            venue = entry.venue or "Unpublished"
            box += nodes.paragraph("", f"{venue}, {entry.year}", classes=["hs-venue"])
        fields = nodes.field_list(classes=["hs-facts"])
        if paper is not None:
            fields += self.field("First released", paper.date)
        links = self.paper_links(entry, paper)
        if links:
            fields += self.field("Links", *links)
        if paper is not None:
            fields += self.field("Heads", *self.badges(paper.heads, self.head_badge))
            stages = self.site.stages_of(paper.heads)
            if stages:
                fields += self.field("Stages", *self.badges(stages, self.stage_badge))
            for name, values in (("Models", paper.models), ("Methods", self.method_names(paper.methods)), ("Tasks", paper.tasks)):
                if values:
                    fields += self.field(name, ", ".join(values))
            if paper.instances:
                fields += self.field("Heads located", "; ".join(
                    f"{i.model} {i.label} ({self.site.heads[i.role].name if i.role in self.site.heads else i.role})"
                    for i in paper.instances))
        box += fields
        return [box]

    def method_names(self, slugs) -> list[str]:
        methods = self.site.vocab.methods
        return [methods[s].name if s in methods else s for s in slugs]

    def paper_links(self, entry: Entry | None, paper: Paper | None) -> list[nodes.Node]:
        found: list[tuple[str, str]] = []
        if entry is not None:
            if links.arxiv(entry.arxiv_id):
                found.append((links.arxiv(entry.arxiv_id), f"arXiv:{entry.arxiv_id}"))
            if links.doi(entry.get("doi")):
                found.append((links.doi(entry.get("doi")), f"DOI:{entry.get('doi')}"))
            url = links.https(entry.get("url"))
            if url and not any(url == u for u, _ in found):
                found.append((url, "Publication page"))
        if paper is not None and links.https(paper.code):
            found.append((paper.code, "Code"))
        out: list[nodes.Node] = []
        for url, text in found:
            if out:
                out.append(nodes.Text(" · "))
            out.append(self.external(url, text))
        return out

    def paper_cite(self, key: str) -> list[nodes.Node]:
        entry = self.site.db.entries.get(key)
        if entry is None:
            return [nodes.paragraph("", "This paper has no entry in references.bib yet.")]
        intro = nodes.paragraph()
        intro += nodes.Text("BibTeX entry, exactly as in ")
        intro += nodes.literal("references.bib", "references.bib")
        intro += nodes.Text(":")
        block = nodes.literal_block(entry.raw, entry.raw, language="bibtex", classes=["hs-bibtex"])
        block["data-key"] = key
        return [intro, block]

    def site_citation(self, _arg: str = "") -> list[nodes.Node]:
        """A BibTeX entry for this site; its URL is the configured ``html_baseurl`` when there is one."""
        config = self.app.config
        year = config.copyright.split(",")[0].strip() or "2026"
        fields = [f"  author = {{{{{config.author}}}}}", f"  title = {{{config.project}}}", f"  year = {{{year}}}"]
        if config.html_baseurl:
            fields.append(f"  url = {{{config.html_baseurl}}}")
        text = "@misc{headsurvey,\n" + ",\n".join(fields) + ",\n}"
        return [nodes.literal_block(text, text, language="bibtex", classes=["hs-bibtex"])]

    def head_header(self, slug: str) -> list[nodes.Node]:
        head = self.site.heads.get(slug)
        if head is None:
            return []
        box = nodes.container(classes=["hs-header", "hs-head-header"])
        fields = nodes.field_list(classes=["hs-facts"])
        if head.aliases:
            fields += self.field("Also called", ", ".join(head.aliases))
        fields += self.field("Stage", *self.badges([c for c in STAGE_ORDER if c in head.stages], self.stage_badge))
        placed = "the survey's taxonomy" if head.placement == "survey" else "placed by this site"
        fields += self.field("Category", f"{head.category} ({placed})")
        if head.related:
            fields += self.field("Related heads", *self.badges(head.related, self.head_badge))
        count = len(self.site.by_head.get(slug, []))
        fields += self.field("Papers", self.link(f"{HEADS_DIR}/{slug}", f"{count} in the catalogue", anchor="hs-papers"))
        box += fields
        return [box]

    def head_papers(self, slug: str) -> list[nodes.Node]:
        papers = self.site.by_head.get(slug, [])
        if not papers:
            return [nodes.paragraph("", "No paper in the catalogue declares this head type yet.")]
        intro = nodes.paragraph("", f"{len(papers)} papers declare this head type, newest first:")
        return [intro, self.paper_list(papers)]

    def paper_index(self, _arg: str = "") -> list[nodes.Node]:
        by_year: dict[str, list[Paper]] = defaultdict(list)
        for paper in newest_first(self.site.papers.values()):
            by_year[paper.date[:4]].append(paper)
        out: list[nodes.Node] = [nodes.paragraph("", f"{len(self.site.papers)} papers, by year of first release, newest first.")]
        nav = nodes.paragraph(classes=["hs-year-nav"])
        for year in by_year:
            if len(nav):
                nav += nodes.Text(" · ")
            nav += self.link(self.docname, year, anchor=f"year-{year}")
        out.append(nav)
        for year, papers in by_year.items():
            out.append(nodes.rubric(f"{year} ({len(papers)})", f"{year} ({len(papers)})", ids=[f"year-{year}"]))
            out.append(self.paper_list(papers))
        return out

    def head_index(self, _arg: str = "") -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for code in STAGE_ORDER:
            out.extend(self.stage_heads(code, with_stage_title=True))
        return out

    def stage_heads(self, code: str, with_stage_title: bool = False) -> list[nodes.Node]:
        stage = self.site.vocab.stages.get(code)
        if stage is None:
            return [nodes.paragraph("", f"Unknown stage {code}.")]
        out: list[nodes.Node] = []
        if with_stage_title:
            title = nodes.rubric("", "", classes=["hs-stage-title"], ids=[f"stage-{code.lower()}"])
            title += self.stage_badge(code)
            out.append(title)
        for category in stage.categories:
            heads = sorted((h for h in self.site.heads.values() if code in h.stages and h.category == category), key=lambda h: h.name)
            out.append(nodes.rubric(category, category, classes=["hs-category"]))
            if not heads:
                out.append(nodes.paragraph("", "No head type in this category yet."))
                continue
            listing = nodes.bullet_list(classes=["hs-head-list"])
            for head in heads:
                para = nodes.paragraph()
                para += self.link(f"{HEADS_DIR}/{head.slug}", head.name)
                count = len(self.site.by_head.get(head.slug, []))
                para += nodes.Text(f" — {count} paper{'s' if count != 1 else ''}")
                if head.placement == "site":
                    para += nodes.Text(" (placed by this site)")
                listing += nodes.list_item("", para)
            out.append(listing)
        return out


    def method_papers(self, slug: str) -> list[nodes.Node]:
        if slug not in self.site.vocab.methods:
            return [nodes.paragraph("", f"Unknown method {slug}.")]
        papers = [p for p in newest_first(self.site.papers.values()) if slug in p.methods]
        if not papers:
            return [nodes.paragraph("", "No catalogued paper lists this method yet.")]
        intro = nodes.paragraph("", f"{len(papers)} catalogued paper{'s' if len(papers) != 1 else ''} use this method:")
        return [intro, self.paper_list(papers)]

    def framework_diagram(self, _arg: str = "") -> list[nodes.Node]:
        stages = [self.site.vocab.stages[c] for c in STAGE_ORDER if c in self.site.vocab.stages]
        counts = {s.code: sum(1 for h in self.site.heads.values() if s.code in h.stages) for s in stages}
        svg = diagrams.framework(stages, counts, lambda s: self.uri(f"survey/{s.slug}"))
        return [nodes.raw("", svg, format="html", classes=["hs-figure"])]

    def head_graph(self, _arg: str = "") -> list[nodes.Node]:
        heads = sorted(self.site.heads.values(), key=lambda h: h.slug)
        svg = diagrams.head_graph(heads, lambda h: self.uri(f"{HEADS_DIR}/{h.slug}"))
        listing = nodes.bullet_list(classes=["hs-relations"])
        for head in heads:
            if head.related:
                para = nodes.paragraph()
                para += self.link(f"{HEADS_DIR}/{head.slug}", head.name)
                para += nodes.Text(" — related: ")
                para.extend(self.badges(head.related, lambda s: self.link(f"{HEADS_DIR}/{s}", self.site.heads[s].name if s in self.site.heads else s)))
                listing += nodes.list_item("", para)
        caption = nodes.paragraph("", "The same connections as a list:")
        return [nodes.raw("", svg, format="html", classes=["hs-figure"]), caption, listing]


    def downloads(self, _arg: str = "") -> list[nodes.Node]:
        """Links to every download and feed (written by :mod:`headsurvey.exports`)."""
        def row(*cells: nodes.Node | str) -> nodes.row:
            return self._row([nodes.Text(c) if isinstance(c, str) else c for c in cells])

        def file_link(path: str, text: str) -> nodes.reference:
            return nodes.reference(text, text, refuri=self._root() + path, classes=["hs-download"])

        tables = []
        general = [("downloads/references.bib", "BibTeX, every entry"), ("downloads/papers.csl.json", "CSL-JSON (Zotero, Mendeley)"),
                   ("downloads/papers.json", "papers, JSON (schema below)"), ("downloads/heads.json", "head types, JSON (schema below)"),
                   ("downloads/papers.csv", "papers, CSV"), ("feeds/papers.atom", "Atom feed of newly added papers")]
        tables.append(self._table(("file", "what it holds"), [row(file_link(p, p.rpartition("/")[2]), d) for p, d in general]))
        stage_rows = [row(self.stage_badge(c), file_link(f"downloads/stages/{c}.bib", f"{c}.bib")) for c in STAGE_ORDER]
        tables.append(self._table(("stage", "BibTeX"), stage_rows))
        head_rows = []
        for head in sorted(self.site.heads.values(), key=lambda h: h.name):
            count = len(self.site.by_head.get(head.slug, []))
            bib = file_link(f"downloads/heads/{head.slug}.bib", f"{head.slug}.bib") if count else "—"
            head_rows.append(row(self.link(f"{HEADS_DIR}/{head.slug}", head.name), str(count), bib,
                                 file_link(f"feeds/heads/{head.slug}.atom", "Atom")))
        tables.append(self._table(("head type", "papers", "BibTeX", "feed"), head_rows))
        titles = ("Whole catalogue", "By stage", "By head type")
        return [part for title, table in zip(titles, tables) for part in (nodes.rubric(title, title), table)]

    def _root(self) -> str:
        """Relative prefix from this page to the site root."""
        return "../" * self.docname.count("/")

    @staticmethod
    def _row(cells: list[nodes.Node]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", cell)) for cell in cells))

    def _table(self, header: tuple[str, ...], rows: list[nodes.row]) -> nodes.table:
        table = nodes.table(classes=["hs-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        group += [nodes.colspec(colwidth=1) for _ in header]
        head, body = nodes.thead(), nodes.tbody()
        head += self._row([nodes.Text(h) for h in header])
        body.extend(rows)
        group += [head, body]
        return table


    def chart(self, kind: str) -> list[nodes.Node]:
        """One of the build-time charts, followed by the same numbers as a table."""
        papers = list(self.site.papers.values())
        stages = {p.key: self.site.stages_of(p.heads) for p in papers}
        if kind == "papers-per-year":
            by_year: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            totals: dict[str, int] = defaultdict(int)
            for p in papers:
                totals[p.date[:4]] += 1
                for code in stages[p.key]:
                    by_year[p.date[:4]][code] += 1
            svg, header, rows = charts.papers_per_year({y: dict(v) for y, v in by_year.items()}, dict(totals))
        elif kind == "papers-per-head":
            counts = [(h.name, next(c for c in STAGE_ORDER if c in h.stages), len(self.site.by_head.get(h.slug, [])))
                      for h in self.site.heads.values() if self.site.by_head.get(h.slug)]
            svg, header, rows = charts.papers_per_head(counts)
        elif kind == "family-matrix":
            cells: dict[tuple[str, str], int] = defaultdict(int)
            for p in papers:
                families = self.site.families_of(p)
                for slug in p.heads:
                    if slug in self.site.heads:
                        for family in families:
                            cells[(self.site.heads[slug].name, family)] += 1
            family_totals: dict[str, int] = defaultdict(int)
            for (_, family), n in cells.items():
                family_totals[family] += n
            families = sorted(family_totals, key=lambda f: (-family_totals[f], f))
            heads = sorted({h for h, _ in cells})
            svg, header, rows = charts.family_matrix(heads, families, dict(cells))
        else:
            return [nodes.paragraph("", f"Unknown chart {kind}.")]
        table = self._table(header, [self._row([nodes.Text(c) for c in r]) for r in rows])
        caption = nodes.paragraph("", "The same numbers as a table:", classes=["hs-table-caption"])
        return [nodes.raw("", svg, format="html"), caption, table]

    def head_atlas(self, _arg: str = "") -> list[nodes.Node]:
        """Every catalogued head: models with their pages, depth view, and the full table."""
        from . import atlas

        models = atlas.by_model(self.site)
        total = sum(len(v) for v in models.values())
        out: list[nodes.Node] = [nodes.paragraph("", f"{total} heads in {len(models)} models, from {len({x.paper.key for v in models.values() for x in v})} papers.")]
        listing = nodes.bullet_list(classes=["hs-model-list"])
        for name, located in models.items():
            para = nodes.paragraph()
            para += nodes.reference(name, name, refuri=f"{self._root()}{atlas.ATLAS_DIR}/{atlas.slug(name)}.html")
            para += nodes.Text(f" — {len(located)} heads")
            listing += nodes.list_item("", para)
        out += [nodes.rubric("Models", "Models"), listing]
        out += [nodes.rubric("Across models", "Across models"),
                nodes.paragraph("", "Each dot is one catalogued head, placed by its layer relative to the model's depth "
                                    "(0 at the first layer, 1 at the last); models whose depth is not recorded are left out."),
                nodes.raw("", atlas.depth_chart(self.site, models), format="html")]
        rows = []
        for name, located in models.items():
            for x in located:
                role = self.site.heads.get(x.instance.role)
                rows.append(self._row([
                    nodes.Text(name), nodes.Text(x.instance.label),
                    self.link(f"{HEADS_DIR}/{x.instance.role}", role.name) if role else nodes.Text(x.instance.role),
                    nodes.Text(", ".join(self.method_names(x.instance.evidence))),
                    self.link(f"{PAPERS_DIR}/{x.paper.key}", x.paper.key)]))
        out += [nodes.rubric("All catalogued heads", "All catalogued heads"),
                self._table(("model", "layer.head", "role", "established by", "paper"), rows)]
        return out

    def reference_list(self, _arg: str = "") -> list[nodes.Node]:
        """Every entry of references.bib, formatted from our records (linear, no pybtex styles)."""
        def order(entry: Entry) -> tuple:
            first = entry.persons[0].last_names if entry.persons else []
            return (latex_to_text(" ".join(first)).lower(), entry.year, entry.key)

        listing = nodes.bullet_list(classes=["hs-reference-list"])
        for entry in sorted(self.site.db.entries.values(), key=order):
            para = nodes.paragraph(ids=[f"ref-{entry.key}"])
            para += nodes.Text(f"{', '.join(entry.author_names())} ({entry.year}). ")
            para += nodes.emphasis(entry.title_text, entry.title_text)
            para += nodes.Text(f". {entry.venue or 'Unpublished'}. ")
            links = self.paper_links(entry, None)
            if links:
                para.extend(links)
                para += nodes.Text(" · ")
            if entry.key in self.site.papers:
                para += self.link(f"{PAPERS_DIR}/{entry.key}", "Paper page", ("hs-paper-page-link",))
            listing += nodes.list_item("", para)
        return [listing]

    def paper_explorer(self, _arg: str = "") -> list[nodes.Node]:
        from . import explorer

        html = explorer.render(self.site, lambda target: self.uri(target))
        return [nodes.raw("", html, format="html")]


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every placeholder of ``docname`` with its generated nodes."""
    found = list(doctree.findall(placeholder))
    if not found:
        return
    renderer = Renderer(app, docname)
    name = docname.partition("/")[2]
    makers = {
        "paper-header": lambda arg: renderer.paper_header(name),
        "paper-cite": lambda arg: renderer.paper_cite(name),
        "head-header": lambda arg: renderer.head_header(name),
        "head-papers": lambda arg: renderer.head_papers(name),
        "paper-index": renderer.paper_index,
        "head-index": renderer.head_index,
        "stage-heads": renderer.stage_heads,
        "method-papers": renderer.method_papers,
        "framework-diagram": renderer.framework_diagram,
        "head-graph": renderer.head_graph,
        "downloads": renderer.downloads,
        "paper-explorer": renderer.paper_explorer,
        "chart": renderer.chart,
        "head-atlas": renderer.head_atlas,
        "bibtex-entry": renderer.paper_cite,
        "site-citation": renderer.site_citation,
        "reference-list": renderer.reference_list,
    }
    for node in found:
        node.replace_self(makers[node["kind"]](node.get("arg", "")))
