"""The curation record as data: excluded.yaml and searches.yaml, validated and shown as tables."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from headsurvey.cli import main
from headsurvey.sources import SourceRecords
from headsurvey.sources.curation import Curation

from .conftest import ROOT, copy_site, mini_site, sphinx_build

SEARCH = """- axis: induction-head
  family: induction names
  queries: ['"induction head" attention', 'induction circuit transformer']
  sources: [arxiv, s2]
  run: 2026-11-30
  candidates: 12
  added: 2
"""


def write(folder, excluded: str = "[]\n", searches: str = "[]\n"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "excluded.yaml").write_text(excluded)
    (folder / "searches.yaml").write_text(searches)
    return Curation.load(folder, display="docs/_data")


def test_the_real_files_load_without_a_problem_and_keep_every_row():
    cur = Curation.load(ROOT / "docs/_data", display="docs/_data")
    assert cur.problems == []
    raw = yaml.safe_load((ROOT / "docs/_data/excluded.yaml").read_text())
    assert len(cur.excluded) == len(raw) >= 59
    moh = next(item for item in cur.excluded if item.title.startswith("MoH"))
    assert (moh.arxiv, moh.reason) == ("2410.11842", "an architecture")
    jo = next(item for item in cur.excluded if item.title.startswith("Roles and Utilization"))
    assert (jo.authors, jo.venue, jo.arxiv) == ("Jo and Myaeng", "ACL 2020", None)
    assert "| paper | reason |" not in (ROOT / "docs/curation.md").read_text()  # the hand table is gone


@pytest.mark.parametrize("excluded, searches, expected", [
    ("- title: T\n  reason: r\n  year: 2024\n", "[]\n",
     "docs/_data/excluded.yaml:1: unknown field 'year' — use: title, authors, venue, arxiv, doi, reason"),
    ("- title: T\n  reason: r\n  arxiv: 2410.11840\n", "[]\n",
     "docs/_data/excluded.yaml:1: arxiv 2410.1184 was read as a number — quote it: arxiv: '2410.11842'"),
    ("- title: T\n  reason: r\n- title: U\n  reason: r\n  arxiv: 'arXiv:2410.11842v2'\n", "[]\n",
     "docs/_data/excluded.yaml:3: arxiv 'arXiv:2410.11842v2' is not well formed — write it as 2410.11842 (no prefix, no version)"),
    ("- title: T\n  reason: r\n  doi: doi.org/10.1/x\n", "[]\n",
     "docs/_data/excluded.yaml:1: doi 'doi.org/10.1/x' is not well formed — write it as 10.18653/v1/2023.blackboxnlp-1.28 (no prefix, no version)"),
    ("- title: T\n", "[]\n", "docs/_data/excluded.yaml:1: missing field 'reason' — add reason:"),
    ("- title: ' '\n  reason: r\n", "[]\n", "docs/_data/excluded.yaml:1: field 'title' is empty — write the title or leave the field out"),
    ("- {title: A, reason: r, arxiv: '2410.11842'}\n- {title: B, reason: r, arxiv: '2410.11842'}\n", "[]\n",
     "docs/_data/excluded.yaml:2: arXiv 2410.11842 is listed twice (first at line 1) — keep one item"),
    ("[]\n", SEARCH.replace("run: 2026-11-30", "run: '2026-11-30'"),
     "docs/_data/searches.yaml:1: run '2026-11-30' is not a date — write run: YYYY-MM-DD (unquoted)"),
    ("[]\n", SEARCH.replace("added: 2", "added: 13"),
     "docs/_data/searches.yaml:1: 'added' must be between 0 and 'candidates' — count the candidates looked at and the papers added from them"),
    ("[]\n", SEARCH.replace("sources: [arxiv, s2]", "sources: []"),
     "docs/_data/searches.yaml:1: field 'sources' must list where the queries were run — write sources: [arxiv, s2]"),
    ("[]\n", SEARCH.replace("queries: [", "querys: ["),
     "docs/_data/searches.yaml:1: unknown field 'querys' — use: axis, family, queries, sources, run, candidates, added"),
    ("- just a title\n", "[]\n", "docs/_data/excluded.yaml:1: entry is not a mapping — write 'key: value' pairs"),
    ("[]\n", "axis: x\n", "docs/_data/searches.yaml:1: expected a list of entries — write one '- name: ...' item per entry"),
])
def test_a_bad_item_is_located_and_left_out(tmp_path, excluded, searches, expected):
    cur = write(tmp_path / "data", excluded, searches)
    assert expected in [str(p) for p in cur.problems]
    given = [yaml.safe_load(text) for text in (excluded, searches)]
    assert len(cur.excluded) + len(cur.searches) < sum(len(g) if isinstance(g, list) else 1 for g in given)


def test_a_valid_search_is_read_with_its_types(tmp_path):
    cur = write(tmp_path / "data", searches=SEARCH)
    assert cur.problems == []
    (search,) = cur.searches
    assert search.queries == ('"induction head" attention', "induction circuit transformer")
    assert (search.run.isoformat(), search.candidates, search.added, search.line) == ("2026-11-30", 12, 2, 1)


def test_check_refuses_a_paper_both_catalogued_and_judged_out(tmp_path, capsys):
    src = copy_site(tmp_path / "src")
    data = src / "docs/_data/excluded.yaml"
    data.write_text(data.read_text() + "- title: Interpretability in the Wild\n  arxiv: '2211.00593'\n  reason: r\n")
    line = len(data.read_text().splitlines()) - 2
    assert main(["--root", str(src), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"docs/_data/excluded.yaml:{line}: arXiv 2211.00593 is judged out of scope but catalogued as 'wang2023interpretability' "
        "— remove the item from excluded.yaml or the entry and page from the catalogue"]
    assert any(p.path == "docs/_data/excluded.yaml" for p in SourceRecords.load(src).problems)


CURATION_PAGE = "# Curation\n\n```{curation-table} searches\n```\n\n```{curation-table} excluded\n```\n"


def test_the_curation_tables_are_built_escaped_and_follow_their_files(tmp_path):
    src = mini_site(tmp_path / "src", pages={"curation.md": CURATION_PAGE})
    index = src / "docs/index.md"
    index.write_text(index.read_text().replace("data\n```", "data\ncuration\n```"))
    data = src / "docs/_data"
    (data / "excluded.yaml").write_text("- title: 'Heads <script>alert(1)</script> & Tails'\n  authors: Doe et al.\n"
                                        "  arxiv: '2410.11842'\n  reason: an architecture\n")
    (data / "searches.yaml").write_text(SEARCH)
    out = tmp_path / "html"
    result = sphinx_build(src, out, "-D", "headsurvey_search_index=0")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "curation.html").read_text(), "html.parser")
    searches, excluded = page.select("table.hs-table")
    assert [td.get_text(" ", strip=True) for td in searches.select("tbody td")] == [
        "induction-head", "induction names", '"induction head" attention ; induction circuit transformer', "arxiv, s2",
        "2026-11-30", "12", "2"]
    cells = excluded.select("tbody td")
    assert cells[0].get_text() == "Heads <script>alert(1)</script> & Tails (Doe et al., arXiv:2410.11842)"
    assert page.find("script", string="alert(1)") is None
    assert cells[0].a["href"] == "https://arxiv.org/abs/2410.11842"
    # An edit of the data file alone rebuilds the page; a broken item is reported at its line and left out.
    (data / "excluded.yaml").write_text("- title: Kept\n  reason: r\n- title: Dropped\n  reason: r\n  why: x\n")
    result = sphinx_build(src, out, "-D", "headsurvey_search_index=0", strict=False)
    assert "docs/_data/excluded.yaml:3: WARNING: unknown field 'why' — use: title, authors, venue, arxiv, doi, reason" in result.stderr
    page = BeautifulSoup((out / "curation.html").read_text(), "html.parser")
    assert [td.get_text() for td in page.select("table.hs-table")[1].select("tbody td")] == ["Kept", "r"]
