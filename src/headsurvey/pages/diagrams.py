"""Build-time SVG diagrams: the four-stage framework and the graph of related head types.

Pure functions from records to SVG text; colours come from CSS classes (headsurvey.css), so
the diagrams follow the light and dark colour schemes. Each SVG carries a title and a
description, and the page shows the same facts as text next to it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..sources.schema import Head
from ..sources.vocab import Stage
from . import templating

STAGE_ORDER = ("KR", "ICI", "LR", "EP")
COLUMN, ROW, BOX_W, BOX_H, TOP, LEFT = 230, 24, 200, 20, 56, 40


def framework(stages: list[Stage], counts: dict[str, int], href: Callable[[Stage], str]) -> str:
    """Four stage boxes from prompt to answer, each with its sub-categories and head count."""
    width, box_w, gap = 4 * 200 + 3 * 40, 200, 40
    height = 104 + 22 * max(len(s.categories) for s in stages)
    boxes = [{"x": i * (box_w + gap), "href": href(stage), "code": stage.code, "name": stage.name,
              "count": counts.get(stage.code, 0), "categories": stage.categories,
              "arrow": f"M{i * (box_w + gap) + box_w + 6} {height / 2} h{gap - 14}" if i < len(stages) - 1 else ""}
             for i, stage in enumerate(stages)]
    desc = "; ".join(f"{s.code} {s.name}: {counts.get(s.code, 0)} head types in {', '.join(s.categories)}" for s in stages)
    return templating.render("framework.svg", width=width, height=height, box_w=box_w, boxes=boxes, desc=desc)


def head_graph(heads: list[Head], href: Callable[[Head], str]) -> str:
    """Head types in one column per stage (first stage listed), joined where pages relate them."""
    columns: dict[str, list[Head]] = {code: [] for code in STAGE_ORDER}
    for head in sorted(heads, key=lambda h: (h.category, h.name)):
        code = next((c for c in STAGE_ORDER if c in head.stages), None)
        if code:
            columns[code].append(head)
    where: dict[str, tuple[int, int]] = {}
    for i, code in enumerate(STAGE_ORDER):
        for j, head in enumerate(columns[code]):
            where[head.slug] = (LEFT + i * COLUMN, TOP + j * ROW)
    edges = {tuple(sorted((h.slug, o))) for h in heads for o in h.related if h.slug in where and o in where}
    paths = []
    for one, two in sorted(edges):
        (x1, y1), (x2, y2) = sorted((where[one], where[two]))
        if x1 == x2:  # same column: a loop on the left side
            a, b, bend = (x1, y1 + BOX_H / 2), (x2, y2 + BOX_H / 2), float(x1 - 30)
        else:
            a, b = (x1 + BOX_W, y1 + BOX_H / 2), (x2, y2 + BOX_H / 2)
            bend = (a[0] + b[0]) / 2
        paths.append(f"M{a[0]} {a[1]} C{bend} {a[1]} {bend} {b[1]} {b[0]} {b[1]}")
    boxes = [{"href": href(head), "x": where[head.slug][0], "y": where[head.slug][1], "name": head.name,
              "fill": next(c for c in STAGE_ORDER if c in head.stages).lower()} for head in heads if head.slug in where]
    rows = max((len(c) for c in columns.values()), default=0)
    desc = f"{len(where)} head types in four stage columns; a line joins two head types whose pages list each other as related."
    return templating.render("head_graph.svg", width=LEFT + 4 * COLUMN, height=TOP + rows * ROW + 8, desc=desc,
                             columns=[(LEFT + i * COLUMN, code) for i, code in enumerate(STAGE_ORDER)], paths=paths,
                             boxes=boxes, box_w=BOX_W, box_h=BOX_H)
