"""Cite anywhere: LaTeX toolchains, reference managers (meta tags, RIS, COinS) and the open web."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pybtex.database
import pytest
import rispy

from headsurvey.sources import texsafe
from headsurvey.sources.bib import latex_to_text
from headsurvey.sources.bibrules import check_entry
from headsurvey.sources.database import Database

from .browser import site_page
from .conftest import ROOT, SITE_PREFIX, mini_site, sphinx_build

BASE = "https://headsurvey.readthedocs.io" + SITE_PREFIX
PREAMBLES = {  # the set-ups of the ML venues' templates: T1 fonts and url with pdflatex
    "pdflatex+natbib+bibtex": ("pdflatex", "bibtex", "\\usepackage[T1]{fontenc}\n\\usepackage{url}\n\\usepackage{natbib}\n",
                               "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n"),
    "pdflatex+biblatex+biber": ("pdflatex", "biber", "\\usepackage[T1]{fontenc}\n\\usepackage[backend=biber]{biblatex}\n"
                                "\\addbibresource{refs.bib}\n", "\\printbibliography\n"),
    "lualatex+biblatex+biber": ("lualatex", "biber", "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n",
                                "\\printbibliography\n"),
}


def typeset(folder: Path, bib: Path, toolchain: str) -> dict:
    """LaTeX, the bibliography tool, LaTeX twice: return codes, errors and warnings of the last runs."""
    engine, tool, preamble, end = PREAMBLES[toolchain]
    folder.mkdir(parents=True)
    shutil.copy(bib, folder / "refs.bib")
    (folder / "main.tex").write_text(f"\\documentclass{{article}}\n{preamble}\\begin{{document}}\n\\nocite{{*}}\n{end}\\end{{document}}\n")
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "main.tex"]
    codes = [subprocess.run(latex, cwd=folder, capture_output=True).returncode]
    bibrun = subprocess.run([tool, "main"], cwd=folder, capture_output=True, text=True)
    codes += [bibrun.returncode] + [subprocess.run(latex, cwd=folder, capture_output=True).returncode for _ in range(2)]
    log = (folder / "main.log").read_text(errors="replace")
    tool_log = bibrun.stdout + (folder / "main.blg").read_text(errors="replace")
    return {"codes": codes, "bbl": (folder / "main.bbl").read_text(errors="replace"),
            "latex": [line for line in log.splitlines() if line.startswith("!") or "Warning" in line or "Missing character" in line],
            "tool": [line for line in tool_log.splitlines() if line.startswith(("WARN", "ERROR")) or "Warning--" in line or "error message" in line]}


@pytest.fixture(scope="module")
def typeset_all(site, tmp_path_factory):
    """references.bib through the three toolchains, side by side."""
    bib, root = site.out / "downloads/references.bib", tmp_path_factory.mktemp("latex")
    with ThreadPoolExecutor(3) as pool:
        jobs = {name: pool.submit(typeset, root / name.replace("+", "-"), bib, name) for name in PREAMBLES}
    return {name: job.result() for name, job in jobs.items()}


@pytest.mark.latex
@pytest.mark.slow
@pytest.mark.parametrize("toolchain", list(PREAMBLES))
def test_references_typeset_end_to_end_without_errors_or_warnings(typeset_all, catalogue, toolchain):
    """Every bundle is a byte-exact selection of these entries and no entry refers to another (no
    crossref, no @string), so what typesets here typesets in every bundle (test_downloads)."""
    result = typeset_all[toolchain]
    assert result["codes"] == [0, 0, 0, 0], result
    assert result["latex"] == [] and result["tool"] == [], result
    assert len(re.findall(r"\\bibitem|\\entry\{", result["bbl"])) == len(catalogue.db.entries)


def test_no_entry_depends_on_another():
    text = (ROOT / "references.bib").read_text()
    assert not re.search(r"@string\s*\{|\bcrossref\s*=|\bxdata\s*=", text, re.IGNORECASE)


@pytest.mark.latex
def test_the_t1_table_is_what_tex_live_declares():
    declared = set()
    for name in ("t1enc.dfu", "ot1enc.dfu", "ts1enc.dfu", "omsenc.dfu"):
        path = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
        text = Path(path).read_text(encoding="latin-1")
        declared |= {int(code, 16) for code in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-Fa-f]+)\}", text)}
    table = {c for low, high in texsafe.T1_CHARACTERS for c in range(low, high + 1)}
    assert table == {c for c in declared if c > 127}


@pytest.mark.parametrize(("author", "found"), [
    ("Garc{\\'\\i}a, Ana", "dotless"), ("Garc\\'{\\i}a, Ana", "dotless"), ("{\\=\\i}lham, Bo", "dotless"),
    ("Nguy{\\~{\\^e}}n, Bao", "U+1EC5"), ("{\\d{a}}o, Cy", "U+1EA1"), ("Nguyễn, Bao", "U+1EC5"),
    ("Garc{\\'i}a, Ana", None), ("{\\v{g}}ul, Bo", None), ("{\\k{a}}ka, Cy", None), ("{\\L}ukasz, Dee", None),
])
def test_the_checker_refuses_what_stops_pdflatex_after_biber(tmp_path, author, found):
    (tmp_path / "refs.bib").write_text(f"@misc{{x2024y,\n  author = {{{author}}},\n  title = {{T}},\n  year = {{2024}},\n"
                                       "  url = {https://example.org/x},\n}\n", encoding="utf-8")
    entry = Database.load(tmp_path / "refs.bib").entries["x2024y"]
    problems = [p for p in check_entry(entry, "refs.bib") if "pdflatex" in p.message]
    if found is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].line == 2 and found in problems[0].message + problems[0].fix, problems
        assert ("{\\'i}" in problems[0].fix) == (found == "dotless")


@pytest.mark.latex
@pytest.mark.slow
def test_a_refused_accent_really_stops_pdflatex_after_biber(tmp_path):
    """The checker's rule, tried on the real toolchain: the entry it refuses fails, its fix passes."""
    for name, author, ok in (("bad", "Garc{\\'\\i}a, Ana", False), ("good", "Garc{\\'i}a, Ana", True)):
        bib = tmp_path / f"{name}.bib"
        bib.write_text(f"@misc{{x,\n  author = {{{author}}},\n  title = {{T}},\n  year = {{2024}},\n}}\n")
        result = typeset(tmp_path / name, bib, "pdflatex+biblatex+biber")
        assert (result["codes"] == [0, 0, 0, 0] and result["latex"] == []) == ok, result


