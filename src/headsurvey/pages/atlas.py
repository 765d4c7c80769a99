"""The head atlas's HTML: a model's layer × head grid page and the cross-model depth chart.

The per-model pages are added to the HTML build by :mod:`headsurvey.sphinxext.atlas_pages`;
the atlas index is the ``head-atlas`` kind of :mod:`headsurvey.pages.kinds`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from html import escape

from ..site import SiteIndex, paths
from ..site.atlas import Located, counted, distinct, grid_size, legend_codes
from ..site.consensus import named_by
from .consensus import model_agreement, templates
from .context import short_title
from .diagrams import svg_document
from .lists import Part, split
from .snippets import main_role, snippets

#: Roles a cell of a split model page shows (the rest are counted).
SHOWN_ROLES = 3


def layer_parts(name: str, located: list[Located], size: int) -> list[Part]:
    """A model's heads on pages by layer (a crowded layer in several parts of ``size``), or no
    part when the model's page can list them all itself."""
    if len(located) <= size:
        return []
    groups: dict[str, list[Located]] = {}
    for x in located:
        groups.setdefault(f"Layer {x.instance.layer}", []).append(x)
    return split(groups, paths.model(name), size)


def _cells(s: SiteIndex, x: Located, uri: Callable[[str], str]) -> tuple[str, str, str, str]:
    """A listed head's layer.head, role, evidence and paper, as HTML."""
    title = s.title(x.paper.key)
    return (x.instance.label,
            f'<a href="{escape(uri(paths.head(x.instance.role)))}">{escape(s.head_name(x.instance.role))}</a>',
            escape(", ".join(s.method_names(x.instance.evidence))),
            f'<a href="{escape(uri(paths.paper(x.paper.key)))}" title="{escape(title)}">{escape(short_title(title))}</a>')


def _anchored(located: list[Located]) -> list[str]:
    """The id attribute of each listed head: on the first row of each layer.head only."""
    ids: set[str] = set()
    out = []
    for x in located:
        ident = paths.head_anchor(x.instance.layer, x.instance.head)
        out.append(f' id="{ident}"' if ident not in ids else "")
        ids.add(ident)
    return out


def part_items(s: SiteIndex, part: Part, uri: Callable[[str], str]) -> list[str]:
    """The list items of one part of a model's heads."""
    return [f"<li{anchor}><strong>{label}</strong> {role}{f' ({evidence})' if evidence else ''}: {paper}</li>"
            for anchor, (label, role, evidence, paper) in zip(_anchored(list(part.items)), (_cells(s, x, uri) for x in part.items), strict=False)]


def _cell(s: SiteIndex, items: list[Located], uri: Callable[[str], str], target: str | None, codes: dict[str, str]) -> str:
    """One grid cell: each catalogued role linked to its paper, or (on a split model page) at most
    three roles, most reported first, linked to the head's place in its layer's list."""
    if target is None:
        return "<br>".join(
            f'<a href="{escape(uri(paths.paper(x.paper.key)))}" title="{escape(s.head_name(x.instance.role))}'
            f' ({escape(short_title(s.title(x.paper.key)))})">{escape(codes[x.instance.role])}</a>' for x in items)
    counts = Counter(x.instance.role for x in items)
    ranked = sorted(counts, key=lambda r: (-counts[r], s.head_name(r)))
    links = [f'<a href="{escape(target)}" title="{escape(s.head_name(r))}: {counts[r]} report{"s" if counts[r] > 1 else ""}">'
             f"{escape(codes[r])}</a>" for r in ranked[:SHOWN_ROLES]]
    if len(ranked) > SHOWN_ROLES:
        links.append(f'<a href="{escape(target)}" title="{len(ranked) - SHOWN_ROLES} more roles">+{len(ranked) - SHOWN_ROLES}</a>')
    return "<br>".join(links)


def code_section(s: SiteIndex, name: str, located: list[Located], file_uri: Callable[[str], str], data: str) -> str:
    """The model's JSON download and the snippets that select its heads (:mod:`.snippets`)."""
    spec = s.vocab.models.get(name)
    found = snippets(spec, paths.model_file(name).rpartition("/")[2], located)
    role = main_role(located)
    reason = ("the vocabulary records no Hugging Face id for this model" if not spec or not spec.hf_id
              else "the vocabulary records no number of heads per layer for this model")
    return templates().get_template("model_code.html").render(
        href=file_uri(paths.model_file(name)), filename=paths.model_file(name).rpartition("/")[2], data=data, snippets=found,
        role=s.head_name(role), count=len({(x.instance.layer, x.instance.head) for x in located if x.instance.role == role}),
        reason=reason)


