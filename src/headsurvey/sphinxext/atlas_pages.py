"""html-collect-pages: one page per model with catalogued heads (its layer × head grid)."""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from ..pages.atlas import model_page
from ..site.atlas import ATLAS_DIR, by_model, slug
from .state import site


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s = site(app)
    for name, located in by_model(s).items():
        pagename = f"{ATLAS_DIR}/{slug(name)}"
        suffix = app.builder.out_suffix

        def uri(target: str, pagename: str = pagename) -> str:
            return "../" * pagename.count("/") + target + suffix

        yield pagename, {"title": f"{name}: catalogued heads", "body": model_page(s, name, located, uri)}, "page.html"
