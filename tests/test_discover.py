"""`headsurvey discover` against local stand-ins of arXiv's API and Semantic Scholar's Graph API."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
from email.utils import format_datetime

import pytest
import yaml

from headsurvey.cli import discover, main, polite, remote, services, triage
from headsurvey.sources.database import Database

from .conftest import ROOT, check_jsonschema, copy_site
from .localservices import LocalServices, closed_port

NEW, CATALOGUED, JUDGED_OUT, OFF_TOPIC = "2505.16415", ("2504.03022", "2604.01094"), "2410.11842", "2506.19977"


class FakeTime:
    """Sleep, monotonic clock and wall clock of a test: sleeping only moves the clock."""

    def __init__(self) -> None:
        self.t = 1_800_000_000.0
        self.slept: list[float] = []
        self.sent: list[tuple[float, str]] = []  # (time, url) of every request sent

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds

    def clock(self) -> float:
        return self.t

    def transport(self, url: str, headers, data=None, timeout: float = 30) -> str:
        self.sent.append((self.t, url))
        return remote.http_request(url, headers, data, timeout)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The site as it is, except that the fixtures' new and off-topic papers are neither catalogued
    nor judged out (they may be one day: the tests stand for a paper the catalogue does not know)."""
    src = copy_site(tmp_path_factory.mktemp("site"))
    db = Database.load(src / "references.bib")
    for key in [k for k, e in db.entries.items() if e.arxiv_id in (NEW, OFF_TOPIC)]:
        (src / f"docs/papers/{key}.md").unlink(missing_ok=True)
        del db.entries[key]
    (src / "references.bib").write_text("\n".join(e.raw + "\n" for e in db.entries.values()))
    data = src / "docs/_data/excluded.yaml"
    items = [i for i in yaml.safe_load(data.read_text()) if i.get("arxiv") not in (NEW, OFF_TOPIC)]
    data.write_text(yaml.safe_dump(items, sort_keys=False, allow_unicode=True))
    return src


@pytest.fixture
def local(monkeypatch, tmp_path):
    """The local services, the environment pointing at them, and a fake clock for the client."""
    fake = FakeTime()
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    with LocalServices() as served:
        monkeypatch.setenv("HEADSURVEY_ARXIV_API", served.arxiv_api)
        monkeypatch.setenv("HEADSURVEY_S2_API", served.s2_api)

        def client(cache_dir, no_cache):
            return services.client(None if no_cache else tmp_path / "cache", sleep=fake.sleep, clock=fake.clock,
                                   now=fake.clock, transport=fake.transport)
        monkeypatch.setattr(discover, "cli_client", client)
        served.fake = fake
        yield served


def run(capsys, root, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "discover", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_only_the_new_in_scope_paper_is_offered_with_its_head(local, capsys, catalogue, root):
    code, out, err = run(capsys, root, "--format", "json", "--no-cache")
    assert code == 0, err
    found = json.loads(out)
    assert [c["arxiv"] for c in found] == [NEW]
    (new,) = found
    assert new["heads"][0] == "attribution-head" and new["sources"] == ["arxiv", "s2"]
    assert new["date"] == "2025-05-22" and new["score"] == 3 and new["authors"][0] == "Ruizhe Li"
    assert set(new) >= {"arxiv", "title", "date", "heads", "score", "sources"}
    # Left out for the reason each stands for: the off-topic paper scores nothing, the others are known.
    vocab = triage.Vocabulary.from_heads(catalogue.heads)
    feed = {e.arxiv: e for e in remote.parse_feed(local.feed).entries}
    assert vocab.score(feed[OFF_TOPIC].title, feed[OFF_TOPIC].summary) == (0, [])
    assert vocab.score(feed[JUDGED_OUT].title, feed[JUDGED_OUT].summary)[0] > 0
    assert vocab.score(feed["2504.03022"].title, feed["2504.03022"].summary)[1][:2] == ["concept-induction-head", "induction-head"]


def test_a_paper_is_left_out_only_while_the_catalogue_knows_it(local, capsys, tmp_path, root):
    src = shutil.copytree(root, tmp_path / "src")
    data = src / "docs/_data/excluded.yaml"
    items = [i for i in yaml.safe_load(data.read_text()) if i.get("arxiv") != JUDGED_OUT]
    data.write_text(yaml.safe_dump(items, sort_keys=False, allow_unicode=True))
    bib = src / "references.bib"
    text = bib.read_text()
    start = text.index("@inproceedings{feucht2025dual,")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3:])
    (src / "docs/papers/feucht2025dual.md").unlink()
    code, out, err = run(capsys, src, "--format", "json")
    assert code == 0, err
    offered = {c["arxiv"]: c for c in json.loads(out)}
    assert set(offered) == {NEW, JUDGED_OUT, "2504.03022"}
    assert offered["2504.03022"]["heads"][:2] == ["concept-induction-head", "induction-head"]
    assert offered["2504.03022"]["score"] > offered[NEW]["score"]


