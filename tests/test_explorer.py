"""The paper explorer in a real headless Chromium: facets, combinations, URL state, no errors."""

from __future__ import annotations

import pytest

from .browser import site_page


@pytest.fixture(scope="module")
def explorer(site, chromium_browser):
    with site_page(site.out, chromium_browser) as opened:
        yield opened


def settle(page) -> None:
    """Wait until the explorer has drawn what the form asks for (shards may be loading)."""
    page.wait_for_function("!document.querySelector('.hs-explorer-count').textContent.startsWith('Loading')")
    page.wait_for_load_state("networkidle")


def visible_keys(page) -> list[str]:
    """The keys of every row the explorer shows, page after page of its table."""
    settle(page)
    keys = []
    while True:
        hrefs = page.eval_on_selector_all(".hs-explorer-table tbody tr td:first-child a",
                                          "links => links.map(a => a.getAttribute('href'))")
        keys += [h.rpartition("/")[2].removesuffix(".html") for h in hrefs]
        if page.is_hidden(".hs-explorer-pager") or not page.is_enabled(".hs-explorer-pager button[data-page=next]"):
            return keys
        first = hrefs[0]
        page.click(".hs-explorer-pager button[data-page=next]")
        page.wait_for_function(f"document.querySelector('.hs-explorer-table tbody a').getAttribute('href') !== {first!r}")


def test_without_javascript_the_newest_papers_and_every_year_are_there(site, catalogue):
    page = site.page("explore.html")
    rows = page.select(".hs-explorer-table tbody tr td:first-child a")
    newest = sorted(catalogue.papers.values(), key=lambda p: (p.date, p.key), reverse=True)[:50]
    assert [a["href"] for a in rows] == [f"papers/{p.key}.html" for p in newest]
    assert page.select_one("form.hs-explorer-controls").has_attr("hidden")
    years = [a["href"] for a in page.select(".hs-explorer-more a")]
    listed = [a["href"].rpartition("/")[2] for y in years for a in site.page(y).select("a.hs-paper-link")]
    assert sorted(listed) == sorted(f"{k}.html" for k in catalogue.papers)


@pytest.mark.browser
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


@pytest.mark.browser
def test_combined_facets_and_text(explorer, catalogue):
    base, page, errors = explorer
    page.goto(f"{base}/explore.html")
    page.select_option("#hs-f-head", "induction-head")
    page.select_option("#hs-f-year", "2024")
    expected = {k for k, p in catalogue.papers.items() if "induction-head" in p.heads and p.date.startswith("2024")}
    assert set(visible_keys(page)) == expected and expected
    page.fill("#hs-f-q", "markov")
    found = set(visible_keys(page))
    titled = {k for k in expected if "markov" in catalogue.db.entries[k].title_text.lower()}
    assert titled and titled <= found <= expected
    assert errors == []


@pytest.mark.browser
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
    page.wait_for_function(f"document.querySelector('.hs-explorer-count').textContent === '{len(catalogue.papers)} papers'")
    assert errors == []


@pytest.mark.browser
def test_keyboard_reaches_the_filters(explorer):
    base, page, _ = explorer
    page.goto(f"{base}/explore.html")
    page.focus("#hs-f-q")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "hs-f-head"
    assert page.get_attribute(".hs-explorer-count", "aria-live") == "polite"
