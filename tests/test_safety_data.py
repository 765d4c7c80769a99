"""Bounds before use, uniqueness after normalisation, every page of the contributed folders read,
and cross-references reported by the checker as by the build."""

from __future__ import annotations

import re

import pytest

from headsurvey.sources import SourceRecords
from headsurvey.sources.body import MAX_PAGE_BYTES
from headsurvey.sources.database import Database

from .conftest import PROSE, mini_site, sphinx_build

ENTRY = "@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{{title}}},\n  year = {{2024}},\n  url = {{https://example.org/{key}}},\n}}\n"


def problems(src) -> list[str]:
    return [str(p) for p in SourceRecords.load(src).problems]


def test_keys_differing_in_case_collide():
    db = Database.parse(ENTRY.format(key="Olsson2022context", title="A") + ENTRY.format(key="olsson2022context", title="B"), "references.bib")
    assert any(p.line == 7 and "'olsson2022context' differs from 'Olsson2022context' (line 1) only in case" in p.message for p in db.problems)


def test_a_title_with_a_soft_hyphen_is_a_duplicate_and_refused():
    text = ENTRY.format(key="a2024x", title="Induction Heads") + ENTRY.format(key="b2024x", title="In\u00adduction Heads")
    db = Database.parse(text, "references.bib")
    assert any(p.line == 9 and "title holds invisible characters (U+00AD)" in p.message for p in db.problems)
    from headsurvey.sources import duplicates

    assert [(e.key, f.key, what) for e, f, what, *_ in duplicates.find(db.entries.values())] == [("b2024x", "a2024x", "title")]


@pytest.mark.parametrize(("line", "expected"), [
    ("- {name: GPT-2_small, family: GPT-2}", "model 'GPT-2_small' has the same page name 'gpt-2-small' as 'GPT-2 small'"),
    ("- {name: gpt\u200b-2 SMALL, family: GPT-2}", "has the same page name 'gpt-2-small'"),
    ("- {name: Huge, family: GPT-2, layers: 100000, heads: 12}", "layers 100000 is not in 1..1024"),
])
def test_models_are_unique_by_page_name_and_bounded(tmp_path, line, expected):
    src = mini_site(tmp_path / "src")
    models = src / "docs/_data/models.yaml"
    models.write_text(models.read_text() + line + "\n")
    last = len(models.read_text().splitlines())
    assert any(p.startswith(f"docs/_data/models.yaml:{last}: ") and expected in p for p in problems(src)), problems(src)


def test_a_head_alias_with_an_invisible_character_collides(tmp_path):
    src = mini_site(tmp_path / "src")
    head = src / "docs/heads/test-head.md"
    (src / "docs/heads/other-head.md").write_text(head.read_text().replace("name: Test Head", "name: Other\naliases: [\"TEST\u200b HEAD\"]"))
    found = problems(src)
    assert any("test-head.md:2: name 'Test Head' is already claimed by head 'other-head'" in p for p in found), found


def test_an_instance_of_a_model_of_unknown_size_is_bounded(tmp_path):
    src = mini_site(tmp_path / "src")
    models = src / "docs/_data/models.yaml"
    models.write_text(models.read_text() + "- {name: Unsized, family: GPT-2}\n")
    page = src / "docs/papers/a2024x.md"
    page.write_text(page.read_text().replace("model: GPT-2 small, layer: 1,", "model: Unsized, layer: 1500,").replace("models: [GPT-2 small]", "models: [Unsized]"))
    found = problems(src)
    assert any(p.startswith("docs/papers/a2024x.md:9: head 1500.1 is beyond the site's bound") and "256 layers × 256 heads" in p
               and "record Unsized's layers and heads in docs/_data/models.yaml" in p for p in found), found


def test_a_page_beyond_its_size_is_refused(tmp_path):
    src = mini_site(tmp_path / "src", bodies={"a2024x": PROSE + "\n\n" + "word " * (MAX_PAGE_BYTES // 5)})
    assert any("docs/papers/a2024x.md:11: page text is larger than 256 KiB" in p for p in problems(src))


REFS = f"""{PROSE}

See {{paper}}`nope2024x`.

A {{head}}`no-such-head` here.

The {{term}}`no such term <unknown term>` too.

Cited {{cite:p}}`b2024y,missing2024z`.

Fine: {{paper}}`b2024y` and {{head}}`test-head` and {{cite:t}}`a2024x`.
"""


def test_check_and_strict_build_report_the_same_unknown_targets(tmp_path):
    src = mini_site(tmp_path / "src", bodies={"a2024x": REFS}, pages={"bibliography.md": "# Works cited\n\n```{bibliography}\n```\n"})
    checked = {int(p.split(":")[1]) for p in problems(src) if "points at nothing" in p and p.startswith("docs/papers/a2024x.md:")}
    assert checked == {14, 16, 18, 20}
    result = sphinx_build(src, tmp_path / "out")
    built = {int(n) for n in re.findall(r"papers/a2024x\.md:(\d+): (?:WARNING|ERROR)", result.stderr)}
    assert result.returncode != 0 and built == checked, result.stderr[-3000:]


@pytest.mark.parametrize(("name", "text"), [
    ("papers/extra/notes.md", "---\norphan: true\n---\n\n# Notes\n\n```{raw} html\n<b>x</b>\n```\n"),
    ("heads/deep/er/x.md", "# X\n\nText.\n"),
    ("papers/notes.rst", ":orphan:\n\n.. raw:: html\n\n   <b>x</b>\n"),
])
def test_a_page_in_a_subfolder_or_not_markdown_is_refused_and_withheld(tmp_path, name, text):
    src = mini_site(tmp_path / "src")
    (src / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (src / "docs" / name).write_text(text)
    assert any(p.startswith(f"docs/{name}:1: only <name>.md pages directly in docs/") for p in problems(src)), problems(src)
    result = sphinx_build(src, tmp_path / "out", strict=False)
    assert f"docs/{name}:1: WARNING: only <name>.md pages" in result.stderr, result.stderr[-2000:]
    html = (tmp_path / "out" / name).with_suffix(".html").read_text()
    assert "withheld" in html and "<b>x</b>" not in html


def test_an_index_page_of_a_catalogue_folder_is_checked(tmp_path):
    src = mini_site(tmp_path / "src")
    (src / "docs/papers/index.md").write_text("# Papers\n\n```{paper-index}\n```\n\n:::{note} ```{raw} html\n<b>x</b>\n```\n:::\n")
    found = problems(src)
    assert any(p.startswith("docs/papers/index.md:6: directive 'raw' is not allowed") for p in found), found
