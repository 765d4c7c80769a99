"""The Sphinx build on a private copy: strict failures, incremental rebuilds, parallel reads."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import copy_site, sphinx_build


def read_counts(stdout: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", stdout)
    assert match, stdout
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def listed(out: Path, page: str) -> list[str]:
    soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select("#hs-papers a.hs-paper-link")]


def test_broken_page_fails_the_strict_build_but_valid_pages_render(tmp_path):
    src = copy_site(tmp_path / "src")
    page = src / "docs/papers/wang2023interpretability.md"
    text = page.read_text().replace("heads: [name-mover-head,", "heads: [no-such-head, name-mover-head,")
    page.write_text(text.replace("The IOI paper", "<script>alert(1)</script>\n\nThe IOI paper"))
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/papers/wang2023interpretability.md:4: WARNING: unknown head 'no-such-head'" in result.stderr
    assert re.search(r"docs/papers/wang2023interpretability.md:\d+: WARNING: raw HTML is not allowed", result.stderr)
    for name in ("papers/olsson2022context.html", "papers/wang2023interpretability.html", "heads/name-mover-head.html"):
        assert (tmp_path / "out" / name).exists()
    assert "<script>alert(1)</script>" not in (tmp_path / "out/papers/wang2023interpretability.html").read_text()


def test_missing_bib_entry_fails_the_build(tmp_path):
    src = copy_site(tmp_path / "src")
    (src / "docs/papers/nobody2024missing.md").write_text((src / "docs/papers/olsson2022context.md").read_text())
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/papers/nobody2024missing.md:1: WARNING: no entry 'nobody2024missing' in references.bib" in result.stderr


def test_editing_one_paper_rereads_it_alone_and_updates_head_pages(tmp_path):
    src = copy_site(tmp_path / "src")
    out = tmp_path / "out"
    first = sphinx_build(src, out)
    assert first.returncode == 0, first.stderr
    assert "../papers/wang2023interpretability.html" in listed(out, "heads/induction-head.html")

    page = src / "docs/papers/wang2023interpretability.md"
    text = page.read_text()
    text = re.sub(r"^heads: \[(.*)\]$", lambda m: "heads: [" + m.group(1).replace("induction-head, ", "") + "]", text, flags=re.M)
    text = "\n".join(line for line in text.splitlines() if "role: induction-head" not in line) + "\n"
    page.write_text(text)
    second = sphinx_build(src, out)
    assert second.returncode == 0, second.stderr
    assert read_counts(second.stdout) == (0, 1, 0)
    assert "../papers/wang2023interpretability.html" not in listed(out, "heads/induction-head.html")
    assert "../papers/wang2023interpretability.html" in listed(out, "heads/name-mover-head.html")
    from headsurvey.sources import Catalogue

    count = sum("induction-head" in p.heads for p in Catalogue.load(src).papers.values())
    index = (out / "heads/index.html").read_text()
    assert re.search(rf'induction-head\.html"[^>]*>Induction Head</a> — {count} papers', index)


def test_editing_a_bib_entry_rereads_its_page_only(tmp_path):
    src = copy_site(tmp_path / "src")
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    bib = src / "references.bib"
    bib.write_text(bib.read_text().replace("title = {Successor Heads: Recurring", "title = {Successor Heads Revised: Recurring"))
    second = sphinx_build(src, out)
    assert second.returncode == 0, second.stderr
    added, changed, removed = read_counts(second.stdout)
    assert (added, removed) == (0, 0)
    assert "papers/gould2024successor" in second.stdout
    assert "Successor Heads Revised" in (out / "heads/successor-head.html").read_text()
    assert "Successor Heads Revised" in (out / "papers/gould2024successor.html").read_text()


def test_parallel_build_matches_serial(tmp_path):
    src = copy_site(tmp_path / "src")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert sphinx_build(src, serial).returncode == 0
    result = sphinx_build(src, parallel, "-j", "2")
    assert result.returncode == 0, result.stderr
    for page in ("heads/induction-head.html", "papers/index.html", "heads/index.html", "papers/wang2023interpretability.html"):
        assert (serial / page).read_text() == (parallel / page).read_text(), page


def written(stdout: str) -> set[str]:
    """Documents a build wrote, from Sphinx's progress lines."""
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", stdout))


def test_lists_are_rewritten_only_when_what_they_show_changes(tmp_path):
    src = copy_site(tmp_path / "src")
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    page = src / "docs/papers/olsson2022context.md"
    page.write_text(page.read_text() + "\nOne more sentence about the phase change.\n")
    summary_only = sphinx_build(src, out)
    assert read_counts(summary_only.stdout) == (0, 1, 0), summary_only.stdout
    assert written(summary_only.stdout) == {"papers/olsson2022context"}, summary_only.stdout
    page.write_text(page.read_text().replace("tasks: [", "tasks: [copying random tokens, "))
    tasks = sphinx_build(src, out)
    assert read_counts(tasks.stdout) == (0, 1, 0), tasks.stdout
    # Sphinx itself also rewrites the toctree parent of a rewritten page (the home page here).
    # The explorer's page shows no tasks: only its data (the words its search box matches) changes.
    assert written(tasks.stdout) - {"index"} == {"papers/olsson2022context"}
    assert any("copying random tokens" in p.read_text() for p in (out / "explorer").glob("words-*.json"))
