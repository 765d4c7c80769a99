"""html-collect-pages: the parts of the split lists (papers by year, references.bib by letter)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sphinx.application import Sphinx

from ..pages import lists
from .state import home_of, site


def part_pages(app: Sphinx, parts: list[lists.Part], title: str, home: str | None, what: str,
               items: Callable[[lists.Part, Callable[[str], str]], list[str]]) -> Iterator[tuple[str, dict, str]]:
    """The pages of one split list: ``title`` formatted with each part's label, ``items`` its HTML."""
    for index, part in enumerate(parts):
        def uri(target: str, pagename: str = part.name) -> str:
            return app.builder.get_relative_uri(pagename, target)

        heading = title.format(part.label)
        context: dict[str, Any] = {"title": heading, "body": lists.part_page(heading, parts, index, uri, home, items(part, uri), what)}
        for rel, other in (("prev", index - 1), ("next", index + 1)):
            if 0 <= other < len(parts):
                context[rel] = {"link": uri(parts[other].name), "title": title.format(parts[other].label)}
        yield part.name, context, "page.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s, size = site(app), app.config.headsurvey_list_size
    for kind, parts, title, what, item in (
        ("paper-index", lists.year_parts(s, size), "Papers of {}", "Papers", lists.paper_item),
        ("reference-list", lists.letter_parts(s, size), "References: {}", "Entries", lists.reference_item),
    ):
        home = home_of(app, kind)
        if home is not None:
            def render(part: lists.Part, uri: Callable[[str], str], item: Any = item) -> list[str]:
                return [item(s, x, uri) for x in part.items]
            yield from part_pages(app, parts, title, home, what, render)
