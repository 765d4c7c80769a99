"""The site's MyST settings, in one place: conf.py takes them from here and the checker parses
with them, so the checker reads every page exactly as the build does.

The Sphinx extension refuses a build whose MyST settings differ (``sphinxext.__init__``).
"""

from __future__ import annotations

import functools
from typing import Any

from markdown_it import MarkdownIt

#: conf.py's ``myst_*`` values (conf.py does ``globals().update(MYST_SETTINGS)``).
MYST_SETTINGS: dict[str, object] = {
    "myst_enable_extensions": ["colon_fence", "deflist", "fieldlist"],
    # No raw HTML: contributed pages are checked, maintainers' pages use {raw} if they must.
    "myst_disable_syntax": ["html_block", "html_inline"],
    "myst_heading_anchors": 3,
}


def parser_settings() -> dict[str, Any]:
    """The settings as MyST's ``MdParserConfig`` fields (``myst_`` prefix removed)."""
    return {name.removeprefix("myst_"): value for name, value in MYST_SETTINGS.items()}


@functools.lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """MyST's Markdown parser with the site's settings (``create_md_parser``, as the build makes it).

    Links are all kept (the build's parser drops a few schemes, leaving them as text): the
    checker sees a superset of the build's links, and refuses all but https and anchors."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(**parser_settings()), RendererHTML)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md
