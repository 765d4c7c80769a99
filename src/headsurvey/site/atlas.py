"""The head atlas as data: catalogued heads (model, layer, head, role) grouped by model."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..sources.schema import Instance, Paper
from ..sources.vocab import Model
from .index import SiteIndex


@dataclass(frozen=True)
class Located:
    """One catalogued head and the paper that reports it."""

    instance: Instance
    paper: Paper


def by_model(s: SiteIndex) -> dict[str, list[Located]]:
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


def distinct(located: Iterable[Located]) -> int:
    """How many distinct heads (model, layer, head) the reports name: a head two papers report counts once."""
    return len({(x.instance.model, x.instance.layer, x.instance.head) for x in located})


def counted(reports: int, heads: int) -> str:
    """Reports and distinct heads said together: '86 reports of 54 distinct heads'."""
    return f"{reports} report{'s' if reports != 1 else ''} of {heads} distinct head{'s' if heads != 1 else ''}"


def abbreviations(names: dict[str, str]) -> dict[str, str]:
    """A legend code for each head type (slug → name), no code shared by two types.

    Initials of the name ('Name Mover Head' → 'NMH'); types whose initials collide spell more of
    their first word ('Memory Head' → 'MeH', 'Mover Head' → 'MoH'), and a number ends any tie left."""
    words: dict[str, list[str]] = {slug: re.findall(r"[A-Za-z0-9]+", name) or [slug] for slug, name in names.items()}

    def code(slug: str, letters: int) -> str:
        first, *rest = words[slug]
        return (first[:letters].capitalize() if letters > 1 else first[0].upper()) + "".join(w[0].upper() for w in rest)

    out: dict[str, str] = {}
    pending = sorted(names)
    letters = 1
    while pending:
        codes = {slug: code(slug, letters) for slug in pending}
        taken = Counter(codes.values()) + Counter(out.values())
        longest = max(len(words[slug][0]) for slug in pending)
        for slug in pending:
            if taken[codes[slug]] == 1 or letters >= longest:
                out[slug] = codes[slug]
        pending = [slug for slug in pending if slug not in out]
        letters += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(out):
        groups[out[slug]].append(slug)
    return {slug: f"{c}{i}" if len(same) > 1 else c for c, same in groups.items() for i, slug in enumerate(same, start=1)}


def legend_codes(s: SiteIndex) -> dict[str, str]:
    """The site's legend code of every head type (the same on every page)."""
    roles = set(s.heads) | {i.role for p in s.papers.values() for i in p.instances}
    return abbreviations({slug: s.head_name(slug) for slug in roles})


def model_record(s: SiteIndex, name: str, located: list[Located]) -> dict[str, Any]:
    """A model's catalogued heads as data: its vocabulary name, Hugging Face id, size, and every report."""
    spec = s.vocab.models.get(name)
    return {
        "model": name,
        "hf_id": spec.hf_id if spec else None,
        "layers": spec.layers if spec else None,
        "heads_per_layer": spec.heads if spec else None,
        "heads": [{"layer": x.instance.layer, "head": x.instance.head, "role": x.instance.role, "paper": x.paper.key,
                   "source": x.instance.source, "evidence": list(x.instance.evidence),
                   **({"note": x.instance.note} if x.instance.note else {})} for x in located],
    }
