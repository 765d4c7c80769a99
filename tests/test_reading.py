"""What a reader downloads stays bounded: explorer shards, lists split into parts, the site search.

The mechanisms are tested here (the byte budgets at 10,000 papers live in benchmarks/run.py):
a small site with parts of two items, and the real site for the explorer's features and the
ranking of a fixed list of queries, in headless Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from pathlib import Path
from urllib.parse import quote

import pybtex.database
import pytest

from .browser import site_page
from .conftest import PROSE, Site, headsurvey_cli, list_parts, mini_site, sphinx_build
from .test_explorer import settle, visible_keys

KEYS = [f"p{n}2024k" for n in range(7)]


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Site:
    """Seven papers, references.bib list on its own page, lists split every two items."""
    src = mini_site(tmp_path_factory.mktemp("mini") / "src", bodies=dict.fromkeys(KEYS, PROSE), pages={
        "bibliography.md": "# References\n\n```{reference-list}\n```\n",
        "index.md": "# Mini site\n\n```{paper-index}\n```\n\n```{toctree}\nexplore\ncharts\natlas\ndata\nbibliography\n```\n"})
    with open(src / "conf.py", "a") as conf:
        conf.write("\nheadsurvey_list_size = 2\n")
    out = src / "html"
    result = sphinx_build(src, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return Site(out)


def shard_keys(site: Site, kind: str) -> list[str]:
    root = site.page("explore.html").select_one("[data-explorer]")
    keys = []
    for i in range(int(root["data-shards"])):
        data = json.loads((site.out / "explorer" / f"{kind}-{i}.json").read_text())
        data = data["papers"] if kind == "export" else data
        keys += [p["key"] for p in data] if kind == "papers" else list(data)
    assert len(keys) == int(root["data-total"])
    return keys


def test_explorer_shards_hold_every_paper_once(mini):
    keys = shard_keys(mini, "papers")
    assert sorted(keys) == sorted(set(keys)) == sorted([*KEYS, "a2024x", "b2024y"])
    assert shard_keys(mini, "words") == keys and shard_keys(mini, "export") == keys


def test_shards_cut_the_catalogue_newest_first(catalogue, monkeypatch):
    from headsurvey.site import SiteIndex as Records
    from headsurvey.site import facets, newest_first

    monkeypatch.setattr(facets, "SHARD_SIZE", 7)
    records = Records.build(catalogue.papers, catalogue.heads, catalogue.db, catalogue.vocab)
    cut = facets.shards(records)
    assert all(len(s) == 7 for s in cut[:-1]) and 0 < len(cut[-1]) <= 7
    assert [p for s in cut for p in s] == newest_first(catalogue.papers.values())


def test_a_crowded_model_page_lists_its_heads_on_pages_by_layer(mini):
    model = mini.page("atlas/gpt-2-small.html")
    assert model.select_one("table.hs-atlas-list") is None
    listed = []
    for part in list_parts(mini, "atlas/gpt-2-small.html"):  # nine heads, one per layer 1–9
        items = mini.page(part).select("ul.hs-part-list > li")
        assert 0 < len(items) <= 2
        listed += [(part, li["id"]) for li in items]
    assert sorted(anchor for _, anchor in listed) == sorted(f"h{n}-1" for n in range(1, 10))
    for part, anchor in listed:  # the grid cell of each head leads to its row
        href = model.find(id=anchor).a["href"]
        assert posixpath.normpath(posixpath.join("atlas", href)) == f"{part}#{anchor}"
    located = mini.page("papers/a2024x.html").find("a", href=lambda h: h and "atlas/gpt-2-small.html#" in h)
    assert located["href"] == "../atlas/gpt-2-small.html#h1-1" and model.find(id="h1-1") is not None


def test_a_prolific_author_has_pages_of_their_papers_linked_in_order(mini):
    walked, page = [], "authors/jane-doe.html"  # Jane Doe wrote all nine papers; parts of two
    while True:
        walked.append(page)
        nxt = mini.page(page).select_one("nav.hs-part-nav a[rel=next]")
        if nxt is None:
            break
        following = posixpath.normpath(posixpath.join(posixpath.dirname(page), nxt["href"]))
        back = mini.page(following).select_one("nav.hs-part-nav a[rel=prev]")["href"]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(following), back)) == page
        page = following
    assert walked == ["authors/jane-doe.html", *(f"authors/jane-doe/{n}.html" for n in range(2, 6))]
    listed = [a["href"].rpartition("/")[2] for p in walked for a in mini.page(p).select("ul.hs-paper-list a.hs-paper-link")]
    assert all(len(mini.page(p).select("ul.hs-paper-list > li")) <= 2 for p in walked)
    assert sorted(listed) == sorted(f"{k}.html" for k in [*KEYS, "a2024x", "b2024y"])


def test_lists_split_into_parts_with_previous_and_next(mini, catalogue):
    papers = [a["href"].rpartition("/")[2] for part in list_parts(mini, "index.html")
              for a in mini.page(part).select("ul.hs-part-list a.hs-paper-link")]
    assert len(list_parts(mini, "index.html")) == 5  # nine papers, two per part
    assert sorted(papers) == sorted(f"{k}.html" for k in [*KEYS, "a2024x", "b2024y"])
    entries = [p["id"] for part in list_parts(mini, "bibliography.html") for p in mini.page(part).select("ul.hs-part-list p")]
    assert sorted(entries) == sorted(f"ref-{k}" for k in [*KEYS, "a2024x", "b2024y"])
    for part in list_parts(mini, "bibliography.html"):
        assert len(mini.page(part).select("ul.hs-part-list > li")) <= 2


def search(page, base: str, words: str) -> list[str]:
    """The result pages of the site's search for ``words``, as paths from the site root."""
    page.goto(f"{base}/search.html?q={quote(words)}")
    page.wait_for_selector("a.hs-search-result", timeout=30_000)
    hrefs = page.eval_on_selector_all("a.hs-search-result", "links => links.map(a => new URL(a.href).pathname)")
    return [h.lstrip("/") for h in hrefs]


