"""html-collect-pages: the parts of the split lists (papers by year, references.bib by letter)."""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from ..pages import lists
from .state import site


def _home(app: Sphinx, kind: str) -> str | None:
    aggregates = app.env.get_domain("hs").data["aggregates"]
    return next((doc for doc, kinds in sorted(aggregates.items()) if kind in kinds), None)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    s, size = site(app), app.config.headsurvey_list_size
    for kind, parts, title, what in (
        ("paper-index", lists.year_parts(s, size), "Papers of {}", "Papers"),
        ("reference-list", lists.letter_parts(s, size), "References: {}", "Entries"),
    ):
        home = _home(app, kind)
        if home is None:
            continue
        for index, part in enumerate(parts):
            def uri(target: str, pagename: str = part.name) -> str:
                return app.builder.get_relative_uri(pagename, target)

            items = [lists.paper_item(s, p, uri) if kind == "paper-index" else lists.reference_item(s, p, uri)
                     for p in part.items]
            heading = title.format(part.label)
            context = {"title": heading, "body": lists.part_page(heading, parts, index, uri, home, items, what)}
            for rel, other in (("prev", index - 1), ("next", index + 1)):
                if 0 <= other < len(parts):
                    context[rel] = {"link": uri(parts[other].name), "title": title.format(parts[other].label)}
            yield part.name, context, "page.html"
