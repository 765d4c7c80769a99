"""Read the site's sources (pages, references.bib, vocabularies) into validated records.

Nothing here knows about Sphinx: the checker CLI, the tests and the Sphinx extension share
these functions, so a page is judged the same way everywhere.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import body, duplicates, frontmatter, glossary, keypapers, normal, schema
from . import curation as curation_data
from .database import Database
from .names import unknown_spellings
from .problems import Problem, read_source
from .vocab import Vocabulary, vocabulary_url

PAPERS_DIR = "papers"
HEADS_DIR = "heads"
DATA_DIR = "_data"


def page_kind(docname: str) -> str | None:
    """'paper' or 'head' for a docname such as ``papers/olsson2022context``."""
    folder, _, name = docname.partition("/")
    if not name or "/" in name or name == "index":
        return None
    return {PAPERS_DIR: "paper", HEADS_DIR: "head"}.get(folder)


#: Files of these types are pages to Sphinx (MyST's .md, reStructuredText's .rst).
SOURCE_SUFFIXES = (".md", ".rst")
CONTRIBUTED = (PAPERS_DIR, HEADS_DIR)


def folder_rule(docname: str, suffix: str = ".md") -> str | None:
    """Which rules a page of the contributed folders (docs/papers/, docs/heads/, at any depth)
    is read by: 'paper', 'head', 'index' (the folder's list), 'stray' (any other page: refused);
    None outside those folders."""
    folder = docname.partition("/")[0]
    if folder not in CONTRIBUTED:
        return None
    if suffix != ".md":
        return "stray"
    return page_kind(docname) or ("index" if docname.count("/") == 1 else "stray")


def read_other(rule: str, text: str, path: str) -> PageResult:
    """Check a contributed folder's index page (generated lists and checked Markdown only) or
    refuse a stray page (in a sub-folder, or not Markdown): it is withheld from the site."""
    if rule == "stray":
        folder = path.split("/")[1] if path.startswith("docs/") else PAPERS_DIR
        problem = Problem(path, 1, f"only <name>.md pages directly in docs/{folder}/ are read: this page would be published unchecked",
                          f"move it to docs/{folder}/<name>.md with the front matter of a {folder[:-1]} page, or delete it")
        return PageResult(rule, path, None, [problem], 0, unsafe=True)
    problems, unsafe, refs = body.check_page(text, path, 1, 0, {**body.DIRECTIVES, **body.INDEX_DIRECTIVES})
    return PageResult(rule, path, None, problems, 0, unsafe, refs, path)


@dataclass
class PageResult:
    """A page read and checked on its own."""

    kind: str
    name: str
    record: schema.Paper | schema.Head | None
    problems: list[Problem]
    end: int  # lines of front matter (0 if none)
    unsafe: bool = False  # the body holds something that must not be rendered
    refs: list[tuple[str, str, int]] = field(default_factory=list)  # cross-references: (role, target, line)
    path: str = ""


def summary_words(body: str) -> str:
    """The distinct words of a summary, lower-cased, in order of first use (roles' names left out)."""
    words = re.findall(r"[a-z0-9][a-z0-9'-]*[a-z0-9]", re.sub(r"\{[\w-]+\}", " ", body.lower()))
    return " ".join(dict.fromkeys(words))


def read_page(kind: str, name: str, text: str, path: str, vocab: Vocabulary) -> PageResult:
    """Parse and check one paper or head page (front matter and body)."""
    try:
        fm = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        fields = schema.PAPER_FIELDS if kind == "paper" else schema.HEAD_FIELDS
        fix = exc.fix or "start the page with '---', the fields (" + ", ".join(fields) + "), then '---'"
        try:
            end = frontmatter.fence_end(text)
        except frontmatter.FrontMatterError:
            end = 0
        return PageResult(kind, name, None, [Problem(path, exc.line, str(exc), fix)], end, unsafe=True)
    record: schema.Paper | schema.Head | None
    if kind == "paper":
        record, problems = schema.check_paper(name, path, fm, vocab)
        min_words = schema.MIN_SUMMARY_WORDS
    else:
        record, problems = schema.check_head(name, path, fm, vocab)
        min_words = schema.MIN_HEAD_WORDS
    body_problems, unsafe, refs = body.check_page(text, path, fm.end + 1, min_words)
    if isinstance(record, schema.Paper) and not unsafe:
        record.words = summary_words("\n".join(text.splitlines()[fm.end:]))
    return PageResult(kind, name, record, problems + body_problems, fm.end, unsafe, refs, path)


def cross_check(papers: dict[str, schema.Paper], heads: dict[str, schema.Head], db: Database,
                page_keys: set[str], vocab: Vocabulary | None = None) -> list[Problem]:
    """Problems that involve more than one page: keys, slugs, related heads, aliases.

    ``page_keys`` names every paper page on disk, valid or not: an entry whose page is broken
    is reported there, not as an entry without a page.
    """
    problems = []
    for key, paper in papers.items():
        if key not in db.entries:
            orphans = [k for k in db.entries if k not in papers]
            similar = difflib.get_close_matches(key, orphans, n=1, cutoff=0.6)
            fix = f"rename the page to {similar[0]}.md (the file name is the key)" if similar else f"add its entry: headsurvey add <arXiv id or DOI> --key {key} (or paste the BibTeX: headsurvey add - --key {key} < entry.bib)"
            problems.append(Problem(paper.path, 1, f"no entry '{key}' in references.bib", fix))
        problems += unknown_heads(paper, heads)
    for key, entry in db.entries.items():
        if key not in page_keys:
            problems.append(Problem(db.path, entry.line, f"entry '{key}' has no page", f"write its page: headsurvey add --key {key} --date YYYY-MM-DD --heads SLUG (or remove the entry)"))
        if vocab is not None and entry.venue and vocab.venue_name(entry.venue, entry.year) is None:
            problems.append(Problem(db.path, entry.line, f"venue '{entry.venue}' has no short name",
                                    f"add it to docs/{DATA_DIR}/venues.yaml (name: and a match: phrase it contains; the names: {vocabulary_url('venues')})"))
    for entry, first, what, name, value in duplicates.find(db.entries.values()):
        page = f", {papers[first.key].path}" if first.key in papers else ""
        shown = f"'{value}'" if what == "title" else value
        problems.append(Problem(db.path, entry.field_lines.get(name, entry.line), f"{entry.key}: same {what} {shown} as '{first.key}' ({db.path}:{first.line}{page})",
                                f"list the paper once: merge docs/papers/{entry.key}.md into the page of '{first.key}', then remove '{entry.key}' and its page"))
    if vocab is not None:
        problems += unknown_spellings(vocab.authors, db.entries.values(), vocab.shown.get("authors", "authors.yaml"))
    names: dict[str, str] = {}
    heads_of = {key: paper.heads for key, paper in papers.items()}
    for slug, head in sorted(heads.items()):
        problems += keypapers.problems(head.path, slug, head.key_papers, heads_of, page_keys)
        for i, other in enumerate(head.related):
            if other not in heads:
                near = schema.closest(other, heads)
                fix = f"did you mean '{near}'?" if near else f"use a slug of docs/heads/ or add docs/heads/{other}.md"
                problems.append(Problem(head.path, head.line_of(f"related.{i}"), f"related head '{other}' has no page", fix))
        for i, alias in enumerate((head.name, *head.aliases)):
            folded = normal.fold(alias)
            if folded in names and names[folded] != slug:
                where = head.line_of(f"aliases.{i - 1}") if i else head.line_of("name")
                problems.append(Problem(head.path, where, f"name '{alias}' is already claimed by head '{names[folded]}'", "keep each name or alias on one head page only"))
            names.setdefault(folded, slug)
    return problems


def unknown_heads(paper: schema.Paper, heads: Collection[str]) -> list[Problem]:
    """A problem for every head slug of ``paper`` without a head page, with the nearest slug."""
    problems = []
    for i, slug in enumerate(paper.heads):
        if slug not in heads:
            near = schema.closest(slug, heads)
            fix = f"did you mean '{near}'? (slugs are the file names in docs/heads/)" if near else f"use a slug of docs/heads/ or add docs/heads/{slug}.md (headsurvey new head {slug} ...)"
            fix += f"; every slug: {vocabulary_url('heads')}"
            problems.append(Problem(paper.path, paper.line_of(f"heads.{i}"), f"unknown head '{slug}'", fix))
    return problems


@dataclass
class SourceRecords:
    """Every record as read from disk (pages, references.bib, vocabularies, curation files), with
    every problem found: what ``headsurvey check`` judges. The build indexes the same records
    as a :class:`headsurvey.site.SiteIndex` (papers by head, authors, related papers, ...)."""

    papers: dict[str, schema.Paper] = field(default_factory=dict)
    heads: dict[str, schema.Head] = field(default_factory=dict)
    db: Database | None = None
    vocab: Vocabulary | None = None
    curation: curation_data.Curation | None = None
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path | str) -> SourceRecords:
        """Read the repository at ``root`` (holding docs/ and references.bib).

        Large sites read their pages in worker processes while references.bib is parsed here.
        """
        root = Path(root)
        docs = root / "docs"
        vocab = Vocabulary.load(docs / DATA_DIR, display=f"docs/{DATA_DIR}")
        jobs = [(rule, str(path), f"docs/{rel}") for rule, path, rel in contributed_files(docs)]
        workers = min(os.cpu_count() or 1, 4) - 1 if len(jobs) >= PARALLEL_FROM else 0
        if workers:
            # The workers take most pages; this process parses references.bib, then reads the rest.
            mine = len(jobs) // (workers + 2)
            rest = jobs[mine:]
            chunks = [rest[i::workers] for i in range(workers)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_read_pages, chunk, vocab) for chunk in chunks]  # vocab: 27 KB pickled
                db = Database.load(root / "references.bib", display="references.bib")
                results = _read_pages(jobs[:mine], vocab) + [r for f in futures for r in f.result()]
        else:
            db = Database.load(root / "references.bib", display="references.bib")
            results = _read_pages(jobs, vocab)
        cur = curation_data.Curation.load(docs / DATA_DIR, display=f"docs/{DATA_DIR}")
        cat = cls(db=db, vocab=vocab, curation=cur,
                  problems=[*vocab.problems, *db.problems, *cur.problems, *curation_data.catalogued(cur, db)])
        for result in results:
            cat.problems += result.problems
            if isinstance(result.record, schema.Paper):
                cat.papers[result.name] = result.record
            elif isinstance(result.record, schema.Head):
                cat.heads[result.name] = result.record
        paper_pages = {result.name for result in results if result.kind == "paper"}
        cat.problems += cross_check(cat.papers, cat.heads, db, paper_pages, vocab)
        targets: dict[str, Collection[str]] = {"paper": cat.papers, "head": cat.heads, "term": glossary.terms(docs), "cite": db.entries}
        cat.problems += [problem for result in results for problem in glossary.unknown_references(result.path, result.refs, targets)]
        cat.problems.sort()
        return cat


def contributed_files(docs: Path) -> list[tuple[str, Path, str]]:
    """(rule, path, path from docs/) of every page Sphinx reads in the contributed folders, at any depth."""
    found = []
    for folder in CONTRIBUTED:
        for path in sorted((docs / folder).rglob("*")):
            rel = path.relative_to(docs)
            if path.is_file() and path.suffix in SOURCE_SUFFIXES and ".ipynb_checkpoints" not in rel.parts:
                found.append((folder_rule(rel.with_suffix("").as_posix(), path.suffix) or "stray", path, rel.as_posix()))
    return found


#: From this many pages on, ``SourceRecords.load`` reads pages in parallel.
PARALLEL_FROM = 3000


def _read_pages(jobs: list[tuple[str, str, str]], vocab: Vocabulary) -> list[PageResult]:
    results = []
    for kind, path, shown in jobs:
        text, problems = read_source(path, shown)
        if kind in ("paper", "head"):
            result = read_page(kind, Path(path).stem, text, shown, vocab)
        else:
            result = read_other(kind, text, shown)
        result.problems[:0] = problems
        results.append(result)
    return results
