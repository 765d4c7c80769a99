"""Sphinx glue: the domain, roles, directives and event handlers, kept thin.

The work is done below (sources, site, pages, exports); this package only connects it to
Sphinx's events, keeps per-build state on the application, and makes links with the builder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes as docutils_nodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .. import __version__
from ..pages import paperline
from ..pages.gate import scan_site, withhold
from ..sources.markdown import parser_settings
from . import (
    atlas_pages,
    author_pages,
    cite,
    collect,
    dependencies,
    feedlinks,
    gate_report,
    guard,
    highlight,
    list_pages,
    markup,
    memory,
    metatags,
    navigation,
    offload,
    search,
    searchindex,
    sitemap,
    state,
    templatecache,
)
from . import config as settings
from .directives import DIRECTIVES, AllowedMarkup, CurationTable, FrontMatterReference
from .domain import SurveyDomain, SurveyRole
from .nodes import placeholder, visit_placeholder
from .resolve import resolve_placeholders

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent.parent / "static"
TEMPLATES = Path(__file__).parent.parent / "templates"


def _derive_config(app: Sphinx, config: Config) -> None:
    """Settings that follow others, derived once the configuration (overrides included) is read.

    * the 404 page's prefix and the OpenGraph site address follow ``html_baseurl``, so
      ``-D html_baseurl=...`` and READTHEDOCS_CANONICAL_URL move them too;
    * MyST must parse as the checker does: its settings come from ``headsurvey.sources.markdown``;
    * a citation's anchor names its key (``cite.CITE_ID``), so ``{cite}`` links lead to paper pages.
    """
    base = config.html_baseurl or "/"
    config.notfound_urls_prefix = (urlsplit(base).path or "/").rstrip("/") + "/"
    config.ogp_site_url = base
    config.bibtex_cite_id = cite.CITE_ID
    from myst_parser.config.main import MdParserConfig

    wanted = MdParserConfig(**parser_settings())
    for name, value, field in wanted.as_triple():
        if "sphinx" in field.metadata.get("omit", []) or f"myst_{name}" not in config:
            continue
        given = config[f"myst_{name}"]
        if MdParserConfig(**{name: given}) != MdParserConfig(**{name: value}):
            logger.error("myst_%s = %r differs from headsurvey.sources.markdown.MYST_SETTINGS, which the checker parses "
                         "pages with — change the setting there (conf.py takes it from there), not in conf.py or with -D",
                         name, given, location=f"conf.py:{_conf_line(app, f'myst_{name}')}")
            raise SystemExit(2)  # a clean stop, as for a broken references.bib


def _conf_line(app: Sphinx, *needles: str) -> int:
    """The line of conf.py that sets a value (the last assignment wins), else the line importing MyST's settings."""
    lines = (Path(app.confdir) / "conf.py").read_text(encoding="utf-8").splitlines()
    for needle in (*needles, "globals().update(MYST_SETTINGS)"):
        found = [n for n, line in enumerate(lines, start=1) if line.lstrip().startswith(needle)]
        if found:
            return found[-1]
    return 1


def _config_inited(app: Sphinx, config: Config) -> None:
    config.headsurvey_root = str(app.confdir)
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # Checked before sphinxcontrib-bibtex parses the file (when the environment is set up),
    # so a syntax error stops the build with its line instead of a traceback.
    fatal = state.database_at(Path(app.confdir), config.headsurvey_bibfile, app.doctreedir).fatal
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
    code, scrolls = False, doctree is None  # a generated page: tables and grids, no code block
    for node in doctree.findall(_code_or_raw) if doctree is not None else ():  # one walk of the page for both
        if isinstance(node, docutils_nodes.literal_block):
            code = True
        elif not paperline.is_line(node.astext()):
            scrolls = True  # generated tables and grids (a paper line never scrolls)
        if code and scrolls:
            break
    if code:
        app.add_js_file("announce.js", loading_method="defer")
    if scrolls:
        app.add_js_file("scrollhint.js", loading_method="defer")


