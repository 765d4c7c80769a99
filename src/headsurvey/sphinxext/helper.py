"""The helper process of a serial build (:mod:`.offload` says what it is given and why), and its loop.

It is a new interpreter that imports this module (not ``multiprocessing``, which would run again a
script that started the build), reads tasks as pickles from its input and writes one answer for
each. The build ends it at build-finished; it also ends when its input does (the build's process
has ended). In the
build, :class:`Helper` queues the tasks (a thread writes them: the build never waits on a full
pipe) and a second thread files the answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin

from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..pages import searchdoc
from ..pages.context import Context, SiteConfig
from ..pages.gate import findings
from ..pages.kinds import catalogue_sections, render
from ..pages.meta import paper_meta_tags
from ..site import SiteIndex
from ..sources import read_page
from .search import keep_parsed, record_json

logger = logging.getLogger(__name__)

#: The helper's command: a new interpreter running :func:`main`.
COMMAND = [sys.executable, "-c", f"from {__name__} import main; main()"]


def paper_parts(located: bool) -> tuple[str, ...]:
    """The generated parts of a paper page the helper makes (pages/kinds.py), the located heads if ``located``."""
    return ("paper-header", *(f"paper-{ident}" for _, ident in catalogue_sections("paper", located)))


#: Every generated part of a paper page the helper can make.
PAPER_PARTS = paper_parts(located=True)
#: What the helper makes of a paper page's <head> with its parts: its citation tags and JSON-LD.
PAPER_META = "paper-meta"


class Addresses:
    """The HTML builder's addresses of pages, by Sphinx's own code, without a builder."""

    get_target_uri = StandaloneHTMLBuilder.get_target_uri
    get_relative_uri = Builder.get_relative_uri

    def __init__(self, link_suffix: str) -> None:
        self.link_suffix = link_suffix


@dataclass
class Shared:
    """What the generated parts of pages are made from: the site's records and how pages link."""

    site: SiteIndex
    addresses: Addresses
    config: SiteConfig
    docs: frozenset[str]
    kind_pages: dict[str, str]


#: What the build has shared with the helper (in the helper's process), and the paper lines made from it.
_shared: list[Shared] = []
_lines: dict[tuple, str] = {}


def _share(shared: Shared | None) -> tuple[str, list]:
    _shared[:] = [shared] if shared is not None else []
    _lines.clear()
    return "shared", []


def _parts(docnames: list[str]) -> tuple[str, list]:
    shared, lines = _shared[0], _lines
    done = []
    for docname in docnames:
        here = shared.addresses.get_target_uri(docname)  # type: ignore[misc]
        ctx = Context(site=shared.site, docname=docname,
                      uri=lambda target, d=docname: shared.addresses.get_relative_uri(d, target),  # type: ignore[misc]
                      file_uri=lambda path, h=here: relative_uri(h, path),  # type: ignore[misc]
                      exists=shared.docs.__contains__, config=shared.config, kind_pages=shared.kind_pages,
                      folder=here.rpartition("/")[0], lines=lines)
        paper = shared.site.papers.get(docname.partition("/")[2])
        kinds = paper_parts(paper is not None and bool(paper.instances))
        made: dict[str, Any] = {kind: render(ctx, kind, "") for kind in kinds}
        if paper is not None and paper.key in shared.site.db.entries:
            made[PAPER_META] = paper_meta_tags(shared.site, paper.key, urljoin(shared.config.baseurl, here))
        done.append((docname, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)))
    return "parts", done


def _read_pages(vocab: Any, encoding: str, items: list[tuple[str, str, str, str, str]]) -> tuple[str, list]:
    done = []
    for docname, kind, name, path, shown in items:
        text = Path(path).read_text(encoding=encoding)
        done.append((docname, text, read_page(kind, name, text, shown, vocab)))
    return "pages", done


def _written(root: str, staging: str, items: list[tuple[str, str]]) -> tuple[str, list]:
    """The gate's findings of written files, answered; their search records, kept in the staging
    folder when there is one (held in the build until staged, they raised its peak at 10,000 papers
    by about 80 MiB)."""
    done, rows = [], []
    for rel, path in items:
        data = Path(path).read_bytes()
        text, sha = data.decode("utf-8", errors="replace"), hashlib.sha1(data).hexdigest()
        done.append((rel, sha, findings(text, rel.count("/"), root)))
        if staging:
            rows.append((rel, sha, record_json(searchdoc.record(text, rel, []))))
    if rows:
        keep_parsed(Path(staging), rows)
    return "written", done


