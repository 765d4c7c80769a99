"""The built site as a reader meets it: pages, headers, badges, citations, lists and links."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

import pybtex.database
import pytest

from headsurvey.sources.bib import latex_to_text

from .conftest import SITE_PREFIX, list_parts


def test_catalogue_is_valid(catalogue):
    assert catalogue.problems == []
    assert len(catalogue.papers) >= 5 and len(catalogue.heads) >= 5


def test_every_paper_and_head_has_a_page(site, catalogue):
    pages = set(site.pages())
    for key in catalogue.papers:
        assert f"papers/{key}.html" in pages
    for slug in catalogue.heads:
        assert f"heads/{slug}.html" in pages
    assert not any(p.startswith("docs/") for p in pages)


def test_paper_header_comes_from_references_bib(site, catalogue):
    for key, paper in catalogue.papers.items():
        entry = catalogue.db.entries[key]
        page = site.page(f"papers/{key}.html")
        assert page.find("h1").get_text().rstrip("¶#") == entry.title_text
        assert page.select_one(".hs-authors").get_text() == ", ".join(entry.author_names())
        assert entry.year in page.select_one(".hs-venue").get_text()
        facts = page.select_one(".hs-facts").get_text(" ")
        assert paper.date in facts
        if entry.arxiv_id:
            assert page.find("a", href=f"https://arxiv.org/abs/{entry.arxiv_id}")


def test_head_and_stage_badges_link_to_their_pages(site, catalogue):
    for key, paper in catalogue.papers.items():
        page = site.page(f"papers/{key}.html")
        badges = page.select("a.hs-head-badge")
        assert [b["href"] for b in badges] == [f"../heads/{slug}.html" for slug in paper.heads]
        assert [b.get_text() for b in badges] == [catalogue.heads[s].name for s in paper.heads]
        stages = {c for s in paper.heads for c in catalogue.heads[s].stages}
        assert {b.get_text().split(" ")[0] for b in page.select(".hs-stage-badge")} == stages
        assert all(a["href"].startswith("../survey/") for a in page.select("a.hs-stage-badge"))


def test_cite_block_is_the_exact_entry_and_parses(site, catalogue):
    for key in catalogue.papers:
        page = site.page(f"papers/{key}.html")
        blocks = page.select("#hs-cite div.highlight pre")
        assert len(blocks) == 1, key
        text = blocks[0].get_text()
        assert text.strip() == catalogue.db.entries[key].raw.strip()
        parsed = pybtex.database.parse_string(text, "bibtex")
        assert list(parsed.entries) == [key]
        assert latex_to_text(parsed.entries[key].fields["title"]) == catalogue.db.entries[key].title_text


def test_head_pages_list_exactly_the_papers_that_declare_them(site, catalogue):
    for slug, head in catalogue.heads.items():
        page = site.page(f"heads/{slug}.html")
        listed = [a["href"] for a in page.select("#hs-papers a.hs-paper-link")]
        declaring = sorted((p for p in catalogue.papers.values() if slug in p.heads), key=lambda p: (p.date, p.key), reverse=True)
        assert listed == [f"../papers/{p.key}.html" for p in declaring], slug
        assert page.find("h1").get_text().rstrip("¶#") == head.name


def test_papers_index_lists_every_paper_newest_first(site, catalogue):
    links = []
    for part in list_parts(site, "papers/index.html"):
        links += [a["href"].rpartition("/")[2] for a in site.page(part).select("ul.hs-part-list a.hs-paper-link")]
    expected = sorted(catalogue.papers.values(), key=lambda p: (p.date, p.key), reverse=True)
    assert links == [f"{p.key}.html" for p in expected]


def test_heads_index_groups_every_head_by_stage(site, catalogue):
    page = site.page("heads/index.html")
    linked = {a["href"] for a in page.select("ul.hs-head-list a")}
    assert linked == {f"{slug}.html" for slug in catalogue.heads}


def test_roles_render_author_year_and_head_names(site, catalogue):
    page = site.page("heads/name-mover-head.html")
    ref = page.select_one("#where-it-was-found a[href='../papers/wang2023interpretability.html']")  # in the prose, not the key papers
    assert ref is not None and ref.get_text() == "Wang et al. (2023)"
    page = site.page("papers/elhage2021mathematical.html")
    assert page.find("a", href="../heads/induction-head.html", class_="reference").get_text() == "Induction Head"


def test_bibliography_lists_every_entry_and_links_paper_pages(site, catalogue):
    ids, hrefs = [], set()
    for part in list_parts(site, "bibliography.html"):
        page = site.page(part)
        ids += [p["id"] for p in page.select("ul.hs-part-list > li p")]
        hrefs |= {a["href"].rpartition("/")[2] for a in page.select("ul.hs-part-list a.hs-paper-page-link")}
    assert sorted(ids) == sorted(f"ref-{key}" for key in catalogue.db.entries)
    assert hrefs == {f"{key}.html" for key in catalogue.papers}
    cited = site.page("bibliography.html").select("div.citation-list a.hs-paper-page-link")
    assert [a["href"] for a in cited] == ["papers/zheng2025attention.html"]
    assert site.page("bibliography.html").select_one("div.citation-list .citation")["id"] == "cite-zheng2025attention"
    cite_link = site.page("cite.html").select_one("span.bibtex-citation a")  # {cite:p} in the running text
    assert cite_link is not None and cite_link["href"] == "papers/zheng2025attention.html"


def test_papers_are_not_in_the_navigation(site, catalogue):
    """The sidebar must not list papers: its size would grow with the catalogue on every page."""
    page = site.page("heads/induction-head.html")
    nav = page.select_one(".sidebar-tree")
    assert nav is not None
    assert not nav.select('a[href*="papers/"][href$=".html"]:not([href$="index.html"])')


def test_catalogue_pages_share_one_navigation_per_folder(site, catalogue):
    """Paper and head pages reuse the navigation rendered once for their folder; it stays complete."""
    for folder, names in (("papers", catalogue.papers), ("heads", catalogue.heads)):
        navs = {str(site.page(f"{folder}/{name}.html").select_one(".sidebar-tree")) for name in list(names)[:20]}
        assert len(navs) == 1, folder
    index = site.page("index.html").select_one(".sidebar-tree")
    nav = site.page(f"heads/{next(iter(catalogue.heads))}.html").select_one(".sidebar-tree")
    assert len(nav.select("a")) == len(index.select("a"))
    assert nav.find("a", href="index.html") and not nav.select('a[href$="-head.html"]')


def test_asset_tags_link_their_files_from_every_folder(site):
    """Stylesheet and script tags (made once per folder) link each asset from the page's own folder,
    on pages of every folder and depth, each asset with the same query on every page."""
    folders, checksums = set(), {}
    for name in site.pages():
        tags = site.tree(name).xpath('//link[@rel="stylesheet"]/@href | //script/@src')
        assert tags, name
        for url in tags:
            if urlsplit(url).scheme:
                continue
            path = _resolve(name, url)[0]
            assert (site.out / path).is_file(), (name, url)
            assert checksums.setdefault(path, urlsplit(url).query) == urlsplit(url).query, (name, url)
        folders.add(posixpath.dirname(name))
    assert {"", "papers", "heads", "authors"} <= folders


def _resolve(page: str, href: str) -> tuple[str, str]:
    """The linked file (from the site root) and anchor; absolute paths (the 404 page's) start
    at the site's root on Read the Docs."""
    parts = urlsplit(href)
    if parts.path.startswith("/"):
        assert parts.path.startswith(SITE_PREFIX), (page, href)
        return unquote(parts.path[len(SITE_PREFIX):]), parts.fragment
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
    return path, parts.fragment


def broken_links(out, pages: list[str], parse) -> list[str]:
    """Internal links whose file or anchor does not exist in the built site at ``out``."""
    ids = {name: set(parse(name).xpath("//@id")) for name in pages}
    broken = []
    for name in pages:
        for href in parse(name).xpath("//a/@href"):
            if urlsplit(href).scheme or href.startswith(("mailto:", "//")):
                continue
            target, fragment = _resolve(name, href)
            if target.endswith("/") or not target:
                target = posixpath.join(target, "index.html")
            if not (out / target).exists():
                broken.append(f"{name}: {href}")
            elif fragment and target in ids and fragment not in ids[target]:
                broken.append(f"{name}: {href} (no anchor)")
    return broken


def test_internal_links_and_anchors_resolve(site):
    assert broken_links(site.out, site.pages(), site.tree) == []


def test_a_broken_link_makes_the_link_gate_fail(site, tmp_path):
    import lxml.html

    page = (site.out / "index.html").read_text(encoding="utf-8")
    broken = lxml.html.fromstring(page.replace('href="papers/index.html"', 'href="papers/missing.html"', 1)
                                  .replace('href="#', 'href="#no-such-anchor', 1))
    found = broken_links(site.out, ["index.html"], lambda name: broken)
    assert "index.html: papers/missing.html" in found and any("(no anchor)" in f for f in found)


def test_cite_role_links_reach_the_paper_page(site):
    ref = site.page("cite.html").select_one("span.bibtex-citation a")
    assert ref is not None and ref["href"] == "papers/zheng2025attention.html"


@pytest.mark.parametrize("url_attr", ["href"])
def test_external_links_are_https(site, url_attr):
    for name in site.pages():
        for url in site.tree(name).xpath(f"//a/@{url_attr}"):
            scheme = urlsplit(url).scheme
            assert scheme in ("", "https", "mailto"), f"{name}: {url}"


def test_stage_pages_list_their_heads_from_data(site, catalogue):
    for stage in catalogue.vocab.stages.values():
        page = site.page(f"survey/{stage.slug}.html")
        linked = {a["href"] for a in page.select("ul.hs-head-list a")}
        expected = {f"../heads/{s}.html" for s, h in catalogue.heads.items() if stage.code in h.stages}
        assert linked == expected, stage.code


def test_diagrams_are_accessible_svg_linking_every_head(site, catalogue):
    graph = site.page("heads/index.html").select_one("svg.hs-diagram")
    assert graph is not None and graph["role"] == "group" and graph.find("title").get_text()
    assert {a["href"] for a in graph.find_all("a")} == {f"{s}.html" for s in catalogue.heads}
    framework = site.page("survey/index.html").select_one("svg.hs-diagram")
    assert framework is not None
    assert {a["href"] for a in framework.find_all("a")} == {f"{s.slug}.html" for s in catalogue.vocab.stages.values()}


def test_method_sections_list_papers_from_front_matter(site, catalogue):
    from headsurvey.pages.indexes import METHOD_SHOWN
    from headsurvey.site import newest_first

    page = site.page("survey/methods.html")
    for slug in catalogue.vocab.methods:
        section = page.find(id=f"method-{slug}")
        assert section is not None, slug
        section = section if section.name == "section" else section.find_parent("section") or section.find_next("section")
        listed = [a["href"] for a in section.select("a.hs-paper-link")]
        using = [p for p in newest_first(catalogue.papers.values()) if slug in p.methods]
        assert listed == [f"../papers/{p.key}.html" for p in using[:METHOD_SHOWN]], slug
        more = section.select_one("a.hs-explore-link")
        if len(using) > METHOD_SHOWN:  # the rest are one click away, in the explorer filtered by the method
            assert more["href"] == f"../explore.html?method={slug}" and more.get_text() == f"All {len(using)} in the explorer"
        else:
            assert more is None, slug
    assert any(len([p for p in catalogue.papers.values() if m in p.methods]) > METHOD_SHOWN for m in catalogue.vocab.methods)


def test_glossary_terms_are_linked_from_survey_pages(site):
    glossary = site.page("glossary.html")
    terms = {dt["id"] for dt in glossary.select("dl.glossary dt[id]")}
    assert len(terms) >= 20
    linked = set()
    for name in ("survey/composition.html", "survey/methods.html", "survey/evaluation.html", "survey/limitations.html"):
        for a in site.page(name).select('a[href^="../glossary.html#"]'):
            linked.add(a["href"].partition("#")[2])
    assert linked <= terms and len(linked) >= 10


def test_a_paper_reads_the_same_in_every_list(site, catalogue):
    """Head pages, lists by year and author pages write a paper's line with one renderer: the
    venue by one rule (the short name of venues.yaml, else as written, else 'Unpublished')."""
    def expected(key: str) -> str:
        entry = catalogue.db.entries[key]
        return catalogue.vocab.venue_name(entry.venue, entry.year) or entry.venue or "Unpublished"

    seen: dict[str, set[str]] = {}
    pages = [p for p in site.pages() if p.startswith(("heads/", "papers/by-year/", "authors/"))]
    assert any(p.startswith("authors/") for p in pages) and any(p.startswith("papers/by-year/") for p in pages)
    for name in pages:
        for item in site.tree(name).xpath('//p[@class="hs-paper-item"]'):
            key = item.xpath('a[contains(@class, "hs-paper-link")]')[0].get("href").rpartition("/")[2].removesuffix(".html")
            for muted in item.xpath('span[@class="hs-muted"]'):  # an author page's co-authors
                muted.drop_tree()
            venue = item.text_content().rpartition(" — ")[2].rpartition(", ")[2] if " — " in item.text_content() else ""
            seen.setdefault(key, set()).add(venue.strip())
    assert len(seen) == len(catalogue.papers)
    wrong = {key: venues for key, venues in seen.items() if venues != {expected(key)}}
    assert not wrong, wrong