def expected_tags(entry) -> list[tuple[str, str]]:
    """What a paper page's citation_* tags must say, read from references.bib by pybtex."""
    authors = [latex_to_text(" ".join(p.prelast_names + p.last_names)) + ", " + latex_to_text(" ".join(p.first_names + p.middle_names))
               for p in entry.persons["author"]]
    date = entry.fields["year"]
    if "month" in entry.fields:
        date += "/{:02d}".format(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                            "October", "November", "December"].index(entry.fields["month"]) + 1)
    tags = [("citation_title", latex_to_text(entry.fields["title"]))] + [("citation_author", a) for a in authors]
    tags.append(("citation_publication_date", date))
    return tags


def meta(soup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def meta_tree(tree, name: str) -> list[str]:
    """:func:`meta` of a page's lxml tree (a scan of every paper page: lxml parses 25 times faster)."""
    return [m.get("content") for m in tree.iter("meta") if m.get("name") == name]


def test_every_paper_page_carries_its_entry_as_scholarly_meta_tags(site, catalogue):
    bib = pybtex.database.parse_file(ROOT / "references.bib")
    for key in catalogue.papers:
        tree, entry = site.tree(f"papers/{key}.html"), bib.entries[key]
        found = [(m.get("name"), m.get("content")) for m in tree.iter("meta") if (m.get("name") or "").startswith("citation_")]
        assert found[:len(expected_tags(entry))] == expected_tags(entry), key
        assert meta_tree(tree, "citation_arxiv_id") == ([entry.fields["eprint"]] if "eprint" in entry.fields else []), key
        assert meta_tree(tree, "citation_doi") == ([entry.fields["doi"]] if "doi" in entry.fields else []), key
        kind = {"article": "citation_journal_title", "inproceedings": "citation_conference_title"}.get(entry.type)
        if kind:
            venue = entry.fields["journal" if entry.type == "article" else "booktitle"]
            assert meta_tree(tree, kind) == [latex_to_text(venue)], key


def test_json_ld_parses_and_has_the_required_properties(site, catalogue):
    required = {"ScholarlyArticle": {"headline", "author", "datePublished", "mainEntityOfPage"},
                "DefinedTerm": {"name", "description", "inDefinedTermSet", "url"},
                "Dataset": {"name", "description", "url", "distribution", "creator"}}
    seen: dict[str, set[str]] = {kind: set() for kind in required}
    for name in site.pages():
        for script in site.tree(name).xpath('//script[@type="application/ld+json"]'):
            data = json.loads(script.text)
            assert data["@context"] == "https://schema.org" and required[data["@type"]] <= set(data), (name, data)
            seen[data["@type"]].add(name)
    assert seen["ScholarlyArticle"] == {f"papers/{k}.html" for k in catalogue.papers}
    assert seen["DefinedTerm"] == {f"heads/{s}.html" for s in catalogue.heads}
    assert len(seen["Dataset"]) == 1
    dataset = json.loads(site.page(seen["Dataset"].pop()).find("script", type="application/ld+json").string)
    for item in dataset["distribution"]:
        assert (site.out / item["contentUrl"].removeprefix(BASE)).exists(), item


def test_every_page_has_opengraph_and_a_description(site, catalogue):
    for name in site.pages():
        tree = site.tree(name)
        props = {m.get("property"): m.get("content") for m in tree.xpath("//meta[@property]")}
        assert {"og:title", "og:type", "og:url", "og:site_name"} <= set(props), name
        assert props["og:url"] == BASE + name, name
        assert props.get("og:description", "").strip(), name
        assert tree.xpath('//meta[@name="twitter:card"]/@content') == ["summary"], name
    paper = site.page("papers/olsson2022context.html")
    first = " ".join(paper.find("div", class_="hs-paper-header").find_next_sibling("p").get_text(" ").split())
    description = meta(paper, "description")[0]
    assert first.startswith(description.rstrip("…")) and description.endswith(".")


def test_the_sitemap_lists_every_page_and_nothing_else(site):
    urls = re.findall(r"<loc>([^<]+)</loc>", (site.out / "sitemap.xml").read_text())
    pages = {name for name in site.pages() if name not in ("search.html", "genindex.html", "404.html")}
    assert sorted(urls) == sorted(BASE + name for name in pages)


def test_an_incremental_build_keeps_the_sitemap_whole(tmp_path):
    src, out = mini_site(tmp_path / "src"), tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    full = (out / "sitemap.xml").read_text()
    page = src / "docs/papers/a2024x.md"
    page.write_text(page.read_text() + "\nOne more sentence for the summary.\n")
    result = sphinx_build(src, out)
    assert result.returncode == 0 and "1 changed" in result.stdout, result.stdout
    assert (out / "sitemap.xml").read_text() == full and full.count("<loc>") >= 8


def test_ris_files_parse_and_round_trip(site, catalogue):
    downloads = site.out / "downloads"
    whole = rispy.loads((downloads / "references.ris").read_text())
    assert len(whole) == len(catalogue.db.entries)
    assert rispy.loads(rispy.dumps(whole)) == whole
    for slug in catalogue.heads:
        bib, ris = downloads / f"heads/{slug}.bib", downloads / f"heads/{slug}.ris"
        if bib.exists():
            assert sorted(r["id"] for r in rispy.loads(ris.read_text())) == sorted(pybtex.database.parse_file(bib).entries)
    for key in catalogue.papers:
        (record,) = rispy.loads((downloads / f"papers/{key}.ris").read_text())
        entry = catalogue.db.entries[key]
        assert record["id"] == key and record["title"] == entry.title_text and len(record["authors"]) == len(entry.persons)
        assert (downloads / f"papers/{key}.bib").read_text() == entry.raw + "\n"


def test_paper_pages_link_their_own_downloads(site):
    links = [a["href"] for a in site.page("papers/olsson2022context.html").select("p.hs-paper-downloads a")]
    assert links == ["../downloads/papers/olsson2022context.bib", "../downloads/papers/olsson2022context.ris"]


def test_paper_lists_expose_each_paper_as_coins(site, catalogue):
    soup = site.page("heads/induction-head.html")
    spans = soup.select("span.Z3988")
    # The full list carries COinS; the key papers above it repeat a few of its papers without them.
    listed = [a["href"] for a in soup.select("#hs-papers ul.hs-paper-list a.hs-paper-link")]
    assert len(spans) == len(listed) > 10
    for span, href in zip(spans, listed, strict=False):
        fields = parse_qs(span["title"])
        entry = catalogue.db.entries[href.rsplit("/", 1)[1].removesuffix(".html")]
        assert fields["ctx_ver"] == ["Z39.88-2004"] and fields["rft.atitle"] == [entry.title_text]
        assert len(fields["rft.au"]) == len(entry.persons) and fields["rft.date"][0][:4] == entry.year


def test_a_paper_page_describes_only_its_own_paper(site, catalogue):
    """Reference managers prefer COinS to meta tags: on a paper page, COinS spans of its related
    papers would make Zotero offer those papers instead of the page's own."""
    for key in catalogue.papers:
        assert site.tree(f"papers/{key}.html").xpath('//span[contains(@class, "Z3988")]') == [], key


def test_the_site_citation_entry_has_its_url(site):
    blocks = [pre.get_text() for pre in site.page("cite.html").select("div.highlight pre")]
    (block,) = [text for text in blocks if text.startswith("@misc{headsurvey")]
    assert f"url = {{{BASE}}}" in block


@pytest.mark.browser
def test_the_404_page_works_as_read_the_docs_serves_it(site, chromium_browser):
    with site_page(site.out, chromium_browser, like_readthedocs=True) as (base, page, _errors):
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and "/no/such/" not in r.url else None)
        response = page.goto(base + "no/such/page.html")
        assert response.status == 404 and failed == [], failed
        assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "inline"
        home = page.locator("a.sidebar-brand").get_attribute("href")
        assert urlsplit(home).path.startswith(SITE_PREFIX)
        assert page.goto(urlsplit(base)._replace(path=urlsplit(home).path).geturl()).status == 200
