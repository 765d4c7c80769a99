"""html-page-context: every page advertises the site's Atom feed; a head page also its own."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..pages import templating
from ..site import paths
from ..sources import page_kind
from .state import site


def add_feed_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    here = app.builder.get_target_uri(pagename)
    feeds = [(paths.SITE_FEED, "Newly added papers")]
    if page_kind(pagename) == "head":
        slug = pagename.partition("/")[2]
        feeds.append((paths.head_feed(slug), f"Newly added papers: {site(app).head_name(slug)}"))
    links = templating.render("feed_links.html", feeds=[(relative_uri(here, path), title) for path, title in feeds])
    context["metatags"] = context.get("metatags", "") + links
