"""Charts drawn at build time as SVG, each paired with a table of the same numbers.

Each function takes plain counts and returns (svg, header, rows): the renderer places the SVG
and the table. Colours come from CSS classes, text uses currentColor (light and dark modes).
Every bar and cell links to the papers behind it when ``href`` gives an address (the explorer,
filtered); ``href`` returns None when the site has no explorer.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .diagrams import STAGE_ORDER, svg_document

Table = tuple[str, tuple[str, ...], list[tuple[str, ...]]]
Href = Callable[..., "str | None"]


def _linked(shape: str, href: str | None, label: str) -> str:
    """A shape wrapped in a link to the papers it counts (keyboard-reachable, named for screen readers)."""
    if not href:
        return shape
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{shape}</a>'


def papers_per_year(by_year: dict[str, dict[str, int]], totals: dict[str, int], href: Href) -> Table:
    """Stacked bars: for each year, papers touching each stage (a paper may touch several).

    Every year from the first to the last is on the axis, years without papers included."""
    known = sorted(int(y) for y in totals)
    years = [str(y) for y in range(known[0], known[-1] + 1)] if known else []
    peak = max((sum(by_year.get(y, {}).values()) for y in years), default=1) or 1
    width, height, left, bottom, bar = max(360, 40 + 44 * len(years)), 260, 40, 30, 30
    scale = (height - bottom - 30) / peak
    body: list[str] = []
    for i, year in enumerate(years):
        x, y = left + i * 44, float(height - bottom)
        for code in STAGE_ORDER:
            n = by_year.get(year, {}).get(code, 0)
            if n:
                h = n * scale
                y -= h
                rect = (f'<rect class="hs-bar hs-fill-{code.lower()}" x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}">'
                        f"<title>{year} {code}: {n}</title></rect>")
                body.append(_linked(rect, href(year=year, stage=code), f"{year}, {code}: {n} papers"))
        body.append(f'<text class="hs-diagram-text" x="{x + bar / 2}" y="{height - 12}" text-anchor="middle">{year}</text>')
    for j, code in enumerate(STAGE_ORDER):
        body.append(f'<rect class="hs-bar hs-fill-{code.lower()}" x="{left + j * 70}" y="22" width="12" height="12"/>'
                    f'<text class="hs-diagram-text" x="{left + j * 70 + 16}" y="32">{code}</text>')
    desc = "; ".join(f"{y}: " + ", ".join(f"{c} {by_year.get(y, {}).get(c, 0)}" for c in STAGE_ORDER) for y in years)
    svg = svg_document("hs-chart-years", width, height, "Papers per year, stacked by stage", desc, body)
    rows = [(y, *(str(by_year.get(y, {}).get(c, 0)) for c in STAGE_ORDER), str(totals.get(y, 0))) for y in years]
    return svg, ("Year", *STAGE_ORDER, "Papers"), rows


def papers_per_head(counts: list[tuple[str, str, str, int]], href: Href) -> Table:
    """Horizontal bars: papers per head type, most studied first. ``counts``: (slug, name, stage, n)."""
    counts = sorted(counts, key=lambda c: (-c[3], c[1]))
    peak = max((c[3] for c in counts), default=1) or 1
    label, row, width = 270, 18, 760
    body = []
    for i, (slug, name, code, n) in enumerate(counts):
        y = 8 + i * row
        w = (width - label - 40) * n / peak
        bar = (f'<rect class="hs-bar hs-fill-{code.lower()}" x="{label}" y="{y}" width="{w:.1f}" height="{row - 4}">'
               f"<title>{escape(name)}: {n}</title></rect>")
        body.append(f'<text class="hs-diagram-text" x="{label - 6}" y="{y + 12}" text-anchor="end">{escape(name)}</text>'
                    + _linked(bar, href(head=slug), f"{name}: {n} papers")
                    + f'<text class="hs-diagram-text" x="{label + w + 4:.1f}" y="{y + 12}">{n}</text>')
    desc = "; ".join(f"{name}: {n}" for _, name, _, n in counts)
    svg = svg_document("hs-chart-heads", width, 16 + row * len(counts), "Papers per head type", desc, body)
    return svg, ("Head type", "Stage", "Papers"), [(name, code, str(n)) for _, name, code, n in counts]


def _opacity(n: int, peak: int) -> str:
    return f"{0.25 + 0.75 * n / peak:.2f}"


def family_matrix(heads: list[tuple[str, str]], families: list[str], cells: dict[tuple[str, str], int], href: Href) -> Table:
    """A grid: which head types (slug, name) papers report in which model families (count of papers).

    Below the grid a legend draws the scale with the same colour and opacities as the cells, so
    it reads right in the light and the dark scheme alike."""
    peak = max(cells.values(), default=1) or 1
    label, cell, top = 270, 26, 110
    body = []
    for j, family in enumerate(families):
        x = label + j * cell + cell / 2
        body.append(f'<text class="hs-diagram-text" transform="translate({x},{top - 6}) rotate(-55)">{escape(family)}</text>')
    for i, (slug, head) in enumerate(heads):
        y = top + i * cell
        body.append(f'<text class="hs-diagram-text" x="{label - 6}" y="{y + 17}" text-anchor="end">{escape(head)}</text>')
        for j, family in enumerate(families):
            n = cells.get((slug, family), 0)
            if n:
                rect = (f'<rect class="hs-cell" x="{label + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                        f'fill-opacity="{_opacity(n, peak)}"><title>{escape(head)} in {escape(family)}: {n}</title></rect>')
                body.append(_linked(rect, href(head=slug, family=family), f"{head} in {family}: {n} papers"))
    legend_y = top + cell * len(heads) + 16
    steps = sorted({1, max(1, peak // 2), peak})
    body.append(f'<text class="hs-diagram-text" x="{label - 6}" y="{legend_y + 17}" text-anchor="end">papers per cell</text>')
    for k, n in enumerate(steps):
        x = label + k * (cell + 30)
        body.append(f'<rect class="hs-cell" x="{x}" y="{legend_y}" width="{cell - 2}" height="{cell - 2}" '
                    f'fill-opacity="{_opacity(n, peak)}"/><text class="hs-diagram-text" x="{x + cell + 2}" y="{legend_y + 17}">{n}</text>')
    desc = (f"{len(heads)} head types by {len(families)} model families; each cell counts the papers reporting that pair, "
            "and the stronger its colour the more papers (legend below the grid).")
    svg = svg_document("hs-chart-matrix", label + max(cell * len(families) + 90, (cell + 30) * len(steps)),  # room for slanted names
                       legend_y + cell + 10, "Head types found per model family", desc, body)
    rows = [(head, *(str(cells.get((slug, f), 0) or "") for f in families)) for slug, head in heads]
    return svg, ("Head type", *families), rows
