"""Shared fixtures: the real site built once per session, strictly, into a temporary folder."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def pytest_xdist_auto_num_workers(config) -> int:
    """One pytest-xdist worker more than cores (``-n auto``): part of the suite waits on pip,
    Chromium and the JVM, and 3 workers ran it in 212 s where 2 took 226 s on 2 cores."""
    return (os.cpu_count() or 1) + 1


#: Fixtures that open pages in headless Chromium.
BROWSER_FIXTURES = {"chromium_browser", "browser_page", "phone", "browser"}


#: The files that kept a worker longest (a full run on 2 cores, 2026-12-06), longest first: the
#: first handed out. test_citation's typesetting waits for the real site, which it builds first;
#: test_snippets installs its virtualenv, mostly waiting on the disk, while the others compute.
LONGEST = ("test_citation.py", "test_snippets.py", "test_reproducible.py", "test_quality.py", "test_researcher.py")


def pytest_collection_modifyitems(config, items) -> None:
    """Files holding slow tests go first, LONGEST in its order: pytest-xdist hands out whole files
    in this order (``--no-loadscope-reorder``), so the longest start at once and the short ones fill
    the workers around them (a file's own order is kept).

    A test that asks for a Chromium page (a fixture in BROWSER_FIXTURES) is marked ``browser``,
    so ``make test-fast`` leaves it out without each test having to say so."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: (item.path not in slow,
                                 LONGEST.index(item.path.name) if item.path.name in LONGEST else len(LONGEST)))


def sphinx_args(src_root: Path, out: Path, *extra: str, strict: bool = True) -> list[str]:
    """The arguments of the site's strict build (as `make html` gives them) of a copy at src_root.

    Without colour: Sphinx colours its log when CI is set, and tests read that log."""
    return ["-b", "html", *(["-W"] if strict else []), "--keep-going", "-n", "--no-color", *extra,
            "-c", str(src_root), str(src_root / "docs"), str(out)]


def sphinx_build(src_root: Path, out: Path, *extra: str, strict: bool = True) -> subprocess.CompletedProcess:
    """Run the site's strict build on a repository copy at src_root, in this process.

    The function `python -m sphinx` runs (``sphinx.cmd.build.main``), with its arguments, from
    the same folder: the same exit status and log, without the 2 to 3 s of CPU a new interpreter
    spends importing Sphinx, the theme and the extensions (a small site's build then takes under
    1 s). Each build is a new application in docutils' and Sphinx's own namespaces, as
    ``sphinx.testing`` makes them; :func:`sphinx_process` runs the command itself."""
    import contextlib
    import io

    from sphinx.cmd.build import main

    args = sphinx_args(src_root, out, *extra, strict=strict)
    stdout, stderr, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(src_root)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(args)
            except SystemExit as stop:  # the extension's clean stop: the exit status the process would give
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
                if isinstance(stop.code, str):
                    print(stop.code, file=sys.stderr)
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["sphinx-build", *args], code, stdout.getvalue(), stderr.getvalue())


def sphinx_process(src_root: Path, out: Path, *extra: str, strict: bool = True) -> subprocess.CompletedProcess:
    """The same build as :func:`sphinx_build` in a new ``python -m sphinx`` process: for the
    real site, built as `make html` builds it and compared with other builds."""
    cmd = [sys.executable, "-m", "sphinx", *sphinx_args(src_root, out, *extra, strict=strict)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=src_root)


def headsurvey_cli(*args: str) -> subprocess.CompletedProcess:
    """``headsurvey ARGS`` in this process: the function the command runs (``headsurvey.cli.main``),
    its exit status and what it printed, as :func:`subprocess.run` gives them for a new
    ``python -m headsurvey.cli``, without the interpreter's start and imports (about 1 s of CPU
    each). Tests of the command as a process (its entry point, environment variables) run it so."""
    import contextlib
    import io

    from headsurvey.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's refusals
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return subprocess.CompletedProcess(["headsurvey", *args], code, stdout.getvalue(), stderr.getvalue())


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    """``check-jsonschema ARGS`` (the pinned test dependency) in this process, through click's test
    runner: its exit status and output, without a new interpreter's start and imports."""
    from check_jsonschema import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["check-jsonschema", *args], result.exit_code, result.stdout, result.stderr)


def copy_site(dest: Path) -> Path:
    """A private copy of the sources (docs/, conf.py, references.bib, included files) to edit in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    for name in ("conf.py", "references.bib", "benchmarks/results.md"):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, dest / name)
    return dest


class Site:
    """A built site: its output folder and its pages, parsed once each: as BeautifulSoup for tests
    that read a few pages, as lxml trees for tests that scan every page (BeautifulSoup needed
    25 s of CPU per test process for the real site's 1,400 pages, lxml 2 s)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._cache: dict[str, BeautifulSoup] = {}
        self._trees: dict[str, lxml.html.HtmlElement] = {}

    def page(self, name: str) -> BeautifulSoup:
        if name not in self._cache:
            self._cache[name] = BeautifulSoup((self.out / name).read_text(encoding="utf-8"), "html.parser")
        return self._cache[name]

    def tree(self, name: str) -> lxml.html.HtmlElement:
        if name not in self._trees:
            self._trees[name] = lxml.html.fromstring((self.out / name).read_bytes())
        return self._trees[name]

    def pages(self) -> list[str]:
        return sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id: str) -> Site:
    """The real site, built once for the whole run: the first pytest-xdist worker to ask builds it
    under a lock in the run's shared temporary folder, the others wait and read the same files."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    out, log = shared / "real-site" / "html", shared / "real-site" / "build.log"
    with open(shared / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            result = sphinx_process(ROOT, out, "-j", "auto")
            log.write_text(f"{result.returncode}\n{result.stderr}")
    code, _, stderr = log.read_text().partition("\n")
    assert code == "0", f"strict build failed:\n{stderr[-4000:]}"
    assert "WARNING" not in stderr, stderr
    return Site(out)


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium per test process (pytest-xdist worker), launched when a test first
    needs it and shared by every module that runs there: each module opens its own pages, in
    browser contexts of their own (:func:`tests.browser.site_page`). Launching Playwright's driver
    and Chromium took about 2 s of CPU, once per module before."""
    from .browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def catalogue():
    from headsurvey.sources import SourceRecords

    return SourceRecords.load(ROOT)


