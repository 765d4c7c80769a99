"""Every rule of the schema rejects a broken input with a message naming file, line and fix."""

from __future__ import annotations

import textwrap

import pytest

from headsurvey.sources import cross_check, read_page
from headsurvey.sources.database import Database
from headsurvey.sources.schema import Head, Paper
from headsurvey.sources.vocab import Vocabulary, vocabulary_url

from .conftest import MINI_HEAD as HEAD
from .conftest import ROOT

VOCAB = Vocabulary.load(ROOT / "docs" / "_data")
SUMMARY = " ".join(["This paper studies attention heads in a language model and reports results."] * 10)

PAPER = """---
date: 2022-11-01
added: 2026-11-21
heads: [name-mover-head]
models: [GPT-2 small]
methods: [path-patching]
tasks: [indirect object identification]
---

{summary}
"""


def problems_of(kind: str, text: str, name: str = "x2023test") -> list[str]:
    result = read_page(kind, name, textwrap.dedent(text), f"docs/{kind}s/{name}.md", VOCAB)
    return [str(p) for p in result.problems]


def paper() -> str:
    """A valid paper page."""
    return PAPER.replace("{summary}", SUMMARY)


def test_valid_pages_pass():
    assert problems_of("paper", paper()) == []
    assert problems_of("head", HEAD, "test-head") == []


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("heads: [name-mover-head]", "heads: [name-mover-head", 5, "invalid YAML in front matter"),
        ("tasks: [indirect object identification]", "tasks: [ioi]\ncolour: blue", 8, "unknown front matter field 'colour'"),
        ("date: 2022-11-01\n", "", 1, "missing field 'date'"),
        ("date: 2022-11-01", "date: soon", 2, "'date' is not a date — write date: YYYY-MM-DD"),
        ("date: 2022-11-01", "date: 2022-13-01", 2, "'date' 2022-13-01 does not exist: there is no month 13"),
        ("date: 2022-11-01", "date: 2023-02-30", 2, "'date' 2023-02-30 does not exist: February 2023 has 28 days — write a day that exists, e.g. date: 2023-02-28"),
        ("date: 2022-11-01", "date: 2024-03", 2, "'date' gives only a month (2024-03) — write the first of the month and say so: date: 2024-03-01  # month only"),
        ("date: 2022-11-01", "date: March 2024", 2, "'date' gives only a month (March 2024) — write the first of the month"),
        ("date: 2022-11-01", "date: 2999-01-01", 2, "is in the future"),
        ("heads: [name-mover-head]", "heads: []", 4, "'heads' is empty"),
        ("heads: [name-mover-head]", "heads: [Name Mover]", 4, "'Name Mover' is not a head slug"),
        ("models: [GPT-2 small]", "models: [GPT-5 huge]", 5, "unknown model 'GPT-5 huge'"),
        ("methods: [path-patching]", "methods: [vibes]", 6, "unknown method 'vibes'"),
        ("tasks: [indirect object identification]", "tasks: [ioi]\ncode: http://example.org/x", 8, "is not an https URL"),
        ("---\n\n", "---\n\n<div onclick=\"x()\">hi</div>\n\n", 10, "raw HTML is not allowed"),
        ("---\n\n", "---\n\n<script>alert(1)</script>\n\n", 10, "raw HTML is not allowed"),
        ("---\n\n", "---\n\nSome <b>bold</b> words.\n\n", 10, "raw HTML is not allowed"),
        ("---\n\n", "---\n\n[click](javascript:alert(1))\n\n", 10, "link 'javascript:alert(1)' is not an https address"),
        ("---\n\n", "---\n\nSee [the code](http://example.org/code).\n\n", 10, "is not an https address"),
        ("---\n\n", "---\n\n<http://example.org/code>\n\n", 10, "is not an https address"),
        ("---\n\n", "---\n\n![figure](https://example.org/a.png)\n\n", 10, "images are not allowed"),
        ("---\n\n", "---\n\n```{raw} html\n<b>x</b>\n```\n\n", 10, "directive 'raw' is not allowed"),
        ("---\n\n", "---\n\n~~~{raw} html\n<b>x</b>\n~~~\n\n", 10, "directive 'raw' is not allowed"),
        ("---\n\n", "---\n\n:::{raw} html\n:file: evil.html\n:::\n\n", 10, "directive 'raw' is not allowed"),
        ("---\n\n", "---\n\n:::{include} ../../conf.py\n:::\n\n", 10, "directive 'include' is not allowed"),
        ("---\n\n", "---\n\n```{literalinclude} ../../conf.py\n```\n\n", 10, "directive 'literalinclude' is not allowed"),
        ("---\n\n", "---\n\n```{csv-table}\n:file: data.csv\n```\n\n", 10, "directive 'csv-table' is not allowed"),
        ("---\n\n", "---\n\n```{eval-rst}\n.. raw:: html\n```\n\n", 10, "directive 'eval-rst' is not allowed"),
        ("---\n\n", "---\n\n::::{note}\nFine.\n\n:::{include} ../../conf.py\n:::\n::::\n\n", 13, "directive 'include' is not allowed"),
        ("---\n\n", "---\n\n```{code-block} python\n:caption: x\n:file: y\nz = 1\n```\n\n", 12, "option ':file:' of directive 'code-block' is not allowed"),
        ("---\n\n", "---\n\nA {raw-html}`<b>x</b>` role.\n\n", 10, "role '{raw-html}' is not allowed"),
        ("date: 2022-11-01", "date: 2022-11-01\nnotes: &a [x, x]\nmore: [*a, *a]", 3, "front matter uses an anchor"),
        ("date: 2022-11-01", "date: !!python/name:os.system 2022-11-01", 2, "front matter uses a tag"),
        ("date: 2022-11-01", "date: 2022-11-01\ntasks2: [" + "x, " * 90000 + "x]", 2, "front matter is larger than 256 KiB"),
        (SUMMARY, "Too short.", 9, "page text has 2 words"),
        ("added: 2026-11-21", "added: 2026-11-21\ndate: 2022-11-02", 4, "field 'date' appears twice (first on line 2)"),
        ("date: 2022-11-01", "date: 2022-11-01\nnotes: {a: 1, a: 2}", 3, "field 'a' appears twice"),
        ("tasks: [indirect object identification]\n---", "tasks: [indirect object identification]", 1, "is never closed"),
        (
            "tasks: [indirect object identification]",
            "tasks: [ioi]\ninstances:\n  - {model: GPT-2 small, layer: 12, head: 0, role: name-mover-head, evidence: [path-patching], source: paper Table 1}",
            9, "GPT-2 small has no head 12.0",
        ),
        (
            "tasks: [indirect object identification]",
            "tasks: [ioi]\ninstances:\n  - {model: GPT-2 small, layer: 9, head: 9, role: induction-head, evidence: [path-patching], source: paper Table 1}",
            9, "role 'induction-head' is not one of this page's heads",
        ),
    ],
)
def test_paper_rule(old, new, line, expected):
    text = paper().replace(old, new, 1)
    found = problems_of("paper", text)
    assert any(f"docs/papers/x2023test.md:{line}: " in p and expected in p and " — " in p for p in found), found


