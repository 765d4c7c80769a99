"""The helper process of a serial build (sphinxext/offload.py): the same site, the same errors,
whatever it answers or fails to answer; an answer is taken only for the text or bytes it was made from."""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from pathlib import Path

import pytest

from headsurvey.pages.gate import file_digests, scan_site
from headsurvey.sphinxext import helper, offload, search

from .conftest import PROSE, mini_site, sphinx_build

PAPERS = offload.MIN_PAGES + 20
UNSAFE_PAGE = "# Extra\n\nEnergy {math}`E = mc^2` here.\n"  # MathJax from a CDN: the gate refuses the page


def _site(dest: Path, bad_paper: bool = False) -> Path:
    """The mini site with PAPERS more papers (enough for the helper), a maintainer page the gate
    refuses, and, with ``bad_paper``, a paper whose front matter and body the page checks refuse."""
    src = mini_site(dest, pages={"extra.md": UNSAFE_PAGE})
    bib = []
    for i in range(PAPERS):
        key = f"offload{i:03d}study"
        (src / f"docs/papers/{key}.md").write_text(
            f"---\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\nadded: 2026-11-21\nheads: [test-head]\n"
            f"models: [GPT-2 small]\nmethods: [path-patching]\ntasks: [testing]\n---\n\n{PROSE}\n")
        bib.append(f"@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{Offloaded Study {i:03d}}},\n"
                   f"  year = {{2024}},\n  url = {{https://example.org/{key}}},\n}}\n")
    if bad_paper:
        page = src / "docs/papers/offload007study.md"
        page.write_text(page.read_text().replace("heads: [test-head]", "heads: [no-such-head]")
                        + "\n<script>alert(1)</script>\n")
    with open(src / "references.bib", "a") as out:
        out.write("\n" + "\n".join(bib))
    return src


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".doctrees" not in p.parts}


def _count_answers(monkeypatch) -> dict[str, int]:
    """How many page checks and gate findings the build took from the helper, which is given the
    time to check every page before Sphinx reads the first (a small site is read faster than the
    helper starts)."""
    taken = {"pages": 0, "parts": 0, "meta": 0, "gate": 0, "search": 0, "tracked": 0}
    start, share, page_result, made_part = offload.start, offload.share, offload.page_result, offload.made_part
    made_meta_tags = offload.made_meta_tags
    finish, search_records = offload.finish, offload.search_records

    def patient(begin):
        def started(app, *args):
            begin(app, *args)
            working = offload.state.build_state(app).helper
            while working is not None and working.answered < working.sent and working.process.poll() is None:
                time.sleep(0.01)
        return started

    def counted_part(app, *args):
        waiting = offload.state.build_state(app).helper
        # the parts of the pages ahead wait as bytes, which the collector does not walk
        taken["tracked"] += waiting is not None and any(gc.is_tracked(made) for made in list(waiting.parts.values()))
        made = made_part(app, *args)
        taken["parts"] += made is not None
        return made

    def counted_meta(*args):
        made = made_meta_tags(*args)
        taken["meta"] += made is not None
        return made

    def counted_page(*args):
        result = page_result(*args)
        taken["pages"] += result is not None
        return result

    def counted_gate(app):
        patient(lambda app: None)(app)  # the last pages' answers are in before the helper is ended
        answers = finish(app)
        taken["gate"] += len(answers)
        return answers

    def counted_search(app):
        records = search_records(app)
        taken["search"] += len(records)
        return records

    monkeypatch.setattr(offload, "start", patient(start))
    monkeypatch.setattr(offload, "share", patient(share))
    monkeypatch.setattr(offload, "made_part", counted_part)
    monkeypatch.setattr(offload, "made_meta_tags", counted_meta)
    monkeypatch.setattr(offload, "search_records", counted_search)
    monkeypatch.setattr(offload, "page_result", counted_page)
    monkeypatch.setattr(offload, "finish", counted_gate)
    return taken


def _log(result) -> list[str]:
    """The warnings and errors of a build, without its temporary folders."""
    return sorted(line.split("docs/", 1)[-1] for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line)


@pytest.mark.slow
@pytest.mark.parametrize("bad_paper", [False, True])
def test_the_helper_changes_nothing_but_where_the_work_is_done(tmp_path, monkeypatch, bad_paper):
    """With the helper and without it: the same files, byte for byte, and the same located errors
    (the gate's refusal of a maintainer page; a paper's unknown head and raw HTML); the helper
    answered for (almost) every page and written file."""
    src = _site(tmp_path / "src", bad_paper)
    taken = _count_answers(monkeypatch)
    helped = sphinx_build(src, tmp_path / "helped")
    alone = sphinx_build(src, tmp_path / "alone", "-D", "headsurvey_offload=0")
    assert helped.returncode == alone.returncode != 0
    assert "docs/extra.md:1: ERROR: unsafe output: script 'https://cdn.jsdelivr.net" in helped.stderr.replace(str(src) + "/", "")
    if bad_paper:
        assert "docs/papers/offload007study.md:4" in helped.stderr and "no-such-head" in helped.stderr
        assert "offload007study.md" in helped.stderr and "script" in helped.stderr.split("offload007study.md", 2)[-1]
    assert _log(helped) == _log(alone)
    assert _files(tmp_path / "helped") == _files(tmp_path / "alone")
    assert taken["pages"] == PAPERS + 3, taken  # every paper and head page (the mini site's two papers and head)
    # every paper page's header, related papers and citation, and the located heads of the mini site's two papers
    assert taken["parts"] == 3 * (PAPERS + 2) + 2, taken
    assert taken["tracked"] == 0, taken
    assert taken["meta"] == PAPERS + 2, taken  # every paper page's citation tags and JSON-LD
    assert taken["gate"] >= PAPERS - offload.BATCH, taken  # the pages written before the last batch
    assert taken["search"] == 0, taken  # the gate refused a page: no search index is made