@pytest.mark.browser
def test_search_finds_a_paper_on_page_two_of_the_index(mini, chromium_browser):
    second = list_parts(mini, "index.html")[1]
    link = mini.page(second).select_one("a.hs-paper-link")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(second), link["href"]))
    with site_page(mini.out, chromium_browser) as (base, page, errors):
        assert search(page, base, link.get_text())[0] == target
        assert errors == []


#: Head names and paper titles of the real site, with the page each must find in its first three results.
RANKED = [
    ("Induction Head", "heads/induction-head.html"), ("Name Mover Head", "heads/name-mover-head.html"),
    ("name mover", "heads/name-mover-head.html"), ("Retrieval Head", "heads/retrieval-head.html"),
    ("successor head", "heads/successor-head.html"), ("Previous Token Head", "heads/previous-token-head.html"),
    ("A Mathematical Framework for Transformer Circuits", "papers/elhage2021mathematical.html"),
    ("In-context Learning and Induction Heads", "papers/olsson2022context.html"),
    ("Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 Small",
     "papers/wang2023interpretability.html"),
    ("Retrieval Head Mechanistically Explains Long-Context Factuality", "papers/wu2025retrieval.html"),
    ("Successor Heads: Recurring, Interpretable Attention Heads In The Wild", "papers/gould2024successor.html"),
]


@pytest.mark.browser
def test_search_ranks_the_exact_page_in_the_first_three(site, chromium_browser):
    with site_page(site.out, chromium_browser) as (base, page, errors):
        ranks = {}
        for words, expected in RANKED:
            found = search(page, base, words)
            assert all((site.out / f).exists() for f in found), found  # no result without a page
            ranks[words] = found.index(expected) + 1 if expected in found else None
        assert errors == []
    assert all(rank is not None and rank <= 3 for rank in ranks.values()), ranks


@pytest.mark.browser
def test_explorer_text_search_finds_every_paper_of_an_author(explorer_page, catalogue):
    base, page, errors = explorer_page
    page.goto(f"{base}/explore.html")
    page.fill("#hs-f-q", "nanda")
    found = set(visible_keys(page))
    by_author = {k for k in catalogue.papers if "Neel Nanda" in catalogue.db.entries[k].author_names()}
    assert len(by_author) > 5 and by_author <= found
    assert errors == []


@pytest.mark.browser
def test_export_has_exactly_the_filtered_papers(explorer_page, catalogue):
    base, page, errors = explorer_page
    page.goto(f"{base}/explore.html?head=induction-head&year=2024")
    expected = {k for k, p in catalogue.papers.items() if "induction-head" in p.heads and p.date.startswith("2024")}
    assert set(visible_keys(page)) == expected and len(expected) > 1
    got = {}
    for kind in ("bib", "csv", "csl"):
        with page.expect_download() as download:
            page.click(f"button[data-export={kind}]")
        got[kind] = Path(download.value.path()).read_text(encoding="utf-8")
    bib = pybtex.database.parse_string(got["bib"], "bibtex")
    assert set(bib.entries) == expected
    for key in expected:
        assert catalogue.db.entries[key].raw in got["bib"]  # the exact entries of references.bib
    assert {r["key"] for r in csv.DictReader(io.StringIO(got["csv"]))} == expected
    assert {item["id"] for item in json.loads(got["csl"])} == expected
    assert errors == []


