"""Peak memory: no doctree is held between its reading and its writing.

Sphinx keeps every doctree it reads in memory until its page is written
(``env._write_doc_doctree_cache``), and the pickled bytes of every doctree it reads back
(``env._pickled_doctree_cache``), so a full build holds the whole site at once: at 10,000 papers
the process peaked at 985 MiB with them, 675 MiB without. Both caches are replaced, before reading, by one that
keeps nothing: each page's doctree is read back from the pickle Sphinx wrote beside it when the
page is written (what an incremental build does anyway), and the peak stays near the
environment's size. ``tests/test_memory.py`` fails if a version of Sphinx renames the caches.

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

#: The environment's doctree caches (private to Sphinx, checked by the tests).
CACHES = ("_write_doc_doctree_cache", "_pickled_doctree_cache")


class KeepNothing(dict):
    """A cache that drops what it is given: a lookup misses, and Sphinx reads the pickle."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for name in CACHES:
        setattr(env, name, KeepNothing())


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
    return []


def after_build(app: Sphinx, exception: Exception | None) -> None:
    """The collector walks everything again: a process that builds again can free this build's objects."""
    gc.unfreeze()
    gc.enable()


def freeze_at_exit() -> None:
    """Once per process: at exit, leave the objects still alive to the operating system."""
    atexit.unregister(gc.freeze)  # registered at most once, however many builds the process runs
    atexit.register(gc.freeze)
