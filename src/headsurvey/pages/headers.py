"""The generated parts of paper and head pages: facts, citation, the papers of a head."""

from __future__ import annotations

from docutils import nodes

from ..site import STAGE_ORDER, paths
from ..site.facets import UNKNOWN_FAMILY, UNKNOWN_LABEL, family_counts
from . import lists, templating
from .context import Context
from .hubs import hub_fields


def paper_header(ctx: Context, key: str) -> list[nodes.Node]:
    """A paper page's header, as HTML (one node, not a tree of them: a site of thousands of papers writes it each time)."""
    paper = ctx.site.papers.get(key)
    entry = ctx.site.db.entries.get(key)
    fields: list[tuple[str, list]] = []
    if paper is not None:
        fields.append(("First released", [paper.date]))
    links = ctx.paper_links(entry, paper)
    if links:
        fields.append(("Links", links))
    if paper is not None:
        fields.append(("Heads", ctx.joined(map(ctx.head_link, paper.heads), " ")))
        key_for = [(slug, n) for slug, n in ctx.site.key_for.get(key, []) if slug in ctx.site.heads]
        if key_for:
            fields.append(("Key paper for", [key_for_html(ctx, key_for)]))
        stages = ctx.site.stages_of(paper.heads)
        if stages:
            fields.append(("Stages", ctx.joined(map(ctx.stage_link, stages), " ")))
        for name, values in (("Models", paper.models), ("Methods", ctx.site.method_names(paper.methods)), ("Tasks", paper.tasks)):
            if values:
                fields.append((name, [", ".join(values)]))
        if paper.instances:
            fields.append(("Heads located", [ctx.link_to(ctx.docname, f"{len(paper.instances)} in the table below", anchor="hs-located")]))
    authors = templating.inline(ctx.author_links(key)) if entry is not None else None
    html_text = templating.render("paper_header.html", authors=authors, venue=f"{entry.venue or 'Unpublished'}, {entry.year}" if entry is not None else "",
                                  fields=[(name, templating.inline(parts)) for name, parts in fields])
    return [nodes.raw("", f"{html_text}\n", format="html")]  # a block ends its line, as docutils writes it


#: How much the site search weighs the names of the head types a paper is a key paper for (0 to 10;
#: a page's h1 weighs 7: :data:`headsurvey.pages.searchdoc.HEADING_WEIGHTS`).
KEY_FOR_WEIGHT = 10


def key_for_html(ctx: Context, key_for: list[tuple[str, int]]) -> str:
    """The head types naming a paper a key paper, linked; weighted and described for the site search."""
    heads = [(ctx.uri(paths.head(slug)), ctx.site.heads[slug].name) for slug, _ in key_for]
    meta = "|".join(f"{ctx.site.heads[slug].name.replace(',', ' ')}={n}" for slug, n in key_for)
    return templating.markup("key-for", heads=heads, meta=meta, weight=KEY_FOR_WEIGHT).strip()


def paper_cite(ctx: Context, key: str) -> list[nodes.Node]:
    entry = ctx.site.db.entries.get(key)
    if entry is None:
        return [nodes.paragraph("", "This paper has no entry in references.bib yet.")]
    intro = nodes.paragraph()
    intro += nodes.Text("BibTeX entry, exactly as in ")
    intro += nodes.literal("references.bib", "references.bib")
    intro += nodes.Text(":")
    block = nodes.literal_block(entry.raw, entry.raw, language="bibtex", classes=["hs-bibtex"])
    block["data-key"] = key
    files = nodes.paragraph(classes=["hs-paper-downloads"])
    files += nodes.Text("Download this entry: ")
    for ext, what in (("bib", "BibTeX"), ("ris", "RIS (EndNote, Mendeley)")):
        files += ctx.download(paths.paper_file(key, ext), what)
        files += nodes.Text(" · " if ext == "bib" else "")
    return [intro, block, files]


def site_citation(ctx: Context, _arg: str = "") -> list[nodes.Node]:
    """A BibTeX entry for this site; its URL is the configured ``html_baseurl`` when there is one."""
    config = ctx.config
    year = config.copyright.split(",")[0].strip() or "2026"
    fields = [f"  author = {{{{{config.author}}}}}", f"  title = {{{config.project}}}", f"  year = {{{year}}}"]
    if config.baseurl:
        fields.append(f"  url = {{{config.baseurl}}}")
    text = "@misc{headsurvey,\n" + ",\n".join(fields) + ",\n}"
    return [nodes.literal_block(text, text, language="bibtex", classes=["hs-bibtex"])]


