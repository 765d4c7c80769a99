"""`headsurvey add` from recorded arXiv and Crossref answers and from a pasted entry; never the network."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from headsurvey.cli import main, remote
from headsurvey.sources.database import Database

from .conftest import PROSE, ROOT, copy_site, mini_site, sphinx_build

REAL_FETCH = remote.http_fetch
FIXTURES = Path(__file__).parent / "fixtures" / "add"
RECORDED = {
    "https://export.arxiv.org/api/query?id_list=2211.00593&max_results=1": "arxiv-2211.00593.xml",
    "https://export.arxiv.org/api/query?id_list=2999.99999&max_results=1": "arxiv-missing.xml",
    "https://api.crossref.org/works/10.1016/j.patter.2025.101176": "crossref-10.1016-j.patter.2025.101176.json",
}


class Recorded:
    """A fetch function answering from the recorded files; it remembers what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, dict]] = []

    def __call__(self, url: str, headers) -> str:
        self.asked.append((url, dict(headers)))
        if url not in RECORDED:
            raise remote.NotFound(url)
        return (FIXTURES / RECORDED[url]).read_text(encoding="utf-8")


def offline(monkeypatch) -> Recorded:
    """Any real request fails the test; `headsurvey add` gets the recorded answers instead."""
    def refuse(*args, **kwargs):
        raise AssertionError("a test reached for the network")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    recorded = Recorded()
    monkeypatch.setattr(remote, "http_fetch", recorded)
    return recorded


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    return offline(monkeypatch)


