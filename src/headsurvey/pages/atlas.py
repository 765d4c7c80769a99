"""The head atlas's HTML: a model's layer × head grid page and the cross-model depth chart.

The per-model pages are added to the HTML build by :mod:`headsurvey.sphinxext.atlas_pages`;
the atlas index is the ``head-atlas`` kind of :mod:`headsurvey.pages.kinds`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from markupsafe import Markup

from ..site import SiteIndex, paths
from ..site.atlas import Located, counted, distinct, grid_size, legend_codes
from ..site.consensus import named_by
from . import templating
from .consensus import model_agreement
from .context import download_name, short_title
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


def _cells(s: SiteIndex, x: Located, uri: Callable[[str], str]) -> dict[str, str]:
    """What a listed head shows: layer.head, role, evidence and paper."""
    title = s.title(x.paper.key)
    return {"label": x.instance.label, "role_href": uri(paths.head(x.instance.role)), "role": s.head_name(x.instance.role),
            "evidence": ", ".join(s.method_names(x.instance.evidence)), "href": uri(paths.paper(x.paper.key)),
            "title": title, "short": short_title(title)}


def _anchored(located: list[Located]) -> list[str]:
    """The id of each listed head: on the first row of each layer.head only ('' on the others)."""
    ids: set[str] = set()
    out = []
    for x in located:
        ident = paths.head_anchor(x.instance.layer, x.instance.head)
        out.append(ident if ident not in ids else "")
        ids.add(ident)
    return out


def _listed(s: SiteIndex, located: list[Located], uri: Callable[[str], str]) -> list[dict[str, str]]:
    return [{**_cells(s, x, uri), "anchor": anchor} for anchor, x in zip(_anchored(located), located, strict=True)]


def part_items(s: SiteIndex, part: Part, uri: Callable[[str], str]) -> list[str]:
    """The list items of one part of a model's heads."""
    return [templating.render("atlas_head_item.html", head=head) for head in _listed(s, list(part.items), uri)]


def _cell(s: SiteIndex, items: list[Located], uri: Callable[[str], str], target: str | None,
          codes: dict[str, str]) -> list[tuple[str, str, str]]:
    """One grid cell's links (address, title, text): each catalogued role linked to its paper, or (on a
    split model page) at most three roles, most reported first, linked to the head's place in its layer's list."""
    if target is None:
        return [(uri(paths.paper(x.paper.key)), f"{s.head_name(x.instance.role)} ({short_title(s.title(x.paper.key))})",
                 codes[x.instance.role]) for x in items]
    counts = Counter(x.instance.role for x in items)
    ranked = sorted(counts, key=lambda r: (-counts[r], s.head_name(r)))
    links = [(target, f"{s.head_name(r)}: {counts[r]} report{'s' if counts[r] > 1 else ''}", codes[r]) for r in ranked[:SHOWN_ROLES]]
    if len(ranked) > SHOWN_ROLES:
        links.append((target, f"{len(ranked) - SHOWN_ROLES} more roles", f"+{len(ranked) - SHOWN_ROLES}"))
    return links


def code_section(s: SiteIndex, name: str, located: list[Located], file_uri: Callable[[str], str], data: str) -> str:
    """The model's JSON download and the snippets that select its heads (:mod:`.snippets`)."""
    spec = s.vocab.models.get(name)
    found = snippets(spec, paths.model_file(name).rpartition("/")[2], located)
    role = main_role(located)
    reason = ("the vocabulary records no Hugging Face id for this model" if not spec or not spec.hf_id
              else "the vocabulary records no number of heads per layer for this model")
    return templating.render(
        "model_code.html",
        href=file_uri(paths.model_file(name)), filename=paths.model_file(name).rpartition("/")[2], saved=download_name(paths.model_file(name)),
        data=data, snippets=found,
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
    rows = []
    for layer in range(layers):
        tds: list[dict | None] = []
        for head in range(heads):
            items = cells.get((layer, head))
            tds.append({"anchor": paths.head_anchor(layer, head) if parts else "", "several": len(papers_of[(layer, head)]),
                        "links": _cell(s, items, uri, where.get((layer, head)), codes)} if items else None)
        rows.append((layer, tds))
    known = s.vocab.models.get(name)
    size = f"{known.layers} layers × {known.heads} heads" if known and known.layers and known.heads else "size not recorded; grid sized to the catalogued heads"
    shared = sum(1 for keys in papers_of.values() if len(keys) > 1)
    return templating.render(
        "atlas_model.html", name=name, counted=counted(len(located), distinct(located)), size=size, shared=shared, shown=SHOWN_ROLES,
        home=uri(home) if home else None, heads=heads, rows=rows,
        legend=[(codes[r], s.heads[r].name) for r in sorted({x.instance.role for x in located}) if r in s.heads],
        agreement=Markup(model_agreement(s, name, located, uri, agreement_home)), code=Markup(code),
        parts=[(uri(part.name), part.label, len(part.items)) for part in parts],
        listed=[] if parts else _listed(s, located, uri))


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
    roles = [{"name": s.head_name(role), "y": 30 + i * row,
              "dots": [(f"{label + depth * width:.1f}", where) for depth, where in rows[role]]}
             for i, role in enumerate(sorted(rows, key=s.head_name))]
    desc = "; ".join(f"{s.head_name(r)}: " + ", ".join(f"{w} at {d:.2f}" for d, w in v)
                     for r, v in sorted(rows.items()))
    return templating.render("depth_chart.svg", label=label, width=label + width + 20, span=width, height=40 + row * len(rows),
                             desc=desc, roles=roles)
