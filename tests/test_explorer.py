"""The paper explorer in a real headless Chromium: facets, combinations, URL state, no errors."""

from __future__ import annotations

import pytest

from .browser import site_page


@pytest.fixture(scope="module")
def explorer(site):
    with site_page(site.out) as opened:
        yield opened


def visible_keys(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".hs-explorer-table tbody tr:not([hidden]) td:first-child a",
                                      "links => links.map(a => a.getAttribute('href'))")
    return [h.rpartition("/")[2].removesuffix(".html") for h in hrefs]


def test_without_javascript_the_full_table_is_there(site, catalogue):
    page = site.page("explore.html")
    rows = page.select(".hs-explorer-table tbody tr")
    assert len(rows) == len(catalogue.papers)
    assert page.select_one("form.hs-explorer-controls").has_attr("hidden")


def test_filter_by_head_shows_exactly_the_papers_that_declare_it(explorer, catalogue):
    base, page, errors = explorer
    page.goto(f"{base}/explore.html")
    for slug in ("induction-head", "retrieval-head", "name-mover-head"):
        page.select_option("#hs-f-head", slug)
        expected = {k for k, p in catalogue.papers.items() if slug in p.heads}
        assert set(visible_keys(page)) == expected
        assert page.inner_text(".hs-explorer-count") == f"Showing {len(expected)} of {len(catalogue.papers)} papers"
        assert f"head={slug}" in page.url
    assert errors == []


def test_combined_facets_and_text(explorer, catalogue):
    base, page, errors = explorer
    page.goto(f"{base}/explore.html")
    page.select_option("#hs-f-head", "induction-head")
    page.select_option("#hs-f-year", "2024")
    expected = {k for k, p in catalogue.papers.items() if "induction-head" in p.heads and p.date.startswith("2024")}
    assert set(visible_keys(page)) == expected and expected
    page.fill("#hs-f-q", "markov")
    def text(key: str) -> str:
        entry = catalogue.db.entries[key]
        return f"{entry.title_text} {entry.short_authors()} {' '.join(catalogue.papers[key].tasks)}".lower()

    found = set(visible_keys(page))
    assert found == {k for k in expected if "markov" in text(k)} and found
    assert errors == []


def test_url_round_trip_and_sorting(explorer, catalogue):
    base, page, errors = explorer
    page.goto(f"{base}/explore.html?stage=EP&sort=title-asc")
    assert page.input_value("#hs-f-stage") == "EP"
    keys = visible_keys(page)
    expected = {k for k, p in catalogue.papers.items() if any("EP" in catalogue.heads[s].stages for s in p.heads)}
    assert set(keys) == expected
    titles = [catalogue.db.entries[k].title_text.lower() for k in keys]
    assert titles == sorted(titles)
    assert page.get_attribute("th:has(button[data-sort=title])", "aria-sort") == "ascending"
    shared = page.url
    page.goto(f"{base}/index.html")
    page.goto(shared)
    assert visible_keys(page) == keys
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('.hs-explorer-table tbody tr[hidden]').length === 0")
    assert errors == []


def test_keyboard_reaches_the_filters(explorer):
    base, page, _ = explorer
    page.goto(f"{base}/explore.html")
    page.focus("#hs-f-q")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "hs-f-head"
    assert page.get_attribute(".hs-explorer-count", "aria-live") == "polite"
