"""html-collect-pages: one page per author and the pages of the author index.

There are about three authors per paper, so these pages outnumber all others. A page is
written again only when its title or body, or anything else that shapes every page (the
configuration, the toctree and its titles, the stylesheets and scripts, the versions of
Sphinx, the theme and this package), changed since the last build into the same folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import sphinx
from sphinx.application import Sphinx

from .. import __version__
from ..pages.authors import author_page, index_pages, letter_page, part_count, part_name
from .state import build_state, home_of, site

MEMO = "headsurvey-author-pages.json"


def frame(app: Sphinx) -> str:
    """A digest of everything besides title and body that goes into a generated page."""
    env, config = app.env, app.config
    titles = {doc: env.titles[doc].astext() for doc in sorted(env.toctree_includes) if doc in env.titles}
    for docs in env.toctree_includes.values():
        titles.update({doc: env.titles[doc].astext() for doc in docs if doc in env.titles})
    theme = getattr(app.builder, "theme", None)
    static = [Path(app.confdir, p) for p in config.html_static_path]  # pages link them with a checksum of their content
    assets = sorted((f.name, f.read_bytes()) for folder in static if folder.is_dir() for f in folder.iterdir() if f.is_file())
    parts = [sphinx.__version__, __version__, app.builder.name, config.html_theme, repr(getattr(theme, "name", "")),
             repr(sorted(config.html_theme_options.items())), config.project, config.html_title or "", config.copyright,
             repr(sorted(env.toctree_includes.items())), repr(sorted(titles.items())),
             # The assets every page loads (a page may add its own while it is written: not these).
             repr([(c.filename, sorted(c.attributes.items())) for c in getattr(app.builder, "_orig_css_files", [])]),
             repr([(j.filename, sorted(j.attributes.items())) for j in getattr(app.builder, "_orig_js_files", [])]),
             repr(assets)]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def pages(app: Sphinx) -> Iterator[tuple[str, str, str]]:
    """(page name, title, body) of every author page (a prolific author's in parts of
    ``headsurvey_list_size`` papers) and index page."""
    s = site(app)
    home = home_of(app, "author-index")
    listed = index_pages(s)

    def maker(pagename: str):
        return lambda target: app.builder.get_relative_uri(pagename, target)

    letter_of: dict[str, str] = {}
    for (name, label, _), (_, _, authors) in zip(listed, s.authors.index_pages(), strict=False):
        letter_of.update(dict.fromkeys((a.slug for a in authors), name))
        yield name, f"Authors: {label}", letter_page(s, label, authors, maker(name), listed, home)
    size = app.config.headsurvey_list_size
    for slug, author in sorted(s.authors.by_slug.items()):
        for part in range(part_count(author, size)):
            pagename = part_name(slug, part)
            title = author.name + (f", part {part + 1}" if part else "")
            yield pagename, title, author_page(s, author, maker(pagename), letter_of[slug], home, part, size)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    memo_path = Path(app.doctreedir) / MEMO
    try:
        memo = json.loads(memo_path.read_text())
    except (OSError, ValueError):
        memo = {}
    shape = frame(app)
    if memo.get("outdir") != str(app.outdir) or memo.get("frame") != shape:
        memo = {}
    written = memo.get("pages", {})
    fresh: dict[str, str] = {}
    for pagename, title, body in pages(app):
        digest = fresh[pagename] = hashlib.sha1(f"{title}\n{body}".encode()).hexdigest()
        target = Path(app.outdir) / app.builder.get_target_uri(pagename)
        if target.is_dir() or str(target).endswith("/"):
            target = target / "index.html"
        if written.get(pagename) == digest and target.exists():
            continue
        yield pagename, {"title": title, "body": body}, "page.html"
    memo_path.write_text(json.dumps({"outdir": str(app.outdir), "frame": shape, "pages": fresh}))
    build_state(app).generated.update(fresh)  # the sitemap lists unchanged pages too
