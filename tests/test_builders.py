"""Links come from the builder: the site works as html and as dirhtml (Read the Docs offers both)."""

from __future__ import annotations

import json

import pytest

from .conftest import PROSE, broken_links, mini_site, sphinx_build


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


@pytest.mark.parametrize(("builder", "size"), [("html", 2), ("dirhtml", 1)])
def test_head_papers_in_parts(tmp_path, builder, size):
    """A head's papers are split like author lists: the newest on the head page, the others on
    part pages linked in order (next, and prev back to the page before), each paper listed once."""
    import posixpath

    from .conftest import Site

    src = mini_site(tmp_path / "src", bodies={"c2024z": PROSE})
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-b", builder, "-D", f"headsurvey_list_size={size}")
    assert result.returncode == 0, result.stderr
    site = Site(out)

    def follow(page: str, href: str) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.partition("#")[0]))
        return posixpath.join(path, "index.html") if (out / path).is_dir() else path

    head = "heads/test-head/index.html" if builder == "dirhtml" else "heads/test-head.html"
    hub = [follow(head, a["href"]) for a in site.page(head).select("ul.hs-parts a")]
    walked, listed = [head], [a["href"] for a in site.page(head).select("ul.hs-paper-list a.hs-paper-link")]
    assert len(listed) == size
    nxt = site.page(head).select_one(".hs-part-nav a")
    while nxt is not None:
        page = follow(walked[-1], nxt["href"])
        assert follow(page, site.page(page).select_one("nav.hs-part-nav a[rel=prev]")["href"]) == walked[-1]
        walked.append(page)
        listed += [follow(page, a["href"]) for a in site.page(page).select("ul.hs-part-list a.hs-paper-link")]
        nxt = site.page(page).select_one("nav.hs-part-nav a[rel=next]")
    assert walked[1:] == hub and len(hub) == -(-3 // size) - 1
    keys = [posixpath.basename(h.removesuffix("index.html").rstrip("/")).removesuffix(".html") for h in listed]
    assert keys == ["c2024z", "b2024y", "a2024x"]  # every paper once, newest first
    assert broken_links(out) == []


def test_a_rebuild_without_change_writes_no_generated_page_and_keeps_the_search_index(tmp_path):
    """Generated pages (authors, parts, atlas), downloads and the search index stay untouched when
    nothing changed; an edited page is indexed again."""
    src = mini_site(tmp_path / "src", bodies={"c2024z": PROSE})
    out = tmp_path / "out"
    assert sphinx_build(src, out, "-D", "headsurvey_list_size=1").returncode == 0
    kept = ("authors", "heads", "atlas", "papers", "search-index", "downloads", "feeds", "explorer", "search.html")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] in kept}
    assert sphinx_build(src, out, "-D", "headsurvey_list_size=1").returncode == 0
    assert [str(p.relative_to(out)) for p, t in before.items() if not p.exists() or p.stat().st_mtime_ns != t] == []
    page = src / "docs/papers/a2024x.md"
    page.write_text(page.read_text() + "\nThe heads also copy dates.\n")
    assert sphinx_build(src, out, "-D", "headsurvey_list_size=1").returncode == 0
    assert [p for p, t in before.items() if "search-index" in p.parts and p.stat().st_mtime_ns != t]
