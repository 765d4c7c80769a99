"""Render once per folder what every page of a folder shares: navigation and asset tags.

Themes such as furo build the whole site navigation for every page. Paper and head pages are
not in any toctree, so their navigation differs only by the folder they sit in (relative
links): computing it once per folder keeps the write phase linear in the catalogue's size.
Every page's stylesheet and script tags differ only by that folder too.
"""

from __future__ import annotations

import functools
import importlib
import posixpath
from collections.abc import Callable

from sphinx.application import Sphinx

from ..site.paths import ATLAS_DIR, AUTHORS_DIR
from ..sources import page_kind
from .state import build_state

#: Folders of pages added by html-collect-pages (outside every toctree, like catalogue pages).
GENERATED_FOLDERS = (f"{ATLAS_DIR}/", f"{AUTHORS_DIR}/")


def cache_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap the page's ``toctree`` helper with a per-folder cache on catalogue and generated pages."""
    render: Callable[..., str] | None = context.get("toctree")
    generated = pagename not in app.env.all_docs and pagename.startswith(GENERATED_FOLDERS)
    if render is None or (page_kind(pagename) is None and not generated):
        return
    folder = posixpath.dirname(pagename)

    def cached(**kwargs) -> str:
        cache = build_state(app).toctree
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = render(**kwargs)
        return cache[key]

    context["toctree"] = cached


def cache_theme_navigation(app: Sphinx) -> None:
    """Memoise the theme's HTML post-processing of the navigation (a pure function of its input).

    furo turns the toctree HTML into its sidebar with BeautifulSoup on every page; paper pages
    of one folder share the same input, so the result is computed once per folder. This wraps
    ``furo.get_navigation_tree`` for the whole process (bounded to 256 inputs), on purpose:
    furo calls it from its own html-page-context handler, so no per-build hook can reach it,
    and it is a pure function of its string argument, so a cache shared by builds cannot be
    stale. Measured on the real site: 2.0 ms a call, 1,951 catalogue and generated pages, so
    3.9 s a build without it (about 20 s at 10,000 papers), a few calls with it.
    """
    if app.config.html_theme != "furo":
        return
    furo = importlib.import_module("furo")
    original = getattr(furo, "get_navigation_tree", None)
    if original is not None and not hasattr(original, "cache_info"):
        setattr(furo, "get_navigation_tree", functools.lru_cache(maxsize=256)(original))  # noqa: B010


def cache_asset_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap the page's ``css_tag`` and ``js_tag`` helpers with a cache per folder of the page's address.

    Sphinx makes each tag from the asset's address relative to the page (which depends only on the
    folder the page's file is in) and the asset file's checksum (cached by Sphinx for the whole
    process, but its path is resolved on the disk for every tag): 15 assets a page, 28 µs each, so
    about 4 s of a build at 10,000 papers.
    """
    uri = app.builder.get_target_uri(pagename)
    folder = posixpath.dirname(uri)
    for name in ("css_tag", "js_tag"):
        make: Callable[[object], str] | None = context.get(name)
        if make is not None:
            context[name] = functools.partial(_tag, build_state(app).asset_tags, (folder, name), uri, make)


def _tag(cache: dict[tuple, str], where: tuple[str, str], uri: str, make: Callable[[object], str], asset: object) -> str:
    if uri == str(getattr(asset, "filename", asset)):
        return make(asset)  # the one address not made from the folder alone: Sphinx links it as ""
    key = (*where, type(asset), asset)
    if key not in cache:
        cache[key] = make(asset)
    return cache[key]
