"""HTML and SVG of generated content from Jinja2 templates, autoescaped: ``pages/templates/`` (the
parts of generated pages) and ``headsurvey/templates/hs-part-*.html`` (parts the theme's
templates share)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

PACKAGE = Path(__file__).parent.parent
#: Every folder templates are read from: an edit to a file there changes the pages that use it.
FOLDERS = (Path(__file__).parent / "templates", PACKAGE / "templates")


def _escaped(value: object) -> Markup:
    """A value as HTML: markup kept, an object that writes itself as HTML (``__html__``) written so,
    anything else escaped as :func:`html.escape` does (``&quot;``, ``&#x27;``)."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(html.escape(str(value), quote=True))


def inline(parts: Iterable[object]) -> Markup:
    """Parts of a line of text (text, links that write themselves as HTML) as one piece of HTML."""
    return Markup("".join(map(_escaped, parts)))  # each part is escaped already


def link(css: str, href: str | None, text: str) -> str:
    """A link as the HTML writer writes a reference (with no ``href``, a span), its text and
    attributes escaped (by markupsafe, as templates escape): written without a template, since a
    build of 10,000 papers writes hundreds of thousands of links."""
    if href is None:
        return f'<span class="{escape(css)}">{escape(text)}</span>'
    return f'<a class="{escape(css)}" href="{escape(href)}">{escape(text)}</a>'


@cache
def environment() -> jinja2.Environment:
    """The one template environment: autoescaped, undefined names are errors; each template is read
    once a process (they are the package's files: they change with the package, in a new process)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in FOLDERS]), autoescape=True, auto_reload=False,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=_escaped)


def render(template: str, **values: object) -> str:
    """The template ``template`` (a file name, or ``x`` for ``hs-part-x.html``) filled with ``values``
    (every value escaped unless marked safe)."""
    name = template if "." in template else f"hs-part-{template}.html"
    return environment().get_template(name).render(**values)


def markup(template: str, **values: object) -> Markup:
    """:func:`render` as markup, to place inside another template unescaped."""
    return Markup(render(template, **values))
