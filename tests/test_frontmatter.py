"""Front matter: YAML with line numbers for every field, and nothing YAML can be abused for."""

from __future__ import annotations

import pytest

from headsurvey.sources import frontmatter

from .conftest import ROOT

PAGES = sorted(p for folder in ("papers", "heads") for p in (ROOT / "docs" / folder).glob("*.md") if p.stem != "index")


def test_every_page_parses_with_a_line_for_every_field():
    for page in PAGES:
        fm = frontmatter.parse(page.read_text())
        assert set(fm.data) <= set(fm.lines), page.name
        assert all(2 <= line < fm.end for line in fm.lines.values()), page.name


@pytest.mark.parametrize(("text", "data"), [
    ("a: 2024-01-01", {"a": "2024-01-01"}),  # dates stay text: the schema checks them
    ("a: [x, y z]", {"a": ["x", "y z"]}),
    ("a:\n  - {m: GPT-2 small, l: 9}", {"a": [{"m": "GPT-2 small", "l": 9}]}),
])
def test_values(text, data):
    assert frontmatter.parse(f"---\n{text}\n---\n").data == data


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: &x 1\nb: *x", 2, "an anchor"),
    ("a: 1\nb: *x", 3, "an alias"),
    ("a: !!str 1", 2, "a tag"),
    ("a: !custom 1", 2, "a tag"),
    ("a: 1\na: 2", 3, "appears twice"),
])
def test_refused_yaml(text, line, message):
    with pytest.raises(frontmatter.FrontMatterError) as info:
        frontmatter.parse(f"---\n{text}\n---\n")
    assert info.value.line == line and message in str(info.value)
