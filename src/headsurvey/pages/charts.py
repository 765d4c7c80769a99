"""Charts drawn at build time as SVG, each paired with a table of the same numbers.

Each function takes plain counts and returns (svg, header, rows): the renderer places the SVG
and the table. Colours come from CSS classes, text uses currentColor (light and dark modes).
"""

from __future__ import annotations

from html import escape

from .diagrams import STAGE_ORDER, svg_document

Table = tuple[str, tuple[str, ...], list[tuple[str, ...]]]


def papers_per_year(by_year: dict[str, dict[str, int]], totals: dict[str, int]) -> Table:
    """Stacked bars: for each year, papers touching each stage (a paper may touch several)."""
    years = sorted(by_year)
    peak = max((sum(by_year[y].values()) for y in years), default=1) or 1
    width, height, left, bottom, bar = max(360, 40 + 44 * len(years)), 260, 40, 30, 30
    scale = (height - bottom - 30) / peak
    body: list[str] = []
    for i, year in enumerate(years):
        x, y = left + i * 44, height - bottom
        for code in STAGE_ORDER:
            h = by_year[year].get(code, 0) * scale
            if h:
                y -= h
                body.append(f'<rect class="hs-bar hs-fill-{code.lower()}" x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}">'
                            f"<title>{year} {code}: {by_year[year][code]}</title></rect>")
        body.append(f'<text class="hs-diagram-text" x="{x + bar / 2}" y="{height - 12}" text-anchor="middle">{year}</text>')
    for j, code in enumerate(STAGE_ORDER):
        body.append(f'<rect class="hs-bar hs-fill-{code.lower()}" x="{left + j * 70}" y="22" width="12" height="12"/>'
                    f'<text class="hs-diagram-text" x="{left + j * 70 + 16}" y="32">{code}</text>')
    desc = "; ".join(f"{y}: " + ", ".join(f"{c} {by_year[y].get(c, 0)}" for c in STAGE_ORDER) for y in years)
    svg = svg_document("hs-chart-years", width, height, "Papers per year, stacked by stage", desc, body)
    rows = [(y, *(str(by_year[y].get(c, 0)) for c in STAGE_ORDER), str(totals[y])) for y in years]
    return svg, ("Year", *STAGE_ORDER, "Papers"), rows


def papers_per_head(counts: list[tuple[str, str, int]]) -> Table:
    """Horizontal bars: papers per head type, most studied first. ``counts``: (name, stage, n)."""
    counts = sorted(counts, key=lambda c: (-c[2], c[0]))
    peak = max((c[2] for c in counts), default=1) or 1
    label, row, width = 270, 18, 760
    body = []
    for i, (name, code, n) in enumerate(counts):
        y = 8 + i * row
        w = (width - label - 40) * n / peak
        body.append(f'<text class="hs-diagram-text" x="{label - 6}" y="{y + 12}" text-anchor="end">{escape(name)}</text>'
                    f'<rect class="hs-bar hs-fill-{code.lower()}" x="{label}" y="{y}" width="{w:.1f}" height="{row - 4}"/>'
                    f'<text class="hs-diagram-text" x="{label + w + 4:.1f}" y="{y + 12}">{n}</text>')
    desc = "; ".join(f"{name}: {n}" for name, _, n in counts)
    svg = svg_document("hs-chart-heads", width, 16 + row * len(counts), "Papers per head type", desc, body)
    return svg, ("Head type", "Stage", "Papers"), [(name, code, str(n)) for name, code, n in counts]


def family_matrix(heads: list[str], families: list[str], cells: dict[tuple[str, str], int]) -> Table:
    """A grid: which head types papers report in which model families (count of papers)."""
    peak = max(cells.values(), default=1) or 1
    label, cell, top = 270, 26, 110
    body = []
    for j, family in enumerate(families):
        x = label + j * cell + cell / 2
        body.append(f'<text class="hs-diagram-text" transform="translate({x},{top - 6}) rotate(-55)">{escape(family)}</text>')
    for i, head in enumerate(heads):
        y = top + i * cell
        body.append(f'<text class="hs-diagram-text" x="{label - 6}" y="{y + 17}" text-anchor="end">{escape(head)}</text>')
        for j, family in enumerate(families):
            n = cells.get((head, family), 0)
            if n:
                body.append(f'<rect class="hs-cell" x="{label + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                            f'fill-opacity="{0.25 + 0.75 * n / peak:.2f}"><title>{escape(head)} in {escape(family)}: {n}</title></rect>')
    desc = f"{len(heads)} head types by {len(families)} model families; each cell counts the papers reporting that pair."
    svg = svg_document("hs-chart-matrix", label + cell * len(families) + 10, top + cell * len(heads) + 10,
               "Head types found per model family", desc, body)
    rows = [(head, *(str(cells.get((head, f), 0) or "") for f in families)) for head in heads]
    return svg, ("Head type", *families), rows
