"""The researcher's workbench on a small site: authors, related papers, head hubs, what's new, charts, home."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import broken_links, mini_site, sphinx_build

INDEX = """# Mini site

```{catalogue-counts}
```

```{recent-papers}
```

```{toctree}
explore
charts
atlas
data
authors
whats-new
```
"""
PAGES = {"index.md": INDEX, "authors.md": "# Authors\n\n```{author-index}\n```\n",
         "whats-new.md": "# What's new\n\n```{whats-new}\n```\n",
         "charts.md": "# Charts\n\n```{chart} papers-per-year\n```\n\n```{chart} papers-per-head\n```\n\n"
                      "```{chart} family-matrix\n```\n"}


def workbench_site(dest: Path) -> Path:
    """Three papers: c2024z (released 2022, added last) is by 'J. Doe' (the same Jane Doe) and Alice Smith."""
    src = mini_site(dest, bodies={"c2024z": "A third study " * 50}, pages=PAGES)
    bib = src / "references.bib"
    text = bib.read_text()
    bib.write_text(text.replace("@misc{c2024z,\n  author = {Doe, Jane and Roe, Richard}",
                                "@misc{c2024z,\n  author = {Doe, J. and Smith, Alice}"))
    page = src / "docs/papers/c2024z.md"
    page.write_text(page.read_text().replace("date: 2024-03-01\nadded: 2026-11-21", "date: 2022-03-01\nadded: 2026-11-25"))
    return src


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbench")
    src = workbench_site(root / "src")
    result = sphinx_build(src, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def resolves(out: Path, name: str, href: str) -> bool:
    target = (out / name).parent / unquote(urlsplit(href).path)
    return target.exists()


def test_author_pages_merge_spellings_and_list_papers_newest_first(built):
    jane = page(built, "authors/jane-doe.html")
    assert jane.find("h1").get_text() == "Jane Doe"
    titles = [a.get_text() for a in jane.select("a.hs-paper-link")]
    assert titles == ["A Study of Test Heads 2", "A Study of Test Heads 1", "A Study of Test Heads 3"]  # by release date
    coauthors = [[a.get_text() for a in li.select("a.hs-author")] for li in jane.select("article ul.hs-paper-list > li")]
    assert coauthors == [["Richard Roe"], ["Richard Roe"], ["Alice Smith"]]
    assert not (built / "authors/j-doe.html").exists()
    letters = page(built, "authors.html")
    assert [a.get_text() for a in letters.select(".hs-letter-nav a")] == ["D", "R", "S"]
    d = page(built, "authors/letter/d.html")
    assert [a.get_text() for a in d.select("a.hs-author")] == ["Doe, Jane"]


def test_paper_page_links_authors_related_papers_and_atlas_rows(built):
    a = page(built, "papers/a2024x.html")
    assert [(link.get_text(), link["href"]) for link in a.select(".hs-authors a")] == [
        ("Jane Doe", "../authors/jane-doe.html"), ("Richard Roe", "../authors/richard-roe.html")]
    related = a.select("#hs-related li")
    # b2024y: head 3 + model 1 + method 1 + two authors 4 = 9; c2024z: 3 + 1 + 1 + Jane 2 = 7.
    assert [li.select_one("a.hs-paper-link").get_text() for li in related] == ["A Study of Test Heads 2", "A Study of Test Heads 3"]
    assert [re.search(r"score (\d+)", li.get_text()).group(1) for li in related] == ["9", "7"]
    assert "3 points per shared head type" in a.select_one("#hs-related").get_text()
    rows = a.select("#hs-located tbody tr")
    assert len(rows) == 1
    atlas = rows[0].find_all("a")[1]["href"]
    assert atlas == "../atlas/gpt-2-small.html#h1-1"
    assert page(built, "atlas/gpt-2-small.html").find(id="h1-1") is not None


def test_head_page_is_a_hub(built):
    head = page(built, "heads/test-head.html")
    links = {a.get_text(): a["href"] for a in head.select(".hs-head-header a")}
    assert resolves(built, "heads/test-head.html", links["Atom feed"])
    assert resolves(built, "heads/test-head.html", links["BibTeX of the 3 papers"])
    assert links["these papers in the explorer"] == "../explore.html?head=test-head"
    assert links["GPT-2 small"] == "../atlas/gpt-2-small.html"
    feeds = [link["href"] for link in head.select('link[rel=alternate][type="application/atom+xml"]')]
    assert feeds == ["../feeds/papers.atom", "../feeds/heads/test-head.atom"]


def test_every_page_advertises_the_site_feed(built):
    for path in built.rglob("*.html"):
        name = path.relative_to(built).as_posix()
        found = [link["href"] for link in page(built, name).select('link[rel=alternate][type="application/atom+xml"]')]
        assert found and found[0].endswith("feeds/papers.atom") and resolves(built, name, found[0]), name


def test_whats_new_and_home_follow_the_added_dates(built):
    new = page(built, "whats-new.html")
    assert [r.get_text() for r in new.select("p.rubric")] == ["Added 2026-11-25 (1)", "Added 2026-11-21 (2)"]
    assert next(a.get_text() for a in new.select("a.hs-paper-link")) == "A Study of Test Heads 3"
    home = page(built, "index.html")
    assert home.select_one(".hs-counts").get_text() == (
        "3 papers by 3 authors, 1 head types, 3 head reports naming 3 distinct heads in 1 models; last addition 2026-11-25.")
    assert next(a.get_text() for a in home.select("a.hs-paper-link")) == "A Study of Test Heads 3"
    footer = [a["href"] for a in home.select("footer a.hs-footer-link")]
    assert footer == ["https://github.com/headsurvey/headsurvey/issues/new?template=add-paper.yml",
                      "https://github.com/headsurvey/headsurvey"]
    feed = (built / "feeds/papers.atom").read_text()
    assert feed.index("papers/c2024z") < feed.index("papers/b2024y")
    assert "<updated>2026-11-25T00:00:00Z</updated>" in feed.split("<entry>")[0]


def test_charts_keep_empty_years_and_link_every_bar_and_cell(built):
    charts = page(built, "charts.html")
    years = [row.find("td").get_text() for row in charts.select("table")[0].select("tbody tr")]
    assert years == ["2022", "2023", "2024"]
    bars = [r for r in charts.select("svg rect.hs-bar, svg rect.hs-cell") if r.find("title")]
    assert len(bars) == 1 + 1 + 1 + 1  # 2022 ICI, 2024 ICI, one head bar, one family cell
    for rect in bars:
        link = rect.find_parent("a")
        assert link is not None, rect
        href = link["href"]
        assert href.startswith("explore.html?")
        params = parse_qs(urlsplit(href).query)
        assert set(params) in ({"year", "stage"}, {"head"}, {"head", "family"}), href
    assert charts.select_one("#hs-chart-matrix-desc").get_text().endswith("legend below the grid).")


def test_both_builders_have_no_broken_links(built, tmp_path):
    assert broken_links(built) == []
    src = workbench_site(tmp_path / "src")
    out = tmp_path / "dirhtml"
    assert sphinx_build(src, out, "-b", "dirhtml").returncode == 0
    assert (out / "authors/jane-doe/index.html").exists()
    assert broken_links(out) == []


def test_a_change_elsewhere_rewrites_the_pages_that_borrow_it(tmp_path):
    src = workbench_site(tmp_path / "src")
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    author_page = out / "authors/alice-smith.html"
    stamp = author_page.stat().st_mtime_ns
    assert sphinx_build(src, out).returncode == 0
    assert author_page.stat().st_mtime_ns == stamp  # unchanged author pages are not written again
    bib = src / "references.bib"
    # b2024y loses Richard Roe: a2024x (not edited) must show b2024y's new score, Roe's page one paper fewer.
    bib.write_text(bib.read_text().replace("@misc{b2024y,\n  author = {Doe, Jane and Roe, Richard}",
                                           "@misc{b2024y,\n  author = {Doe, Jane}"))
    assert sphinx_build(src, out).returncode == 0
    a = page(out, "papers/a2024x.html")
    assert [re.search(r"score (\d+)", li.get_text()).group(1) for li in a.select("#hs-related li")] == ["7", "7"]
    assert len(page(out, "authors/richard-roe.html").select("a.hs-paper-link")) == 1
    assert author_page.stat().st_mtime_ns == stamp
