"""Charts, head atlas and the cite page, checked against the records they are drawn from."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from headsurvey.site.paths import model_slug as slug

from .conftest import ROOT, check_jsonschema


def table_rows(table) -> list[list[str]]:
    return [[cell.get_text(strip=True) for cell in row.find_all(["td", "th"])] for row in table.select("tbody tr")]


def test_charts_are_svg_with_tables_of_the_same_numbers(site, catalogue):
    page = site.page("charts.html")
    svgs = page.select("svg.hs-diagram")
    # Bars and cells link to the explorer, so each chart is a group of links with its own title.
    assert len(svgs) == 3 and all(s.get("role") == "group" and s.find("title") for s in svgs)
    tables = page.select("table")
    years = Counter(p.date[:4] for p in catalogue.papers.values())
    every_year = {str(y): years.get(str(y), 0) for y in range(int(min(years)), int(max(years)) + 1)}
    assert {row[0]: int(row[-1]) for row in table_rows(tables[0])} == every_year
    per_head = Counter(s for p in catalogue.papers.values() for s in p.heads)
    names = {h.name: s for s, h in catalogue.heads.items()}
    assert {names[row[0]]: int(row[2]) for row in table_rows(tables[1])} == dict(per_head)
    header = [c.get_text(strip=True) for c in tables[2].select("thead th")]
    for row in table_rows(tables[2]):
        slug_ = names[row[0]]
        for family, cell in zip(header[1:], row[1:], strict=False):
            count = sum(1 for p in catalogue.papers.values() if slug_ in p.heads
                        and family in {catalogue.vocab.models[m].family for m in p.models})
            assert (int(cell) if cell else 0) == count, (row[0], family)


def test_atlas_lists_every_instance_and_links_model_pages(site, catalogue):
    instances = [(i.model, i.label, p.key) for p in catalogue.papers.values() for i in p.instances]
    page = site.page("atlas/index.html")
    listed = []
    for model in {m for m, _, _ in instances}:
        table = site.page(f"atlas/{slug(model)}.html").select_one("table.hs-atlas-list")
        keys = [row.select("td a")[-1]["href"].rpartition("/")[2].removesuffix(".html") for row in table.select("tbody tr")]
        rows = table_rows(table)
        listed += [(model, r[0], k) for r, k in zip(rows, keys, strict=False)]
        titles = {k: catalogue.db.entries[k].title_text for k in keys}
        assert all(r[3] and r[3] != k and titles[k].startswith(r[3].removesuffix(" …")) for r, k in zip(rows, keys, strict=False))
    assert sorted(listed) == sorted(instances)
    for model in {m for m, _, _ in instances}:
        assert page.find("a", href=f"{slug(model)}.html"), model
        grid = site.page(f"atlas/{slug(model)}.html")
        linked = [a["href"] for a in grid.select("table.hs-atlas-grid a")]
        assert sorted(linked) == sorted(f"../papers/{k}.html" for m, _, k in instances if m == model)
        spec = catalogue.vocab.models[model]
        deepest = max(i.layer for p in catalogue.papers.values() for i in p.instances if i.model == model) + 1
        assert len(grid.select("table.hs-atlas-grid tbody tr")) == (spec.layers or deepest)


def test_cross_model_view_places_every_head_once_in_depth_order(site, catalogue):
    svg = site.page("atlas/index.html").find(id="hs-depth-title").parent
    rows: dict[str, list[float]] = {}
    placed = []
    for dot in svg.select("circle.hs-dot"):
        rows.setdefault(dot["cy"], []).append(float(dot["cx"]))
        for group in dot.find("title").get_text().split("; "):  # "GPT-2 small 9.1, 9.4": one model's heads at this depth
            model, labels = re.fullmatch(r"(.+?) ((?:\d+\.\d+, )*\d+\.\d+)", group).groups()
            placed += [(dot["cy"], model, label) for label in labels.split(", ")]
    models = catalogue.vocab.models
    heads = {(i.role, i.model, i.label) for p in catalogue.papers.values() for i in p.instances
             if (models[i.model].layers or 0) >= 2}  # the depth view needs the model's depth
    assert len(placed) == len(set(placed)) == len(heads)
    assert {(m, label) for _, m, label in placed} == {(m, label) for _, m, label in heads}
    for cxs in rows.values():
        assert cxs == sorted(cxs) and len(set(cxs)) == len(cxs)  # one dot per depth


def test_citation_cff_is_valid_and_matches_references_bib(catalogue):
    result = check_jsonschema("--builtin-schema", "vendor.citation-file-format", str(ROOT / "CITATION.cff"))
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())["preferred-citation"]
    entry = catalogue.db.entries["zheng2025attention"]
    assert cff["doi"] == entry.get("doi") and str(cff["volume"]) == entry.get("volume")
    assert str(cff["issue"]) == entry.get("number") and str(cff["start"]) == entry.get("pages")
    assert [f"{a['given-names']} {a['family-names']}" for a in cff["authors"]] == entry.author_names()
    assert cff["title"] == entry.title_text and str(cff["year"]) == entry.year


def test_cite_page_shows_the_survey_entry_and_a_site_entry(site, catalogue):
    page = site.page("cite.html")
    blocks = [pre.get_text() for pre in page.select("div.highlight pre")]
    assert blocks[0].strip() == catalogue.db.entries["zheng2025attention"].raw.strip()
    assert blocks[1].startswith("@misc{headsurvey,")
