"""The catalogue as researchers cite from it: complete, consistent and formatted."""

from __future__ import annotations

import json
import re

import pytest

from headsurvey.sources.bib import format_database

from .conftest import ROOT

UPSTREAM = ROOT.parent / "shared" / "upstream" / "papers.json"


def test_every_page_has_an_entry_and_every_entry_a_page(catalogue):
    assert set(catalogue.papers) == set(catalogue.db.entries)
    assert len(catalogue.papers) >= 110


def test_every_entry_has_authors_title_year_and_an_identifier(catalogue):
    for key, entry in catalogue.db.entries.items():
        assert entry.persons and entry.title_text and re.fullmatch(r"\d{4}", entry.year), key
        assert entry.arxiv_id or entry.get("doi") or entry.get("url"), key
        assert "others" not in [p.last_names[-1].lower() for p in entry.persons if p.last_names], key


def test_every_page_declares_a_head_that_has_a_page(catalogue):
    for key, paper in catalogue.papers.items():
        assert paper.heads and set(paper.heads) <= set(catalogue.heads), key


def test_references_bib_is_in_canonical_form():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert format_database(text) == text, "run: headsurvey fmt-bib"
    assert format_database(format_database(text)) == format_database(text)


@pytest.mark.skipif(not UPSTREAM.exists(), reason="the survey's paper list (shared/upstream) is not beside this clone")
def test_each_paper_of_the_survey_list_has_a_page(catalogue):
    def norm(title: str) -> str:
        return re.sub(r"[^a-z0-9]", "", title.lower())

    titles = {norm(e.title_text) for e in catalogue.db.entries.values()}
    arxiv = {e.arxiv_id for e in catalogue.db.entries.values() if e.arxiv_id}
    rows = json.loads(UPSTREAM.read_text())["papers"]
    missing = [r["title"] for r in rows if norm(r["title"]) not in titles and r.get("arxiv_id") not in arxiv]
    assert len(rows) == 86 and missing == []


ALIASES = ROOT.parent / "shared" / "upstream" / "head_aliases.json"


@pytest.mark.skipif(not ALIASES.exists(), reason="the survey's head taxonomy (shared/upstream) is not beside this clone")
def test_every_head_of_the_survey_taxonomy_and_paper_list_has_a_page(catalogue):
    heads = json.loads(ALIASES.read_text())["heads"]
    taxonomy = [h["slug"] for h in heads if h["taxonomy"]]
    assert len(taxonomy) == 40
    assert {h["slug"] for h in heads} <= set(catalogue.heads)
    for slug in taxonomy:
        assert catalogue.heads[slug].placement == "survey", slug


def test_parallel_reading_gives_the_same_catalogue(monkeypatch, catalogue):
    from headsurvey import sources

    monkeypatch.setattr(sources.loader, "PARALLEL_FROM", 1)
    parallel = sources.SourceRecords.load(ROOT)
    assert parallel.papers == catalogue.papers and parallel.heads == catalogue.heads
    assert parallel.problems == catalogue.problems
