"""`headsurvey refresh` against a local stand-in of Semantic Scholar's batch endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from headsurvey.cli import main, refresh, services
from headsurvey.sources.database import Database

from .conftest import copy_site
from .localservices import LocalServices, closed_port

#: lin2026retrieval as it stood before its ACL 2026 version was recorded (commit 0b5a8d4's parent).
PREPRINT = """@misc{lin2026retrieval,
  author = {Lin, Yuping and Li, Zitao and Xing, Yue and He, Pengfei and Cui, Yingqian and Li, Yaliang and Ding, Bolin and Zhou, Jingren and Tang, Jiliang},
  title = {Retrieval Heads are Dynamic},
  year = {2026},
  month = jan,
  url = {https://arxiv.org/abs/2602.11162},
  eprint = {2602.11162},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
}
"""
EXPECTED = [
    {"key": "lin2026retrieval", "field": "type", "old": "misc", "new": "inproceedings"},
    {"key": "lin2026retrieval", "field": "booktitle", "old": None, "new": "Annual Meeting of the Association for Computational Linguistics"},
    {"key": "lin2026retrieval", "field": "month", "old": "jan", "new": None},
    {"key": "lin2026retrieval", "field": "pages", "old": None, "new": "15710--15729"},
    {"key": "lin2026retrieval", "field": "url", "old": "https://arxiv.org/abs/2602.11162", "new": "https://aclanthology.org/2026.acl-long.715/"},
]


@pytest.fixture
def preprint_site(tmp_path):
    """A copy of the site where lin2026retrieval is still the arXiv preprint."""
    src = copy_site(tmp_path / "src")
    bib = src / "references.bib"
    text = bib.read_text()
    start = text.index("@inproceedings{lin2026retrieval,")
    bib.write_text(text[:start] + PREPRINT + text[text.index("\n}\n", start) + 3:])
    return src


@pytest.fixture
def local(monkeypatch, tmp_path):
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    with LocalServices() as served:
        monkeypatch.setenv("HEADSURVEY_S2_API", served.s2_api)
        monkeypatch.setattr(refresh, "cli_client", lambda cache_dir, no_cache: services.client(None, sleep=lambda s: None))
        yield served


def test_a_published_version_is_proposed_written_and_checked(preprint_site, local, capsys):
    src = preprint_site
    assert main(["--root", str(src), "refresh", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == EXPECTED
    assert "note: lin2026retrieval: published in ACL 2026" in out.err
    (asked,) = local.asked("/graph/v1/paper/batch")
    ids = json.loads(asked.body)["ids"]
    assert asked.method == "POST" and "ARXIV:2602.11162" in ids and "ARXIV:2604.01094" in ids and len(ids) > 50
    assert asked.query["fields"] == ["venue,year,externalIds,title,publicationVenue,journal,publicationDate"]
    db = Database.load(src / "references.bib")
    assert {k for k, e in db.entries.items() if f"ARXIV:{e.arxiv_id}" in ids} == {e.key for e in refresh.arxiv_only(db)}

    assert main(["--root", str(src), "refresh", "--write"]) == 0
    out = capsys.readouterr()
    assert "| lin2026retrieval | booktitle | — | Annual Meeting of the Association for Computational Linguistics |" in out.out
    assert "| lin2026retrieval | month | jan | (removed) |" in out.out and "wrote 5 change(s) to references.bib" in out.err
    entry = Database.load(src / "references.bib").entries["lin2026retrieval"]
    assert entry.type == "inproceedings" and entry.get("booktitle") == "Annual Meeting of the Association for Computational Linguistics"
    assert (entry.get("eprint"), entry.get("archiveprefix"), entry.get("pages"), entry.get("month")) == ("2602.11162", "arXiv", "15710--15729", None)
    assert main(["--root", str(src), "check"]) == 0
    assert main(["--root", str(src), "fmt-bib", "--check"]) == 0
    capsys.readouterr()
    assert main(["--root", str(src), "refresh", "--format", "json"]) == 0  # nothing left to propose
    assert json.loads(capsys.readouterr().out) == []


def test_a_venue_without_a_short_name_is_named_not_written(preprint_site, local, capsys):
    src = preprint_site
    venues = src / "docs/_data/venues.yaml"
    text = venues.read_text()
    venues.write_text(text.replace("- name: ACL\n  match: [Annual Meeting of the Association for Computational Linguistics]\n", ""))
    before = (src / "references.bib").read_text()
    assert main(["--root", str(src), "refresh", "--write"]) == 0
    out = capsys.readouterr()
    assert ("note: lin2026retrieval: published in 'Annual Meeting of the Association for Computational Linguistics' (2026), "
            "a venue without a short name — add it to docs/_data/venues.yaml") in out.err
    assert out.out == "No change proposed.\n" and (src / "references.bib").read_text() == before


def test_a_retitled_preprint_gets_its_final_title(preprint_site, local, capsys):
    bib = preprint_site / "references.bib"
    bib.write_text(bib.read_text().replace("title = {Temporal Dependencies in In-Context Learning: The Role of Induction Heads}",
                                           "title = {Temporal Dependencies in In-Context Learning}"))
    assert main(["--root", str(preprint_site), "refresh", "--format", "json", "--write"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert {"key": "bajaj2026temporal", "field": "title", "old": "Temporal Dependencies in In-Context Learning",
            "new": "Temporal Dependencies in In-Context Learning: The Role of Induction Heads"} in changes
    entry = Database.load(bib).entries["bajaj2026temporal"]
    assert entry.type == "misc" and entry.get("title") == "Temporal Dependencies in In-Context Learning: The Role of Induction Heads"
    assert main(["--root", str(preprint_site), "check"]) == 0


def test_an_unreachable_service_leaves_the_bib_alone(preprint_site):
    before = (preprint_site / "references.bib").read_text()
    env = {**os.environ, "HEADSURVEY_S2_API": f"http://127.0.0.1:{closed_port()}/graph/v1"}
    result = subprocess.run([sys.executable, "-m", "headsurvey.cli", "--root", str(preprint_site), "refresh", "--write", "--no-cache"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("headsurvey refresh: Semantic Scholar API (http://127.0.0.1:") and result.stderr.count("\n") == 1
    assert (preprint_site / "references.bib").read_text() == before


def test_a_venue_given_by_its_short_name_gets_the_vocabularys_phrase(preprint_site, local, capsys):
    local.batch["ARXIV:2602.11162"] = dict(local.batch["ARXIV:2602.11162"], venue="ACL", publicationVenue=None)
    assert main(["--root", str(preprint_site), "refresh", "--format", "json", "--write"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert {"key": "lin2026retrieval", "field": "booktitle", "old": None,
            "new": "Annual Meeting of the Association for Computational Linguistics"} in changes
    assert main(["--root", str(preprint_site), "check"]) == 0


def test_a_doi_another_entry_has_is_not_written(preprint_site, local, capsys):
    bib = preprint_site / "references.bib"
    other = Database.load(bib).entries["zheng2025attention"].get("doi")  # the survey's DOI (Patterns)
    local.batch["ARXIV:2602.11162"]["externalIds"]["DOI"] = other
    assert main(["--root", str(preprint_site), "refresh", "--write"]) == 0
    err = capsys.readouterr().err
    assert f"note: lin2026retrieval: not written (same DOI '{other.lower()}' as 'zheng2025attention')" in err
    assert "wrote 0 change(s)" in err and Database.load(bib).entries["lin2026retrieval"].type == "misc"
    assert main(["--root", str(preprint_site), "check"]) == 0