def test_an_instance_needs_a_source():
    text = paper().replace("tasks: [indirect object identification]", "tasks: [ioi]\ninstances:\n  - {model: GPT-2 small, layer: 9, head: 9, role: name-mover-head, evidence: [path-patching]}")
    assert any(":9: instance fields missing 'source'" in p for p in problems_of("paper", text))


def test_page_without_front_matter():
    found = problems_of("paper", SUMMARY)
    assert found and found[0].startswith("docs/papers/x2023test.md:1: page has no YAML front matter — start the page with '---'")


def test_file_name_must_be_a_key():
    assert any("is not a valid BibTeX key" in p for p in problems_of("paper", paper(), name="2023 bad"))


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("stage: [ICI]", "stage: [XYZ]", 3, "unknown stage 'XYZ'"),
        ("category: Overall Structure", "category: Effective Reasoning", 4, "is not a sub-category of ICI"),
        ("placement: site", "placement: maybe", 5, "placement 'maybe' is unknown"),
        ("name: Test Head\n", "", 1, "missing field 'name'"),
    ],
)
def test_head_rule(old, new, line, expected):
    found = problems_of("head", HEAD.replace(old, new), "test-head")
    assert any(f"docs/heads/test-head.md:{line}: " in p and expected in p for p in found), found


