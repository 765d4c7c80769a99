"""Where the extension finds references.bib and the vocabularies, loaded once per change.

Both are cached by file identity (path, size, mtime), so parallel workers forked after
loading share the parsed copy and nothing large is pickled into the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sphinx.environment import BuildEnvironment

from .bib import Database
from .sources import DATA_DIR
from .vocab import Vocabulary


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns)


def root(env: BuildEnvironment) -> Path:
    """The folder that holds conf.py (the repository root)."""
    return Path(env.config.headsurvey_root or Path(env.srcdir).parent)


def display(env: BuildEnvironment, path: Path | str) -> str:
    """A path as shown in messages: relative to the repository root."""
    return os.path.relpath(path, root(env))


def data_files(env: BuildEnvironment) -> list[Path]:
    folder = Path(env.srcdir) / DATA_DIR
    return [folder / f"{name}.yaml" for name in ("stages", "models", "methods")]


def database(env: BuildEnvironment) -> Database:
    return database_at(root(env), env.config.headsurvey_bibfile)


def database_at(root_dir: Path, bibfile: str) -> Database:
    """references.bib (``bibfile`` relative to ``root_dir``), parsed once per version of the file."""
    path = (root_dir / bibfile).resolve()
    return _load_db(str(path), os.path.relpath(path, root_dir), _stamp(path))


def vocabulary(env: BuildEnvironment) -> Vocabulary:
    folder = Path(env.srcdir) / DATA_DIR
    stamps = tuple(_stamp(p) for p in data_files(env))
    return _load_vocab(str(folder), display(env, folder), stamps)


@lru_cache(maxsize=4)
def _load_db(path: str, shown: str, stamp: tuple[int, int]) -> Database:
    return Database.load(path, display=shown)


@lru_cache(maxsize=4)
def _load_vocab(folder: str, shown: str, stamps: tuple) -> Vocabulary:
    return Vocabulary.load(folder, display=shown)
