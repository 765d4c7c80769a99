"""Charts drawn at build time as SVG, each paired with a table of the same numbers.

Each function takes plain counts and returns (svg, header, rows): the renderer places the SVG
and the table. Colours come from CSS classes, text uses currentColor (light and dark modes).
Every bar and cell links to the papers behind it when ``href`` gives an address (the explorer,
filtered); ``href`` returns None when the site has no explorer.
"""

from __future__ import annotations

from collections.abc import Callable

from . import templating
from .diagrams import STAGE_ORDER

Table = tuple[str, tuple[str, ...], list[tuple[str, ...]]]
Href = Callable[..., "str | None"]


def papers_per_year(by_year: dict[str, dict[str, int]], totals: dict[str, int], href: Href) -> Table:
    """Stacked bars: for each year, papers touching each stage (a paper may touch several).

    Every year from the first to the last is on the axis, years without papers included."""
    known = sorted(int(y) for y in totals)
    years = [str(y) for y in range(known[0], known[-1] + 1)] if known else []
    peak = max((sum(by_year.get(y, {}).values()) for y in years), default=1) or 1
    width, height, left, bottom, bar = max(360, 40 + 44 * len(years)), 260, 40, 30, 30
    scale = (height - bottom - 30) / peak
    columns, links = [], False
    for i, year in enumerate(years):
        x, y, bars = left + i * 44, float(height - bottom), []
        for code in STAGE_ORDER:
            n = by_year.get(year, {}).get(code, 0)
            if n:
                h = n * scale
                y -= h
                bars.append({"code": code, "n": n, "y": f"{y:.1f}", "h": f"{h:.1f}", "href": href(year=year, stage=code)})
                links = links or bool(bars[-1]["href"])
        columns.append({"year": year, "x": x, "bars": bars})
    desc = "; ".join(f"{y}: " + ", ".join(f"{c} {by_year.get(y, {}).get(c, 0)}" for c in STAGE_ORDER) for y in years)
    svg = templating.render("chart_years.svg", width=width, height=height, bar=bar, left=left, desc=desc, columns=columns,
                            stages=STAGE_ORDER, links=links)
    rows = [(y, *(str(by_year.get(y, {}).get(c, 0)) for c in STAGE_ORDER), str(totals.get(y, 0))) for y in years]
    return svg, ("Year", *STAGE_ORDER, "Papers"), rows


def papers_per_head(counts: list[tuple[str, str, str, int]], href: Href) -> Table:
    """Horizontal bars: papers per head type, most studied first. ``counts``: (slug, name, stage, n)."""
    counts = sorted(counts, key=lambda c: (-c[3], c[1]))
    peak = max((c[3] for c in counts), default=1) or 1
    label, row, width = 270, 18, 760
    bars = [{"name": name, "code": code, "n": n, "y": 8 + i * row, "w": f"{(width - label - 40) * n / peak:.1f}",
             "end": f"{label + (width - label - 40) * n / peak + 4:.1f}", "href": href(head=slug)}
            for i, (slug, name, code, n) in enumerate(counts)]
    desc = "; ".join(f"{name}: {n}" for _, name, _, n in counts)
    svg = templating.render("chart_heads.svg", width=width, height=16 + row * len(counts), label=label, row=row, desc=desc,
                            bars=bars, links=any(b["href"] for b in bars))
    return svg, ("Head type", "Stage", "Papers"), [(name, code, str(n)) for _, name, code, n in counts]


def _opacity(n: int, peak: int) -> str:
    return f"{0.25 + 0.75 * n / peak:.2f}"


def family_matrix(heads: list[tuple[str, str]], families: list[str], cells: dict[tuple[str, str], int], href: Href) -> Table:
    """A grid: which head types (slug, name) papers report in which model families (count of papers).

    Below the grid a legend draws the scale with the same colour and opacities as the cells, so
    it reads right in the light and the dark scheme alike."""
    peak = max(cells.values(), default=1) or 1
    label, cell, top = 270, 26, 110
    grid = [{"head": head, "y": top + i * cell,
             "cells": [{"x": label + j * cell, "family": family, "n": cells[(slug, family)], "opacity": _opacity(cells[(slug, family)], peak),
                        "href": href(head=slug, family=family)} for j, family in enumerate(families) if cells.get((slug, family), 0)]}
            for i, (slug, head) in enumerate(heads)]
    legend_y = top + cell * len(heads) + 16
    steps = [(label + k * (cell + 30), n, _opacity(n, peak)) for k, n in enumerate(sorted({1, max(1, peak // 2), peak}))]
    desc = (f"{len(heads)} head types by {len(families)} model families; each cell counts the papers reporting that pair, "
            "and the stronger its colour the more papers (legend below the grid).")
    svg = templating.render(
        "chart_matrix.svg", width=label + max(cell * len(families) + 90, (cell + 30) * len(steps)),  # room for slanted names
        height=legend_y + cell + 10, label=label, cell=cell, top=top, desc=desc, grid=grid, legend_y=legend_y, steps=steps,
        families=[(label + j * cell + cell / 2, family) for j, family in enumerate(families)],
        links=any(href(head=slug, family=family) for slug, _ in heads for family in families if cells.get((slug, family), 0)))
    rows = [(head, *(str(cells.get((slug, f), 0) or "") for f in families)) for slug, head in heads]
    return svg, ("Head type", *families), rows
