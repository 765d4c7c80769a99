"""html-collect-pages: the parts of the split lists (papers by year, references.bib by letter, the
papers of a head type beyond the first part, which its own page shows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sphinx.application import Sphinx

from ..pages import lists, paperline
from .dependencies import generated_inputs
from .outputs import changed_pages
from .state import page_of_kind, site


def part_pages(app: Sphinx, parts: list[lists.Part], title: str, home: str | None, what: str,
               items: Callable[[lists.Part, Callable[[str], str]], list[str]],
               start: int = 0) -> Iterator[tuple[str, dict, str]]:
    """The pages of one split list from part ``start`` on: ``title`` formatted with each part's
    label, ``items`` its HTML."""
    for index, part in enumerate(parts):
        if index < start:
            continue
        def uri(target: str, pagename: str = part.name) -> str:
            return app.builder.get_relative_uri(pagename, target)

        heading = title.format(part.label)
        context: dict[str, Any] = {"title": heading, "body": lists.part_page(heading, parts, index, uri, home, items(part, uri), what)}
        for rel, other in (("prev", index - 1), ("next", index + 1)):
            if 0 <= other < len(parts):
                context[rel] = {"link": uri(parts[other].name), "title": title.format(parts[other].label)}
        yield part.name, context, "page.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Only the pages whose content changed are written again."""
    return changed_pages(app, "list-pages", _pages(app), inputs=generated_inputs(app))


def _pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s, size = site(app), app.config.headsurvey_list_size
    for kind, parts, title, what, item in (
        ("paper-index", lists.year_parts(s, size), "Papers of {}", "Papers", paperline.item),
        ("reference-list", lists.letter_parts(s, size), "References: {}", "Entries", lists.reference_item),
    ):
        home = page_of_kind(app, kind)
        if home is not None:
            def render(part: lists.Part, uri: Callable[[str], str], item: Any = item) -> list[str]:
                return [item(s, x, uri) for x in part.items]
            yield from part_pages(app, parts, title, home, what, render)
    for slug, head in sorted(s.heads.items()):
        parts = lists.head_parts(s, slug, size)
        yield from part_pages(app, parts, f"{head.name}: papers, {{}}", parts[0].name if parts else None, "Papers",
                              lambda part, uri: [paperline.item(s, p, uri) for p in part.items], start=1)
