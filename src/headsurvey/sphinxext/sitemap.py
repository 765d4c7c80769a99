"""sitemap.xml: every page of the site, in full builds and incremental ones alike.

sphinx-sitemap lists only the pages written by the current run, so an incremental build
leaves a partial sitemap (jdillard/sphinx-sitemap#13, open); this lists every document of
the environment plus the pages generated in this run (generated pages are written on every
build).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..pages import templating
from .state import build_state

NOT_LISTED = frozenset({"search", "genindex", "404"})  # tools and the error page, not content


def note_generated(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: remember pages that are not documents (atlas, generated indexes).

    Generators that skip unchanged pages (the author pages) record all of theirs themselves."""
    if pagename not in app.env.all_docs:
        build_state(app).generated.add(pagename)


def write_sitemap(app: Sphinx) -> Path:
    """Write sitemap.xml into the output folder (at build-finished)."""
    pages = (set(app.env.found_docs) | build_state(app).generated) - NOT_LISTED
    base = app.config.html_baseurl
    urls = sorted(base + app.builder.get_target_uri(page) for page in pages)  # html_baseurl ends in "/" (config.py)
    path = Path(app.outdir) / "sitemap.xml"
    path.write_text(templating.render("sitemap.xml", urls=urls), encoding="utf-8")
    return path
