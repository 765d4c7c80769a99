"""The head atlas: individual heads (model, layer, head, role) gathered from paper front matter.

The atlas index (the ``{head-atlas}`` directive) lists every catalogued head, links a page per
model, and places each head type's instances by relative depth across models. The per-model
pages (a layer × head grid) are added to the HTML build through ``html-collect-pages``.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

from sphinx.application import Sphinx

from .diagrams import svg_document
from .render import Site, site
from .schema import Instance, Paper
from .vocab import Model

ATLAS_DIR = "atlas"


@dataclass(frozen=True)
class Located:
    """One catalogued head and the paper that reports it."""

    instance: Instance
    paper: Paper


def slug(model: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")


def by_model(s: Site) -> dict[str, list[Located]]:
    found: dict[str, list[Located]] = defaultdict(list)
    for paper in sorted(s.papers.values(), key=lambda p: p.key):
        for inst in paper.instances:
            found[inst.model].append(Located(inst, paper))
    return {m: sorted(v, key=lambda x: (x.instance.layer, x.instance.head, x.instance.role, x.paper.key))
            for m, v in sorted(found.items())}


def grid_size(model: Model | None, located: list[Located]) -> tuple[int, int]:
    layers = max(x.instance.layer for x in located) + 1
    heads = max(x.instance.head for x in located) + 1
    if model is not None:
        layers, heads = max(layers, model.layers or 0), max(heads, model.heads or 0)
    return layers, heads


def model_page(s: Site, name: str, located: list[Located], uri: Callable[[str], str]) -> str:
    """HTML body of a model's page: a layer × head grid of known roles, then the list."""
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
                f'<a href="{escape(uri("papers/" + x.paper.key))}" title="{escape(s.heads[x.instance.role].name if x.instance.role in s.heads else x.instance.role)}'
                f' ({escape(x.paper.key)})">{escape(abbreviation(s, x.instance.role))}</a>' for x in items)
            tds.append(f'<td class="hs-atlas-cell">{links}</td>')
        rows.append(f'<tr><th scope="row">{layer}</th>{"".join(tds)}</tr>')
    known = s.vocab.models.get(name)
    size = f"{known.layers} layers × {known.heads} heads" if known and known.layers and known.heads else "size not recorded; grid sized to the catalogued heads"
    items = "".join(
        f'<li><strong>{x.instance.label}</strong> — <a href="{escape(uri("heads/" + x.instance.role))}">'
        f'{escape(s.heads[x.instance.role].name if x.instance.role in s.heads else x.instance.role)}</a>, '
        f'by {escape(", ".join(s.vocab.methods[e].name if e in s.vocab.methods else e for e in x.instance.evidence))} — '
        f'<a href="{escape(uri("papers/" + x.paper.key))}">{escape(x.paper.key)}</a></li>' for x in located)
    legend = "".join(f"<li><strong>{escape(abbreviation(s, r))}</strong>: {escape(s.heads[r].name)}</li>"
                     for r in sorted({x.instance.role for x in located}) if r in s.heads)
    return (
        f"<h1>{escape(name)}</h1>"
        f"<p>{len(located)} catalogued heads ({escape(size)}). Rows are layers, columns are heads, both counted "
        f'from 0 as papers write them (9.9 is layer 9, head 9). Each entry links to the paper that reports it. '
        f'<a href="{escape(uri(ATLAS_DIR + "/index"))}">Back to the atlas</a>.</p>'
        f'<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Layer by head grid of {escape(name)}">'
        f'<table class="hs-atlas-grid"><caption>Known roles in {escape(name)}</caption>'
        f'<thead><tr><th scope="col">layer</th>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f"<h2>Legend</h2><ul>{legend}</ul><h2>Heads</h2><ul>{items}</ul>"
    )


def abbreviation(s: Site, role: str) -> str:
    """Initials of a head type's name: 'Name Mover Head' → 'NMH'."""
    name = s.heads[role].name if role in s.heads else role
    return "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)).upper()


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
    for i, role in enumerate(sorted(rows, key=lambda r: s.heads[r].name if r in s.heads else r)):
        y = 30 + i * row
        name = s.heads[role].name if role in s.heads else role
        body.append(f'<text class="hs-diagram-text" x="{label - 8}" y="{y + 4}" text-anchor="end">{escape(name)}</text>'
                    f'<line class="hs-diagram-edge" x1="{label}" y1="{y}" x2="{label + width}" y2="{y}"/>')
        for depth, where in rows[role]:
            body.append(f'<circle class="hs-dot" cx="{label + depth * width:.1f}" cy="{y}" r="5"><title>{escape(where)}</title></circle>')
    desc = "; ".join(f"{s.heads[r].name if r in s.heads else r}: " + ", ".join(f"{w} at {d:.2f}" for d, w in v)
                     for r, v in sorted(rows.items()))
    return svg_document("hs-depth", label + width + 20, 40 + row * len(rows), "Where each head type sits, by relative depth", desc, body)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """html-collect-pages: one page per model with catalogued heads."""
    s = site(app.env)
    for name, located in by_model(s).items():
        pagename = f"{ATLAS_DIR}/{slug(name)}"
        uri = functools.partial(relative, pagename, suffix=app.builder.out_suffix)
        yield pagename, {"title": f"{name}: catalogued heads", "body": model_page(s, name, located, uri)}, "page.html"


def relative(from_page: str, target: str, suffix: str) -> str:
    """Link from one page to another by their page names (no Sphinx document needed)."""
    return "../" * from_page.count("/") + target + suffix