MINI_BIB = """@misc{{{key},
  author = {{Doe, Jane and Roe, Richard}},
  title = {{A Study of Test Heads {n}}},
  year = {{2024}},
  url = {{{url}}},
}}
"""
MINI_PAPER = """---
date: 2024-0{n}-01
added: 2026-11-21
heads: [test-head]
models: [GPT-2 small]
methods: [path-patching]
tasks: [testing]
instances:
  - {{model: GPT-2 small, layer: {n}, head: 1, role: test-head, evidence: [path-patching], source: paper Table 1}}
---

{body}
"""
MINI_HEAD = """---
name: Test Head
stage: [ICI]
category: Overall Structure
placement: site
---

## Definition

A head used in tests: it attends to the previous token and writes that token's identity into
the residual stream so that later heads in the same circuit can match on it and copy the
token that followed.
"""
PROSE = " ".join(["The authors locate a head that copies names and test it with path patching."] * 8)


def mini_site(dest: Path, bodies: dict[str, str] | None = None, urls: dict[str, str] | None = None,
              pages: dict[str, str] | None = None) -> Path:
    """A small site (the real conf.py and vocabularies, one head, papers a2024x and b2024y) to
    build in a few seconds: ``bodies`` replaces paper summaries, ``pages`` adds docs/ pages."""
    bodies = {"a2024x": PROSE, "b2024y": PROSE, **(bodies or {})}
    urls = urls or {}
    (dest / "docs/papers").mkdir(parents=True)
    (dest / "docs/heads").mkdir()
    # Not the alias table: it names authors of the real catalogue, absent from this bib.
    shutil.copytree(ROOT / "docs/_data", dest / "docs/_data", ignore=shutil.ignore_patterns("authors.yaml"))
    shutil.copytree(ROOT / "docs/_static", dest / "docs/_static")
    shutil.copy(ROOT / "conf.py", dest / "conf.py")
    (dest / "docs/heads/test-head.md").write_text(MINI_HEAD)
    bib = []
    for n, (key, body) in enumerate(sorted(bodies.items()), start=1):
        (dest / f"docs/papers/{key}.md").write_text(MINI_PAPER.format(n=n, body=body))
        bib.append(MINI_BIB.format(key=key, n=n, url=urls.get(key, f"https://example.org/{key}")))
    (dest / "references.bib").write_text("\n".join(bib))
    pages = {"index.md": "# Mini site\n\n```{paper-index}\n```\n\n```{toctree}\nexplore\ncharts\natlas\ndata\n```\n",
             "explore.md": "# Explore\n\n```{paper-explorer}\n```\n",
             "charts.md": "# Charts\n\n```{chart} family-matrix\n```\n",
             "atlas.md": "# Atlas\n\n```{head-atlas}\n```\n", "data.md": "# Data\n\n```{downloads}\n```\n", **(pages or {})}
    for name, text in pages.items():
        (dest / "docs" / name).write_text(text)
    return dest


SITE_PREFIX = "/en/latest/"  # the site's path on Read the Docs (conf.py's html_baseurl)


def list_parts(site: Site, hub: str) -> list[str]:
    """The part pages a hub of a split list links (paths from the site root), after checking that
    following rel=next from the first visits them all in order and rel=prev leads back."""
    import posixpath

    def follow(page: str, href: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))

    listed = [follow(hub, a["href"]) for a in site.page(hub).select("ul.hs-parts a")]
    assert listed, f"{hub} links no part"
    walked = [listed[0]]
    while (nxt := site.page(walked[-1]).select_one("nav.hs-part-nav a[rel=next]")) is not None:
        page = follow(walked[-1], nxt["href"])
        assert follow(page, site.page(page).select_one("nav.hs-part-nav a[rel=prev]")["href"]) == walked[-1]
        walked.append(page)
    assert walked == listed
    return listed


def broken_links(out: Path) -> list[tuple[str, str]]:
    """Links and sources of every HTML page that lead to no file of the built site.

    Relative links are followed from the page; absolute paths (the 404 page's, which may be
    served at any address) from the site's root on Read the Docs."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs) -> None:
            self.found += [v for k, v in attrs if k in ("href", "src") and v]

    broken = []
    for page in sorted(out.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                assert path.startswith(SITE_PREFIX), (page, link)
                target = (out / path[len(SITE_PREFIX):]).resolve()
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(page.relative_to(out)), link))
    return broken
