"""Pure work done on another core while Sphinx reads and writes on one.

A serial build (``-j 1``) keeps one core busy. Three of its costs are functions of a file's text
with no Sphinx in them: the checks of a paper or head page (front matter and body,
:func:`headsurvey.sources.read_page`), and the post-build gate's and the site search's parses of a
written HTML file (:func:`headsurvey.pages.gate.findings`, :func:`headsurvey.pages.searchdoc.record`).
A helper process computes them ahead of the build, which takes an answer only when it matches what
the build has: a page's check when its text is the text Sphinx read, a file's findings and search
record when the file's SHA-1 is the one on disk (and, for the record, when no glossary term cites the page). Anything else (an answer not there yet, a helper that failed to start or
stopped) is computed in the build as before, so the output never depends on the helper's
timing or presence.

The helper runs for serial builds that read at least :data:`MIN_PAGES` paper and head pages
(``headsurvey_offload = False`` turns it off). It is a new interpreter that imports this module
(not ``multiprocessing``, which would run again a script that started the build), and it ends
when its input does: at build-finished, or when the build's process ends.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..pages import searchdoc
from ..pages.gate import findings
from ..sources import read_page
from ..sources.loader import PageResult, folder_rule
from . import state

logger = logging.getLogger(__name__)

#: Fewer pages to read than this and the build does the work itself (the helper takes about a second to start).
MIN_PAGES = 100
#: Pages checked, or written files parsed, per task sent to the helper.
BATCH = 50
#: The helper's command: a new interpreter running :func:`main`.
COMMAND = [sys.executable, "-c", f"from {__name__} import main; main()"]
#: The longest wait (seconds) for the helper's last answers at build-finished; then the build does the rest.
PATIENCE = 120


def _read_pages(vocab: Any, encoding: str, items: list[tuple[str, str, str, str, str]]) -> tuple[str, list]:
    done = []
    for docname, kind, name, path, shown in items:
        text = Path(path).read_text(encoding=encoding)
        done.append((docname, text, read_page(kind, name, text, shown, vocab)))
    return "pages", done


def _written(root: str, items: list[tuple[str, str]]) -> tuple[str, list]:
    done = []
    for rel, path in items:
        data = Path(path).read_bytes()
        text = data.decode("utf-8", errors="replace")
        done.append((rel, hashlib.sha1(data).hexdigest(), findings(text, rel.count("/"), root), searchdoc.record(text, rel, [])))
    return "written", done


#: What the helper may be asked to do, by name.
TASKS: dict[str, Callable[..., tuple[str, list]]] = {"pages": _read_pages, "written": _written}


class Helper:
    """The helper process, and what it has answered so far (filled by a thread reading its output)."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(os.path.abspath(p or os.curdir) for p in sys.path))
        self.process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.pages: dict[str, tuple[str, Any]] = {}  # docname → (text read, PageResult)
        self.gated: dict[tuple[str, str], list] = {}  # (file, SHA-1) → the gate's findings
        self.records: dict[tuple[str, str], dict | None] = {}  # (file, SHA-1) → its search record (no glossary terms)
        self.sent = 0
        self.answered = 0
        self.failure = ""
        self.changed = threading.Condition()
        self.written: list[tuple[str, str]] = []  # (file, path) of pages written and not sent yet
        self.last: tuple[str, str] | None = None  # the page being written
        self.outbox: queue.Queue[tuple[str, tuple] | None] = queue.Queue()
        self.threads = [threading.Thread(target=self._read, daemon=True), threading.Thread(target=self._write, daemon=True)]
        for thread in self.threads:
            thread.start()

    def send(self, task: str, *args: Any) -> None:
        """Queue a task (a thread writes it: the build never waits on a full pipe)."""
        self.sent += 1
        self.outbox.put((task, args))

    def _write(self) -> None:
        stream: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        while (message := self.outbox.get()) is not None:
            try:
                pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()
            except (OSError, ValueError) as exc:  # the helper has stopped: the build does the rest itself
                with self.changed:
                    self.failure = self.failure or str(exc)
                    self.changed.notify_all()
                return
        stream.close()

    def _read(self) -> None:
        stream: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        while True:
            try:
                kind, done = pickle.load(stream)
            except Exception as exc:  # EOF or a broken stream: the helper is gone
                with self.changed:
                    self.failure = self.failure or (type(exc).__name__ if isinstance(exc, EOFError) else str(exc))
                    self.changed.notify_all()
                return
            if kind == "pages":
                self.pages.update((docname, (text, result)) for docname, text, result in done)
            elif kind == "written":
                for rel, sha, found, record in done:
                    self.gated[rel, sha] = found
                    self.records[rel, sha] = record
            else:
                self.failure = str(done)
            with self.changed:
                self.answered += 1
                self.changed.notify_all()

    def wait(self) -> None:
        """Until every task sent is answered, the helper is gone, or :data:`PATIENCE` has run out."""
        with self.changed:
            self.changed.wait_for(lambda: self.answered >= self.sent or bool(self.failure), timeout=PATIENCE)

    def close(self) -> None:
        """End the helper (its input ends) and the two threads."""
        self.outbox.put(None)
        self.threads[1].join()
        try:
            self.process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.threads[0].join()
        if self.process.returncode or self.failure not in ("", "EOFError"):
            reason = self.failure if self.failure not in ("", "EOFError") else f"exit status {self.process.returncode}"
            logger.info("headsurvey: the helper process stopped early (%s); the build did its part itself", reason)


