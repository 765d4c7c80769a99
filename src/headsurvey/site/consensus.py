"""Where papers agree: for each model and head type that two or more papers locate, the heads they
share, the heads only one names, and their overlap (Jaccard index)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean, median

from .atlas import Located
from .index import SiteIndex

Head = tuple[int, int]


@dataclass(frozen=True)
class Pair:
    """Two papers' heads of one type in one model: what both name, and |both| / |either|."""

    first: str
    second: str
    shared: int
    union: int

    @property
    def jaccard(self) -> float:
        return self.shared / self.union if self.union else 0.0


@dataclass(frozen=True)
class Agreement:
    """The papers that locate one head type in one model, and how far their heads coincide."""

    model: str
    role: str
    heads: dict[str, frozenset[Head]]  # paper key → the heads it names, papers in key order
    methods: dict[str, tuple[str, ...]]  # paper key → the paper's methods

    @property
    def pairs(self) -> list[Pair]:
        return [Pair(a, b, len(self.heads[a] & self.heads[b]), len(self.heads[a] | self.heads[b]))
                for a, b in combinations(self.heads, 2)]

    @property
    def jaccard(self) -> float:
        """Mean Jaccard index over every pair of papers (for two papers, their Jaccard index)."""
        return fmean(p.jaccard for p in self.pairs)

    @property
    def shared(self) -> list[tuple[Head, list[str]]]:
        """Heads named by two or more of the papers, with those papers, in layer.head order."""
        return [(h, keys) for h, keys in self._namers() if len(keys) > 1]

    @property
    def single(self) -> dict[str, list[Head]]:
        """Each paper's heads that no other paper of the group names."""
        out: dict[str, list[Head]] = {k: [] for k in self.heads}
        for h, keys in self._namers():
            if len(keys) == 1:
                out[keys[0]].append(h)
        return out

    @property
    def methods_differ(self) -> bool:
        return len({frozenset(m) for m in self.methods.values()}) > 1

    def _namers(self) -> list[tuple[Head, list[str]]]:
        named: dict[Head, list[str]] = defaultdict(list)
        for key, heads in self.heads.items():
            for h in heads:
                named[h].append(key)
        return sorted(named.items())


def agreements(s: SiteIndex, models: dict[str, list[Located]]) -> list[Agreement]:
    """Every (model, head type) that two or more papers locate, by model then head type."""
    found: dict[tuple[str, str], dict[str, set[Head]]] = defaultdict(lambda: defaultdict(set))
    for name, located in models.items():
        for x in located:
            found[(name, x.instance.role)][x.paper.key].add((x.instance.layer, x.instance.head))
    return [Agreement(model, role, {k: frozenset(v) for k, v in sorted(by_paper.items())},
                      {k: s.papers[k].methods for k in sorted(by_paper)})
            for (model, role), by_paper in sorted(found.items()) if len(by_paper) > 1]


@dataclass(frozen=True)
class RoleAgreement:
    """A head type's agreement over every model where papers compare: mean Jaccard of its groups."""

    role: str
    groups: list[Agreement]

    @property
    def jaccard(self) -> float:
        return fmean(g.jaccard for g in self.groups)


def by_role(groups: list[Agreement]) -> list[RoleAgreement]:
    """Head types ranked from the most to the least agreed (mean Jaccard, then more groups first)."""
    found: dict[str, list[Agreement]] = defaultdict(list)
    for g in groups:
        found[g.role].append(g)
    ranked = [RoleAgreement(role, gs) for role, gs in found.items()]
    return sorted(ranked, key=lambda r: (-r.jaccard, -len(r.groups), r.role))


def named_by(located: list[Located]) -> dict[Head, set[str]]:
    """Each head of a model and the papers that name it (in any role)."""
    out: dict[Head, set[str]] = defaultdict(set)
    for x in located:
        out[(x.instance.layer, x.instance.head)].add(x.paper.key)
    return out


@dataclass(frozen=True)
class Depth:
    """Where one paper finds a head type in one model: its heads' relative depths (0 first layer, 1 last)."""

    paper: str
    model: str
    heads: int
    low: float
    median: float
    high: float


def depths(s: SiteIndex, models: dict[str, list[Located]]) -> dict[str, list[Depth]]:
    """For each head type located in two or more models (of known depth), each paper's depth range
    in each model, the paper with more heads first."""
    found: dict[str, dict[tuple[str, str], set[Head]]] = defaultdict(lambda: defaultdict(set))
    for name, located in models.items():
        spec = s.vocab.models.get(name)
        if spec is None or spec.layers is None or spec.layers < 2:
            continue
        for x in located:
            found[x.instance.role][(x.paper.key, name)].add((x.instance.layer, x.instance.head))
    out = {}
    for role, groups in sorted(found.items()):
        if len({model for _, model in groups}) < 2:
            continue
        rows = []
        for (key, model), heads in groups.items():
            last = (s.vocab.models[model].layers or 2) - 1  # only models of known depth are grouped
            at = sorted(layer / last for layer, _ in heads)
            rows.append(Depth(key, model, len(heads), at[0], median(at), at[-1]))
        out[role] = sorted(rows, key=lambda d: (-d.heads, d.model, d.paper))
    return out