def headsurvey(root: Path, *args: str, stdin: str = "", capsys=None, monkeypatch=None) -> tuple[int, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def summarise(page: Path) -> None:
    page.write_text(page.read_text(encoding="utf-8") + "\n" + PROSE + "\n", encoding="utf-8")


def real_entry(key: str) -> dict[str, str]:
    return {name: value.text for name, value in Database.load(ROOT / "references.bib").entries[key].fields.items()}


def test_add_from_the_recorded_arxiv_answer_gives_a_page_that_passes_check(tmp_path, capsys, no_network):
    src = mini_site(tmp_path / "src")
    code, out = headsurvey(src, "add", "arXiv:2211.00593v1", "--heads", "test-head", "--models", "GPT-2 small",
                           "--methods", "path-patching", capsys=capsys)
    assert code == 0, out
    assert no_network.asked == [("https://export.arxiv.org/api/query?id_list=2211.00593&max_results=1", {"Accept": "application/atom+xml"})]
    assert "wrote docs/papers/wang2022interpretability.md" in out and "date 2022-11-01" in out
    entry = Database.load(src / "references.bib").entries["wang2022interpretability"]
    assert entry.type == "misc" and entry.get("eprint") == "2211.00593" and entry.get("archiveprefix") == "arXiv"
    assert entry.get("primaryclass") == "cs.LG" and entry.get("month") == "nov" and entry.get("year") == "2022"
    assert entry.get("author") == "Wang, Kevin and Variengien, Alexandre and Conmy, Arthur and Shlegeris, Buck and Steinhardt, Jacob"
    assert entry.get("title") == "Interpretability in the Wild: a Circuit for Indirect Object Identification in {GPT}-2 small"
    page = src / "docs/papers/wang2022interpretability.md"
    assert page.read_text().startswith("---\ndate: 2022-11-01\n")
    assert headsurvey(src, "check", capsys=capsys)[0] == 1  # the summary is still to write
    summarise(page)
    assert headsurvey(src, "check", capsys=capsys) == (0, "0 problem(s) in 3 papers, 1 heads\n")
    assert headsurvey(src, "fmt-bib", "--check", capsys=capsys)[0] == 0


def test_add_from_the_recorded_crossref_answer_matches_the_real_entry(tmp_path, capsys):
    src = mini_site(tmp_path / "src")
    code, out = headsurvey(src, "add", "https://doi.org/10.1016/j.patter.2025.101176", "--heads", "test-head", "--models-note", "a survey: no experiments of its own", capsys=capsys)
    assert code == 0, out
    made = Database.load(src / "references.bib").entries["zheng2025attention"]
    real = real_entry("zheng2025attention")
    assert made.type == "article"
    assert {name: value.text for name, value in made.fields.items()} == {
        name: real[name] for name in ("author", "title", "journal", "volume", "number", "pages", "year", "month", "doi")}
    page = src / "docs/papers/zheng2025attention.md"
    assert "date: 2025-02-01  # month only\n" in page.read_text()  # Crossref gives only the month
    assert "(month only) from the record" in out
    summarise(page)
    assert headsurvey(src, "check", capsys=capsys)[0] == 0


def test_add_from_a_pasted_entry_offline(tmp_path, capsys, monkeypatch, no_network):
    src = mini_site(tmp_path / "src")
    pasted = (FIXTURES / "pasted-gould2024successor.bib").read_text()
    code, out = headsurvey(src, "add", "-", "--date", "2023-12-14", "--heads", "test-head", "--models", "GPT-2 small", stdin=pasted,
                           capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, out
    assert no_network.asked == [] and "left out abstract, keywords" in out
    made = Database.load(src / "references.bib").entries["gould2024successor"]  # the key follows the site's rule
    assert {name: value.text for name, value in made.fields.items()} == real_entry("gould2024successor")
    summarise(src / "docs/papers/gould2024successor.md")
    assert headsurvey(src, "check", capsys=capsys)[0] == 0
    code, out = headsurvey(src, "add", "-", "--heads", "test-head", "--models", "GPT-2 small", stdin=pasted.replace("Gould2023", "Other"),
                           capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and "references.bib already has 'gould2024successor'" in out


@pytest.mark.parametrize(("source", "expected"), [
    ("2999.99999", "arXiv has no paper 2999.99999 — check the identifier"),
    ("10.9999/nothing.here", "neither Crossref nor DataCite knows the DOI 10.9999/nothing.here"),
    ("the IOI paper", "is not an arXiv id (2211.00593), a DOI"),
])
def test_add_refuses_what_it_cannot_find(tmp_path, capsys, source, expected):
    src = mini_site(tmp_path / "src")
    before = (src / "references.bib").read_text()
    code, out = headsurvey(src, "add", source, "--heads", "test-head", "--models", "GPT-2 small", capsys=capsys)
    assert code == 1 and expected in out
    assert (src / "references.bib").read_text() == before and len(list((src / "docs/papers").glob("*.md"))) == 2


def test_offline_add_says_so_and_names_the_paste_path(tmp_path, capsys, monkeypatch):
    src = mini_site(tmp_path / "src")
    seen = {}

    def offline(request, timeout):
        seen["timeout"] = timeout
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    monkeypatch.setattr(remote, "http_fetch", REAL_FETCH)
    code, out = headsurvey(src, "add", "2211.00593", "--heads", "test-head", "--models", "GPT-2 small", capsys=capsys)
    assert code == 1 and seen["timeout"] == remote.TIMEOUT
    assert "could not reach export.arxiv.org" in out and "headsurvey add - --heads ... < entry.bib" in out


def test_a_doi_unknown_to_crossref_is_asked_of_datacite():
    asked = []
    csl = {"type": "article", "title": "A Dataset of Head Scores", "author": [{"family": "Doe", "given": "Jane"}],
           "publisher": "Zenodo", "issued": {"date-parts": [[2024, 5, 3]]}, "DOI": "10.5281/zenodo.1"}

    def fetch(url, headers):
        asked.append((url, headers["Accept"]))
        if "crossref" in url:
            raise remote.NotFound(url)
        return json.dumps(csl)
    record = remote.doi("10.5281/zenodo.1", fetch)
    assert asked[1] == ("https://doi.org/10.5281/zenodo.1", "application/vnd.citationstyles.csl+json")
    assert record.type == "misc"
    assert record.fields["author"] == "Doe, Jane" and record.fields["publisher"] == "Zenodo"
    assert record.date.isoformat() == "2024-05-03" and not record.month_only and record.where.startswith("DataCite")


def test_adding_a_paper_already_listed_is_refused_and_writes_nothing(tmp_path, capsys):
    src = copy_site(tmp_path / "src")
    before = (src / "references.bib").read_bytes()
    code, out = headsurvey(src, "add", "2211.00593", "--heads", "name-mover-head", "--models", "GPT-2 small", capsys=capsys)
    assert code == 1
    assert "same arXiv id as 'wang2023interpretability' (references.bib:" in out and "edit that page instead" in out
    assert (src / "references.bib").read_bytes() == before
    assert not (src / "docs/papers/wang2022interpretability.md").exists()


def test_the_no_entry_and_no_page_fixes_name_commands_that_work(tmp_path, capsys):
    src = copy_site(tmp_path / "src")
    bib = src / "references.bib"
    entry = Database.load(bib).entries["wang2023interpretability"].raw
    bib.write_text(bib.read_text().replace(entry, ""))
    code, out = headsurvey(src, "check", capsys=capsys)
    assert code == 1
    assert ("docs/papers/wang2023interpretability.md:1: no entry 'wang2023interpretability' in references.bib — add its entry: "
            "headsurvey add <arXiv id or DOI> --key wang2023interpretability") in out
    code, out = headsurvey(src, "add", "2211.00593", "--key", "wang2023interpretability", capsys=capsys)
    assert code == 0 and "exists: wrote only its entry" in out, out
    assert headsurvey(src, "check", capsys=capsys)[0] == 0
    page = src / "docs/papers/wang2023interpretability.md"
    heads = ", ".join(next(line for line in page.read_text().splitlines() if line.startswith("heads:"))[6:].strip(" []").split(", "))
    page.unlink()
    code, out = headsurvey(src, "check", capsys=capsys)
    assert "entry 'wang2023interpretability' has no page — write its page: headsurvey add --key wang2023interpretability --date" in out
    code, out = headsurvey(src, "add", "--key", "wang2023interpretability", "--date", "2022-11-01",
                           "--heads", heads, "--models", "GPT-2 small", capsys=capsys)  # head pages name it a key paper
    assert code == 0, out
    summarise(src / "docs/papers/wang2023interpretability.md")
    assert headsurvey(src, "check", capsys=capsys)[0] == 0


def test_from_an_arxiv_id_to_a_built_page(tmp_path, capsys):
    """The whole path a contributor takes: add, write the summary, check, strict build."""
    src = mini_site(tmp_path / "src")
    assert headsurvey(src, "add", "2211.00593", "--heads", "test-head", "--models", "GPT-2 small", capsys=capsys)[0] == 0
    summarise(src / "docs/papers/wang2022interpretability.md")
    assert headsurvey(src, "check", capsys=capsys)[0] == 0
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/papers/wang2022interpretability.html").read_text()
    authors = BeautifulSoup(html, "html.parser").select_one(".hs-authors").get_text()
    assert "Interpretability in the Wild" in html and authors.startswith("Kevin Wang, Alexandre Variengien")
    assert 'href="https://arxiv.org/abs/2211.00593"' in html
    assert "wang2022interpretability.html" in (tmp_path / "out/heads/test-head.html").read_text()


def test_the_strict_build_refuses_the_same_paper_twice_with_both_lines(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("A Study of Test Heads 2", "A study of test heads: 1", 1)
                   .replace("Roe, Richard},\n  title = {A Study of Test Heads 1", "Roe, Richard and others},\n  title = {A Study of Test Heads 1", 1))
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert ("references.bib:10: WARNING: b2024y: same title 'a study of test heads 1' as 'a2024x' (references.bib:1, "
            "docs/papers/a2024x.md) — list the paper once") in result.stderr, result.stderr
    assert "references.bib:2: WARNING: a2024x: author list ends in 'and others' — list every author" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_key_rule_gives_the_keys_references_bib_already_uses():
    """lastname + year + first significant title word: most real keys follow it (the rest predate it)."""
    from headsurvey.cli.add import make_key

    entries = Database.load(ROOT / "references.bib").entries
    same = [key for key, entry in entries.items() if make_key(entry) == key]
    assert len(same) >= 0.9 * len(entries), sorted(set(entries) - set(same))


@pytest.mark.parametrize(("given", "expected"), [
    ("2211.00593", ("arxiv", "2211.00593")),
    ("arXiv:2211.00593v3", ("arxiv", "2211.00593")),
    ("https://arxiv.org/abs/2211.00593v1", ("arxiv", "2211.00593")),
    ("https://arxiv.org/pdf/2211.00593.pdf", ("arxiv", "2211.00593")),
    ("10.48550/arXiv.2211.00593", ("arxiv", "2211.00593")),
    ("https://doi.org/10.1016/j.patter.2025.101176", ("doi", "10.1016/j.patter.2025.101176")),
    ("doi:10.18653/v1/2023.acl-long.1", ("doi", "10.18653/v1/2023.acl-long.1")),
    ("-", ("bibtex", "-")),
])
def test_identifiers_are_recognised_in_the_forms_people_copy(given, expected):
    from headsurvey.cli.add import identify

    assert identify(given) == expected
