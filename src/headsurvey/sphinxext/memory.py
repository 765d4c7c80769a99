"""Memory and the collector: no doctree is held between its reading and its writing, and the
environment is left out of the collector's walks.

Sphinx keeps every doctree it reads in memory until its page is written
(``env._write_doc_doctree_cache``), and the pickled bytes of every doctree it reads back
(``env._pickled_doctree_cache``), so a full build holds the whole site at once: at 10,000 papers
the process peaked at 985 MiB with them, 675 MiB without. Both caches are replaced, before reading, by one that
keeps nothing: each page's doctree is read back from the pickle Sphinx wrote beside it when the
page is written (what an incremental build does anyway), and the peak stays near the
environment's size. ``tests/test_memory.py`` fails if a version of Sphinx renames the caches.

Python's collector walks every object alive each time it collects the oldest generation: at
10,000 papers, 13 such walks took 3.5 of a 9 s rebuild with no change, most while the environment
was unpickled. The collector is off while it is unpickled (:func:`before_env_load`, no garbage
there), and what is alive is frozen (``gc.freeze``) once the environment is loaded and again once
it is read, so later walks see only newer objects. While pages are read, what they add to the
environment is collected and frozen every 200 pages (:func:`while_reading`): in a full build of
10,000 papers, full collections while reading took 9.3 s without it (14 walks of a growing
environment) and 2.6 s with it. While pages are written, what they leave alive
(caches that grow with the site) is collected and frozen every thousand pages
(:func:`while_writing`), and each title node Sphinx rendered is detached from the throwaway document
it was rendered in (:func:`release_titles`). In a 10,000-paper rebuild that wrote every page
again, full collections took 19.4 s without these two and 4.3 s with them. At build-finished everything is
unfrozen (:func:`after_build`), so a process that builds again frees this build's objects.

A freeze also keeps, until the build ends, whatever is alive then and later becomes garbage in
a cycle (a document's nodes): reading freezes between two pages, when no page's document is alive,
and writing freezes rarely, with at most the page being written alive.

When the process ends, Python's collector would walk every object still alive (the environment
of 10,000 papers is millions of them) before freeing the modules: 9 of a 19 s rebuild with no
change. :func:`freeze_at_exit` moves them out of its reach when ``sphinx-build`` exits (Python's
``gc.freeze``, at exit only: a process that builds many times collects between its builds).
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: How many pages are written between two collections that freeze what survived them.
PAGES_BETWEEN_FREEZES = 1000
#: How many pages are read between two of them.
PAGES_READ_BETWEEN_FREEZES = 200
_written = [0]  # pages written since the environment was read
_read = [0]  # pages read in this read phase

#: The environment's doctree caches (private to Sphinx, checked by the tests).
CACHES = ("_write_doc_doctree_cache", "_pickled_doctree_cache")


class KeepNothing(dict):
    """A cache that drops what it is given: a lookup misses, and Sphinx reads the pickle."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for name in CACHES:
        setattr(env, name, KeepNothing())
    _read[0] = 0


def while_reading(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """env-purge-doc: every :data:`PAGES_READ_BETWEEN_FREEZES` pages, collect, then freeze what is alive
    (what the pages read so far added to the environment), before the next page is read: the page read
    before is garbage by now (Sphinx pickled its document and let it go)."""
    _freeze_every(_read, PAGES_READ_BETWEEN_FREEZES)


def before_env_load(app: Sphinx, config: object) -> None:
    """Nothing to collect while the environment is unpickled (millions of objects, no garbage)."""
    gc.disable()


def after_env_load(app: Sphinx) -> None:
    """Leave the loaded environment out of the collector's walks, then collect again."""
    gc.freeze()
    gc.enable()


def after_read(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Leave the environment read out of the collector's walks while the pages are written."""
    gc.freeze()
    _written[0] = 0
    return []


def while_writing(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """html-page-context: every :data:`PAGES_BETWEEN_FREEZES` pages, collect, then freeze what is alive
    (what the pages written so far left in caches), so that no walk sees it again."""
    _freeze_every(_written, PAGES_BETWEEN_FREEZES)


def _freeze_every(counter: list[int], pages: int) -> None:
    """Count one more page; every ``pages`` pages, collect, then freeze what is alive."""
    counter[0] += 1
    if counter[0] % pages == 0:
        gc.collect()
        gc.freeze()


def release_titles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """html-page-context: Sphinx renders a page's title and its neighbours' (next, previous, parents)
    by appending the environment's title nodes to a throwaway document, which each node then keeps
    alive: a document per page written, walked by every collection. The nodes are detached again."""
    relations = getattr(app.builder, "relations", {})
    related = relations.get(pagename)
    names = {pagename, *(related[1:] if related else ())}
    while related and related[0]:
        names.add(related[0])
        related = relations.get(related[0])
    for name in names:
        for table in (app.env.titles, app.env.longtitles):
            node = table.get(name)
            if node is not None and node.parent is not None:
                node.parent = None
                node._document = None


def after_build(app: Sphinx, exception: Exception | None) -> None:
    """The collector walks everything again: a process that builds again can free this build's objects."""
    gc.unfreeze()
    gc.enable()


def freeze_at_exit() -> None:
    """Once per process: at exit, leave the objects still alive to the operating system."""
    atexit.unregister(gc.freeze)  # registered at most once, however many builds the process runs
    atexit.register(gc.freeze)
