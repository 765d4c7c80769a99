"""html-collect-pages: one page per model with catalogued heads (its layer × head grid)."""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from ..pages.atlas import model_page
from ..site.atlas import ATLAS_DIR, by_model, slug
from .state import home_of, site


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s = site(app)
    home = home_of(app, "head-atlas")
    for name, located in by_model(s).items():
        pagename = f"{ATLAS_DIR}/{slug(name)}"

        def uri(target: str, pagename: str = pagename) -> str:
            return app.builder.get_relative_uri(pagename, target)

        yield pagename, {"title": f"{name}: catalogued heads", "body": model_page(s, name, located, uri, home)}, "page.html"
