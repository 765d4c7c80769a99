"""The search index is built from one small document per page, staged between builds."""

from __future__ import annotations

import gzip
import hashlib
import json

from headsurvey.pages.searchdoc import document
from headsurvey.site import paths
from headsurvey.sources.glossary import term_papers
from headsurvey.sphinxext.search import STAGED, stage

from .conftest import ROOT

PAGE = ('<html><head><script src="x.js"></script></head><body><nav class="sidebar">Every paper title</nav>'
        '<div class="main"><article role="main" id="furo-main-content"><h1>A Paper</h1>'
        '<span class="hs-key-for" data-pagefind-weight="10" data-pagefind-meta="key_for:Induction Head=1">Induction Head</span>'
        '<p>The summary.</p></article></div><footer>Made with Sphinx</footer></body></html>')


def test_a_search_document_keeps_the_main_column_and_its_ranking_controls_and_nothing_else():
    doc = document(PAGE, [])
    assert doc is not None
    assert '<article role="main" id="furo-main-content"><h1>A Paper</h1>' in doc
    assert 'data-pagefind-weight="10" data-pagefind-meta="key_for:Induction Head=1"' in doc
    assert "Every paper title" not in doc and "Made with Sphinx" not in doc and "x.js" not in doc
    assert document("<html><body><p>No main column</p></body></html>", []) is None


def test_glossary_terms_citing_a_paper_become_its_terms_metadata():
    doc = document(PAGE, [("attention sink", 1), ("kv, cache", 2)])
    assert doc is not None
    assert '<article role="main" id="furo-main-content"><span data-pagefind-meta="terms:attention sink=1|kv  cache=2"></span><h1>' in doc


def test_a_glossary_term_s_key_papers_are_the_papers_its_definition_cites_in_order():
    found = term_papers([ROOT / "docs/glossary.md"])
    assert found["attention sink"] == ["xiao2024efficient", "guo2024active"]
    assert "attention head" not in found  # a definition citing no paper names none


def test_staging_reads_only_the_pages_that_changed_and_drops_the_pages_gone(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "staging"
    (out / "papers").mkdir(parents=True)
    pages = {"papers/a.html": PAGE, "papers/b.html": PAGE.replace("A Paper", "B Paper"), "plain.html": "<p>none</p>"}

    def write_and_digest() -> dict[str, list]:
        for rel, text in pages.items():
            (out / rel).write_text(text)
        return {rel: [0, 0, hashlib.sha1(text.encode()).hexdigest()] for rel, text in pages.items()}

    first = stage(out, staging, write_and_digest(), {})
    staged = sorted(p.relative_to(staging / "site").as_posix() for p in (staging / "site").rglob("*") if p.is_file())
    assert staged == [f"papers/a.html{STAGED}", f"papers/b.html{STAGED}"]  # no .html file: the folder may be in the output
    kept = (staging / f"site/papers/b.html{STAGED}").stat().st_mtime_ns
    pages["papers/a.html"] = PAGE.replace("The summary.", "An edited summary.")
    del pages["plain.html"]
    second = stage(out, staging, write_and_digest(), {})
    assert second != first
    assert "An edited summary." in (staging / f"site/papers/a.html{STAGED}").read_text()
    assert (staging / f"site/papers/b.html{STAGED}").stat().st_mtime_ns == kept  # not read nor written again
    (out / "papers/b.html").unlink()
    del pages["papers/b.html"]
    third = stage(out, staging, write_and_digest(), {"papers/a.html": [("attention sink", 1)]})
    assert not (staging / f"site/papers/b.html{STAGED}").exists()
    assert "terms:attention sink=1" in (staging / f"site/papers/a.html{STAGED}").read_text()
    assert third != second
    assert stage(out, staging, write_and_digest(), {"papers/a.html": [("attention sink", 1)]}) == third


def indexed_text(out) -> dict[str, str]:
    """Page path (from the site root) → the text Pagefind indexed for it, read from every shard's fragments."""
    found = {}
    for shard in json.loads((out / paths.SEARCH_SHARDS).read_text()):
        for fragment in (out / shard / "fragment").iterdir():
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            found[data["url"].lstrip("/")] = data["content"]
    return found


def test_a_paper_s_index_entry_leaves_out_what_every_paper_page_repeats(site):
    """Its title, authors, facts and summary are indexed; its closing sections (located heads,
    related papers, citation), its stage badges and its count of located heads are not: they
    repeat on every paper page, and Pagefind's memory grows with every word it indexes."""
    text = indexed_text(site.out)
    content = text["papers/wang2023interpretability.html"]
    page = site.page("papers/wang2023interpretability.html")
    assert "Interpretability in the Wild" in content and "Wang" in content
    assert page.select(".hs-stage-badge") and page.select("#hs-located") and page.select("#hs-related")
    repeated = [b.get_text() for b in page.select(".hs-stage-badge")] + [
        "Heads located in this paper", "Related papers", "Ranked by a fixed rule", "BibTeX entry", "in the table below"]
    assert [r for r in repeated if r in content] == []
