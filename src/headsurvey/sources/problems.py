"""Problems found in the sources: each names a file, a line and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


def read_source(path: Path | str, shown: str) -> tuple[str, list[Problem]]:
    """A source file's text as Sphinx reads it (UTF-8, a leading byte-order mark dropped, newlines as \\n).

    Bytes that are not UTF-8 are replaced and reported, with the line of the first one.
    """
    data = Path(path).read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # as Sphinx reads text
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = Problem(shown, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", "save the file with UTF-8 encoding")
        return data.decode("utf-8-sig", errors="replace"), [problem]