def test_the_markdown_table_names_what_was_left_out(local, capsys, root):
    code, out, _ = run(capsys, root)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("1 candidate(s) from `headsurvey discover` on ")
    assert lines[0].endswith("left out: 2 catalogued, 1 judged out, 1 not about heads.")
    assert lines[2:4] == ["| score | paper | date | suggested heads | sources |", "| ---: | --- | --- | --- | --- |"]
    assert lines[4] == ("| 3 | [Attributing Response to Context: A Jensen-Shannon Divergence Driven Mechanistic Study of Context "
                        "Attribution in Retrieval-Augmented Generation](https://arxiv.org/abs/2505.16415) — Ruizhe Li et al. "
                        "| 2025-05-22 | `attribution-head`, `context-head` | arxiv, s2 |")


def test_untrusted_titles_cannot_break_the_table_or_mention_anyone():
    assert discover.md("A | B <img src=x> @octocat [x](javascript:y) *bold*") == (
        r"A \| B &lt;img src=x&gt; &#64;octocat \[x\]\(javascript:y\) \*bold\*")


def test_requests_are_spaced_identified_and_paged(local, capsys, monkeypatch, root):
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", "test-key")
    options = discover.Options
    monkeypatch.setattr(discover, "Options", lambda *a: options(*a, page_size=2))
    code, out, _ = run(capsys, root, "--format", "json", "--no-cache")
    assert code == 0 and [c["arxiv"] for c in json.loads(out)] == [NEW]
    arxiv = [t for t, url in local.fake.sent if "/api/query" in url]
    s2 = [t for t, url in local.fake.sent if "/graph/v1" in url]
    assert all(b - a >= 3 for a, b in itertools.pairwise(arxiv)) and all(b - a >= 1 for a, b in itertools.pairwise(s2))
    first = local.asked("/api/query")[:3]
    assert [r.query["start"] for r in first] == [["0"], ["2"], ["4"]] and first[0].query["max_results"] == ["2"]
    assert first[0].query["sortBy"] == ["submittedDate"] and first[0].query["search_query"][0].startswith('all:"')
    assert [r.query["offset"] for r in local.asked("/graph/v1")] == [["0"], ["2"]]
    assert all(r.headers["user-agent"].startswith("headsurvey/") for r in local.requests)
    assert all(r.headers.get("x-api-key") == "test-key" for r in local.asked("/graph/v1"))
    assert not any("x-api-key" in r.headers for r in local.asked("/api/query"))


def test_a_429_then_success_is_retried_after_the_time_asked(local, capsys, root):
    local.fail("/api/query", 429, {"Retry-After": "7"})
    local.fail("/graph/v1/paper", 503)
    local.fail("/graph/v1/paper", 429, {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})  # a date already past
    code, out, err = run(capsys, root, "--format", "json", "--no-cache")
    assert code == 0, err
    assert [c["arxiv"] for c in json.loads(out)] == [NEW]
    assert 7 in local.fake.slept and 2.0 in local.fake.slept and 0.0 in local.fake.slept
    assert len(local.asked("/graph/v1")) == 3 and local.failures == {"/api/query": [], "/graph/v1/paper": []}


