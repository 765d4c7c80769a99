"""The site search's own index on a small site: found in Chromium whatever the words (accents, digits,
plurals), an edit rewrites only its page's file and the buckets of its words, and after an edit, an
added or a removed page, the index equals a clean build's byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from headsurvey.pages import searchindex as index
from headsurvey.site import paths

from .browser import site_page
from .conftest import PROSE, mini_site, sphinx_build
from .test_reading import search
from .test_reproducible import tree_differences

KEYS = [f"p{n}2024k" for n in range(5)]
#: Words a reader may type, in every form the tokenizer meets: accents and other scripts, digits,
#: a plural, a word joined by a hyphen, a word inside punctuation.
ODD = "Straße Ünïcode naïveté 注意力 GPT-2 zanzibars (quokka) x86"
IGNORE = (".buildinfo", ".buildinfo.bak")


def build(src: Path, out: Path) -> str:
    result = sphinx_build(src, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def how(log: str) -> list[str]:
    """How the build brought the index up to date (its log line), or [] when it had nothing to do."""
    return re.findall(r"search index: (\w+) \(\d+ pages\)", log)


def files(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (out / paths.SEARCH_DIR).rglob("*") if p.is_file()}


@pytest.fixture
def small(tmp_path) -> tuple[Path, Path]:
    src = mini_site(tmp_path / "src", bodies={**dict.fromkeys(KEYS, PROSE), "p42024k": f"{PROSE} {ODD}."})
    assert how(build(src, tmp_path / "out")) == ["written"]
    return src, tmp_path / "out"


@pytest.mark.browser
def test_every_form_of_word_finds_its_page(small, chromium_browser):
    _, out = small
    with site_page(out, chromium_browser) as (base, page, errors):
        for word in [*ODD.split(), "zanzibar", "straße", "GPT 2", "QUOKKA", "注意力"]:
            assert "papers/p42024k.html" in search(page, base, word), word
        assert search(page, base, "zanzibar naïveté") == ["papers/p42024k.html"]
        page.goto(f"{base}/search.html?q=quokka")
        page.wait_for_selector("a.hs-search-result")
        assert page.inner_text(".hs-search-excerpt mark") == "(quokka)"
        assert "1 page found" in page.inner_text(".hs-search-status")
        page.goto(f"{base}/search.html?q=quokka+nowhereword")
        page.wait_for_function("document.querySelector('.hs-search-status').textContent.includes('found')")
        assert page.inner_text(".hs-search-status").startswith("0 pages found")  # every word must be on the page
        assert errors == []


@pytest.mark.slow
def test_an_edit_rewrites_its_page_and_its_words_only_and_equals_a_clean_build(small, tmp_path):
    src, out = small
    before = files(out)
    paper = src / "docs/papers/a2024x.md"
    paper.write_text(paper.read_text() + "\nThe head also copies zanzibar dates.\n")
    assert how(build(src, out)) == ["mended"]
    moved = {p.relative_to(out).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    count = json.loads((out / paths.SEARCH_META).read_text())["buckets"]
    number = [n for n in range(len(before)) if (out / paths.search_page(n)).exists()
              and '"url":"papers/a2024x.html"' in (out / paths.search_page(n)).read_text()]
    assert len(number) == 1  # the edited page has one file
    assert {m for m in moved if "/pages/" in m} == {paths.search_page(number[0])}  # no other page's file
    assert {paths.search_words(index.bucket_of(w, count)) for w in ("zanzibar", "date")} <= moved
    assert paths.SEARCH_META not in moved
    assert how(build(src, out)) == []  # nothing changed: nothing written
    build(src, tmp_path / "clean")
    assert tree_differences(out, tmp_path / "clean", ignore=IGNORE) == []


@pytest.mark.browser
def test_an_added_and_a_removed_page_renumber_the_index_as_a_clean_build_does(small, tmp_path, chromium_browser):
    src, out = small
    (src / "docs/papers/p32024k.md").unlink()
    bib = (src / "references.bib").read_text()
    (src / "references.bib").write_text(re.sub(r"@misc\{p32024k,.*?\n\}\n", "", bib, flags=re.S))
    assert how(build(src, out)) == ["written"]
    with site_page(out, chromium_browser) as (base, page, errors):
        found = search(page, base, "A Study of Test Heads")
        assert found and "papers/p32024k.html" not in found
        assert errors == []
    build(src, tmp_path / "clean")
    assert tree_differences(out, tmp_path / "clean", ignore=IGNORE) == []


@pytest.mark.slow
def test_an_index_without_its_meta_file_is_written_whole(small, tmp_path):
    src, out = small
    (out / paths.SEARCH_META).unlink()
    paper = src / "docs/papers/a2024x.md"
    paper.write_text(paper.read_text() + "\nOne more sentence.\n")
    assert how(build(src, out)) == ["written"]
    build(src, tmp_path / "clean")
    assert tree_differences(out, tmp_path / "clean", ignore=IGNORE) == []
