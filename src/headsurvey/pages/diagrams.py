"""Build-time SVG diagrams: the four-stage framework and the graph of related head types.

Pure functions from records to SVG text; colours come from CSS classes (headsurvey.css), so
the diagrams follow the light and dark colour schemes. Each SVG carries a title and a
description, and the page shows the same facts as text next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..sources.schema import Head
from ..sources.vocab import Stage

STAGE_ORDER = ("KR", "ICI", "LR", "EP")
COLUMN, ROW, BOX_W, BOX_H, TOP, LEFT = 230, 24, 200, 20, 56, 40


def svg_document(name: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    """An accessible SVG: titled and described; a 'group' when it holds links, else an 'img'."""
    role = "group" if any("<a " in part for part in body) else "img"
    return (
        f'<svg class="hs-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="{role}" aria-labelledby="{name}-title {name}-desc">'
        f'<title id="{name}-title">{escape(title)}</title><desc id="{name}-desc">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def framework(stages: list[Stage], counts: dict[str, int], href: Callable[[Stage], str]) -> str:
    """Four stage boxes from prompt to answer, each with its sub-categories and head count."""
    width, box_w, gap = 4 * 200 + 3 * 40, 200, 40
    body = []
    height = 104 + 22 * max(len(s.categories) for s in stages)
    for i, stage in enumerate(stages):
        x = i * (box_w + gap)
        body.append(f'<a href="{escape(href(stage))}"><rect class="hs-stage-box hs-fill-{stage.code.lower()}" x="{x}" y="0" '
                    f'width="{box_w}" height="{height}" rx="8"/>')
        body.append(f'<text class="hs-diagram-title" x="{x + 12}" y="24">{escape(stage.code)}</text>'
                    f'<text class="hs-diagram-title" x="{x + 12}" y="44">{escape(stage.name)}</text></a>')
        body.append(f'<text class="hs-diagram-text" x="{x + 12}" y="66">{counts.get(stage.code, 0)} head types</text>')
        for j, category in enumerate(stage.categories):
            body.append(f'<text class="hs-diagram-text" x="{x + 12}" y="{90 + 22 * j}">• {escape(category)}</text>')
        if i < len(stages) - 1:
            ax = x + box_w + 6
            body.append(f'<path class="hs-diagram-edge" d="M{ax} {height / 2} h{gap - 14}" marker-end="url(#hs-arrow)"/>')
    defs = ('<defs><marker id="hs-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            '<path class="hs-diagram-arrow" d="M0 0L10 5L0 10z"/></marker></defs>')
    desc = "; ".join(f"{s.code} {s.name}: {counts.get(s.code, 0)} head types in {', '.join(s.categories)}" for s in stages)
    return svg_document("hs-framework", width, height + 4, "The four stages, from prompt to answer", desc, [defs, *body])


def head_graph(heads: list[Head], href: Callable[[Head], str]) -> str:
    """Head types in one column per stage (first stage listed), joined where pages relate them."""
    columns: dict[str, list[Head]] = {code: [] for code in STAGE_ORDER}
    for head in sorted(heads, key=lambda h: (h.category, h.name)):
        code = next((c for c in STAGE_ORDER if c in head.stages), None)
        if code:
            columns[code].append(head)
    where: dict[str, tuple[int, int]] = {}
    body: list[str] = []
    for i, code in enumerate(STAGE_ORDER):
        body.append(f'<text class="hs-diagram-title" x="{LEFT + i * COLUMN}" y="24">{code}</text>')
        for j, head in enumerate(columns[code]):
            where[head.slug] = (LEFT + i * COLUMN, TOP + j * ROW)
    edges = {tuple(sorted((h.slug, o))) for h in heads for o in h.related if h.slug in where and o in where}
    for one, two in sorted(edges):
        (x1, y1), (x2, y2) = sorted((where[one], where[two]))
        if x1 == x2:  # same column: a loop on the left side
            a, b, bend = (x1, y1 + BOX_H / 2), (x2, y2 + BOX_H / 2), float(x1 - 30)
        else:
            a, b = (x1 + BOX_W, y1 + BOX_H / 2), (x2, y2 + BOX_H / 2)
            bend = (a[0] + b[0]) / 2
        body.append(f'<path class="hs-diagram-edge" d="M{a[0]} {a[1]} C{bend} {a[1]} {bend} {b[1]} {b[0]} {b[1]}"/>')
    for head in heads:
        if head.slug not in where:
            continue
        x, y = where[head.slug]
        code = next(c for c in STAGE_ORDER if c in head.stages)
        body.append(f'<a href="{escape(href(head))}"><rect class="hs-node hs-fill-{code.lower()}" x="{x}" y="{y}" width="{BOX_W}" '
                    f'height="{BOX_H}" rx="4"/><text class="hs-diagram-text" x="{x + 8}" y="{y + 14}">{escape(head.name)}</text></a>')
    rows = max((len(c) for c in columns.values()), default=0)
    desc = f"{len(where)} head types in four stage columns; a line joins two head types whose pages list each other as related."
    return svg_document("hs-head-graph", LEFT + 4 * COLUMN, TOP + rows * ROW + 8, "How head types relate", desc, body)
