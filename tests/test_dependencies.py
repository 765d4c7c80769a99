"""The dependency model's promise: after any kind of input changes, an incremental build gives
the same bytes as a clean build of the changed sources.

One clean build of the small site is the starting point; each case copies it (sources, output
and environment), changes one kind of input, rebuilds incrementally, and compares the output
with a clean build of the same changed sources, file by file.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import headsurvey

from .conftest import mini_site, sphinx_build, sphinx_process
from .test_reproducible import tree_differences


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def paper_summary(src: Path) -> None:
    _edit(src / "docs/papers/a2024x.md", "The authors locate", "The authors find")


def paper_heads(src: Path) -> None:
    _edit(src / "docs/papers/b2024y.md", "heads: [test-head]", "heads: [test-head, other-head]")


def paper_instances(src: Path) -> None:
    _edit(src / "docs/papers/a2024x.md", "layer: 1, head: 1", "layer: 2, head: 3")


def paper_tasks(src: Path) -> None:
    """The benchmark's edit: a field only papers.json, the CSV and the explorer show, and a sentence."""
    _edit(src / "docs/papers/a2024x.md", "tasks: [testing]", "tasks: [edited task]")
    with (src / "docs/papers/a2024x.md").open("a") as page:
        page.write("\nOne more sentence.\n")


def paper_models(src: Path) -> None:
    _edit(src / "docs/papers/b2024y.md", "models: [GPT-2 small]", "models: [GPT-2 small, GPT-2 medium]")


def no_change(src: Path) -> None:
    """Nothing: the generated pages, downloads and derived data kept from the last build stand."""


def paper_added(src: Path) -> None:
    _edit(src / "docs/papers/a2024x.md", "added: 2026-11-21", "added: 2026-12-01")


def new_paper(src: Path) -> None:
    page = (src / "docs/papers/a2024x.md").read_text()
    (src / "docs/papers/c2025z.md").write_text(page.replace("date: 2024-01-01", "date: 2025-03-01"))
    bib = (src / "references.bib").read_text()
    entry = re.search(r"@misc\{a2024x,.*?\n\}\n", bib, re.S).group()  # type: ignore[union-attr]
    (src / "references.bib").write_text(bib + "\n" + entry.replace("a2024x", "c2025z").replace("Jane", "Janet")
                                        .replace("Test Heads 1", "Test Heads 3"))


def removed_paper(src: Path) -> None:
    (src / "docs/papers/b2024y.md").unlink()
    bib = (src / "references.bib").read_text()
    (src / "references.bib").write_text(re.sub(r"@misc\{b2024y,.*?\n\}\n", "", bib, flags=re.S))


def bib_title(src: Path) -> None:
    _edit(src / "references.bib", "A Study of Test Heads 2", "A Second Study of Test Heads")


def bib_author(src: Path) -> None:
    _edit(src / "references.bib", "author = {Doe, Jane and Roe, Richard}", "author = {Doe, Jane and Moe, Richard}")


def head_page(src: Path) -> None:
    _edit(src / "docs/heads/other-head.md", "name: Other Head", "name: Another Head")


def vocabulary(src: Path) -> None:
    _edit(src / "docs/_data/models.yaml", "{name: GPT-2 small, family: GPT-2,", "{name: GPT-2 small, family: GPT2,")


def static_asset(src: Path) -> None:
    favicon = src / "docs/_static/favicon.svg"
    favicon.write_text(favicon.read_text().replace("</svg>", "<!-- changed --></svg>"))


def site_address(src: Path) -> None:
    """Read the Docs gives the address through the environment; conf.py stays as it is."""
    os.environ["READTHEDOCS_CANONICAL_URL"] = "https://heads.example.org/en/stable/"


def project_title(src: Path) -> None:
    _edit(src / "conf.py", 'html_title = "Attention Heads of LLMs"', 'html_title = "Heads of LLMs"')


def extension_setting(src: Path) -> None:
    """One of the extension's own conf.py settings: lists of one item per page."""
    (src / "conf.py").write_text((src / "conf.py").read_text() + "\nheadsurvey_list_size = 1\n")


def search_off(src: Path) -> None:
    """The search index switched off (a quick preview): the index of the build before goes."""
    (src / "conf.py").write_text((src / "conf.py").read_text() + "\nheadsurvey_search_index = False\n")


def template(src: Path) -> None:
    """A template of the site's own (conf.py's templates_path) that every page uses."""
    (src / "docs/_templates").mkdir(exist_ok=True)
    (src / "docs/_templates/page.html").write_text(
        '{% extends "!page.html" %}{% block footer %}{{ super() }}<p class="hs-test-footer">local</p>{% endblock %}\n')


CASES: dict[str, Callable[[Path], None]] = {f.__name__: f for f in (
    paper_summary, paper_heads, paper_instances, paper_tasks, paper_models, no_change, paper_added, new_paper,
    removed_paper, bib_title, bib_author, head_page, vocabulary, static_asset, site_address, project_title,
    extension_setting, search_off, template)}


