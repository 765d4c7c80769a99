"""html-collect-pages: one page per model with catalogued heads (its layer × head grid), and
the pages by layer of a model with more heads than one page lists."""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..pages.atlas import code_section, layer_parts, model_page, part_items
from ..site import paths
from ..site.atlas import by_model
from .dependencies import generated_inputs
from .list_pages import part_pages
from .outputs import changed_pages
from .state import page_of_kind, site


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Only the pages whose content changed are written again."""
    return changed_pages(app, "atlas-pages", _pages(app), inputs=generated_inputs(app))


def _pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s, size = site(app), app.config.headsurvey_list_size
    home, agreement_home = page_of_kind(app, "head-atlas"), page_of_kind(app, "head-agreement")
    for name, located in by_model(s).items():
        pagename = paths.model(name)
        parts = layer_parts(name, located, size)

        def uri(target: str, pagename: str = pagename) -> str:
            return app.builder.get_relative_uri(pagename, target)

        def file_uri(path: str, pagename: str = pagename) -> str:
            return relative_uri(app.builder.get_target_uri(pagename), path)

        data = page_of_kind(app, "downloads")
        code = code_section(s, name, located, file_uri, uri(data) if data else file_uri(paths.ATLAS_SCHEMA))
        yield pagename, {"title": f"{name}: catalogued heads",
                         "body": model_page(s, name, located, uri, home, parts, agreement_home, code)}, "page.html"
        yield from part_pages(app, parts, f"{name}: {{}}", pagename, "Heads",
                              lambda part, uri: part_items(s, part, uri))
