"""The gate's refusals as located build errors: the source file and line that produced each.

A page built from a source file is reported at that file, on the first line holding the refused
text (the line of the page's top when the text was generated); a generated page by its own path.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import state

logger = logging.getLogger(__name__)
FIX = "remove the markup that produces it (pages may hold no script, frame, SVG animation or non-http link)"


def sources(app: Sphinx) -> dict[str, str]:
    """Output page (path from the output folder) → docname, for every page built from a source."""
    out = Path(app.outdir)
    found = {}
    for docname in app.env.all_docs:
        try:
            written = Path(app.builder.get_outfilename(docname))  # type: ignore[attr-defined]
            found[written.relative_to(out).as_posix()] = docname
        except (AttributeError, ValueError):
            continue
    return found


def locate(app: Sphinx, docname: str, needle: str) -> tuple[str, int]:
    """The source file of ``docname`` and the first line holding ``needle`` (else 1)."""
    path = app.env.doc2path(docname)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").lower().split("\n")
    except OSError:
        lines = []
    wanted = needle.lower().strip()
    line = next((i for i, text in enumerate(lines, start=1) if wanted and wanted in text), 1)
    return state.display(app.env, path), line


def report(app: Sphinx, problems: list[tuple[str, int, str, str]]) -> None:
    """Log every refusal as an error located at its source."""
    by_page = sources(app)
    for page, line, message, needle in problems:
        docname = by_page.get(page)
        if docname is None:
            where, what = f"{page}:{line}", f"{message} (generated page {page})"
        else:
            source, at = locate(app, docname, needle)
            where, what = f"{source}:{at}", f"{message} (in {page}, line {line})"
        logger.error("unsafe output: %s — %s; the page is withheld", what, FIX, location=where)
