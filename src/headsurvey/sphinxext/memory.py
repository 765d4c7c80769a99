"""Peak memory: no doctree is held between its reading and its writing.

Sphinx keeps every doctree it reads in memory until its page is written
(``env._write_doc_doctree_cache``), and the pickled bytes of every doctree it reads back
(``env._pickled_doctree_cache``), so a full build holds the whole site at once: about 70 KiB a
paper page, some 500 MiB at 10,000 papers. Both caches are replaced, before reading, by one that
keeps nothing: each page's doctree is read back from the pickle Sphinx wrote beside it when the
page is written (what an incremental build does anyway), and the peak stays near the
environment's size. ``tests/test_memory.py`` fails if a version of Sphinx renames the caches.
"""

from __future__ import annotations

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