#: What the helper may be asked to do, by name.
TASKS: dict[str, Callable[..., tuple[str, list]]] = {"pages": _read_pages, "written": _written, "share": _share, "parts": _parts}


class Helper:
    """The helper process, and what it has answered so far (filled by a thread reading its output)."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(os.path.abspath(p or os.curdir) for p in sys.path))
        self.process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.pages: dict[str, tuple[str, Any]] = {}  # docname → (text read, PageResult)
        self.gated: dict[tuple[str, str], list] = {}  # (file, SHA-1) → the gate's findings
        # document → its generated parts, pickled until the build writes it: bytes, which the collector
        # never walks (as nodes, the parts of the pages ahead were walked by every full collection)
        self.parts: dict[str, bytes] = {}
        self.page: tuple[str, dict[str, Any]] = ("", {})  # the page being written, its parts not taken yet
        self.papers: list[str] = []  # the paper pages this build reads, in the order they are written
        self.shared = False  # whether the records are shared (the helper makes parts of pages)
        self.asked = 0  # how many of the paper pages the helper was asked to make parts for
        self.writing = ""  # the page whose parts the build last took
        self.written_pages = 0  # how many pages' parts the build has taken
        self.dropped: set[str] = set()  # pages the build made a part of itself: their parts are not kept
        self.sent = 0  # tasks sent
        self.answered = 0  # tasks answered
        self.failure = ""  # what went wrong in the helper, if anything did
        self.written: list[tuple[str, str]] = []  # (file, path) of pages written and not sent yet
        self.last: tuple[str, str] | None = None  # the page being written
        self.outbox: queue.Queue[bytes | None] = queue.Queue()
        self.threads = [threading.Thread(target=self._read, daemon=True), threading.Thread(target=self._write, daemon=True)]
        for thread in self.threads:
            thread.start()

    def send(self, task: str, *args: Any) -> None:
        """Queue a task, pickled now (the records it holds may change later); a thread writes it, so
        the build never waits on a full pipe."""
        self.sent += 1
        self.outbox.put(pickle.dumps((task, args), protocol=pickle.HIGHEST_PROTOCOL))

    def _write(self) -> None:
        stream: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        while (message := self.outbox.get()) is not None:
            try:
                stream.write(message)
                stream.flush()
            except (OSError, ValueError):  # the helper has ended: the build does the rest itself
                return
        with contextlib.suppress(OSError):  # the helper may have ended already
            stream.close()

    def _read(self) -> None:
        stream: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        while True:
            try:
                kind, done = pickle.load(stream)
            except EOFError:  # the helper has ended
                return
            except Exception as exc:  # a broken answer: the build does the rest itself
                self.failure = self.failure or f"{type(exc).__name__}: {exc}"
                return
            if kind == "pages":
                self.pages.update((docname, (text, result)) for docname, text, result in done)
            elif kind == "parts":
                self.parts.update((docname, made) for docname, made in done if docname not in self.dropped)
            elif kind == "written":
                self.gated.update(((rel, sha), found) for rel, sha, found in done)
            elif kind == "error":
                self.failure = str(done)
            self.answered += 1

    def take(self, docname: str, kind: str) -> Any:
        """The generated part ``kind`` of ``docname`` (nodes; HTML for :data:`PAPER_META`), if the
        helper made it and it was not taken yet."""
        if self.page[0] != docname:
            data = self.parts.pop(docname, None)
            self.page = (docname, pickle.loads(data) if data is not None else {})
        return self.page[1].pop(kind, None)

    def close(self) -> None:
        """End the helper at once (what it has not answered, the build does itself) and both threads;
        say so if it failed on its own."""
        ended = self.process.poll()  # None while it runs, as it should until now
        self.outbox.put(None)
        if ended is None:
            self.process.kill()
        self.process.wait()
        for thread in self.threads:
            thread.join()
        if ended or self.failure:
            logger.info("headsurvey: the helper process failed (%s); the build did its part itself",
                        f"exit status {ended}" if ended else self.failure)
        logger.verbose("headsurvey: the helper answered %d of %d tasks", self.answered, self.sent)


def serve(source: IO[bytes], answers: IO[bytes]) -> None:
    """The helper's loop: one task in, one answer out, until its input ends."""
    while True:
        try:
            task, args = pickle.load(source)
        except EOFError:
            return
        answer: tuple[str, Any]
        try:
            answer = TASKS[task](*args)
        except Exception as exc:  # the build computes this part itself
            answer = ("error", f"{task}: {type(exc).__name__}: {exc}")
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


def main() -> None:
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the error stream, not into the answers
    serve(sys.stdin.buffer, answers)
