"""Shared fixtures: the real site built once per session, strictly, into a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def sphinx_build(src_root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the site's strict build (as `make html` does) on a repository copy at src_root.

    Without colour: Sphinx colours its log when CI is set, and tests read that log."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "--no-color", *extra,
           "-c", str(src_root), str(src_root / "docs"), str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=src_root)


def copy_site(dest: Path) -> Path:
    """A private copy of the sources (docs/, conf.py, references.bib, included files) to edit in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    for name in ("conf.py", "references.bib", "benchmarks/results.md"):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, dest / name)
    return dest


class Site:
    """A built site: its output folder and parsed pages."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._cache: dict[str, BeautifulSoup] = {}

    def page(self, name: str) -> BeautifulSoup:
        if name not in self._cache:
            self._cache[name] = BeautifulSoup((self.out / name).read_text(encoding="utf-8"), "html.parser")
        return self._cache[name]

    def pages(self) -> list[str]:
        return sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(ROOT, out, "-j", "auto")
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
    assert "WARNING" not in result.stderr, result.stderr
    return Site(out)


@pytest.fixture(scope="session")
def catalogue():
    from headsurvey.sources import Catalogue

    return Catalogue.load(ROOT)
