"""The contribution path: scaffold, check, build; templates that match the schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from headsurvey.cli import main
from headsurvey.sources import schema

from .conftest import ROOT, copy_site, headsurvey_cli, mini_site, sphinx_build

SUMMARY = ("The authors look for attention heads that copy a repeated token in a small transformer, "
           "score every head on synthetic sequences, and report that two heads in the second layer "
           "account for most of the copying, measured with ablations on held-out prompts. They then "
           "trace where each of those heads reads its query from and find an earlier head that moves "
           "the identity of the previous token into the position that follows it, which the copying "
           "heads match against. Removing that earlier head lowers copying accuracy from ninety to "
           "thirty per cent, while removing any other head of the first layer changes it by less "
           "than two points on the same prompts.")


def run(*args: str) -> subprocess.CompletedProcess:
    return headsurvey_cli(*args)


def test_new_paper_check_and_build(tmp_path):
    src = mini_site(tmp_path / "src")
    made = run("--root", str(src), "new", "paper", "doe2024copying", "--title", "Copying Heads in {GPT}-2",
               "--authors", "Doe, Jane and Roe, Rick", "--year", "2024", "--date", "2024-02-01",
               "--heads", "test-head", "--models", "GPT-2 small", "--arxiv", "2402.00001", "--primary-class", "cs.LG")
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
    assert "doe2024copying.html" in (tmp_path / "out/heads/test-head.html").read_text()


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
    # Reported at its line; head pages that cite the broken page as a key paper say so too.
    assert any(line.startswith("docs/papers/olsson2022context.md:1: page has no YAML front matter")
               for line in result.stdout.splitlines()[:5]), result.stdout
    page.write_bytes(text)
    bib = src / "references.bib"
    bib.write_bytes(bib.read_bytes() + b"\n% r\xe9sum\xe9\n")
    last = bib.read_bytes().count(b"\n")
    result = run("--root", str(src), "check")
    assert result.stdout.startswith(f"references.bib:{last}: not valid UTF-8 (byte 0xe9)")
    assert result.stdout.count("\n") == 1 and result.stderr.startswith("1 problem(s) in ")


def test_issue_form_fields_map_onto_front_matter():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text())
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert set(ids) - {"key", "source", "bibtex", "summary"} == set(schema.PAPER_FIELDS) - {"added"}
    assert len(ids) == len(set(ids))


def test_pre_commit_hooks_run_the_project_commands():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = {hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    assert entries == {"headsurvey check", "headsurvey fmt-bib"}
    for entry in entries:  # as the hooks run them: the command, in a process of its own
        command = [sys.executable, "-m", "headsurvey.cli", "--root", str(ROOT), *entry.split()[1:]]
        assert subprocess.run(command, capture_output=True, text=True).returncode == 0


def test_guide_renders_the_generated_field_reference(site):
    page = site.page("contributing.html")
    fields = {code.get_text() for code in page.select("table.hs-fields code")}
    assert set(schema.PAPER_FIELDS) | set(schema.HEAD_FIELDS) | set(schema.INSTANCE_FIELDS) <= fields


NEW_PAPER = ("new", "paper", "doe2024copying", "--title", "Copying Heads", "--authors", "Doe, Jane and Roe, Rick",
             "--year", "2024", "--date", "2024-02-01", "--heads", "induction-head", "--models", "GPT-2 small",
             "--methods", "path-patching", "--arxiv", "2402.00001", "--code", "https://example.org/code")


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--date", "March 2024", "--date: 'date' gives only a month (March 2024) — write the first of the month and say so: date: 2024-03-01  # month only"),
    ("--date", "2023-02-30", "--date: 'date' 2023-02-30 does not exist: February 2023 has 28 days — write a day that exists, e.g. date: 2023-02-28"),
    ("--date", "2999-01-01", "--date: 'date' 2999-01-01 is in the future"),
    ("--heads", "induction-heads", "--heads: unknown head 'induction-heads' — did you mean 'induction-head'?"),
    ("--models", "", "--models: no models listed — list the models the paper studies, or say why there are none in 'models_note'"),
    ("--heads", "Induction Head", "--heads: 'Induction Head' is not a head slug"),
    ("--models", "GPT-5 huge", "--models: unknown model 'GPT-5 huge' — add it to docs/_data/models.yaml"),
    ("--methods", "path-patchin", "--methods: unknown method 'path-patchin' — did you mean 'path-patching'?"),
    ("--code", "http://example.org/code", "--code: code link 'http://example.org/code' is not an https URL"),
    ("--authors", "Doe, Jane and others", "doe2024copying: author list ends in 'and others' — list every author"),
    ("--arxiv", "2211.00593", "same arXiv id as 'wang2023interpretability' (references.bib:"),
])
def test_the_scaffold_refuses_invalid_values_with_the_checkers_messages_and_writes_nothing(tmp_path, option, value, expected):
    src = copy_site(tmp_path / "src")
    bib = (src / "references.bib").read_bytes()
    args = list(NEW_PAPER)
    args[args.index(option) + 1] = value
    result = run("--root", str(src), *args)
    assert result.returncode == 1 and "nothing written" in result.stderr and expected in result.stderr, result.stderr
    assert (src / "references.bib").read_bytes() == bib and not (src / "docs/papers/doe2024copying.md").exists()


def test_a_head_name_with_a_colon_stays_valid_yaml(tmp_path):
    src = copy_site(tmp_path / "src")
    made = run("--root", str(src), "new", "head", "revisited-head", "--name", "Induction: revisited #2",
               "--aliases", "Re-induction: v2", "--stage", "ICI", "--category", "Overall Structure")
    assert made.returncode == 0, made.stderr
    front = yaml.safe_load((src / "docs/heads/revisited-head.md").read_text().split("---")[1])
    assert front["name"] == "Induction: revisited #2" and front["aliases"] == ["Re-induction: v2"]
    result = run("--root", str(src), "check")
    assert result.stdout.splitlines() == [("docs/heads/revisited-head.md:9: page text has 0 words — write at least 30 words "
                                          "of prose in your own words (a summary for a paper, the sections for a head)")]
    bad = run("--root", str(src), "new", "head", "echo-head", "--name", "Echo", "--stage", "ICX", "--category", "Overall Structure",
              "--related", "induction-heads")
    assert bad.returncode == 1 and not (src / "docs/heads/echo-head.md").exists()
    assert bad.stderr.splitlines()[1:] == ["--stage: unknown stage 'ICX' — use KR, ICI, LR or EP",
                                           "--related: related head 'induction-heads' has no page — did you mean 'induction-head'?"]


def test_check_annotates_pull_requests_for_github(tmp_path, capsys):
    from headsurvey.cli import github_annotation
    from headsurvey.sources.problems import Problem

    odd = Problem("docs/papers/a,b:c.md", 7, "100% wrong\r\nhere", "fix: this, then that")
    assert github_annotation(odd) == ("::error file=docs/papers/a%2Cb%3Ac.md,line=7,title=headsurvey check%3A 100%25 wrong%0D%0Ahere"
                                      "::100%25 wrong%0D%0Ahere — fix: this, then that")
    src = copy_site(tmp_path / "src")
    page = src / "docs/papers/olsson2022context.md"
    page.write_text(page.read_text().replace("date: 2022-09-24", "date: 2022-02-30", 1))
    assert main(["--root", str(src), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [("::error file=docs/papers/olsson2022context.md,line=2,title=headsurvey check%3A 'date' 2022-02-30 does not exist%3A "
                   "February 2022 has 28 days::'date' 2022-02-30 does not exist: February 2022 has 28 days — write a day that exists, "
                   "e.g. date: 2022-02-28")]


def test_every_pull_request_runs_the_readme_commands():
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    job = workflow["jobs"]["check"]
    assert job["runs-on"].startswith("ubuntu")
    steps = job["steps"]
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in steps)
    commands = [s["run"] for s in steps if "run" in s]
    assert commands == ['make check CHECKFLAGS="--format github"', "make html"]
    readme = (ROOT / "README.md").read_text()
    assert "make html" in readme and "make check" in readme
    assert "$(BIN)/headsurvey check $(CHECKFLAGS)" in (ROOT / "Makefile").read_text()


def test_the_guide_and_the_checker_agree_on_the_summary_length():
    guide = (ROOT / "docs/contributing.md").read_text()
    assert f"at least {schema.MIN_SUMMARY_WORDS} words" in guide and "100 to 200" not in guide
    from headsurvey.cli.scaffold import SUMMARY_HINT
    assert f"at least {schema.MIN_SUMMARY_WORDS} words" in " ".join(SUMMARY_HINT)
    form = (ROOT / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text()
    assert f"at least {schema.MIN_SUMMARY_WORDS} words" in form
