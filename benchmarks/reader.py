"""Reader-side measures of a built site: what a reader's browser downloads.

The site is served on 127.0.0.1 and driven in headless Chromium (tests/browser.py); every
number is the sum of the bytes of the responses (headers and bodies) a fresh browser context
received, so nothing comes from a cache.

* largest HTML page of the output, and how many pages exceed 500 KiB;
* explorer first load: explore.html with everything it loads until the network is idle;
* per search query: the search page opened with ``?q=`` until its results are shown, split
  into the bytes the query needs beyond an ordinary page of the site (search script, the index's
  meta.json, the word buckets of the query, the files of the results shown) and the whole cold load (the theme's files included); and whether the
  expected page is among the first three results.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = "a.hs-search-result, #search-results ul.search li a"  # this site's search page; Sphinx's before it


#: The budget of one HTML page at 10,000 papers.
PAGE_BUDGET = 500 * 1024


def largest_page(out: Path) -> tuple[int, str, int]:
    """(bytes, path) of the largest HTML file of the site, and how many files exceed the budget."""
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    over = sum(1 for p in pages if p.stat().st_size > PAGE_BUDGET)
    return biggest.stat().st_size, biggest.relative_to(out).as_posix(), over


def _load(browser, url: str, wait_for: str | None = None) -> tuple[dict[str, int], object]:
    """Open ``url`` in a fresh context; bytes per response path, and the page (caller closes its context)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def finished(request) -> None:
        got = request.sizes()
        path = urlsplit(request.url).path
        sizes[path] = sizes.get(path, 0) + got["responseBodySize"] + got["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.goto(url)
    if wait_for:
        page.wait_for_selector(wait_for, timeout=300_000)
    page.wait_for_load_state("networkidle")
    return sizes, page


def measure(out: Path, queries: list[tuple[str, str]]) -> dict:
    """Reader-side numbers of the site in ``out``; ``queries`` are (words, expected page path) pairs."""
    from tests.browser import chromium, serve

    row: dict = {}
    row["largest_html"], row["largest_html_page"], row["pages_over_budget"] = largest_page(out)
    with serve(out) as base, chromium() as browser:
        ordinary, page = _load(browser, f"{base}/index.html")
        page.context.close()
        explorer, page = _load(browser, f"{base}/explore.html")
        row["explorer_first_load"] = sum(explorer.values())
        page.context.close()
        query_bytes, cold_bytes, ranks = [], [], []
        for words, expected in queries:
            sizes, page = _load(browser, f"{base}/search.html?q={quote(words)}", RESULTS)
            hrefs = page.eval_on_selector_all(RESULTS, "links => links.map(a => new URL(a.href).pathname)")
            page.context.close()
            query_bytes.append(sum(n for path, n in sizes.items() if path not in ordinary and not path.endswith("/search.html")))
            cold_bytes.append(sum(sizes.values()))
            found = [h.lstrip("/") for h in hrefs]
            ranks.append(found.index(expected) + 1 if expected in found else 0)
    row["search_query_max"], row["search_cold_max"] = max(query_bytes), max(cold_bytes)
    row["search_ranks"] = ranks
    return row


def queries(keys: list[str]) -> list[tuple[str, str]]:
    """Five fixed queries of the synthetic corpus: three head names and two paper titles."""
    heads = [("Induction Head", "heads/induction-head.html"), ("Name Mover Head", "heads/name-mover-head.html"),
             ("Retrieval Head", "heads/retrieval-head.html")]
    titles = [(f"Synthetic Study {i} of Attention Heads", f"papers/{keys[i]}.html") for i in (len(keys) // 7, len(keys) // 2 + 1)]
    return heads + titles


if __name__ == "__main__":  # python benchmarks/reader.py <built site> [key ...]: measure a site built before
    print(measure(Path(sys.argv[1]), queries(sys.argv[2:]) if len(sys.argv) > 2 else []))