def two_head_site(dest: Path) -> Path:
    src = mini_site(dest, pages={"heads/index.md": ":orphan:\n\n# Head types\n\n```{head-index}\n```\n",
                                 "authors.md": ":orphan:\n\n# Authors\n\n```{author-index}\n```\n"})
    head = (src / "docs/heads/test-head.md").read_text()
    (src / "docs/heads/other-head.md").write_text(head.replace("name: Test Head", "name: Other Head"))
    _edit(src / "conf.py", "root_doc = \"index\"", "root_doc = \"index\"\ntemplates_path = [\"_templates\"]")
    return src


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """The small site built once (sources in src/, output in out/), and a copy of it to restore."""
    assert "READTHEDOCS_CANONICAL_URL" not in os.environ
    base = tmp_path_factory.mktemp("site")
    src = two_head_site(base / "src")
    result = sphinx_build(src, base / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    copy = tmp_path_factory.mktemp("pristine") / "site"
    shutil.copytree(base, copy, symlinks=True)  # modification times kept
    return base, copy


@pytest.fixture
def site(pristine) -> Iterator[Path]:
    """The built site at the path it was built in (memos that name the output folder stay valid),
    restored to its first state after each test."""
    base, copy = pristine
    yield base
    shutil.rmtree(base)
    shutil.copytree(copy, base, symlinks=True)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_an_incremental_build_equals_a_clean_one(site, tmp_path, monkeypatch, case):
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "")  # recorded, so a case's value is removed after the test
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL")
    CASES[case](site / "src")
    incremental = sphinx_build(site / "src", site / "out")
    assert incremental.returncode == 0, incremental.stdout + incremental.stderr
    clean = sphinx_build(site / "src", tmp_path / "clean")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    differences = tree_differences(site / "out", tmp_path / "clean", ignore=(".buildinfo", ".buildinfo.bak"))
    assert not differences, "\n".join(differences)


#: Edits to the package itself (file, old, new, an output file and a text the clean build writes
#: there): a template of the paper line, which is not in Sphinx's templates_path, Python code of an
#: export (the feeds' size), which no page's source shows, and Python code of a renderer (the paper
#: line's date label), which shapes generated content inside documents.
PACKAGE_EDITS = {
    "template": ("pages/templates/paper_line.html", '<p class="hs-paper-item">', '<p class="hs-paper-item hs-edited">',
                 "heads/test-head.html", "hs-edited"),
    "code": ("exports/feeds.py", "FEED_SIZE = 50", "FEED_SIZE = 1", "feeds/papers.atom", "<entry>"),
    "renderer": ("pages/paperline.py", '{"released": "released",', '{"released": "out",', "heads/test-head.html",
                 '<span class="hs-date-label">out</span>'),
}


@pytest.mark.slow
@pytest.mark.parametrize("edit", sorted(PACKAGE_EDITS))
def test_a_package_edit_rewrites_the_outputs_using_it(tmp_path, monkeypatch, edit):
    """A change to this package's templates or code: the dependency model rewrites what they make.
    The builds import a copy of the package, at one path, so each runs in a process of its own."""
    path, old, new, probe, text = PACKAGE_EDITS[edit]
    package = tmp_path / "package"
    shutil.copytree(Path(headsurvey.__file__).parent, package / "headsurvey", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PYTHONPATH", str(package))
    src = two_head_site(tmp_path / "src")
    first = sphinx_process(src, tmp_path / "out")
    assert first.returncode == 0, first.stdout + first.stderr
    before = (tmp_path / "out" / probe).read_text(encoding="utf-8")
    _edit(package / "headsurvey" / path, old, new)
    incremental = sphinx_process(src, tmp_path / "out")
    assert incremental.returncode == 0, incremental.stdout + incremental.stderr
    clean = sphinx_process(src, tmp_path / "clean")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    after = (tmp_path / "clean" / probe).read_text(encoding="utf-8")
    assert after != before and (after.count(text) == 1 < before.count(text) if edit == "code" else text in after)
    differences = tree_differences(tmp_path / "out", tmp_path / "clean", ignore=(".buildinfo", ".buildinfo.bak"))
    assert not differences, "\n".join(differences)


def test_derived_data_is_kept_only_for_the_same_inputs(tmp_path):
    """sphinxext/memo.py: what was made from the same inputs is given back without making it again;
    other inputs, or an unreadable memo, make it again."""
    from headsurvey.sphinxext import memo

    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or {"value": value}

    assert memo.recall(tmp_path, "x", "inputs-1", make("a")) == {"value": "a"}
    assert memo.recall(tmp_path, "x", "inputs-1", make("b")) == {"value": "a"}
    assert memo.recall(tmp_path, "x", "inputs-2", make("c")) == {"value": "c"}
    (tmp_path / "headsurvey-memo-x.pickle").write_bytes(b"not a pickle")
    assert memo.recall(tmp_path, "x", "inputs-2", make("d")) == {"value": "d"}
    assert made == ["a", "c", "d"]
    assert memo.digest(("a", 1)) != memo.digest(("a", 2)) and memo.package_digest() == memo.package_digest()