def test_a_service_that_keeps_failing_is_one_line_and_the_other_is_still_printed(local, capsys, root):
    for _ in range(4):
        local.fail("/graph/v1/paper", 503)
    code, out, err = run(capsys, root, "--no-cache")
    assert code == 1
    assert err.splitlines() == [f"headsurvey discover: Semantic Scholar API ({local.s2_api}): 127.0.0.1:{local.port} answered "
                                "HTTP 503 (gave up after 4 tries)", "note: the results below come from the other source only"]
    assert "> **Note:** Semantic Scholar API" in out and "| arxiv |" in out
    assert local.fake.slept[-3:] == [2.0, 4.0, 8.0]


def test_an_unreachable_service_gives_one_line_and_a_non_zero_exit(tmp_path, root):
    with LocalServices() as served:
        env = {**os.environ, "HEADSURVEY_ARXIV_API": f"http://127.0.0.1:{closed_port()}/api/query",
               "HEADSURVEY_S2_API": served.s2_api}
        result = subprocess.run([sys.executable, "-m", "headsurvey.cli", "--root", str(root), "discover",
                                 "--cache-dir", str(tmp_path / "cache")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first, note = result.stderr.splitlines()
    assert first.startswith("headsurvey discover: arXiv API (http://127.0.0.1:") and "could not reach 127.0.0.1:" in first
    assert note == "note: the results below come from the other source only"
    assert "> **Note:** arXiv API" in result.stdout and f"(https://arxiv.org/abs/{NEW})" in result.stdout and "| s2 |" in result.stdout


@pytest.mark.parametrize("prefix, body, expected", [
    ("/api/query", "<html>busy</html>", "arXiv API ({arxiv}): the answer is not an Atom feed"),
    ("/graph/v1", "{not json", "Semantic Scholar API ({s2}): the answer is not JSON"),
])
def test_an_answer_that_cannot_be_read_is_one_line(local, capsys, monkeypatch, prefix, body, expected, root):
    real = local.fake.transport
    monkeypatch.setattr(local.fake, "transport", lambda url, h, d=None, t=30: body if prefix in url else real(url, h, d, t))
    code, _, err = run(capsys, root, "--no-cache")
    assert code == 1 and err.splitlines()[0] == "headsurvey discover: " + expected.format(arxiv=local.arxiv_api, s2=local.s2_api)


def test_a_service_that_answers_too_late_is_asked_again(local, capsys, root, monkeypatch):
    local.fail("/graph/v1/paper", -1, {"delay": "1.5"})
    fake = local.fake
    monkeypatch.setattr(discover, "cli_client", lambda cache_dir, no_cache: services.client(
        None, sleep=fake.sleep, clock=fake.clock, now=fake.clock, transport=fake.transport, timeout=0.5))
    code, out, err = run(capsys, root, "--sources", "s2", "--format", "json", "--no-cache")
    assert code == 0, err
    assert [c["arxiv"] for c in json.loads(out)] == [NEW] and fake.slept == [2.0] and len(local.requests) == 2


def test_an_answer_that_is_not_http_is_one_line(local, capsys, root):
    local.fail("/graph/v1/paper", 0)
    code, out, err = run(capsys, root, "--sources", "s2", "--no-cache")
    assert code == 1 and err.startswith(f"headsurvey discover: Semantic Scholar API ({local.s2_api}): could not reach 127.0.0.1:")
    assert len(err.splitlines()) == 1 and "No new candidate." in out


def test_answers_are_cached_for_a_day(local, capsys, root):
    run(capsys, root)
    sent = len(local.requests)
    run(capsys, root)
    assert len(local.requests) == sent  # the second run asked nobody
    local.fake.t += 24 * 3600 + 1
    run(capsys, root)
    assert len(local.requests) == 2 * sent


def test_since_limits_the_query_and_the_results(local, capsys, root):
    code, out, _ = run(capsys, root, "--since", "2026-01-01", "--format", "json", "--no-cache")
    assert code == 0 and json.loads(out) == []
    query = local.asked("/api/query")[0].query["search_query"][0]
    assert query.endswith(") AND submittedDate:[202601010000 TO " + query[-13:]) and query[-13:-5].isdigit()


def test_query_families_of_searches_yaml_are_run_on_arxiv(local, capsys, tmp_path, root):
    src = shutil.copytree(root, tmp_path / "src")
    (src / "docs/_data/searches.yaml").write_text(
        "- axis: attribution-head\n  family: context attribution\n  queries: ['\"attention heads\" \"context attribution\"', 'ti:RAG AND abs:heads']\n"
        "  sources: [arXiv API]\n  run: 2026-12-01\n  candidates: 5\n  added: 0\n")
    run(capsys, src, "--sources", "arxiv")
    queries = [r.query["search_query"][0] for r in local.asked("/api/query")]
    assert queries[-2:] == ['all:"attention heads" AND all:"context attribution"', "ti:RAG AND abs:heads"]
    assert local.asked("/graph/v1") == []


def test_every_head_name_is_searched_in_queries_of_bounded_length(catalogue):
    vocab = triage.Vocabulary.from_heads(catalogue.heads)
    queries = discover.vocabulary_queries(vocab.phrases())
    assert all(len(q) <= discover.QUERY_CHARS for q in queries)
    asked = " OR ".join(queries)
    assert all(f'all:"{phrase}"' in asked for phrase in vocab.phrases())
    assert 'all:"induction head"' in asked and 'all:"qrhead"' in asked


def test_bad_options_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        main(["discover", "--sources", "arxiv,scholar"])
    assert "unknown source(s) scholar" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["discover", "--since", "2026-13-01"])
    assert "'2026-13-01' is not a date" in capsys.readouterr().err


WORKFLOW = ROOT / ".github/workflows/discover.yml"


def validate_workflow(path) -> subprocess.CompletedProcess:
    return check_jsonschema("--builtin-schema", "vendor.github-workflows", str(path))


def test_the_weekly_workflow_is_valid_and_runs_both_commands(tmp_path):
    result = validate_workflow(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04"))
    assert validate_workflow(broken).returncode != 0  # the schema does catch a mistake
    flow = yaml.safe_load(WORKFLOW.read_text())
    _minute, _hour, day, month, weekday = flow[True]["schedule"][0]["cron"].split()  # YAML 1.1 reads `on` as true
    assert (day, month) == ("*", "*") and weekday.isdigit() and "workflow_dispatch" in flow[True]
    assert flow["permissions"] == {"contents": "write", "issues": "write", "pull-requests": "write", "actions": "read"}
    job = flow["jobs"]["discover"]
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'headsurvey discover --since "$SINCE"' in scripts and "headsurvey refresh --write" in scripts
    assert "gh run list --workflow discover.yml --status success" in scripts  # since the last successful run
    assert "gh issue edit" in scripts and "gh issue create" in scripts and "--label discover" in scripts
    assert "gh pr create" in scripts and "gh pr edit" in scripts and "headsurvey check" in scripts
    assert job["env"]["SEMANTIC_SCHOLAR_API_KEY"] == "${{ secrets.SEMANTIC_SCHOLAR_API_KEY }}"
    for step in job["steps"]:
        if "run" in step:  # each script is valid bash once GitHub's expressions are filled in
            script = step["run"].replace("${{", "X").replace("}}", "X")
            assert subprocess.run(["bash", "-n"], input=script, text=True).returncode == 0, step["name"]
        assert "${{ inputs" not in step.get("run", "")  # inputs reach scripts through env, never inline


def test_retry_after_is_read_as_seconds_or_a_date():
    now = 1_800_000_000.0
    later = format_datetime(dt.datetime.fromtimestamp(now + 90, dt.UTC), usegmt=True)
    assert polite.retry_delay("12", now) == 12 and polite.retry_delay(later, now) == 90
    assert polite.retry_delay("soon", now) is None and polite.retry_delay(None, now) is None


def test_a_service_asking_to_wait_too_long_is_reported_not_waited_for(local, capsys, root):
    local.fail("/graph/v1/paper", 429, {"Retry-After": "3600"})
    code, _out, err = run(capsys, root, "--sources", "s2", "--no-cache")
    assert code == 1 and 3600 not in local.fake.slept
    assert err.splitlines()[0] == (f"headsurvey discover: Semantic Scholar API ({local.s2_api}): 127.0.0.1:{local.port} "
                                   "answered HTTP 429 and asks to wait 3600 s")
