"""The atlas as a consensus: reports and distinct heads counted apart, unambiguous legends, where
papers agree on a head type in a model, and the heads as downloads and code (a small planted site)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from headsurvey.site.atlas import abbreviations

from .conftest import ROOT, mini_site, sphinx_build

SCHEMA = json.loads((ROOT / "src/headsurvey/exports/atlas.schema.json").read_text())

TREE_HEAD = """---
name: Tree Head
stage: [ICI]
category: Overall Structure
placement: site
---

## Definition

A head planted by the tests: its name shares its initials with Test Head, so the legend has to
tell the two apart with more than initials, on every page that shows either of them.
"""

PAPER = """---
date: 2024-0{n}-01
added: 2026-11-21
heads: [test-head, tree-head]
models: [GPT-2 small, Pythia-70M]
methods: [{method}]
tasks: [testing]
instances:
{instances}
---

{body}
"""

#: Paper a names test heads 1.1, 2.2, 3.3 and b names 2.2, 3.3, 4.4 in GPT-2 small (shared 2.2 and 3.3,
#: Jaccard 2/4); each names one tree head in Pythia-70M, a different one (Jaccard 0).
PLANTED = {
    "a2024x": ("path-patching", [("GPT-2 small", 1, 1, "test-head"), ("GPT-2 small", 2, 2, "test-head"),
                                 ("GPT-2 small", 3, 3, "test-head"), ("Pythia-70M", 0, 1, "tree-head")]),
    "b2024y": ("scoring", [("GPT-2 small", 2, 2, "test-head"), ("GPT-2 small", 3, 3, "test-head"),
                           ("GPT-2 small", 4, 4, "test-head"), ("GPT-2 small", 4, 4, "tree-head"),
                           ("Pythia-70M", 0, 2, "tree-head")]),
}
PROSE = " ".join(["The authors locate a head that copies names and test it with path patching."] * 8)


def planted_site(dest: Path) -> Path:
    index = "# Mini site\n\n```{paper-index}\n```\n\n```{toctree}\nexplore\ncharts\natlas\nagreement\ndata\n```\n"
    src = mini_site(dest, pages={"index.md": index, "agreement.md": "# Agreement\n\n```{head-agreement}\n```\n"})
    (src / "docs/heads/tree-head.md").write_text(TREE_HEAD)
    models = src / "docs/_data/models.yaml"
    pythia = "- {name: Pythia-70M, family: Pythia, layers: 6, heads: 8, hf_id: EleutherAI/pythia-70m, modality: text}"
    assert pythia in models.read_text()
    models.write_text(models.read_text().replace(pythia, "- {name: Pythia-70M, family: Pythia, layers: 6, heads: 8}"))
    for n, (key, (method, found)) in enumerate(sorted(PLANTED.items()), start=1):
        lines = "\n".join(f"  - {{model: {m}, layer: {layer}, head: {head}, role: {role}, evidence: [{method}], source: paper Table {n}}}"
                          for m, layer, head, role in found)
        (src / f"docs/papers/{key}.md").write_text(PAPER.format(n=n, method=method, instances=lines, body=PROSE))
    return src


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    src = planted_site(tmp_path_factory.mktemp("consensus"))
    out = src / "_build"
    result = sphinx_build(src, out)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr[-3000:]
    return out


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_legend_codes_are_never_shared():
    codes = abbreviations({"memory-head": "Memory Head", "mover-head": "Mover Head", "mixed-head": "Mixed Head",
                           "name-mover-head": "Name Mover Head", "twin": "Mover Head"})
    assert len(set(codes.values())) == len(codes)
    assert codes["memory-head"] == "MeH" and codes["mixed-head"] == "MiH" and codes["name-mover-head"] == "NMH"
    assert {codes["mover-head"], codes["twin"]} == {"MoverH1", "MoverH2"}


def test_model_page_counts_reports_and_distinct_heads_and_tells_roles_apart(built):
    gpt2 = page(built, "atlas/gpt-2-small.html")
    intro = gpt2.find("h1").find_next("p").get_text()
    assert intro.startswith("7 reports of 4 distinct heads"), intro
    legend = {li.get_text() for li in gpt2.find(string="Legend").find_next("ul").select("li")}
    assert legend == {"TeH: Test Head", "TrH: Tree Head"}
    cell = gpt2.select_one("td#h4-4, td.hs-atlas-cell a[title^='Tree Head']")
    assert cell is not None
    atlas = page(built, "atlas.html").find("h1").find_next("p").get_text()
    assert atlas.startswith("9 reports of 6 distinct heads in 2 models, from 2 papers."), atlas


def test_agreement_page_compares_papers_that_locate_a_type_in_a_model(built):
    agree = page(built, "agreement.html")
    types = [[td.get_text() for td in tr.select("td")] for tr in agree.select("table.hs-agreement-types tbody tr")]
    assert types == [["Test Head", "0.50", "1", "GPT-2 small"], ["Tree Head", "0.00", "1", "Pythia-70M"]]
    rows = [[td.get_text() for td in tr.select("td")] for tr in agree.select("table.hs-agreement tbody tr")]
    assert rows == [["GPT-2 small", "Test Head", "A Study of Test Heads 1; A Study of Test Heads 2", "2", "2", "0.50", "differ"],
                    ["Pythia-70M", "Tree Head", "A Study of Test Heads 1; A Study of Test Heads 2", "0", "2", "0.00", "differ"]]
    link = agree.select_one("table.hs-agreement a")["href"]
    assert link == "atlas/gpt-2-small.html#agree-test-head"


def test_a_comparison_names_a_bounded_number_of_papers_and_counts_the_rest(tmp_path, monkeypatch):
    """A model that thousands of papers study keeps its page and the agreement view bounded: here
    one paper is named per comparison (consensus.PAPERS, 5 on the site) and the other counted."""
    monkeypatch.setattr("headsurvey.pages.consensus.PAPERS", 1)
    src = planted_site(tmp_path / "src")
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [[td.get_text() for td in tr.select("td")] for tr in page(tmp_path / "out", "agreement.html").select("table.hs-agreement tbody tr")]
    assert [r[2] for r in rows] == ["A Study of Test Heads 1; and 1 more"] * 2
    section = page(tmp_path / "out", "atlas/gpt-2-small.html").find(id="agree-test-head").find_next("ul")
    assert [li.get_text().split(":")[0] for li in section.select("li")] == ["A Study of Test Heads 1", "and 1 more paper"]


def test_depth_view_places_each_papers_heads_of_a_type_found_in_several_models(built):
    agree = page(built, "agreement.html")
    caption = agree.find(string="The same numbers as a table:")
    rows = [[td.get_text() for td in tr.select("td")] for tr in caption.find_next("table").select("tbody tr")]
    assert rows == [["Tree Head", "A Study of Test Heads 2", "GPT-2 small", "1", "0.36", "0.36–0.36"],
                    ["Tree Head", "A Study of Test Heads 1", "Pythia-70M", "1", "0.00", "0.00–0.00"],
                    ["Tree Head", "A Study of Test Heads 2", "Pythia-70M", "1", "0.00", "0.00–0.00"]]
    svg = agree.find(id="hs-depth-papers-title").parent
    assert svg.name == "svg" and svg["role"] == "img"
    dots = [c.find("title").get_text() for c in svg.select("circle")]
    assert dots == ["GPT-2 small · A Study of Test Heads 2: median 0.36, 0.36–0.36, 1 heads",
                    "Pythia-70M · A Study of Test Heads 1: median 0.00, 0.00–0.00, 1 heads",
                    "Pythia-70M · A Study of Test Heads 2: median 0.00, 0.00–0.00, 1 heads"]


def test_model_page_marks_heads_several_papers_name_and_lists_what_they_share(built):
    gpt2 = page(built, "atlas/gpt-2-small.html")
    rows = gpt2.select("table.hs-atlas-grid tbody tr")
    marked = {(int(tr.th.get_text()), column - 1, td.select_one(".hs-atlas-papers").get_text())
              for tr in rows for column, td in enumerate(tr.find_all(["th", "td"])) if "hs-atlas-shared" in td.get("class", [])}
    assert marked == {(2, 2, "×2"), (3, 3, "×2")}  # 4.4 has two roles but from one paper
    section = gpt2.find(id="agree-test-head")
    assert section.get_text() == "Test Head: Jaccard 0.50"
    items = [" ".join(li.get_text().split()) for li in section.find_next("ul").select("li")]
    assert items[0].endswith("3 heads (Path patching); only this paper: 1.1")
    assert items[1].endswith("3 heads (Head scoring); only this paper: 4.4")
    shared = " ".join(section.find_next("p").get_text().split())
    assert shared == "Shared (2): 2.2 (2 papers), 3.3 (2 papers). Methods differ."


def valid(document: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(document)]


def test_atlas_downloads_hold_each_models_reports_and_match_the_schema(built):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert json.loads((built / "downloads/atlas.schema.json").read_text()) == SCHEMA
    gpt2 = json.loads((built / "downloads/atlas/gpt-2-small.json").read_text())
    assert valid(gpt2) == []
    assert {k: gpt2[k] for k in ("model", "hf_id", "layers", "heads_per_layer")} == {
        "model": "GPT-2 small", "hf_id": "openai-community/gpt2", "layers": 12, "heads_per_layer": 12}
    assert sorted((h["layer"], h["head"], h["role"], h["paper"]) for h in gpt2["heads"]) == sorted(
        (layer, head, role, key) for key, (_, found) in PLANTED.items() for m, layer, head, role in found if m == "GPT-2 small")
    assert {h["source"] for h in gpt2["heads"]} == {"paper Table 1", "paper Table 2"}
    pythia = json.loads((built / "downloads/atlas/pythia-70m.json").read_text())
    assert valid(pythia) == [] and pythia["hf_id"] is None
    whole = json.loads((built / "downloads/atlas.json").read_text())
    assert valid(whole) == [] and [m["model"] for m in whole["models"]] == ["GPT-2 small", "Pythia-70M"]
    for broken in ({**gpt2, "heads": [{**gpt2["heads"][0], "layer": -1}]}, {**gpt2, "extra": 1},
                   {k: v for k, v in gpt2.items() if k != "hf_id"}):
        assert valid(broken), broken
    linked = page(built, "data.html").find("a", string="gpt-2-small.json")["href"]
    assert (built / linked).resolve() == (built / "downloads/atlas/gpt-2-small.json").resolve()


def test_model_page_gives_code_that_selects_its_heads(built):
    gpt2 = page(built, "atlas/gpt-2-small.html")
    section = gpt2.find(id="code")
    assert (built / "atlas" / section.find_next("a", class_="hs-download")["href"]).resolve() == (
        built / "downloads/atlas/gpt-2-small.json").resolve()
    blocks = {h3.get_text(): h3.find_next("pre").get_text() for h3 in gpt2.select("h3") if h3.get_text() in ("TransformerLens", "nnsight")}
    assert set(blocks) == {"TransformerLens", "nnsight"}
    for code in blocks.values():
        compile(code, "snippet", "exec")
        assert 'open("gpt-2-small.json")' in code and 'h["role"] == "test-head"' in code and '"openai-community/gpt2"' in code
    assert 'cache[f"blocks.{layer}.attn.hook_z"][0, :, head]' in blocks["TransformerLens"]
    assert 'TransformerBridge.boot_transformers("openai-community/gpt2")' in blocks["TransformerLens"]
    assert "merged[layer] = model.transformer.h[layer].attn.c_proj.input.save()" in blocks["nnsight"]
    pythia = page(built, "atlas/pythia-70m.html").find(id="code").find_next("p").get_text()
    assert "No code is shown: the vocabulary records no Hugging Face id for this model." in " ".join(pythia.split())


def test_every_atlas_download_of_the_real_site_matches_the_schema(site, catalogue):
    files = sorted((site.out / "downloads/atlas").glob("*.json"))
    reported = {(p.key, i.model, i.layer, i.head, i.role) for p in catalogue.papers.values() for i in p.instances}
    assert len(files) == len({m for _, m, _, _, _ in reported})
    found = set()
    for path in [*files, site.out / "downloads/atlas.json"]:
        document = json.loads(path.read_text())
        assert valid(document) == [], path.name
        for record in document.get("models", [document]):
            found |= {(h["paper"], record["model"], h["layer"], h["head"], h["role"]) for h in record["heads"]}
    assert found == reported
