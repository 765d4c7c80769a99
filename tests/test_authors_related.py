"""The site's author index and related-papers rule as plain Python (no Sphinx): merging, order, limits."""

from __future__ import annotations

import random
import time

import pytest

from headsurvey.exports.feeds import atom
from headsurvey.pages.authors import author_page, letter_page
from headsurvey.site import SiteIndex
from headsurvey.site.authors import PER_INDEX_PAGE, index_authors
from headsurvey.site.related import RELATED_TOP, WINDOW, related_papers
from headsurvey.sources.bib import Entry, Value
from headsurvey.sources.database import Database
from headsurvey.sources.loader import cross_check
from headsurvey.sources.schema import Paper
from headsurvey.sources.vocab import Vocabulary

from .conftest import ROOT


def paper(key: str, date: str = "2024-01-01", heads=("h1",), models=(), methods=(), added: str = "2026-11-21") -> Paper:
    return Paper(key=key, path=f"docs/papers/{key}.md", date=date, added=added, heads=tuple(heads),
                 models=tuple(models), methods=tuple(methods))


def entry(key: str, authors: str) -> Entry:
    return Entry(key, "misc", {"author": Value(authors), "title": Value(f"Title of {key}"), "year": Value("2024")}, 1,
                 f"@misc{{{key}}}")


def people(spelled: dict[str, str]):
    papers = {k: paper(k, date=f"2024-01-{i + 1:02d}") for i, k in enumerate(spelled)}
    return index_authors(papers.values(), {k: entry(k, v) for k, v in spelled.items()})


def test_accents_case_dots_hyphens_and_latex_are_one_person():
    found = people({"a": r"G{\"o}del, Kurt", "b": "Godel, Kurt", "c": "GÖDEL, KURT", "d": "Gödel, K.",
                    "e": "Dupont, Jean-Pierre", "f": "Dupont, Jean Pierre"})
    assert sorted(a.slug for a in found.by_slug.values()) == ["jean-pierre-dupont", "kurt-godel"]
    godel = found.by_slug["kurt-godel"]
    assert godel.name == "Kurt Gödel" and godel.index_name == "Gödel, Kurt"  # the accented spelling is shown
    assert set(godel.keys) == {"a", "b", "c", "d"} and godel.keys == ("d", "c", "b", "a")  # newest first


def test_letters_without_a_decomposition_are_transliterated_not_dropped():
    # NFKD has no decomposition for ø and ł: they used to vanish from the page name ('anders-s-gaard').
    found = people({"a": r"S{\o}gaard, Anders", "b": "Sogaard, Anders", "c": r"M{\k{a}}ka, Pawe{\l}"})
    assert sorted(a.slug for a in found.by_slug.values()) == ["anders-sogaard", "pawel-maka"]
    assert found.by_slug["anders-sogaard"].keys == ("b", "a")  # one person, however the entry spells ø


def test_initials_join_the_one_fuller_spelling_and_never_guess():
    found = people({"a": "Doe, Jane Ruth", "b": "Doe, J. R.", "c": "Doe, Jane", "d": "Roe, Ann", "e": "Roe, Anna",
                    "f": "Roe, A."})
    assert found.slugs_of("b") == ("jane-ruth-doe",) and found.slugs_of("c") == ("jane-ruth-doe",)
    # "A. Roe" could be Ann or Anna: it keeps a page of its own, and the two full names stay apart.
    assert {found.slugs_of(k)[0] for k in "def"} == {"ann-roe", "anna-roe", "a-roe"}
    # Two people with the same family name and different given names are never merged.
    assert people({"a": "Li, Wei", "b": "Li, Wen"}).by_slug.keys() == {"wei-li", "wen-li"}


def test_each_paper_keeps_its_own_spelling_and_order():
    found = people({"a": "Roe, Richard and Doe, J. and Roe, Richard", "b": "Doe, Jane"})
    assert found.of_paper["a"] == (("richard-roe", "Richard Roe"), ("jane-doe", "J. Doe"))
    assert found.by_slug["richard-roe"].keys == ("a",)  # listed twice in one paper: that paper once


def vocabulary(tmp_path, authors: str, models: str | None = None) -> Vocabulary:
    """The real vocabularies with the given authors.yaml (and models.yaml, if given)."""
    for name in ("stages", "models", "methods", "venues"):
        (tmp_path / f"{name}.yaml").write_text((ROOT / f"docs/_data/{name}.yaml").read_text())
    (tmp_path / "authors.yaml").write_text(authors)
    if models is not None:
        (tmp_path / "models.yaml").write_text(models)
    return Vocabulary.load(tmp_path, display="docs/_data")


