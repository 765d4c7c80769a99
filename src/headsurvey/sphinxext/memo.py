"""Derived data kept between builds, keyed by a digest of everything it is made from.

Some of what a build derives from every record costs O(n) Python work although an edit rarely moves
its inputs (the authors index, related papers, the export files' parts per paper). :func:`recall`
returns what was made in an earlier build from the same inputs, else makes it and keeps it (a pickle
in the doctree folder, as Sphinx keeps its environment). The inputs always include this package's
code (:func:`package_digest`), so a new version of the code that derives the data makes it again.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import stat
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: This package's folder: its code, templates and assets.
PACKAGE = Path(__file__).resolve().parent.parent


def files_digest(folders: Iterable[Path]) -> list[tuple[str, str]]:
    """(path in its folder, SHA-1) of every file of ``folders`` (compiled Python left out)."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [(str(f.relative_to(folder)), hashlib.sha1(f.read_bytes()).hexdigest())
                      for f in sorted(folder.rglob("*")) if f.is_file() and f.suffix != ".pyc"]
    return found


def package_digest() -> str:
    """A digest of this package's code, templates and assets (read again only when a file's size or time moved)."""
    stamps = tuple((str(f), info.st_size, info.st_mtime_ns) for f in sorted(PACKAGE.rglob("*"))
                   if f.suffix != ".pyc" and stat.S_ISREG((info := f.stat()).st_mode))
    return _package_digest(stamps)


@lru_cache(maxsize=4)
def _package_digest(stamps: tuple) -> str:
    return digest(files_digest([PACKAGE]))


def digest(*parts: object) -> str:
    """A SHA-1 of the ``repr`` of ``parts`` (of built-in values and frozen records, whose ``repr`` is their value)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def load(folder: str | Path, name: str, inputs: str, default: T) -> T:
    """What was kept under ``name`` in ``folder`` (the doctree folder) if it was made from ``inputs``, else ``default``."""
    collecting = gc.isenabled()
    gc.disable()  # unpickling many small objects set off collections that tripled its time (95 ms → 28 ms for 3 MB)
    try:
        with (Path(folder) / f"headsurvey-memo-{name}.pickle").open("rb") as file:
            kept, value = pickle.load(file)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return default
    finally:
        if collecting:
            gc.enable()
    return value if kept == inputs else default


def keep(folder: str | Path, name: str, inputs: str, value: object) -> None:
    """Keep ``value``, made from ``inputs``, under ``name`` in ``folder`` for the next build."""
    path = Path(folder) / f"headsurvey-memo-{name}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pickle.dump((inputs, value), file, protocol=pickle.HIGHEST_PROTOCOL)


_MISSING: Any = object()


def recall(folder: str | Path, name: str, inputs: str, make: Callable[[], T]) -> T:
    """What ``make()`` returned in an earlier build whose ``inputs`` digest was the same, else ``make()``
    (then kept for the next build under ``name`` in ``folder``, the doctree folder)."""
    value = load(folder, name, inputs, _MISSING)
    if value is _MISSING:
        value = make()
        keep(folder, name, inputs, value)
    return value