def start(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: the helper checks the paper and head pages to read, in Sphinx's order."""
    current = state.build_state(app)
    if current.helper is not None or app.parallel > 1 or not app.config.headsurvey_offload:
        return
    items = []
    for docname in sorted(docnames):
        path = env.doc2path(docname)
        rule = folder_rule(docname, path.suffix)
        if rule in ("paper", "head"):
            items.append((docname, rule, docname.partition("/")[2], str(path), state.display(env, path)))
    if len(items) < MIN_PAGES:
        return
    helper = current.helper = Helper()
    vocab, encoding = state.read_inputs(app).vocabulary, env.settings["input_encoding"]
    for i in range(0, len(items), BATCH):
        helper.send("pages", vocab, encoding, items[i:i + BATCH])


def page_result(app: Sphinx, docname: str, text: str) -> PageResult | None:
    """The helper's check of a page, if it has answered for this very text."""
    helper = state.build_state(app).helper
    answer = helper.pages.pop(docname, None) if helper is not None else None
    return answer[1] if answer is not None and answer[0] == text else None


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """html-page-context: the page written before this one is complete; the helper parses written
    pages in batches."""
    helper = state.build_state(app).helper
    if helper is None or not hasattr(app.builder, "get_outfilename"):  # the HTML builders' file of a page
        return
    if helper.last is not None:
        helper.written.append(helper.last)
    path = str(app.builder.get_outfilename(pagename))
    helper.last = (os.path.relpath(path, app.outdir).replace(os.sep, "/"), path)
    if len(helper.written) >= BATCH:
        helper.send("written", urlsplit(app.config.html_baseurl).path, helper.written)
        helper.written = []


def gate_answers(app: Sphinx) -> dict[tuple[str, str], list]:
    """(file, SHA-1) → the gate's findings, for the files the helper has parsed."""
    helper = state.build_state(app).helper
    if helper is None:
        return {}
    helper.wait()
    return helper.gated


def search_records(app: Sphinx) -> dict[tuple[str, str], dict | None]:
    """(file, SHA-1) → the file's search record without glossary terms, for the files the helper has
    parsed (handed over once: the build's staging keeps them from there)."""
    helper = state.build_state(app).helper
    if helper is None:
        return {}
    helper.wait()
    records, helper.records = helper.records, {}
    return records


def stop(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the helper ends with the build."""
    current = state.build_state(app)
    if current.helper is not None:
        current.helper.close()
        current.helper = None


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
