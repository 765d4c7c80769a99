"""Links come from the builder: the site works as html and as dirhtml (Read the Docs offers both)."""

from __future__ import annotations

import json

from .conftest import broken_links, mini_site, sphinx_build


def test_dirhtml_build_has_no_broken_links(tmp_path):
    """Lists of one item per part, so the split pages (atlas layers, an author's parts) are built too."""
    src = mini_site(tmp_path / "src")
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-b", "dirhtml", "-D", "headsurvey_list_size=1")
    assert result.returncode == 0, result.stderr
    assert (out / "papers/a2024x/index.html").exists() and (out / "atlas/gpt-2-small/index.html").exists()
    assert (out / "atlas/gpt-2-small/layer-2/index.html").exists() and (out / "authors/jane-doe/2/index.html").exists()
    assert broken_links(out) == []
    pages = [p["page"] for p in json.loads((out / "downloads/papers.json").read_text())["papers"]]
    assert pages == ["papers/a2024x/", "papers/b2024y/"]
    assert 'href="../papers/a2024x/"' in (out / "feeds/papers.atom").read_text()


def test_html_build_has_no_broken_links(tmp_path):
    src = mini_site(tmp_path / "src")
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    assert broken_links(out) == []
