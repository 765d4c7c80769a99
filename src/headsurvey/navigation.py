"""Render the theme's navigation once per folder for pages outside the toctree.

Themes such as furo build the whole site navigation for every page. Paper pages are not in
any toctree, so their navigation differs only by the folder they sit in (relative links):
computing it once per folder keeps the write phase linear in the number of papers.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from sphinx.application import Sphinx

from .sources import page_kind

_CACHE: dict[tuple, str] = {}


def cache_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap the page's ``toctree`` helper with a per-folder cache when the page is a paper."""
    render: Callable[..., str] | None = context.get("toctree")
    if render is None or page_kind(pagename) != "paper":
        return
    folder = posixpath.dirname(pagename)

    def cached(**kwargs) -> str:
        key = (id(app.builder), folder, tuple(sorted(kwargs.items())))
        if key not in _CACHE:
            _CACHE[key] = render(**kwargs)
        return _CACHE[key]

    context["toctree"] = cached
