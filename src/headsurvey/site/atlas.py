"""The head atlas as data: catalogued heads (model, layer, head, role) grouped by model."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..sources.schema import Instance, Paper
from ..sources.vocab import Model
from .index import Site

ATLAS_DIR = "atlas"


@dataclass(frozen=True)
class Located:
    """One catalogued head and the paper that reports it."""

    instance: Instance
    paper: Paper


def slug(model: str) -> str:
    """The page name of a model ('GPT-2 small' → 'gpt-2-small')."""
    return re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")


def by_model(s: Site) -> dict[str, list[Located]]:
    """Every catalogued head by model name, each model's heads in layer.head order."""
    found: dict[str, list[Located]] = defaultdict(list)
    for paper in sorted(s.papers.values(), key=lambda p: p.key):
        for inst in paper.instances:
            found[inst.model].append(Located(inst, paper))
    return {m: sorted(v, key=lambda x: (x.instance.layer, x.instance.head, x.instance.role, x.paper.key))
            for m, v in sorted(found.items())}


def grid_size(model: Model | None, located: list[Located]) -> tuple[int, int]:
    """Layers × heads of a model's grid: the recorded size, or enough for every catalogued head."""
    layers = max(x.instance.layer for x in located) + 1
    heads = max(x.instance.head for x in located) + 1
    if model is not None:
        layers, heads = max(layers, model.layers or 0), max(heads, model.heads or 0)
    return layers, heads


def abbreviation(s: Site, role: str) -> str:
    """Initials of a head type's name: 'Name Mover Head' → 'NMH'."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", s.head_name(role))).upper()
