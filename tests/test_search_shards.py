"""The search index in shards: a small site forced to several shards (``headsurvey_search_shard_size``)
finds a page of every shard in Chromium, re-indexes only the shard of an edited page, and equals a
clean build byte for byte after an edit and after a removal."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from headsurvey.site import paths
from headsurvey.sphinxext.searchindex import shard_count, shard_of, shards

from .browser import site_page
from .conftest import PROSE, mini_site, sphinx_build
from .test_reading import search
from .test_reproducible import tree_differences

SHARD_SIZE = 6  # the small site below has about 25 pages: four or five shards
KEYS = [f"p{n}2024k" for n in range(5)]


def test_shards_are_stable_bounded_and_hold_every_document_once():
    docs = {f"papers/p{n}.html": f"digest {n}" for n in range(1000)}
    cut = shards(docs, 100)
    assert len(cut) == shard_count(1000, 100) == 10 and shard_count(0, 100) == shard_count(100, 100) == 1
    assert sorted(p for shard in cut for p in shard) == sorted(docs)
    assert all(shard_of(p, 10) == i for i, shard in enumerate(cut) for p in shard)
    assert max(len(shard) for shard in cut) < 150  # a hash spreads pages evenly
    assert shards({p: "other digests" for p in docs}, 100)[3].keys() == cut[3].keys()  # by name, not content
    assert shards(dict(list(docs.items())[:100]), 100) == [dict(list(docs.items())[:100])]  # a small site: one shard
    assert [paths.in_search_index(p) for p in ("pagefind/pagefind.js", "pagefind-12/index/en_1.pf_index",
                                               paths.SEARCH_SHARDS, "pagefind-guide.html", "papers/pagefind.html")] == [
        True, True, True, False, False]


def indexed(out: Path) -> dict[str, dict[str, str]]:
    """The folder of each shard the search page merges → its pages (HTML files) and their titles, read
    from the shard's Pagefind fragments."""
    found = {}
    for folder in json.loads((out / paths.SEARCH_SHARDS).read_text()):
        pages = {}
        for fragment in (out / folder / "fragment").iterdir():
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            url = data["url"].lstrip("/")
            pages[url if url.endswith(".html") else f"{url}index.html"] = data["meta"]["title"]
        found[folder.rstrip("/")] = pages
    return found


def folder_of(page: str, found: dict[str, dict[str, str]]) -> str:
    """The folder of the shard ``page`` belongs in, by the shard rule."""
    return paths.search_shard(shard_of(page, shard_count(sum(map(len, found.values())), SHARD_SIZE)))


def build(src: Path, out: Path) -> str:
    result = sphinx_build(src, out, "-D", f"headsurvey_search_shard_size={SHARD_SIZE}")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def shards_run(log: str) -> list[str]:
    """The shard folders the build ran Pagefind for (its log lines)."""
    return re.findall(r"search index: (\S+) \(\d+ pages\)", log)


@pytest.fixture
def sharded(tmp_path) -> tuple[Path, Path]:
    src = mini_site(tmp_path / "src", bodies=dict.fromkeys(KEYS, PROSE))
    build(src, tmp_path / "out")
    return src, tmp_path / "out"


@pytest.mark.browser
def test_a_page_of_every_shard_is_found(sharded, chromium_browser):
    _, out = sharded
    found = indexed(out)
    assert len(found) >= 3
    assert all(folder_of(p, found) == folder for folder, pages in found.items() for p in pages)  # in its shard only
    titles = [title for pages in found.values() for title in pages.values()]
    with site_page(out, chromium_browser) as (base, page, errors):
        for pages in found.values():  # a page of each shard whose title no other page has
            target, title = min((p, t) for p, t in pages.items() if titles.count(t) == 1)
            assert target.removesuffix("index.html") in search(page, base, title), (target, title)
        assert errors == []


@pytest.mark.slow
def test_an_edit_re_indexes_its_page_s_shard_only_and_equals_a_clean_build(sharded, tmp_path):
    src, out = sharded
    page = "papers/a2024x.html"
    mine = folder_of(page, indexed(out))
    before = {p: p.stat().st_mtime_ns for p in out.glob(f"{paths.SEARCH_DIR}*/**/*") if p.is_file()}
    paper = src / "docs/papers/a2024x.md"
    paper.write_text(paper.read_text() + "\nThe head also copies zanzibar dates.\n")
    assert shards_run(build(src, out)) == [mine]
    moved = {p.relative_to(out).parts[0] for p, t in before.items() if not p.exists() or p.stat().st_mtime_ns != t}
    assert moved == {mine}
    assert [page] == [p for pages in indexed(out).values() for p in pages if "zanzibar" in (out / p).read_text()]
    assert shards_run(build(src, out)) == []  # nothing changed: no shard runs
    build(src, tmp_path / "clean")
    assert tree_differences(out, tmp_path / "clean", ignore=(".buildinfo", ".buildinfo.bak")) == []


@pytest.mark.browser
def test_a_removed_page_leaves_its_shard(sharded, tmp_path, chromium_browser):
    src, out = sharded
    (src / "docs/papers/p32024k.md").unlink()
    bib = (src / "references.bib").read_text()
    (src / "references.bib").write_text(re.sub(r"@misc\{p32024k,.*?\n\}\n", "", bib, flags=re.S))
    build(src, out)
    assert not any("papers/p32024k.html" in pages for pages in indexed(out).values())
    with site_page(out, chromium_browser) as (base, page, errors):
        found = search(page, base, "A Study of Test Heads")
        assert found and "papers/p32024k.html" not in found
        assert errors == []
    build(src, tmp_path / "clean")
    assert tree_differences(out, tmp_path / "clean", ignore=(".buildinfo", ".buildinfo.bak")) == []


@pytest.mark.slow
def test_fewer_shards_delete_the_folders_of_the_others(sharded, tmp_path):
    src, out = sharded
    (src / "conf.py").write_text((src / "conf.py").read_text() + "\nheadsurvey_search_shard_size = 100\n")
    result = sphinx_build(src, out)  # conf.py's value: no -D
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(indexed(out)) == [paths.SEARCH_DIR] and not (out / paths.search_shard(1)).exists()
    assert sphinx_build(src, tmp_path / "clean").returncode == 0
    assert tree_differences(out, tmp_path / "clean", ignore=(".buildinfo", ".buildinfo.bak")) == []
