"""Problems found in the sources: each names a file, a line and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One violation of the schema, located in a source file."""

    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} — {self.fix}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.path, "line": self.line, "message": self.message, "fix": self.fix}