def model_page(s: SiteIndex, name: str, located: list[Located], uri: Callable[[str], str], home: str | None,
               parts: list[Part], agreement_home: str | None = None, code: str = "") -> str:
    """HTML body of a model's page: a layer × head grid of known roles (a head that several papers
    name marked with their number), where papers agree, then the list of heads, or links to the
    model's ``parts`` (pages by layer) when it has too many heads for one page.

    ``home`` is the document that holds the atlas index (linked back to), if any, and
    ``agreement_home`` the one that holds the site-wide agreement view; ``code`` is the model's
    :func:`code_section`.
    """
    layers, heads = grid_size(s.vocab.models.get(name), located)
    codes = legend_codes(s)
    papers_of = named_by(located)
    cells: dict[tuple[int, int], list[Located]] = defaultdict(list)
    for item in located:
        cells[(item.instance.layer, item.instance.head)].append(item)
    where: dict[tuple[int, int], str] = {}
    for part in parts:
        for x in part.items:
            where.setdefault((x.instance.layer, x.instance.head), f"{uri(part.name)}#{paths.head_anchor(x.instance.layer, x.instance.head)}")
    header = "".join(f'<th scope="col">{h}</th>' for h in range(heads))
    rows = []
    for layer in range(layers):
        tds = []
        for head in range(heads):
            items = cells.get((layer, head))
            if not items:
                tds.append("<td></td>")
                continue
            anchor = f' id="{paths.head_anchor(layer, head)}"' if parts else ""
            several = len(papers_of[(layer, head)])
            mark = (f' <span class="hs-atlas-papers" title="named by {several} papers">×{several}</span>' if several > 1 else "")
            tds.append(f'<td class="hs-atlas-cell{" hs-atlas-shared" if several > 1 else ""}"{anchor}>'
                       f'{_cell(s, items, uri, where.get((layer, head)), codes)}{mark}</td>')
        rows.append(f'<tr><th scope="row">{layer}</th>{"".join(tds)}</tr>')
    known = s.vocab.models.get(name)
    size = f"{known.layers} layers × {known.heads} heads" if known and known.layers and known.heads else "size not recorded; grid sized to the catalogued heads"
    if parts:
        listing = "<h2>Heads by layer</h2><ul class=\"hs-parts\">" + "".join(
            f'<li><p><a href="{escape(uri(part.name))}">{escape(part.label)}</a> — {len(part.items)} heads</p></li>' for part in parts) + "</ul>"
    else:
        listed = "".join(f"<tr{anchor}>" + "".join(f"<td>{c}</td>" for c in _cells(s, x, uri)) + "</tr>"
                         for anchor, x in zip(_anchored(located), located, strict=False))
        listing = (f'<h2>Heads</h2><div class="hs-table-wrap" tabindex="0" role="region" aria-label="Catalogued heads of {escape(name)}">'
                   '<table class="hs-atlas-list"><thead><tr><th scope="col">layer.head</th><th scope="col">role</th>'
                   f'<th scope="col">established by</th><th scope="col">paper</th></tr></thead><tbody>{listed}</tbody></table></div>')
    legend = "".join(f"<li><strong>{escape(codes[r])}</strong>: {escape(s.heads[r].name)}</li>"
                     for r in sorted({x.instance.role for x in located}) if r in s.heads)
    shared = sum(1 for keys in papers_of.values() if len(keys) > 1)
    entries = (f"A head that several papers name is marked ×2, ×3…: {shared} here. " if shared else "")
    entries += ("Each entry links to the paper that reports it." if not parts else
               f"A cell shows up to {SHOWN_ROLES} roles, the most reported first; each leads to the head in its layer's list.")
    return (
        f"<h1>{escape(name)}</h1>"
        f"<p>{counted(len(located), distinct(located))} ({escape(size)}): a head that several papers report counts once among the distinct heads. Rows are layers, columns are heads, both counted "
        f"from 0 as papers write them (9.9 is layer 9, head 9). {entries}"
        + (f' <a href="{escape(uri(home))}">Back to the atlas</a>.' if home else "") + "</p>"
        f'<div class="hs-table-wrap" tabindex="0" role="region" aria-label="Layer by head grid of {escape(name)}">'
        f'<table class="hs-atlas-grid"><caption>Known roles in {escape(name)}</caption>'
        f'<thead><tr><th scope="col">layer</th>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f"<h2>Legend</h2><ul>{legend}</ul>{model_agreement(s, name, located, uri, agreement_home)}{code}{listing}"
    )


def depth_chart(s: SiteIndex, models: dict[str, list[Located]]) -> str:
    """Each head type's instances placed by relative depth (layer / (layers − 1)) across models.

    Heads at the same depth (one layer of a model, or equal depths of models) share one dot whose
    tooltip names them all, so the chart grows with roles × depths, not with heads."""
    found: dict[str, dict[float, dict[str, set[tuple[int, int]]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for name, located in models.items():
        spec = s.vocab.models.get(name)
        if not spec or not spec.layers or spec.layers < 2:
            continue
        for x in located:
            found[x.instance.role][x.instance.layer / (spec.layers - 1)][name].add((x.instance.layer, x.instance.head))
    rows = {role: [(depth, "; ".join(f"{name} " + ", ".join(f"{layer}.{head}" for layer, head in sorted(heads))
                                      for name, heads in sorted(at.items())))
                   for depth, at in sorted(dots.items())] for role, dots in found.items()}
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
