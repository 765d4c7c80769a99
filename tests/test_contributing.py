"""The contribution path: scaffold, check, build; templates that match the schema."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from bs4 import BeautifulSoup

from headsurvey.cli import main
from headsurvey.sources import schema

from .conftest import ROOT, copy_site, sphinx_build

SUMMARY = ("The authors look for attention heads that copy a repeated token in a small transformer, "
           "score every head on synthetic sequences, and report that two heads in the second layer "
           "account for most of the copying, measured with ablations on held-out prompts.")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "headsurvey.cli", *args], capture_output=True, text=True)


def test_new_paper_check_and_build(tmp_path):
    src = copy_site(tmp_path / "src")
    made = run("--root", str(src), "new", "paper", "doe2024copying", "--title", "Copying Heads in {GPT}-2",
               "--authors", "Doe, Jane and Roe, Rick", "--year", "2024", "--date", "2024-02-01",
               "--heads", "induction-head", "--models", "GPT-2 small", "--arxiv", "2402.00001", "--primary-class", "cs.LG")
    assert made.returncode == 0, made.stderr
    page = src / "docs/papers/doe2024copying.md"
    checked = run("--root", str(src), "check")
    assert checked.returncode == 1
    assert checked.stdout.startswith("docs/papers/doe2024copying.md:9: page text has 0 words")
    page.write_text(page.read_text() + "\n" + SUMMARY + "\n")
    assert run("--root", str(src), "check").returncode == 0
    assert run("--root", str(src), "fmt-bib", "--check").returncode == 0
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/papers/doe2024copying.html").read_text()
    authors = BeautifulSoup(html, "html.parser").select_one(".hs-authors")
    assert "Copying Heads in GPT-2" in html and authors.get_text() == "Jane Doe, Rick Roe"
    assert [a["href"] for a in authors.find_all("a")] == ["../authors/jane-doe.html", "../authors/rick-roe.html"]
    assert "doe2024copying.html" in (tmp_path / "out/heads/induction-head.html").read_text()


def test_new_refuses_existing_and_bad_names(tmp_path):
    src = copy_site(tmp_path / "src")
    again = run("--root", str(src), "new", "paper", "olsson2022context", "--title", "x", "--authors", "A, B",
                "--year", "2022", "--date", "2022-01-01", "--heads", "induction-head")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run("--root", str(src), "new", "head", "Bad Slug", "--name", "Bad", "--stage", "ICI", "--category", "Overall Structure")
    assert bad.returncode == 1 and "is not a slug" in bad.stderr


def test_new_head_page_is_checked(tmp_path):
    src = copy_site(tmp_path / "src")
    assert run("--root", str(src), "new", "head", "echo-head", "--name", "Echo Head", "--stage", "ICI",
               "--category", "Overall Structure", "--related", "duplicate-token-head").returncode == 0
    result = run("--root", str(src), "check")
    assert "docs/heads/echo-head.md:9: page text has 0 words" in result.stdout


def test_check_json_for_bots(tmp_path, capsys):
    assert main(["--root", str(ROOT), "check", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [] and report["papers"] >= 110
    src = copy_site(tmp_path / "src")
    (src / "docs/papers/olsson2022context.md").write_text("---\ndate: soon\n---\n")
    assert main(["--root", str(src), "check", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {"file": "docs/papers/olsson2022context.md", "line": 2, "message": "'date' is not a date",
            "fix": "write date: YYYY-MM-DD"} in problems


def test_checker_reads_files_as_sphinx_does(tmp_path):
    """A byte-order mark is accepted; bytes that are not UTF-8 are reported with their line; a
    broken page is reported once, not also as an entry without a page."""
    src = copy_site(tmp_path / "src")
    page = src / "docs/papers/olsson2022context.md"
    text = page.read_bytes()
    page.write_bytes(b"\xef\xbb\xbf" + text)
    assert run("--root", str(src), "check").returncode == 0
    page.write_bytes(text + b"\nCaf\xe9 latin-1.\n")
    lines = text.count(b"\n") + 2
    assert run("--root", str(src), "check").stdout.splitlines()[0] == (
        f"docs/papers/olsson2022context.md:{lines}: not valid UTF-8 (byte 0xe9) — save the file with UTF-8 encoding")
    page.write_bytes(text.replace(b"---\n", b"", 1))
    result = run("--root", str(src), "check")
    assert result.returncode == 1 and "has no page" not in result.stdout
    assert result.stdout.startswith("docs/papers/olsson2022context.md:1: page has no YAML front matter")
    page.write_bytes(text)
    bib = src / "references.bib"
    bib.write_bytes(bib.read_bytes() + b"\n% r\xe9sum\xe9\n")
    last = bib.read_bytes().count(b"\n")
    result = run("--root", str(src), "check")
    assert result.stdout.startswith(f"references.bib:{last}: not valid UTF-8 (byte 0xe9)")
    assert result.stdout.count("\n") == 1 and result.stderr.startswith("1 problem(s) in ")


def test_issue_form_fields_map_onto_front_matter():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text())
    ids = [item["id"] for item in form["body"]]
    assert set(ids) - {"key", "bibtex", "summary"} == set(schema.PAPER_FIELDS) - {"added"}
    assert len(ids) == len(set(ids))


def test_pre_commit_hooks_run_the_project_commands():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = {hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    assert entries == {"headsurvey check", "headsurvey fmt-bib"}
    for entry in entries:
        assert run("--root", str(ROOT), *entry.split()[1:]).returncode == 0


def test_guide_renders_the_generated_field_reference(site):
    page = site.page("contributing.html")
    fields = {code.get_text() for code in page.select("table.hs-fields code")}
    assert set(schema.PAPER_FIELDS) | set(schema.HEAD_FIELDS) | set(schema.INSTANCE_FIELDS) <= fields