def test_an_alias_gives_one_page_that_says_also_published_as(tmp_path):
    spelled = {"a": "Buc Calderon, Cristian and Roe, Ann", "b": "Calderon, Cristian B.", "c": "Calderon, Maria"}
    vocab = vocabulary(tmp_path, '- {name: "Buc Calderon, Cristian", aliases: ["Calderon, Cristian B."]}\n')
    assert vocab.problems == []
    papers = {k: paper(k, date=f"2024-01-{i + 1:02d}") for i, k in enumerate(spelled)}
    entries = {k: entry(k, v) for k, v in spelled.items()}
    site = SiteIndex.build(papers, {}, Database("references.bib", entries, []), vocab)
    person = site.authors.by_slug["cristian-buc-calderon"]
    assert person.keys == ("b", "a") and person.name == "Cristian Buc Calderon"
    assert person.also == ("Cristian B. Calderon",)
    assert sorted(site.authors.by_slug) == ["ann-roe", "cristian-buc-calderon", "maria-calderon"]
    assert site.authors.of_paper["b"] == (("cristian-buc-calderon", "Cristian B. Calderon"),)  # the paper's own spelling
    html = author_page(site, person, lambda t: t, "authors/letter/b", None)
    assert '<p class="hs-also">Also published as Cristian B. Calderon.</p>' in html
    assert "hs-also" not in author_page(site, site.authors.by_slug["ann-roe"], lambda t: t, "authors/letter/r", None)
    # Without the table the two spellings are two people, as before.
    assert "cristian-b-calderon" in people(spelled).by_slug


@pytest.mark.parametrize(("authors", "expected"), [
    ('- {name: "Doe, Jane", aliases: ["Roe, Jane", "Roe, Jane"]}\n',
     "docs/_data/authors.yaml:1: alias 'Roe, Jane' of 'Doe, Jane' is listed twice"),
    ('- {name: "Doe, Jane", aliases: ["Doe, Jane"]}\n', "docs/_data/authors.yaml:1: alias 'Doe, Jane' of 'Doe, Jane' is its own name"),
    ('- {name: "Doe, Jane", aliases: ["Roe, Jane"]}\n- {name: "Poe, Jane", aliases: ["roe, jane"]}\n',
     "docs/_data/authors.yaml:2: alias 'roe, jane' of 'Poe, Jane' is already the spelling of 'Doe, Jane'"),
    ('- {name: "Doe, Jane", aliases: ["Roe, Jane"]}\n- {name: "Doe, Jane", aliases: ["Poe, Jane"]}\n',
     "docs/_data/authors.yaml:2: duplicate name 'Doe, Jane' — keep one entry"),
    ('- {name: "Doe, Jane", aliases: []}\n', "docs/_data/authors.yaml:1: field 'aliases' must list phrases"),
    ('- {name: "Doe, Jane", also: ["Roe, Jane"]}\n', "docs/_data/authors.yaml:1: unknown field 'also'"),
])
def test_the_alias_table_refuses_duplicates_with_a_location(tmp_path, authors, expected):
    assert any(str(p).startswith(expected) for p in vocabulary(tmp_path, authors).problems), vocabulary(tmp_path, authors).problems


def test_an_alias_no_entry_spells_is_reported(tmp_path):
    vocab = vocabulary(tmp_path, '# people\n- {name: "Doe, Jane", aliases: ["Roe, J."]}\n- {name: "Poe, Al", aliases: ["Poe, Alan"]}\n')
    db = Database("references.bib", {"a": entry("a", "Doe, Jane and Poe, Alan")}, [])
    found = [str(p) for p in cross_check({}, {}, db, {"a"}, vocab)]
    assert found == ["docs/_data/authors.yaml:2: 'Roe, J.' is not an author of any entry in references.bib — "
                     "spell it as an entry's author field does ('Family, Given'), or remove it",
                     "docs/_data/authors.yaml:3: 'Poe, Al' is not an author of any entry in references.bib — "
                     "spell it as an entry's author field does ('Family, Given'), or remove it"]


@pytest.mark.parametrize(("line", "expected"), [
    ("- {name: X-1B, family: X, modality: smell}", "unknown modality 'smell' — use one of: text, vision-language, vision"),
    ("- {name: X-1B, family: X, hf_id: llama-7b}", "hf_id 'llama-7b' is not a Hugging Face id"),
    ("- {name: X-1B, family: X, hf_id: 'a/b/c'}", "hf_id 'a/b/c' is not a Hugging Face id"),
    ("- {name: X-1B, family: X, hf_id: 'https://huggingface.co/x'}", "is not a Hugging Face id"),
    ("- {name: X-1B, family: X, hf_id: 7}", "field 'hf_id' must be a str"),
])
def test_model_modality_and_hf_id_are_checked_with_a_location(tmp_path, line, expected):
    vocab = vocabulary(tmp_path, "[]\n", f"- {{name: Y-1B, family: Y}}\n{line}\n")
    assert next(str(p) for p in vocab.problems if expected in str(p)).startswith("docs/_data/models.yaml:2:")
    assert "X-1B" not in vocab.models


