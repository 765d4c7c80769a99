"""A researcher's questions, asked of the real site in headless Chromium (issue 27): which date a
list shows, the exact model, counts that follow the filter, key papers first, search that ranks
what people mean, taking chosen papers away, the keyboard, a phone, a reference manager."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pybtex.database
import pytest
import yaml

from .browser import site_page
from .test_explorer import settle, visible_keys

QUERIES = Path(__file__).parent / "search_queries.yaml"


@pytest.fixture(scope="module")
def browser_page(site, chromium_browser):
    with site_page(site.out, chromium_browser) as opened:
        yield opened


# --- 1. Honest dates ---------------------------------------------------------------------------

def test_home_page_lists_additions_by_the_date_they_were_added(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/index.html")
    items = page.eval_on_selector_all(
        "#recently-added .hs-paper-item",
        "ps => ps.map(p => [p.querySelector('.hs-paper-link').getAttribute('href'), p.querySelector('.hs-date').innerText])")
    assert items
    newest = sorted(catalogue.papers.values(), key=lambda p: (p.added, p.date, p.key), reverse=True)[:len(items)]
    assert [href.rpartition("/")[2] for href, _ in items] == [f"{p.key}.html" for p in newest]
    assert [date for _, date in items] == [f"added {p.added}" for p in newest]
    assert errors == []


def test_every_date_in_a_list_says_which_date_it_is(browser_page, site):
    base, page, errors = browser_page
    for name in ("heads/induction-head.html", "papers/by-year/2024.html", "whats-new.html", "authors/neel-nanda.html"):
        page.goto(f"{base}/{name}")
        labels = page.eval_on_selector_all(".hs-date", "ds => ds.map(d => d.querySelector('.hs-date-label')?.innerText)")
        assert labels and set(labels) <= {"released", "added"}, (name, set(labels))
    assert errors == []


def test_feeds_date_entries_by_their_addition(site, catalogue):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for feed in ("feeds/papers.atom", "feeds/heads/induction-head.atom"):
        root = ET.parse(site.out / feed).getroot()
        entries = root.findall("a:entry", ns)
        assert entries
        added = []
        for entry in entries:
            key = entry.find("a:id", ns).text.rpartition(":")[2]
            paper = catalogue.papers[key]
            assert entry.find("a:published", ns).text == f"{paper.added}T00:00:00Z"
            assert f"First released {paper.date}" in entry.find("a:summary", ns).text
            added.append(paper.added)
        assert added == sorted(added, reverse=True)


def test_explorer_offers_release_year_and_publication_year(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?published=2026")
    assert page.inner_text("label[for=hs-f-year]") == "Year of first release"
    assert page.inner_text("label[for=hs-f-published]") == "Publication year (BibTeX)"
    expected = {k for k in catalogue.papers if catalogue.db.entries[k].year == "2026"}
    released_earlier = {k for k in expected if not catalogue.papers[k].date.startswith("2026")}
    assert released_earlier, "the catalogue has papers released before the year of their venue"
    assert set(visible_keys(page)) == expected
    assert page.inner_text("th:has(button[data-sort=date])") .startswith("First released")
    assert errors == []


# --- 2. Exact model, tokenised model names, counts that follow the filter ----------------------

def test_exact_model_facet_is_read_from_and_written_to_the_address(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?model=Llama-3-8B")
    expected = {k for k, p in catalogue.papers.items() if "Llama-3-8B" in p.models}
    assert len(expected) > 3 and set(visible_keys(page)) == expected
    assert page.is_hidden(".hs-explorer-notice")
    page.select_option("#hs-f-model", "GPT-2 small")
    settle(page)
    assert "model=GPT-2+small" in page.url
    assert set(visible_keys(page)) == {k for k, p in catalogue.papers.items() if "GPT-2 small" in p.models}
    assert errors == []


@pytest.mark.browser
def test_model_facet_lists_every_model_from_the_data_not_the_page(browser_page, site, catalogue):
    """The exact-model options come from explorer/facets.json: the page holds none of them."""
    assert [o.get_text() for o in site.page("explore.html").select("#hs-f-model option")] == ["Any"]
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?model=Llama-3-8B")
    settle(page)
    listed = page.eval_on_selector_all("#hs-f-model option", "os => os.map(o => [o.value, o.getAttribute('data-count')])")
    used: dict[str, int] = {}
    for paper in catalogue.papers.values():
        for model in paper.models:
            used[model] = used.get(model, 0) + 1
    assert listed[0] == ["", None] and dict(listed[1:]) == {m: str(n) for m, n in used.items()}
    assert page.input_value("#hs-f-model") == "Llama-3-8B"
    assert set(visible_keys(page)) == {k for k, p in catalogue.papers.items() if "Llama-3-8B" in p.models}
    assert errors == []


def test_model_names_match_however_they_are_written_and_never_a_bigger_number(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html")
    found = {}
    for words in ("Llama-3", "Llama 3", "Llama3", "llama-3"):
        page.fill("#hs-f-q", words)
        found[words] = set(visible_keys(page))
    assert len({frozenset(v) for v in found.values()}) == 1
    llama3 = found["Llama3"]
    assert {k for k, p in catalogue.papers.items() if "Llama-3-8B" in p.models} <= llama3
    only_30b = {k for k, p in catalogue.papers.items() if "Llama-30B" in p.models}
    assert only_30b and not (only_30b & llama3)
    assert errors == []


def test_facet_counts_follow_the_filter(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?head=induction-head")
    settle(page)
    induction = [p for p in catalogue.papers.values() if "induction-head" in p.heads]
    gpt2 = sum(1 for p in induction if "GPT-2" in {catalogue.vocab.models[m].family for m in p.models if m in catalogue.vocab.models})
    option = page.inner_text("#hs-f-family option[value='GPT-2']")
    assert option == f"GPT-2 ({gpt2})"
    # the head facet counts what the other filters leave: every head, not only the one chosen
    everything = sum(1 for p in catalogue.papers.values() if "retrieval-head" in p.heads)
    assert page.inner_text("#hs-f-head option[value=retrieval-head]").endswith(f"({everything})")
    assert errors == []


# --- 2b. An explorer page that does not grow with the vocabulary or the catalogue ---------------

NEWEST = 50  # the explorer's first table page (pages/explorer.py PAGE_SIZE): the same papers in both sites


def _synthetic_site(dest: Path, papers: int, models: int) -> Path:
    """The mini site plus ``papers`` synthetic papers and ``models`` synthetic models, each studied by one
    of the papers older than the newest NEWEST (which are the same in every size)."""
    from .conftest import PROSE, mini_site

    src = mini_site(dest)
    vocab = src / "docs/_data/models.yaml"
    vocab.write_text(vocab.read_text() + "".join(
        f"- {{name: Synth-{m:04d}, family: Synth, layers: 12, heads: 12, modality: text}}\n" for m in range(models)))
    older = papers - NEWEST
    bib = []
    for i in range(papers):
        key, year = f"synth{i:04d}heads", 2025 if i < NEWEST else 2024
        studied = ["GPT-2 small"] + ([f"Synth-{m:04d}" for m in range(models) if m % older == i - NEWEST] if i >= NEWEST else [])
        (src / f"docs/papers/{key}.md").write_text(
            f"---\ndate: {year}-{3 + i % 9:02d}-{1 + i % 28:02d}\nadded: 2026-11-21\nheads: [test-head]\n"
            f"models: [{', '.join(studied)}]\nmethods: [path-patching]\ntasks: [testing]\n---\n\n{PROSE}\n")
        bib.append(f"@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{Synthetic Study {i:04d} of Test Heads}},\n"
                   f"  year = {{{year}}},\n  url = {{https://example.org/{key}}},\n}}\n")
    with open(src / "references.bib", "a") as out:
        out.write("\n" + "\n".join(bib))
    return src


@pytest.mark.slow
def test_explorer_page_size_is_independent_of_vocabulary_and_catalogue(tmp_path):
    """The same explorer HTML for 10 models and 60 papers as for 400 models and 90 papers: only the
    counts differ (62 and 92 papers, 12 and 42 of them in 2024: as many digits); the options moved
    into explorer/facets.json (before: about 120 bytes per model in the page)."""
    import re

    from .conftest import sphinx_build

    built = {}
    for papers, models in ((60, 10), (90, 400)):
        src = _synthetic_site(tmp_path / f"s{papers}", papers, models)
        result = sphinx_build(src, src / "html")
        assert result.returncode == 0, result.stderr[-3000:]
        facets = json.loads((src / "html/explorer/facets.json").read_text())
        assert [name for name, _, _ in facets["model"]].count("Synth-0000") == 1
        assert len(facets["model"]) == models + 1  # every synthetic model and GPT-2 small
        built[papers] = (src / "html/explore.html").read_bytes()
    small, large = built[60], built[90]
    assert b'data-total="62"' in small and b'data-total="92"' in large
    assert len(small) == len(large), (len(small), len(large))
    assert re.sub(rb"\d+", b"0", small) == re.sub(rb"\d+", b"0", large)


# --- 5. Choose and take away -------------------------------------------------------------------

def _save(page, selector: str) -> tuple[str, str]:
    with page.expect_download() as download:
        page.click(selector)
    return download.value.suggested_filename, Path(download.value.path()).read_text(encoding="utf-8")


def test_chosen_papers_export_alone_in_each_format(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?head=induction-head")
    keys = visible_keys(page)[:3]
    page.goto(f"{base}/explore.html?head=induction-head")
    settle(page)
    for key in keys[:2]:
        page.check(f"input.hs-choose[value={key}]")
    page.select_option("#hs-f-head", "retrieval-head")  # the choice outlives a change of filter
    settle(page)
    other = visible_keys(page)[0]
    page.check(f"input.hs-choose[value={other}]")
    chosen = {*keys[:2], other}
    assert page.inner_text(".hs-chosen-count") == "3 papers chosen"
    name, bib = _save(page, "button[data-export-chosen=bib]")
    assert name == "headsurvey-papers-chosen-3.bib"
    assert set(pybtex.database.parse_string(bib, "bibtex").entries) == chosen
    name, csl = _save(page, "button[data-export-chosen=csl]")
    assert name == "headsurvey-papers-chosen-3.csl.json" and {i["id"] for i in json.loads(csl)} == chosen
    name, csv_text = _save(page, "button[data-export-chosen=csv]")
    assert name == "headsurvey-papers-chosen-3.csv" and len(csv_text.strip().splitlines()) == 4
    name, _ = _save(page, "button[data-export=bib]")
    assert name == "headsurvey-papers-head-retrieval-head.bib"
    page.click("button[data-choose=none]")
    assert page.is_disabled("button[data-export-chosen=bib]") and page.inner_text(".hs-chosen-count") == "none chosen"
    assert errors == []


def test_no_page_links_a_download_without_a_download_attribute(site):
    """Every link to a file of downloads/ or feeds/, on every page (the atlas's model pages had none)."""
    missing = []
    for name in site.pages():
        for a in site.tree(name).iter("a"):
            href = a.get("href", "")
            if "://" not in href and ("downloads/" in href or "feeds/" in href) and not a.get("download"):
                missing.append((name, href))
    assert missing == []


@pytest.mark.browser
def test_chosen_papers_are_kept_in_the_address(browser_page):
    """A reloaded or shared address ticks the same papers, and "export the chosen" takes exactly those."""
    base, page, errors = browser_page
    page.goto(f"{base}/explore.html?head=induction-head")
    settle(page)
    keys = page.eval_on_selector_all("input.hs-choose", "bs => bs.map(b => b.value)")[:2]
    for key in keys:
        page.check(f"input.hs-choose[value={key}]")
    address = page.url
    assert f"chosen={','.join(sorted(keys))}" in address and "head=induction-head" in address
    fresh = page.context.browser.new_context(accept_downloads=True).new_page()
    failures: list[str] = []
    fresh.on("pageerror", lambda exc: failures.append(str(exc)))
    try:
        fresh.goto(address)
        fresh.wait_for_function("document.querySelectorAll('input.hs-choose:checked').length === 2")
        ticked = fresh.eval_on_selector_all("input.hs-choose:checked", "bs => bs.map(b => b.value)")
        assert sorted(ticked) == sorted(keys)
        assert fresh.inner_text(".hs-chosen-count") == "2 papers chosen" and fresh.is_hidden(".hs-explorer-notice")
        name, bib = _save(fresh, "button[data-export-chosen=bib]")
        assert name == "headsurvey-papers-chosen-2.bib"
        assert sorted(pybtex.database.parse_string(bib, "bibtex").entries) == sorted(keys)
        fresh.uncheck(f"input.hs-choose[value={keys[0]}]")
        assert f"chosen={keys[1]}" in fresh.url and keys[0] not in fresh.url
    finally:
        fresh.context.close()
    assert errors == [] and failures == []


@pytest.mark.browser
def test_chosen_keys_in_the_address_are_checked_against_the_data(browser_page, catalogue):
    """Unknown keys are named and dropped, markup stays text, and a choice holds at most 200 papers."""
    from urllib.parse import quote

    base, page, errors = browser_page
    real = sorted(catalogue.papers)[0]
    trap = '<img src=x onerror="window.hacked=1">'
    page.goto(f"{base}/explore.html?chosen={quote(','.join([real, 'nosuch2024x', trap, real]))}")
    page.wait_for_function("document.querySelector('.hs-chosen-count').textContent === '1 paper chosen'")
    notice = page.inner_text(".hs-explorer-notice")
    assert "nosuch2024x (no such paper)" in notice and "(not a paper key)" in notice and "<img src=x" in notice
    assert page.evaluate("document.querySelectorAll('img[src=x]').length === 0 && !window.hacked")
    assert page.url.endswith(f"?chosen={real}")
    _name, bib = _save(page, "button[data-export-chosen=bib]")
    assert list(pybtex.database.parse_string(bib, "bibtex").entries) == [real]
    page.goto(f"{base}/explore.html?chosen={','.join(f'x{i}' for i in range(250))}")
    page.wait_for_function("document.querySelector('.hs-explorer-notice').textContent.includes('no such paper')")
    notice = page.inner_text(".hs-explorer-notice")
    assert "50 more papers than the 200 a choice holds" in notice and "x0, x1, x2 and 197 more (no such paper)" in notice
    assert page.inner_text(".hs-chosen-count") == "none chosen" and "chosen" not in page.url
    assert errors == []


def test_every_download_link_saves_a_file_named_for_what_it_holds(browser_page):
    base, page, errors = browser_page
    for name in ("heads/induction-head.html", "papers/olsson2022context.html", "data.html", "index.html",
                 "atlas/gpt-2-small.html"):
        page.goto(f"{base}/{name}")
        links = page.eval_on_selector_all("a.hs-download", "as => as.map(a => [a.getAttribute('href'), a.getAttribute('download')])")
        assert links, name
        for href, saved in links:
            assert saved and saved.startswith("headsurvey-"), (name, href)
            assert saved.endswith(href.rpartition("/")[2]), (href, saved)
    page.goto(f"{base}/heads/induction-head.html")
    name, text = _save(page, "a.hs-download[href$='downloads/heads/induction-head.bib']")
    assert name == "headsurvey-heads-induction-head.bib" and "@" in text
    assert errors == []


# --- 3. Key papers first, where it was found from the data -------------------------------------

def test_head_pages_put_key_papers_first_with_why_they_matter(browser_page, catalogue):
    base, page, errors = browser_page
    with_keys = [h for h in catalogue.heads.values() if h.key_papers]
    populated = sorted(catalogue.heads, key=lambda s: -sum(s in p.heads for p in catalogue.papers.values()))[:20]
    assert set(populated) <= {h.slug for h in with_keys}
    for head in with_keys:
        page.goto(f"{base}/heads/{head.slug}.html")
        sections = page.eval_on_selector_all("article section > section", "ss => ss.map(s => s.id)")
        assert sections[0] == "hs-key-papers" and sections[-1] == "hs-papers", (head.slug, sections)
        shown = page.eval_on_selector_all(
            "#hs-key-papers li", "lis => lis.map(li => [li.querySelector('a.hs-paper-link').getAttribute('href'), "
            "li.querySelector('.hs-why').innerText])")
        assert shown == [[f"../papers/{k.paper}.html", k.why] for k in head.key_papers], (head.slug, shown)
        listed = page.eval_on_selector_all("#hs-papers a.hs-paper-link", "as => as.map(a => a.getAttribute('href'))")
        assert {href for href, _ in shown} <= set(listed)  # the full list follows and holds them
    page.goto(f"{base}/heads/induction-head.html")
    assert page.inner_text("#hs-key-papers li:first-child a.hs-paper-link") == "A Mathematical Framework for Transformer Circuits"
    assert errors == []


def test_where_it_was_found_comes_from_the_data_and_links_the_explorer(browser_page, catalogue):
    base, page, errors = browser_page
    page.goto(f"{base}/heads/induction-head.html")
    found = page.eval_on_selector_all("#where-it-was-found .hs-found a", "as => as.map(a => [a.innerText, a.href])")
    papers = [p for p in catalogue.papers.values() if "induction-head" in p.heads]
    families: dict[str, int] = {}
    for p in papers:
        for f in {catalogue.vocab.models[m].family for m in p.models if m in catalogue.vocab.models} or {"unknown"}:
            families[f] = families.get(f, 0) + 1
    assert {"Pythia", "OLMo", "Gemma", "InternLM", "GLM"} <= set(families)  # families the prose did not name
    assert sorted(int(text.split()[0]) for text, _ in found) == sorted(families.values())
    text, href = next((t, h) for t, h in found if "family=Pythia" in h)
    page.goto(href)
    assert set(visible_keys(page)) == {p.key for p in papers if any(
        catalogue.vocab.models[m].family == "Pythia" for m in p.models if m in catalogue.vocab.models)}
    assert text == f"{families['Pythia']} papers"
    assert errors == []


def test_head_counts_agree_with_their_key_papers(browser_page, catalogue):
    """Global Retrieval Head said '0 in the catalogue' while its definition rests on a catalogued paper."""
    base, page, errors = browser_page
    page.goto(f"{base}/heads/global-retrieval-head.html")
    count = page.inner_text(".hs-head-header a[href$='#hs-papers']")
    assert count == f"{sum('global-retrieval-head' in p.heads for p in catalogue.papers.values())} in the catalogue"
    assert count != "0 in the catalogue"
    assert page.inner_text("#hs-key-papers a.hs-paper-link").startswith("RazorAttention")
    assert errors == []


def test_checker_locates_bad_key_papers(tmp_path):
    from .conftest import headsurvey_cli, mini_site

    src = mini_site(tmp_path / "src")
    head = src / "docs/heads/test-head.md"
    head.write_text(head.read_text().replace("placement: site\n", "placement: site\nkey_papers:\n"
                                             "  - {paper: a2024x, why: First to name it., note: extra}\n"
                                             "  - {paper: nosuch2024x, why: Not catalogued.}\n"
                                             "  - {paper: b2024y}\n", 1))
    result = headsurvey_cli("--root", str(src), "check")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/heads/test-head.md:7: unknown field 'note' in a key paper" in out
    assert "docs/heads/test-head.md:8: key paper 'nosuch2024x' has no page in docs/papers/" in out
    assert "docs/heads/test-head.md:9: key paper 'b2024y' needs 'why'" in out


# --- 4. Search that ranks what people mean -----------------------------------------------------

def search_results(page, base: str, words: str) -> list[str]:
    from urllib.parse import quote

    page.goto(f"{base}/search.html?q={quote(words)}")
    page.wait_for_selector("a.hs-search-result", timeout=30_000)
    return [h.lstrip("/") for h in page.eval_on_selector_all("a.hs-search-result", "ls => ls.map(a => new URL(a.href).pathname)")]


def test_search_query_table(browser_page, site):
    """Every query of tests/search_queries.yaml finds its pages in the first three results."""
    base, page, errors = browser_page
    table = yaml.safe_load(QUERIES.read_text())
    assert len(table) >= 12
    misses = {}
    for row in table:
        found = search_results(page, base, row["query"])
        assert all((site.out / f).exists() for f in found), found
        top = found[:3]
        missing = [p for p in row["top3"] if p not in top]
        if missing or ("first" in row and found[0] != row["first"]):
            misses[row["query"]] = top
    assert misses == {}
    assert errors == []


def test_key_papers_name_their_head_types_for_readers_and_search(site, catalogue):
    page = site.page("papers/wu2025retrieval.html")
    key_for = page.select_one(".hs-key-for")
    assert [a.get_text() for a in key_for.select("a")] == ["Retrieval Head"]
    assert key_for["data-search-meta"] == "key_for:Retrieval Head=1"
    assert float(key_for["data-search-weight"]) > 7  # above a page's own h1


# --- 6. Keyboard and screen readers ------------------------------------------------------------

def test_paper_page_skips_to_cite_from_the_first_tab_stops(browser_page):
    base, page, errors = browser_page
    page.goto(f"{base}/papers/olsson2022context.html")
    reached = []
    for _ in range(2):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Skip to Cite" in reached, reached
    while page.evaluate("document.activeElement.textContent.trim()") != "Skip to Cite":
        page.keyboard.press("Shift+Tab")
    assert page.is_visible(".hs-skip-link")  # shown when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#hs-cite")
    page.keyboard.press("Tab")  # the next stops are in the Cite section: the entry's copy button comes first
    assert page.evaluate("document.activeElement.closest('#hs-cite') !== null")
    assert errors == []


def test_copy_result_is_announced_in_a_live_region(browser_page):
    base, page, errors = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{base}/papers/olsson2022context.html")
    region = page.wait_for_selector(".hs-announce[role=status][aria-live=polite]", state="attached")
    assert region.inner_text() == ""
    page.focus("#hs-cite button.copybtn")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.hs-announce').textContent !== ''")
    assert page.inner_text(".hs-announce") == "BibTeX entry copied to the clipboard."
    assert "@" in page.evaluate("navigator.clipboard.readText()")
    assert errors == []


# --- 7. A phone, light and dark ----------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone(browser_page):
    base, page, errors = browser_page
    page.set_viewport_size(PHONE)
    yield base, page, errors
    page.set_viewport_size({"width": 1280, "height": 720})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_on_a_phone(phone, scheme):
    from .test_quality import axe_violations

    base, page, errors = phone
    assert axe_violations(page, f"{base}/explore.html", scheme) == []
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    bottoms = page.eval_on_selector_all(".hs-explorer-controls .hs-facet", "fs => fs.map(f => f.getBoundingClientRect().bottom)")
    assert len(bottoms) >= 9 and max(bottoms) <= PHONE["height"], bottoms  # every filter on the first screen
    card = page.eval_on_selector(".hs-explorer-table tbody tr", """tr => {
        const a = tr.querySelector('a.hs-explorer-title'), style = getComputedStyle(a);
        return {display: getComputedStyle(tr).display, width: tr.querySelector('td').getBoundingClientRect().width,
                lines: Math.round(a.getBoundingClientRect().height / parseFloat(style.lineHeight || '20'))};
    }""")
    assert card["display"] == "block" and card["width"] > 300, card
    titles = page.eval_on_selector_all(".hs-explorer-table tbody a.hs-explorer-title",
                                       "as => as.map(a => a.getClientRects().length)")
    assert max(titles) <= 5, max(titles)  # was 7 to 14 lines in a 93 px column
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_atlas_grid_says_it_scrolls_and_charts_stay_legible_on_a_phone(phone, scheme):
    base, page, errors = phone
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base}/atlas/gpt-2-small.html")
    hint = page.wait_for_selector(".hs-scroll-hint")
    assert hint.is_visible() and "Scroll sideways" in hint.inner_text()
    page.eval_on_selector(".hs-table-wrap:has(.hs-atlas-grid)", "box => { box.scrollLeft = box.scrollWidth; }")
    page.wait_for_function("document.querySelector('.hs-scroll-hint').hidden")
    page.goto(f"{base}/charts.html")
    sizes = page.eval_on_selector_all(".hs-chart-box svg text", "ts => ts.map(t => t.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 9, min(sizes)  # the head type × family matrix had 3 px labels
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{base}/atlas/gpt-2-small.html")
    assert page.is_hidden(".hs-scroll-hint")  # nothing to scroll: no hint
    page.set_viewport_size(PHONE)
    assert errors == []


# --- 8. What a reference manager saves ---------------------------------------------------------

#: The decisions of Zotero's "Embedded Metadata" translator (zotero/translators, Embedded Metadata.js
#: of 2024-06-13, with RDF.js's detectType) that pick an item's type and URL, run on the page's own
#: <head>: Highwire citation_* tags give a firm type (journal, conference, report, book section,
#: thesis); without one, RDF statements (meta names with a known prefix such as z: or og:) decide,
#: z:itemType first; else citation_title's guess, a journal article. The URL is citation_public_url,
#: then citation_abstract_html_url or citation_fulltext_html_url, then the page's canonical link.
#: A function of the page's document and address.
ZOTERO_READS = """(document, address) => {
  const PREFIXES = ['bib', 'bibo', 'dc', 'dcterms', 'prism', 'foaf', 'vcard', 'link', 'z', 'eprint', 'eprints', 'og',
                    'article', 'book', 'music', 'video', 'so', 'codemeta', 'rdf'];
  const ZOTERO_TYPES = ['preprint', 'journalArticle', 'conferencePaper', 'report', 'book', 'bookSection', 'thesis', 'webpage'];
  const HW = {citation_journal_title: 'journalArticle', citation_technical_report_institution: 'report',
              citation_conference_title: 'conferencePaper', citation_conference: 'conferencePaper',
              citation_book_title: 'bookSection', citation_inbook_title: 'bookSection',
              citation_dissertation_institution: 'thesis'};
  let hwType, hwTypeGuess;
  const rdf = {};
  for (const meta of document.querySelectorAll('meta')) {
    const names = meta.getAttribute('name') || meta.getAttribute('property'), value = meta.getAttribute('content');
    if (!names || !value) continue;
    for (const tag of names.split(/\\s+/)) {
      const parts = tag.split(/[.:_]/);
      let prefix = parts.length > 2 && PREFIXES.includes(parts[1].toLowerCase()) ? parts[1].toLowerCase() : null;
      let length = prefix ? parts[0].length + parts[1].length + 1 : parts[0].length;
      if (!prefix) prefix = parts[0].toLowerCase();
      if (PREFIXES.includes(prefix)) {
        let prop = tag.substr(length + 1);
        prop = prop.charAt(0).toLowerCase() + prop.slice(1);
        rdf[prefix + ':' + prop] = rdf[prefix + ':' + prop] || value;
      } else {
        const short = tag.slice(tag.lastIndexOf('citation_'));
        if (HW[short]) hwType = HW[short];
        else if (short === 'citation_title' || short === 'citation_series_title') hwTypeGuess = hwTypeGuess || 'journalArticle';
      }
    }
  }
  let type = hwType;
  if (!type) {
    const z = rdf['z:itemType'] || rdf['z:type'];
    const og = {website: 'webpage', book: 'book'}[rdf['og:type']];
    type = (z && ZOTERO_TYPES.includes(z) ? z : null) || og || hwTypeGuess || (Object.keys(rdf).length ? 'webpage' : null)
      || (rdf['og:type'] === 'article' ? 'journalArticle' : null);
  }
  const read = name => { const m = document.querySelector(`html>head>meta[name$="${name}"]`); return m && m.content; };
  const canonical = document.querySelector('head > link[rel=canonical]');
  const url = read('citation_public_url') || read('citation_abstract_html_url') || read('citation_fulltext_html_url')
    || (canonical && canonical.href) || address;
  return {type, url};
}"""


def test_a_reference_manager_saves_the_paper_not_our_page(browser_page, catalogue):
    base, page, errors = browser_page
    from headsurvey.sources import links

    # Each paper page as Chromium parses it (its HTML parser, in one page, instead of 370 page loads
    # with their styles and scripts: none of the site's scripts touches <head>).
    page.goto(f"{base}/index.html")
    read = page.evaluate(f"""async addresses => {{
      const zotero = {ZOTERO_READS}, saved = {{}};
      for (const [key, address] of Object.entries(addresses)) {{
        const html = await (await fetch(address)).text();
        saved[key] = zotero(new DOMParser().parseFromString(html, 'text/html'), address);
      }}
      return saved;
    }}""", {key: f"{base}/papers/{key}.html" for key in catalogue.papers})
    assert sorted(read) == sorted(catalogue.papers)
    kinds: dict[str, int] = {}
    for key, entry in sorted(catalogue.db.entries.items()):
        if key not in catalogue.papers:
            continue
        saved = read[key]
        own = links.doi(entry.get("doi")) or links.arxiv(entry.arxiv_id) or links.https(entry.get("url"))
        assert saved["url"] == own, (key, saved)
        if entry.get("journal"):
            expected = "journalArticle"
        elif entry.get("booktitle"):
            expected = "conferencePaper"
        elif entry.arxiv_id:
            expected = "preprint"
        else:
            expected = "journalArticle"  # a blog post or thread without container: Zotero's guess, as before
        assert saved["type"] == expected, (key, saved)
        kinds[expected] = kinds.get(expected, 0) + 1
    assert kinds.get("preprint", 0) > 50 and kinds.get("conferencePaper", 0) > 20, kinds
    assert errors == []