def head_header(ctx: Context, slug: str) -> list[nodes.Node]:
    head = ctx.site.heads.get(slug)
    if head is None:
        return []
    box = nodes.container(classes=["hs-header", "hs-head-header"])
    fields = nodes.field_list(classes=["hs-facts"])
    if head.aliases:
        fields += ctx.field("Also called", ", ".join(head.aliases))
    fields += ctx.field("Stage", *ctx.badges([c for c in STAGE_ORDER if c in head.stages], ctx.stage_badge))
    placed = "the survey's taxonomy" if head.placement == "survey" else "placed by this site"
    fields += ctx.field("Category", f"{head.category} ({placed})")
    if head.related:
        fields += ctx.field("Related heads", *ctx.badges(head.related, ctx.head_badge))
    count = len(ctx.site.by_head.get(slug, []))
    fields += ctx.field("Papers", ctx.link(paths.head(slug), f"{count} in the catalogue", anchor="hs-papers"))
    fields.extend(hub_fields(ctx, slug))
    box += fields
    return [box]


def head_key_papers(ctx: Context, slug: str) -> list[nodes.Node]:
    """The papers to start with (the head page's ``key_papers``), each with its line on why it matters."""
    head = ctx.site.heads.get(slug)
    chosen = [k for k in (head.key_papers if head else ()) if k.paper in ctx.site.papers]
    if not chosen:
        return [nodes.paragraph("", "No key paper is named for this head type yet; the full list follows.")]
    listing = nodes.bullet_list(classes=["hs-paper-list", "hs-key-papers"])
    for key_paper in chosen:
        why = nodes.paragraph(key_paper.why, key_paper.why, classes=["hs-why"])
        listing += ctx.paper_item(ctx.site.papers[key_paper.paper], False, "released", why)  # the full list below describes it
    return [listing]


def head_found(ctx: Context, slug: str) -> list[nodes.Node]:
    """Where the head type was found, from the data: model families with their papers and located heads,
    each linked to the explorer filtered by this head type and that family."""
    papers = ctx.site.by_head.get(slug, [])
    if not papers:
        return [nodes.paragraph("", "No paper of the catalogue declares this head type yet.")]
    found = family_counts(ctx.site, slug)
    para = nodes.paragraph("", "In the catalogue, by model family: ", classes=["hs-found"])
    for i, (family, (n_papers, n_heads)) in enumerate(found):
        if i:
            para += nodes.Text(", ")
        label = UNKNOWN_LABEL if family == UNKNOWN_FAMILY else family
        href = ctx.explorer(head=slug, family=family)
        text = f"{n_papers} paper{'s' if n_papers != 1 else ''}"
        para += nodes.strong(label, label)
        para += nodes.Text(" (")
        para += nodes.reference(text, text, refuri=href, classes=["hs-explore-link"]) if href else nodes.Text(text)
        if n_heads:
            para += nodes.Text(f", {n_heads} located head{'s' if n_heads != 1 else ''}")
        para += nodes.Text(")")
    para += nodes.Text(".")
    return [para]


def head_papers(ctx: Context, slug: str) -> list[nodes.Node]:
    papers = ctx.site.by_head.get(slug, [])
    if not papers:
        return [nodes.paragraph("", "No paper in the catalogue declares this head type yet.")]
    parts = lists.head_parts(ctx.site, slug, ctx.config.list_size)
    if len(parts) == 1:
        return [nodes.paragraph("", f"{len(papers)} papers declare this head type, newest first:"), ctx.paper_list(papers)]
    intro = nodes.paragraph("", f"{len(papers)} papers declare this head type, newest first; the {len(parts[0].items)} "
                                f"newest are listed here, the others in {len(parts) - 1} more parts:")
    older = nodes.paragraph(classes=["hs-part-nav"])
    older += ctx.link(parts[1].name, f"Older papers: {parts[1].label} →")
    return [intro, *lists.hub(ctx, parts[1:], "papers"), ctx.paper_list(list(parts[0].items)), older]