def test_model_modality_defaults_to_text_and_hf_id_is_kept(tmp_path):
    vocab = vocabulary(tmp_path, "[]\n", "- {name: Y-1B, family: Y}\n"
                       "- {name: V-1B, family: V, modality: vision-language, hf_id: org/V-1B.v2_x}\n")
    assert vocab.problems == []
    assert (vocab.models["Y-1B"].modality, vocab.models["Y-1B"].hf_id) == ("text", None)
    assert (vocab.models["V-1B"].modality, vocab.models["V-1B"].hf_id) == ("vision-language", "org/V-1B.v2_x")


def test_index_pages_stay_small_however_crowded_a_letter():
    rng = random.Random(1)
    names = [f"S{rng.randrange(10**6):06d}x, Given{i}" for i in range(4200)]  # one crowded letter
    papers = {f"p{i:05d}": paper(f"p{i:05d}") for i in range(1400)}
    entries = {k: entry(k, " and ".join(names[3 * i:3 * i + 3])) for i, k in enumerate(papers)}
    found = index_authors(papers.values(), entries)
    assert len(found.by_slug) == 4200
    pages = found.index_pages()
    assert [len(authors) for _, _, authors in pages] == [PER_INDEX_PAGE] * 4 + [200]
    assert len({name for name, _, _ in pages}) == len(pages)
    site = SiteIndex.build(papers, {}, Database("references.bib", entries, []), None)  # type: ignore[arg-type]
    listed = [(name, label, len(a)) for name, label, a in pages]
    biggest = max(len(letter_page(site, label, authors, lambda t: f"../../{t}.html", listed, "authors/index").encode())
                  for _, label, authors in pages)
    assert biggest < 200 * 1024, biggest  # plus the theme's frame, still well under 500 KiB


def test_related_rule_scores_ties_and_limits():
    papers = {
        "me": paper("me", "2024-05-01", heads=("h1", "h2"), models=("m",), methods=("x",)),
        "both": paper("both", "2023-01-01", heads=("h1", "h2")),  # 3 + 3 = 6
        "author": paper("author", "2022-01-01", heads=("h9",)),  # shares one author: 2
        "model": paper("model", "2024-01-01", heads=("h8",), models=("m",)),  # 1: below the minimum
        "tie_old": paper("tie_old", "2020-01-01", heads=("h1",)),  # 3
        "tie_b": paper("tie_b", "2021-01-01", heads=("h2",)),  # 3, newer than tie_old
        "tie_a": paper("tie_a", "2021-01-01", heads=("h2",)),  # 3, same date as tie_b: smaller key first
        "extra": paper("extra", "2019-01-01", heads=("h1",), methods=("x",)),  # 4
    }
    authors = {"me": ("ann",), "author": ("ann",)}
    found = related_papers(papers, lambda k: authors.get(k, ()))
    assert [(r.key, r.score) for r in found["me"]] == [("both", 6), ("extra", 4), ("tie_a", 3), ("tie_b", 3),
                                                         ("tie_old", 3)]
    assert len(found["me"]) == RELATED_TOP
    assert [r.key for r in found["author"]] == ["me"] and found["author"][0].shared == (("author", "ann"),)
    assert found["model"] == []
    assert found == related_papers(dict(reversed(papers.items())), lambda k: authors.get(k, ()))  # order-free


def test_related_compares_only_a_window_of_a_crowded_head():
    papers = {f"p{i:05d}": paper(f"p{i:05d}", f"{2000 + i // 365:04d}-01-01", heads=("common",)) for i in range(4000)}
    papers["rare"] = paper("rare", "2001-06-01", heads=("common", "rare"))
    papers["twin"] = paper("twin", "2026-01-01", heads=("common", "rare"))  # far in time, but shares the rare head
    start = time.perf_counter()
    found = related_papers(papers, lambda k: ())
    assert time.perf_counter() - start < 20  # 4,000 papers on one head type: no all-pairs comparison
    assert found["rare"][0].key == "twin" and found["rare"][0].score == 6
    near = {r.key for r in found["p02000"]}
    assert near and all(abs(int(k[1:]) - 2000) <= WINDOW for k in near)


def test_feed_dates_are_the_added_dates_never_the_build_time():
    papers = {"old": paper("old", "2020-01-01", added="2026-01-05"), "new": paper("new", "2025-01-01", added="2026-03-01")}
    site = SiteIndex.build(papers, {}, Database("references.bib", {}, []), None)  # type: ignore[arg-type]
    feed = atom(site, "urn:x", "t", "x.atom", list(papers.values()), lambda n: n)
    assert "<updated>2026-03-01T00:00:00Z</updated>" in feed.split("<entry>")[0]
    entries = feed.split("<entry>")[1:]
    assert "papers/new" in entries[0] and "<updated>2026-01-05T00:00:00Z</updated>" in entries[1]
    empty = atom(site, "urn:y", "t", "y.atom", [], lambda n: n)
    assert "<updated>2026-03-01T00:00:00Z</updated>" in empty
    assert [p.key for p in site.recent(5)] == ["new", "old"]
