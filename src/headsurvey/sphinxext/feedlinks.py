"""html-page-context: every page advertises the site's Atom feed; a head page also its own.

The links differ from page to page only by the folder of the page's address (they are relative)
and by the head type: they are made once per (folder, head type).
"""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..pages import templating
from ..site import paths
from ..sources import page_kind
from .state import build_state, site


def add_feed_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    here = app.builder.get_target_uri(pagename)
    slug = pagename.partition("/")[2] if page_kind(pagename) == "head" else ""
    made = build_state(app).feed_links
    key = (posixpath.dirname(here), slug)
    if key not in made:
        feeds = [(paths.SITE_FEED, "Newly added papers")]
        if slug:
            feeds.append((paths.head_feed(slug), f"Newly added papers: {site(app).head_name(slug)}"))
        made[key] = templating.render("feed_links.html", feeds=[(relative_uri(here, path), title) for path, title in feeds])
    context["metatags"] = context.get("metatags", "") + made[key]