def _paper(key: str, heads=("a-head",)) -> Paper:
    return Paper(key=key, path=f"docs/papers/{key}.md", date="2024-01-01", added="2026-11-21", heads=tuple(heads), lines={"heads.0": 4})


def _head(slug: str, name: str, aliases=(), related=()) -> Head:
    return Head(slug, f"docs/heads/{slug}.md", name, tuple(aliases), ("ICI",), "Overall Structure", "site", tuple(related), {"related.0": 7, "aliases.0": 3, "name": 2})


BIB = """@misc{a2024x,
  author = {Doe, Jane},
  title = {X},
  year = {2024},
  url = {https://example.org/x},
}
"""


def test_cross_checks():
    db = Database.parse(BIB + BIB.replace("a2024x", "b2024y"), "references.bib")
    papers = {"a2024x": _paper("a2024x", ["unknown-head"]), "c2024z": _paper("c2024z")}
    heads = {
        "a-head": _head("a-head", "A Head", aliases=["Shared"], related=["ghost-head"]),
        "b-head": _head("b-head", "B Head", aliases=["shared"]),
    }
    found = [str(p) for p in cross_check(papers, heads, db, set(papers))]
    assert ("docs/papers/a2024x.md:4: unknown head 'unknown-head' — use a slug of docs/heads/ or add docs/heads/unknown-head.md "
            f"(headsurvey new head unknown-head ...); every slug: {vocabulary_url('heads')}") in found
    assert any(p.startswith("docs/papers/c2024z.md:1: no entry 'c2024z' in references.bib") for p in found)
    assert any(p.startswith("references.bib:7: entry 'b2024y' has no page") for p in found)
    assert any(p.startswith("docs/heads/a-head.md:7: related head 'ghost-head' has no page") for p in found)
    assert any(p.startswith("docs/heads/b-head.md:3: name 'shared' is already claimed by head 'a-head'") for p in found)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (BIB + BIB, 7, "duplicate key 'a2024x' (first defined at line 1)"),
        (BIB.replace("title = {X},", "title = {X,"), 1, "unbalanced braces"),
        (BIB.replace("  title = {X},\n", ""), 1, "missing field 'title'"),
        (BIB.replace("{2024}", "{24}"), 4, "is not a 4-digit year"),
        (BIB.replace("year = {2024},", "year = {2024},\n  month = {March},"), 5, "is not a month macro"),
        (BIB.replace("url = {https://example.org/x},", "notes = {x},"), 1, "no identifier"),
        (BIB.replace("url = {https://example.org/x},", "url = {https://example.org/x},\n  notes = {x},"), 6, "unknown field 'notes'"),
        (BIB.replace("url = {https://example.org/x},", "eprint = {2211.00593},"), 5, "eprint without archivePrefix"),
        (BIB.replace("https://", "http://"), 5, "url is not a well-formed https address"),
        (BIB.replace("https://example.org/x", "javascript:alert(1)"), 5, "url is not a well-formed https address"),
        (BIB.replace("  title = {X},", "  title = {X}\n  note = {y},"), 3, "missing comma after field 'title'"),
        (BIB.replace("@misc", "@weird"), 1, "entry type @weird is not supported"),
        (BIB.replace("{Doe, Jane}", "{Doe, Jane and Roe, Rick and others}"), 2, "author list ends in 'and others' — list every author"),
        (BIB.replace("{Doe, Jane}", "{Doe, Jane AND Others}"), 2, "author list ends in 'and others'"),
        (BIB.replace("@misc", "@inproceedings").replace("year = {2024},", "year = {2024},\n  booktitle = {B},\n  volume = {3},\n  number = {4},"), 7, "both volume and number"),
        (BIB.replace("@misc", "@article").replace("year = {2024},", "year = {2024},\n  journal = {J},\n  publisher = {P},"), 6, "no publisher for @article"),
    ],
)
def test_bib_rule(text, line, expected):
    found = [str(p) for p in Database.parse(text, "references.bib").problems]
    assert any(p.startswith(f"references.bib:{line}: ") and expected in p for p in found), found


