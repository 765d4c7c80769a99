"""The fast front matter reader agrees with YAML wherever it answers, and defers elsewhere."""

from __future__ import annotations

import pytest
import yaml

from headsurvey import frontmatter

from .conftest import ROOT

PAGES = sorted(p for folder in ("papers", "heads") for p in (ROOT / "docs" / folder).glob("*.md") if p.stem != "index")


def reference(lines: list[str]):
    return yaml.load("\n".join(lines), Loader=frontmatter._Loader)  # noqa: S506 (a safe loader)


def test_every_page_takes_the_fast_path_and_matches_yaml():
    for page in PAGES:
        text = page.read_text()
        lines = text.splitlines()[1 : frontmatter.fence_end(text) - 1]
        fast = frontmatter._fast(lines)
        assert fast is not None, page.name
        assert fast[0] == reference(lines), page.name


@pytest.mark.parametrize("text", [
    "a: x", "a: 10", "a: 08", "a: 2024-01-01", "a: https://x.org/a:b", "a: [x, y z]", "a: [ ]", "a: [1, 2]",
    "a: {b: 1, c: [x, y]}", "a:\n  - {m: GPT-2 small, l: 9}\n  - {m: X, l: 0}", "a:\n  - x\n  - y",
])
def test_fast_path_matches_yaml(text):
    fast = frontmatter._fast(text.split("\n"))
    assert fast is not None and fast[0] == reference(text.split("\n"))


@pytest.mark.parametrize("text", [
    "a: yes", "a: on", "a: null", "a: ~", "a: 1.5", "a: 0x1F", "a: 1_000", "a: 'x'", "a: \"x\"", "a: x # note",
    "a: [x, y: z]", "a: [https://x]", "a: -x", "a: x: y", "a: |", "a: &anchor x", "a: x\na: y", "  - x", "# comment",
])
def test_anything_unusual_goes_to_yaml(text):
    assert frontmatter._fast(text.split("\n")) is None
