"""references.bib as a database: every entry by key, with the problems found reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import normal
from .bib import Entry, scan
from .bibrules import check_entry, tex_problems
from .problems import Problem, read_source


@dataclass
class Database:
    """All entries of references.bib by key, with the problems found reading it."""

    path: str
    entries: dict[str, Entry]
    problems: list[Problem]
    #: Problems that stop other BibTeX readers (syntax errors, unreadable bytes, a missing file).
    fatal: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path | str, display: str | None = None) -> Database:
        path = Path(path)
        name = display or str(path)
        try:
            text, problems = read_source(path, name)
        except FileNotFoundError:
            missing = [Problem(name, 1, "bibliography file not found", "create references.bib at the repository root")]
            return cls(name, {}, missing, missing)
        db = cls.parse(text, name)
        db.problems[:0] = problems
        db.fatal[:0] = problems
        return db

    @classmethod
    def parse(cls, text: str, name: str) -> Database:
        found, errors = scan(text)
        problems = [Problem(name, line, message, fix) for line, message, fix in errors]
        fatal = list(problems)
        entries: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}
        for entry in found:
            if entry.key in entries:
                first = entries[entry.key].line
                problems.append(
                    Problem(name, entry.line, f"duplicate key '{entry.key}' (first defined at line {first})", "merge the two entries or rename one key")
                )
                continue
            same = folded.setdefault(normal.fold(entry.key), entry)
            if same is not entry:
                problems.append(Problem(name, entry.line, f"key '{entry.key}' differs from '{same.key}' (line {same.line}) only in case or invisible characters: BibTeX keeps one of them",
                                        "merge the two entries or give one a different key"))
            entries[entry.key] = entry
            problems.extend(check_entry(entry, name))
            unsafe = tex_problems(entry, name)  # stop the build before anything is written
            problems.extend(unsafe)
            fatal.extend(unsafe)
        return cls(name, entries, problems, fatal)
