"""Code blocks share one Pygments formatter per set of options (sphinxext/highlight.py)."""

from __future__ import annotations

from sphinx.highlighting import PygmentsBridge

from headsurvey.sphinxext import highlight
from tests.conftest import mini_site, sphinx_build


def formatters_made(tmp_path, monkeypatch) -> int:
    """How many HTML formatters the mini site's build makes for its code blocks (the others are for its style
    sheets); its pages' BibTeX blocks are highlighted all the same."""
    made = []

    class Counted(PygmentsBridge.html_formatter):  # type: ignore[misc,name-defined]
        def __init__(self, **options):
            made.append(options)
            super().__init__(**options)

    monkeypatch.setattr(PygmentsBridge, "html_formatter", Counted)
    root = mini_site(tmp_path / "site")
    result = sphinx_build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for key in ("a2024x", "b2024y"):
        assert '<span class="nc">@' in (tmp_path / f"out/papers/{key}.html").read_text()  # the entry, highlighted
    return sum(1 for options in made if "linenos" in options)  # a block's options say whether it has line numbers


def test_the_build_makes_one_formatter_for_every_block(tmp_path, monkeypatch):
    assert formatters_made(tmp_path, monkeypatch) == 1


def test_without_sharing_sphinx_makes_one_per_block(tmp_path, monkeypatch):
    """The control: Sphinx's own highlighter makes a formatter for each block (two papers, two entries at least)."""
    monkeypatch.setattr(highlight, "share_formatters", lambda app: None)
    assert formatters_made(tmp_path, monkeypatch) >= 2