@pytest.mark.browser
def test_explorer_first_load_fetches_no_shard_and_paging_one(explorer_page, catalogue):
    base, page, errors = explorer_page
    requested: list[str] = []
    listen = lambda request: requested.append(request.url)  # noqa: E731
    page.on("request", listen)
    try:
        page.goto(f"{base}/explore.html")
        settle(page)
        # the facets' options only (explorer/facets.json, sized by the vocabulary): no shard
        assert [u.rpartition("/")[2] for u in requested if "/explorer/" in u] == ["facets.json"]
        first = page.get_attribute(".hs-explorer-table tbody a", "href")
        page.click(".hs-explorer-pager button[data-page=next]")
        page.wait_for_function(f"document.querySelector('.hs-explorer-table tbody a').getAttribute('href') !== {first!r}")
        settle(page)
    finally:
        page.remove_listener("request", listen)
    hrefs = page.eval_on_selector_all(".hs-explorer-table tbody tr td:first-child a", "l => l.map(a => a.getAttribute('href'))")
    newest = sorted(catalogue.papers.values(), key=lambda p: (p.date, p.key), reverse=True)
    assert hrefs == [f"papers/{p.key}.html" for p in newest[50:100]]
    assert [u.rpartition("/")[2] for u in requested if "/explorer/" in u] == ["facets.json", "papers-0.json"]
    assert "page=2" in page.url and errors == []


@pytest.mark.browser
def test_address_parameters_not_understood_are_named(explorer_page, catalogue):
    base, page, errors = explorer_page
    page.goto(f"{base}/explore.html?family=nosuchfamily&colour=red&head=induction-head")
    settle(page)
    notice = page.inner_text(".hs-explorer-notice")
    assert page.is_visible(".hs-explorer-notice") and "family=nosuchfamily" in notice and "colour=red" in notice
    assert page.input_value("#hs-f-head") == "induction-head"
    page.goto(f"{base}/explore.html?head=induction-head")
    settle(page)
    assert page.is_hidden(".hs-explorer-notice")
    assert errors == []


@pytest.mark.browser
def test_papers_without_a_model_are_under_unknown_model(explorer_page, catalogue):
    base, page, _errors = explorer_page
    page.goto(f"{base}/explore.html?family=unknown")
    expected = {k for k, p in catalogue.papers.items() if not any(m in catalogue.vocab.models for m in p.models)}
    assert expected and set(visible_keys(page)) == expected
    assert "Unknown model" in page.inner_text("#hs-f-family")


@pytest.fixture(scope="module")
def explorer_page(site, chromium_browser):
    with site_page(site.out, chromium_browser) as opened:
        yield opened


def test_checker_names_a_venue_without_short_name(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("  year = {2024},", "  year = {2024},\n  howpublished = {Workshop on Nowhere},", 1))
    result = headsurvey_cli("--root", str(src), "check")
    assert result.returncode != 0
    assert "references.bib:1: venue 'Workshop on Nowhere' has no short name" in result.stdout + result.stderr


def test_a_person_with_two_spellings_has_one_author_page(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = (src / "references.bib").read_text()
    first, _, rest = bib.partition("Doe, Jane and Roe, Richard")
    (src / "references.bib").write_text(first + "Doe, Jane and Roe, Richard" + rest.replace("Doe, Jane", "Smith Doe, Jane", 1))
    (src / "docs/_data/authors.yaml").write_text('- {name: "Doe, Jane", aliases: ["Smith Doe, Jane"]}\n')
    out = src / "html"
    result = sphinx_build(src, out)
    assert result.returncode == 0, result.stderr[-3000:]
    site = Site(out)
    page = site.page("authors/jane-doe.html")
    assert page.select_one("p.hs-also").get_text() == "Also published as Jane Smith Doe."
    assert sorted(a["href"] for a in page.select("a.hs-paper-link")) == ["../papers/a2024x.html", "../papers/b2024y.html"]
    assert not (out / "authors/jane-smith-doe.html").exists()
    assert site.page("papers/b2024y.html").find("a", string="Jane Smith Doe")["href"] == "../authors/jane-doe.html"