@pytest.mark.slow
def test_an_incremental_build_with_the_helper_equals_a_clean_one(tmp_path, monkeypatch):
    """A vocabulary edit re-reads every contributed page, so the incremental build has a helper too:
    it writes what a clean build writes, with the helper and without it."""
    src = _site(tmp_path / "src")
    (src / "docs/extra.md").unlink()
    taken = _count_answers(monkeypatch)
    assert sphinx_build(src, tmp_path / "out").returncode == 0
    models = src / "docs/_data/models.yaml"
    models.write_text(models.read_text().replace("{name: GPT-2 small, family: GPT-2,", "{name: GPT-2 small, family: GPT2,"))
    taken["pages"] = 0
    incremental = sphinx_build(src, tmp_path / "out")
    assert incremental.returncode == 0, incremental.stderr[-3000:]
    assert taken["pages"] == PAPERS + 3, taken  # every contributed page was read again, checked by the helper
    clean = sphinx_build(src, tmp_path / "clean")
    alone = sphinx_build(src, tmp_path / "alone", "-D", "headsurvey_offload=0")
    assert clean.returncode == alone.returncode == 0
    assert _files(tmp_path / "out") == _files(tmp_path / "clean") == _files(tmp_path / "alone")


@pytest.mark.slow
def test_a_helper_that_fails_leaves_the_build_whole(tmp_path, monkeypatch):
    """A helper that stops at once: the build does its work itself, says so, and writes the same site."""
    src = _site(tmp_path / "src")
    taken = _count_answers(monkeypatch)
    monkeypatch.setattr(helper, "COMMAND", [sys.executable, "-c", "import sys; sys.exit(3)"])
    failed = sphinx_build(src, tmp_path / "failed")
    alone = sphinx_build(src, tmp_path / "alone", "-D", "headsurvey_offload=0")
    assert "the helper process failed (exit status 3); the build did its part itself" in failed.stdout
    assert "Traceback" not in failed.stderr
    assert taken == {"pages": 0, "parts": 0, "meta": 0, "gate": 0, "search": 0, "tracked": 0}
    assert failed.returncode == alone.returncode and _log(failed) == _log(alone)
    assert _files(tmp_path / "failed") == _files(tmp_path / "alone")


def test_a_gate_answer_counts_only_for_the_bytes_it_was_made_from(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html><body><script src="https://evil.example/x.js"></script></body></html>')
    digests = file_digests(tmp_path, {})
    sha = hashlib.sha1(page.read_bytes()).hexdigest()
    assert digests["page.html"][2] == sha
    planted = [(7, "planted finding", "body")]
    # an answer for other bytes is ignored: the file is parsed again and refused
    stale = scan_site(tmp_path, digests=digests, checked={("page.html", "0" * 40): []})
    assert stale and all(page == "page.html" and "evil.example" in message for page, _, message, _ in stale), stale
    # an answer for these very bytes is taken as it is
    assert scan_site(tmp_path, digests=digests, checked={("page.html", sha): planted}) == [("page.html", 7, "planted finding", "body")]


@pytest.mark.slow
def test_search_records_from_the_helper_make_the_same_index(tmp_path, monkeypatch):
    """A site the gate passes: its search index is the same whether the helper parsed the pages or not."""
    src = _site(tmp_path / "src")
    (src / "docs/extra.md").unlink()
    taken = _count_answers(monkeypatch)
    helped = sphinx_build(src, tmp_path / "helped")
    alone = sphinx_build(src, tmp_path / "alone", "-D", "headsurvey_offload=0")
    assert helped.returncode == alone.returncode == 0, helped.stderr[-3000:]
    assert taken["search"] >= PAPERS - offload.BATCH, taken
    assert _files(tmp_path / "helped") == _files(tmp_path / "alone")
    assert not list(tmp_path.rglob(search.PARSED))  # taken once, then deleted


def test_a_parsed_search_record_counts_only_for_its_bytes_and_a_page_no_term_cites(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "page.html").write_text('<html><body><div role="main"><h1>Title</h1><p>Some words.</p></div></body></html>')
    files = file_digests(out, {})
    sha, planted = files["page.html"][2], search.record_json({"planted": True})
    assert search.stage(out, tmp_path / "s1", files, {}, {("page.html", sha): planted}).made["page.html"] == {"planted": True}
    for n, (terms, parsed) in enumerate((({"page.html": [("term", 1)]}, {("page.html", sha): planted}),
                                          ({}, {("page.html", "0" * 40): planted}), ({}, {}))):
        assert search.stage(out, tmp_path / f"s{n + 2}", files, terms, parsed).made.get("page.html") != {"planted": True}


class _Answered:
    """A helper that has answered for one page."""

    def __init__(self, text: str) -> None:
        self.pages = {"papers/x": (text, "its result")}


def test_a_page_check_counts_only_for_the_text_it_was_made_from(monkeypatch):
    class App:
        pass

    state = type("State", (), {})()
    monkeypatch.setattr(offload.state, "build_state", lambda app: state)
    state.helper = _Answered("the text on disk")
    assert offload.page_result(App(), "papers/x", "the text after another extension changed it") is None
    state.helper = _Answered("the same text")
    assert offload.page_result(App(), "papers/x", "the same text") == "its result"
    assert offload.page_result(App(), "papers/x", "the same text") is None  # taken once
    state.helper = None
    assert offload.page_result(App(), "papers/x", "the same text") is None