def _code_or_raw(node: docutils_nodes.Node) -> bool:
    return isinstance(node, (docutils_nodes.literal_block, docutils_nodes.raw))


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        checked = offload.finish(app)
        dependencies.write_exports(app)
        sitemap.write_sitemap(app)
        files = dependencies.html_files(app)
        problems = scan_site(Path(app.outdir), dependencies.gate_memo(app), urlsplit(app.config.html_baseurl).path, files, checked)
        if problems:
            gate_report.report(app, problems)
            withhold(Path(app.outdir), {page for page, *_ in problems})
            # the next build starts afresh: a withheld page must be written again, not kept as up to date
            (Path(app.doctreedir) / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
            app.statuscode = 1  # a clean stop: logged, located errors, no traceback
            return
        if app.config.headsurvey_search_index:
            records = search.stage(Path(app.outdir), search.staging_folder(app), files, dependencies.search_terms(app),
                                   offload.search_records(app))
            state.build_state(app).site = None  # the site's records are done with: the index's memory takes their place
            searchindex.build(Path(app.outdir), records, dependencies.search_inputs(app))
        else:
            searchindex.remove(Path(app.outdir))


def setup(app: Sphinx) -> dict:
    settings.add_settings(app)
    memory.freeze_at_exit()
    app.add_domain(SurveyDomain)
    for role in ("paper", "head"):
        app.add_role(role, SurveyRole())
    skipped: dict[str, Any] = {fmt: (visit_placeholder, None) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(placeholder, html=(visit_placeholder, None), **skipped)
    app.add_node(docutils_nodes.citation, override=True, html=markup.CITATION)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_directive("frontmatter-reference", FrontMatterReference)
    app.add_directive("allowed-markup", AllowedMarkup)
    app.add_directive("curation-table", CurationTable)
    app.connect("config-inited", settings.validate, priority=400)
    app.connect("config-inited", _derive_config, priority=100)  # before sphinx-notfound-page validates its prefix
    app.connect("config-inited", _config_inited)
    app.connect("config-inited", memory.before_env_load, priority=999)  # after every check of the settings
    app.connect("builder-inited", memory.after_env_load, priority=0)
    app.connect("builder-inited", navigation.cache_theme_navigation)
    app.connect("builder-inited", highlight.share_formatters)
    app.connect("builder-inited", search.builder_inited)
    app.connect("builder-inited", templatecache.keep_compiled_templates)
    app.connect("source-read", collect.on_source_read)
    app.connect("doctree-read", guard.on_doctree_read, priority=300)  # before Sphinx's collectors (500)
    app.connect("doctree-read", collect.on_doctree_read, priority=400)
    app.connect("env-get-outdated", dependencies.on_env_get_outdated)
    app.connect("env-before-read-docs", memory.before_read)
    app.connect("env-before-read-docs", state.start_reading)
    app.connect("env-before-read-docs", offload.start, priority=600)  # once the read phase's inputs are known
    app.connect("env-purge-doc", memory.while_reading)  # before each page is read
    app.connect("env-updated", collect.on_env_updated)
    app.connect("env-updated", state.refresh, priority=900)
    app.connect("env-updated", dependencies.on_env_updated, priority=950)
    app.connect("env-updated", offload.share, priority=960)  # once the records are indexed (state.refresh)
    app.connect("env-updated", memory.after_read, priority=990)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("html-page-context", navigation.cache_toctree, priority=100)
    app.connect("html-page-context", navigation.cache_asset_tags, priority=100)
    app.connect("html-page-context", _page_scripts)
    app.connect("html-page-context", offload.note_page)
    app.connect("html-page-context", metatags.describe, priority=400)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", metatags.on_page_context, priority=600)  # after it
    app.connect("html-page-context", sitemap.note_generated)
    app.connect("html-page-context", search.slim_search_page)
    app.connect("html-page-context", feedlinks.add_feed_links)
    app.connect("html-page-context", memory.release_titles, priority=900)
    app.connect("html-page-context", memory.while_writing, priority=950)
    app.connect("html-collect-pages", atlas_pages.collect_pages)
    app.connect("html-collect-pages", author_pages.collect_pages)
    app.connect("html-collect-pages", list_pages.collect_pages)
    app.connect("html-collect-pages", search.collect_pages)
    app.connect("build-finished", _build_finished)
    app.connect("build-finished", offload.stop, priority=800)
    app.connect("build-finished", memory.after_build, priority=900)
    app.add_css_file("headsurvey.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
