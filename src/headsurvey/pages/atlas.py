"""The head atlas's HTML: a model's layer × head grid page and the cross-model depth chart.

The per-model pages are added to the HTML build by :mod:`headsurvey.sphinxext.atlas_pages`;
the atlas index is the ``head-atlas`` kind of :mod:`headsurvey.pages.kinds`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from html import escape

from ..site import Site
from ..site.atlas import Located, abbreviation, grid_size
from .context import short_title
from .diagrams import svg_document


def _title(s: Site, key: str) -> str:
    entry = s.db.entries.get(key)
    return entry.title_text if entry else key


def model_page(s: Site, name: str, located: list[Located], uri: Callable[[str], str], home: str | None) -> str:
    """HTML body of a model's page: a layer × head grid of known roles, then the list.

    ``home`` is the document that holds the atlas index (linked back to), if any.
    """
    layers, heads = grid_size(s.vocab.models.get(name), located)
    cells: dict[tuple[int, int], list[Located]] = defaultdict(list)
    for item in located:
        cells[(item.instance.layer, item.instance.head)].append(item)
    header = "".join(f'<th scope="col">{h}</th>' for h in range(heads))
    rows = []
    for layer in range(layers):
        tds = []
        for head in range(heads):
            items = cells.get((layer, head))
            if not items:
                tds.append("<td></td>")
                continue
            links = "<br>".join(
                f'<a href="{escape(uri("papers/" + x.paper.key))}" title="{escape(s.head_name(x.instance.role))}'
                f' ({escape(short_title(_title(s, x.paper.key)))})">{escape(abbreviation(s, x.instance.role))}</a>' for x in items)
            tds.append(f'<td class="hs-atlas-cell">{links}</td>')
        rows.append(f'<tr><th scope="row">{layer}</th>{"".join(tds)}</tr>')
    known = s.vocab.models.get(name)
    size = f"{known.layers} layers × {known.heads} heads" if known and known.layers and known.heads else "size not recorded; grid sized to the catalogued heads"
    ids: set[str] = set()
    listed = []
    for x in located:
        ident = f"h{x.instance.layer}-{x.instance.head}"
        anchor = f' id="{ident}"' if ident not in ids else ""
        ids.add(ident)
        title = _title(s, x.paper.key)
        listed.append(
            f"<tr{anchor}><td>{x.instance.label}</td>"
            f'<td><a href="{escape(uri("heads/" + x.instance.role))}">{escape(s.head_name(x.instance.role))}</a></td>'
            f"<td>{escape(', '.join(s.method_names(x.instance.evidence)))}</td>"
            f'<td><a href="{escape(uri("papers/" + x.paper.key))}" title="{escape(title)}">{escape(short_title(title))}</a></td></tr>')
    items = (f'<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Catalogued heads of {escape(name)}">'
             '<table class="hs-atlas-list"><thead><tr><th scope="col">layer.head</th><th scope="col">role</th>'
             f'<th scope="col">established by</th><th scope="col">paper</th></tr></thead><tbody>{"".join(listed)}</tbody></table></div>')
    legend = "".join(f"<li><strong>{escape(abbreviation(s, r))}</strong>: {escape(s.heads[r].name)}</li>"
                     for r in sorted({x.instance.role for x in located}) if r in s.heads)
    return (
        f"<h1>{escape(name)}</h1>"
        f"<p>{len(located)} catalogued heads ({escape(size)}). Rows are layers, columns are heads, both counted "
        f'from 0 as papers write them (9.9 is layer 9, head 9). Each entry links to the paper that reports it.'
        + (f' <a href="{escape(uri(home))}">Back to the atlas</a>.' if home else "") + "</p>"
        f'<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Layer by head grid of {escape(name)}">'
        f'<table class="hs-atlas-grid"><caption>Known roles in {escape(name)}</caption>'
        f'<thead><tr><th scope="col">layer</th>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f"<h2>Legend</h2><ul>{legend}</ul><h2>Heads</h2>{items}"
    )


def depth_chart(s: Site, models: dict[str, list[Located]]) -> str:
    """Each head type's instances placed by relative depth (layer / (layers − 1)) across models."""
    found: dict[str, set[tuple[float, str, int, int]]] = defaultdict(set)  # one dot per head, however many papers
    for name, located in models.items():
        spec = s.vocab.models.get(name)
        if not spec or not spec.layers or spec.layers < 2:
            continue
        for x in located:
            found[x.instance.role].add((x.instance.layer / (spec.layers - 1), name, x.instance.layer, x.instance.head))
    rows = {role: [(depth, f"{name} {layer}.{head}") for depth, name, layer, head in sorted(dots)] for role, dots in found.items()}
    label, width, row = 220, 420, 24
    body = [f'<text class="hs-diagram-text" x="{label}" y="14">input</text>',
            f'<text class="hs-diagram-text" x="{label + width}" y="14" text-anchor="end">output</text>']
    for i, role in enumerate(sorted(rows, key=s.head_name)):
        y = 30 + i * row
        name = s.head_name(role)
        body.append(f'<text class="hs-diagram-text" x="{label - 8}" y="{y + 4}" text-anchor="end">{escape(name)}</text>'
                    f'<line class="hs-diagram-edge" x1="{label}" y1="{y}" x2="{label + width}" y2="{y}"/>')
        for depth, where in rows[role]:
            body.append(f'<circle class="hs-dot" cx="{label + depth * width:.1f}" cy="{y}" r="5"><title>{escape(where)}</title></circle>')
    desc = "; ".join(f"{s.head_name(r)}: " + ", ".join(f"{w} at {d:.2f}" for d, w in v)
                     for r, v in sorted(rows.items()))
    return svg_document("hs-depth", label + width + 20, 40 + row * len(rows), "Where each head type sits, by relative depth", desc, body)
