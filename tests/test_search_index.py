"""The search index is built from one small document per page, staged between builds."""

from __future__ import annotations

import hashlib

from headsurvey.pages.searchdoc import document
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
