"""Sphinx glue: the domain, roles, directives and event handlers, kept thin.

The work is done below (sources, site, pages, exports); this package only connects it to
Sphinx's events, keeps per-build state on the application, and makes links with the builder.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes as docutils_nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import SphinxError
from sphinx.util import logging

from .. import __version__
from ..exports.files import write as write_exports
from ..pages.coins import coins
from ..pages.gate import scan_site
from . import (
    atlas_pages,
    author_pages,
    borrowed,
    cite,
    collect,
    feedlinks,
    head,
    list_pages,
    markup,
    navigation,
    search,
    sitemap,
    state,
)
from .directives import DIRECTIVES, AllowedMarkup, FrontMatterReference
from .domain import SurveyDomain, SurveyRole
from .nodes import placeholder, visit_coins_html, visit_placeholder
from .resolve import resolve_placeholders

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent.parent / "static"
TEMPLATES = Path(__file__).parent.parent / "templates"


def _config_inited(app: Sphinx, config: Config) -> None:
    config.headsurvey_root = str(app.confdir)
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # Checked before sphinxcontrib-bibtex parses the file (when the environment is set up),
    # so a syntax error stops the build with its line instead of a traceback.
    fatal = state.database_at(Path(app.confdir), config.headsurvey_bibfile).fatal
    if fatal:
        for problem in fatal:
            logger.error("%s — %s", problem.message, problem.fix, location=f"{problem.path}:{problem.line}")
        logger.error("build stopped: fix references.bib (run `headsurvey check` to see every problem)")
        raise SystemExit(2)  # a clean stop: Sphinx would print its "report this bug" traceback otherwise


def _doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    resolve_placeholders(app, doctree, docname)
    cite.link_citations(app, doctree, docname)


def _page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the explorer's script on the pages that hold an explorer, the copy announcer on pages with
    code blocks (their copy buttons), the scroll hint on pages with generated HTML (tables, grids)."""
    if "paper-explorer" in app.env.get_domain("hs").data["aggregates"].get(pagename, ()):
        app.add_js_file("explorer.js", loading_method="defer")
    if doctree is not None and next(doctree.findall(docutils_nodes.literal_block), None) is not None:
        app.add_js_file("announce.js", loading_method="defer")
    if doctree is None or next(doctree.findall(docutils_nodes.raw), None) is not None:  # generated tables and grids
        app.add_js_file("scrollhint.js", loading_method="defer")


class UnsafeOutput(SphinxError):
    category = "Unsafe content in the built site"


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_exports(Path(app.outdir), state.site(app), Path(app.doctreedir) / "headsurvey-exports.sha256",
                      app.builder.get_target_uri)
        sitemap.write_sitemap(app)
        problems = scan_site(Path(app.outdir), Path(app.doctreedir) / "headsurvey-gate.sha1",
                             urlsplit(app.config.html_baseurl).path)
        if problems:
            raise UnsafeOutput("\n".join(problems[:50]) + "\n— find what put this markup in the page and remove it")
        if app.config.headsurvey_search_index:
            search.build_index(Path(app.outdir))


def setup(app: Sphinx) -> dict:
    app.add_config_value("headsurvey_bibfile", "references.bib", "env", types=[str])
    app.add_config_value("headsurvey_root", "", "", types=[str])
    app.add_config_value("headsurvey_list_size", 500, "html", types=[int])
    # False skips Pagefind (a quick preview: the search page then finds nothing).
    app.add_config_value("headsurvey_search_index", True, "", types=[bool])
    app.add_domain(SurveyDomain)
    for role in ("paper", "head"):
        app.add_role(role, SurveyRole())
    app.add_node(placeholder, **{fmt: (visit_placeholder, None) for fmt in ("html", "latex", "text", "man", "texinfo")})
    app.add_node(coins, html=(visit_coins_html, None),
                 **{fmt: (visit_placeholder, None) for fmt in ("latex", "text", "man", "texinfo")})
    app.add_node(docutils_nodes.citation, override=True, html=markup.CITATION)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_directive("frontmatter-reference", FrontMatterReference)
    app.add_directive("allowed-markup", AllowedMarkup)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", navigation.cache_theme_navigation)
    app.connect("builder-inited", search.builder_inited)
    app.connect("source-read", collect.on_source_read)
    app.connect("doctree-read", collect.on_doctree_read, priority=400)
    app.connect("env-get-outdated", collect.on_env_get_outdated)
    app.connect("env-updated", collect.on_env_updated)
    app.connect("env-updated", state.refresh, priority=900)
    app.connect("env-updated", borrowed.on_env_updated, priority=950)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("html-page-context", navigation.cache_toctree, priority=100)
    app.connect("html-page-context", _page_scripts)
    app.connect("html-page-context", head.on_page_context, priority=400)  # before sphinxext-opengraph
    app.connect("html-page-context", sitemap.note_generated)
    app.connect("html-page-context", search.slim_search_page)
    app.connect("html-page-context", feedlinks.add_feed_links)
    app.connect("html-collect-pages", atlas_pages.collect_pages)
    app.connect("html-collect-pages", author_pages.collect_pages)
    app.connect("html-collect-pages", list_pages.collect_pages)
    app.connect("html-collect-pages", search.collect_pages)
    app.connect("build-finished", _build_finished)
    app.add_css_file("headsurvey.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