def test_a_month_only_date_is_the_first_of_the_month_with_a_comment():
    assert problems_of("paper", paper().replace("date: 2022-11-01", "date: 2022-11-01  # month only")) == []


def test_a_misspelt_head_slug_gets_the_nearest_one():
    papers = {"a2024x": _paper("a2024x", ["induction-heads"])}
    found = [str(p) for p in cross_check(papers, {"induction-head": _head("induction-head", "Induction Head")},
                                         Database.parse(BIB, "references.bib"), set(papers))]
    assert ("docs/papers/a2024x.md:4: unknown head 'induction-heads' — did you mean 'induction-head'? (slugs are the file names in "
            f"docs/heads/); every slug: {vocabulary_url('heads')}") in found


TWINS = """@misc{first2022one,
  author = {Doe, Jane},
  title = {In-Context Heads: a Study},
  year = {2022},
  doi = {10.1000/ABC},
  eprint = {2211.00593},
  archivePrefix = {arXiv},
}

@misc{second2022two,
  author = {Doe, Jane},
  title = {Other},
  year = {2022},
  eprint = {2211.00593v2},
  archivePrefix = {arXiv},
}

@misc{third2022three,
  author = {Doe, Jane},
  title = {Third},
  year = {2022},
  doi = {10.1000/abc},
}

@misc{fourth2022four,
  author = {Doe, Jane},
  title = {{In}-context heads --- {A} study},
  year = {2022},
  url = {https://example.org/x},
}
"""


def test_the_same_paper_twice_is_a_problem_naming_both_entries():
    db = Database.parse(TWINS, "references.bib")
    papers = {key: _paper(key) for key in db.entries}
    found = [str(p) for p in cross_check(papers, {"a-head": _head("a-head", "A Head")}, db, set(papers))]
    assert [p for p in found if "same" in p] == [
        ("references.bib:14: second2022two: same arXiv id 2211.00593 as 'first2022one' (references.bib:1, docs/papers/first2022one.md)"
        " — list the paper once: merge docs/papers/second2022two.md into the page of 'first2022one', then remove 'second2022two' and its page"),
        ("references.bib:22: third2022three: same DOI 10.1000/abc as 'first2022one' (references.bib:1, docs/papers/first2022one.md)"
        " — list the paper once: merge docs/papers/third2022three.md into the page of 'first2022one', then remove 'third2022three' and its page"),
        ("references.bib:27: fourth2022four: same title 'in context heads a study' as 'first2022one' (references.bib:1, docs/papers/first2022one.md)"
        " — list the paper once: merge docs/papers/fourth2022four.md into the page of 'first2022one', then remove 'fourth2022four' and its page"),
    ]


def test_a_yaml_bomb_is_refused_quickly():
    """Nested aliases that would expand to 9**9 items are refused before YAML builds them."""
    import time

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = paper().replace("date: 2022-11-01", "date: 2022-11-01\n" + "\n".join(levels), 1)
    start = time.perf_counter()
    found = problems_of("paper", text)
    assert time.perf_counter() - start < 1
    assert any(":3: front matter uses an anchor (&name)" in p for p in found), found


def test_a_refused_body_is_marked_unsafe_and_prose_is_not():
    hostile = paper().replace("---\n\n", "---\n\n:::{raw} html\n<script>x</script>\n:::\n\n", 1)
    assert read_page("paper", "x2023test", hostile, "p.md", VOCAB).unsafe
    assert not read_page("paper", "x2023test", paper(), "p.md", VOCAB).unsafe
