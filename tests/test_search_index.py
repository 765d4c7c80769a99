"""The search index is built from one small record per page, staged between builds."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from contextlib import closing

import pytest

from headsurvey.pages import searchdoc
from headsurvey.pages import searchindex as index
from headsurvey.pages.searchdoc import record, words
from headsurvey.site import paths
from headsurvey.sources.glossary import term_papers
from headsurvey.sphinxext.search import RECORDS, stage

from .conftest import ROOT

PAGE = ('<html><head><script src="x.js"></script></head><body><nav class="sidebar">Every paper title</nav>'
        '<div class="main"><article role="main" id="furo-main-content"><h1>A Paper</h1>'
        '<span class="hs-key-for" data-search-weight="10" data-search-meta="key_for:Induction Head=1">Induction Head</span>'
        '<p>The summary.</p></article></div><footer>Made with Sphinx</footer></body></html>')


def test_a_search_record_holds_the_main_column_s_words_weighted_by_where_they_stand():
    doc = record(PAGE, "papers/a.html", [])
    assert doc is not None
    assert doc["url"] == "papers/a.html" and doc["meta"] == {"title": "A Paper", "key_for": "Induction Head=1"}
    assert doc["weights"] == {"a": 7.0, "paper": 7.0, "induction": 10.0, "head": 10.0, "the": 1.0, "summary": 1.0}
    assert doc["text"] == "Induction Head The summary." and doc["length"] == 6
    assert "every" not in doc["weights"] and "sphinx" not in doc["weights"]  # no sidebar, no footer, no script
    assert record("<html><body><p>No main column</p></body></html>", "x.html", []) is None


def test_glossary_terms_citing_a_paper_become_its_terms_metadata():
    doc = record(PAGE, "papers/a.html", [("attention sink", 1), ("kv cache", 2)])
    assert doc is not None and doc["meta"]["terms"] == "attention sink=1|kv cache=2"


def test_words_are_runs_of_letters_and_digits_in_the_singular():
    assert words("Induction HEADS, GPT-2's Straße; naïve 注意力 bias x_y") == [
        "induction", "head", "gpt", "2", "s", "straße", "naïve", "注意力", "bias", "x", "y"]


def test_postings_survive_their_encoding_whatever_the_gaps():
    rng = random.Random(3)
    pages = [*sorted(rng.sample(range(200_000), 500)), 200_000, 10**9]
    postings = [(p, rng.randint(1, index.LEVELS)) for p in pages]
    text = index.encode(postings)
    assert index.decode(text) == postings and set(text) <= set(index.ALPHABET)
    assert index.decode(index.encode([(0, 5)])) == [(0, 5)] and index.encode([]) == ""
    with pytest.raises(ValueError):  # an index file altered since: the build writes the index whole (searchindex._mend)
        index.decode(text[:9] + "!" + text[10:])


def test_scores_rise_with_weight_and_fall_with_length_and_stay_in_range():
    assert 1 <= index.score(0.01, 10**6) < index.score(1, 400) < index.score(7, 400) < index.score(10, 400) <= index.LEVELS
    assert index.score(1, 4000) < index.score(1, 400)
    assert [index.bucket_count(n) for n in (0, 100, 1000, 10_000, 10**7)] == [16, 16, 128, 2048, 4096]
    assert index.bucket_of("induction", 16) == index.bucket_of("induction", 16) < 16


def test_a_glossary_term_s_key_papers_are_the_papers_its_definition_cites_in_order():
    found = term_papers([ROOT / "docs/glossary.md"])
    assert found["attention sink"] == ["xiao2024efficient", "guo2024active"]
    assert "attention head" not in found  # a definition citing no paper names none


def staged_rows(staging) -> dict[str, tuple[str, str]]:
    """page → (stamp, record) of the staging database."""
    with closing(sqlite3.connect(staging / RECORDS)) as db:
        return {page: (stamp, record) for page, stamp, record in db.execute("SELECT page, stamp, record FROM records")}


def test_staging_reads_only_the_pages_that_changed_and_drops_the_pages_gone(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "staging"
    (out / "papers").mkdir(parents=True)
    pages = {"papers/a.html": PAGE, "papers/b.html": PAGE.replace("A Paper", "B Paper"), "plain.html": "<p>none</p>"}

    def write_and_digest() -> dict[str, list]:
        for rel, text in pages.items():
            (out / rel).write_text(text)
        return {rel: [0, 0, hashlib.sha1(text.encode()).hexdigest()] for rel, text in pages.items()}

    first = stage(out, staging, write_and_digest(), {}).digests
    assert sorted(first) == ["papers/a.html", "papers/b.html"]
    assert staged_rows(staging)["plain.html"][1] == ""  # staged as having no record: not read again next time
    assert [p.name for p in staging.iterdir()] == [RECORDS]  # one file, and no .html file: the folder may be in the output
    kept = staged_rows(staging)["papers/b.html"]
    pages["papers/a.html"] = PAGE.replace("The summary.", "An edited summary.")
    del pages["plain.html"]
    staged_again = stage(out, staging, write_and_digest(), {})
    second = staged_again.digests
    assert second != first and second["papers/b.html"] == first["papers/b.html"]
    assert set(staged_again.made) == {"papers/a.html"}  # the records made this time; the others are read when needed
    assert [r["meta"]["title"] for r in staged_again.records(["papers/b.html", "papers/a.html"])] == ["B Paper", "A Paper"]
    rows = staged_rows(staging)
    assert "An edited summary." in json.loads(rows["papers/a.html"][1])["text"]
    assert rows["papers/b.html"] == kept and "plain.html" not in rows  # b not read nor written again; plain gone
    (out / "papers/b.html").unlink()
    del pages["papers/b.html"]
    third = stage(out, staging, write_and_digest(), {"papers/a.html": [("attention sink", 1)]}).digests
    rows = staged_rows(staging)
    assert "papers/b.html" not in rows
    assert json.loads(rows["papers/a.html"][1])["meta"]["terms"] == "attention sink=1"
    assert third != second
    assert stage(out, staging, write_and_digest(), {"papers/a.html": [("attention sink", 1)]}).digests == third


def test_a_staging_database_left_unreadable_is_started_afresh(tmp_path):
    out, staging = tmp_path / "out", tmp_path / "staging"
    (out / "papers").mkdir(parents=True)
    (out / "papers/a.html").write_text(PAGE)
    staging.mkdir()
    (staging / RECORDS).write_bytes(b"not a database " * 100)
    files = {"papers/a.html": [0, 0, hashlib.sha1(PAGE.encode()).hexdigest()]}
    assert list(stage(out, staging, files, {}).digests) == ["papers/a.html"]
    assert list(staged_rows(staging)) == ["papers/a.html"]


def indexed_words(out, page: str) -> set[str]:
    """The words the site's index holds for ``page`` (its HTML file from the site root), read from its files."""
    meta = json.loads((out / paths.SEARCH_META).read_text())
    number = next(n for n in range(meta["pages"])
                  if json.loads((out / paths.search_page(n)).read_text())["url"] == page)
    return {word for b in range(meta["buckets"])
            for word, text in json.loads((out / paths.search_words(b)).read_text()).items()
            if any(p == number for p, _ in index.decode(text))}


def test_a_paper_s_index_entry_leaves_out_what_every_paper_page_repeats(site, monkeypatch):
    """Its title, authors, facts and summary are indexed; its closing sections (located heads,
    related papers, citation), its stage badges and its count of located heads are not: they
    repeat on every paper page, and each word a page holds adds to the index a query reads."""
    indexed = indexed_words(site.out, "papers/wang2023interpretability.html")
    page = site.page("papers/wang2023interpretability.html")
    assert {"interpretability", "wild", "wang", "mover"} <= indexed
    assert page.select(".hs-stage-badge") and page.select("#hs-located") and page.select("#hs-related")
    repeated = [b.get_text() for b in page.select(".hs-stage-badge")] + [
        "Heads located in this paper", "Related papers", "Ranked by a fixed rule", "BibTeX entry", "in the table below"]
    monkeypatch.setattr(searchdoc, "EXCERPT_CHARS", 10**9)  # the whole text the words come from
    doc = record((site.out / "papers/wang2023interpretability.html").read_text(), "papers/wang2023interpretability.html", [])
    assert doc is not None and "Interpretability in the Wild" in doc["meta"]["title"] and "Wang" in doc["text"]
    assert [r for r in repeated if r in doc["text"]] == []
