"""What a valid paper or head page is: typed records, and a problem for every violation.

Checks here look at one page at a time (plus the vocabularies); checks across pages and
references.bib live in :mod:`headsurvey.sources`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from . import dates, frontmatter, keypapers
from .problems import Problem
from .vocab import Vocabulary, vocabulary_url

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")
PLACEMENTS = ("survey", "site")
MIN_SUMMARY_WORDS = 100
MIN_HEAD_WORDS = 30
#: Bounds on an instance's layer and head when models.yaml does not give the model's size (the atlas grid).
MAX_LAYERS = MAX_HEADS = 256


@dataclass(frozen=True)
class Instance:
    """One concrete head: layer ``layer``, head ``head`` of ``model`` plays ``role``."""

    model: str
    layer: int
    head: int
    role: str
    evidence: tuple[str, ...]
    line: int
    source: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.layer}.{self.head}"


@dataclass
class Paper:
    """A paper page's front matter (bibliographic data stays in references.bib)."""

    key: str
    path: str
    date: str
    added: str
    heads: tuple[str, ...]
    models: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    code: str | None = None
    models_note: str | None = None
    instances: tuple[Instance, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    words: str = field(default="", compare=False)  # the summary's distinct words, for the explorer's text filter

    def line_of(self, path: str) -> int:
        return frontmatter.FrontMatter({}, self.lines).line_of(path)


@dataclass
class Head:
    """A head type page's front matter."""

    slug: str
    path: str
    name: str
    aliases: tuple[str, ...]
    stages: tuple[str, ...]
    category: str
    placement: str
    related: tuple[str, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    key_papers: tuple[keypapers.KeyPaper, ...] = ()

    def line_of(self, path: str) -> int:
        return frontmatter.FrontMatter({}, self.lines).line_of(path)


class _Checker:
    """Collects problems for one page while reading its fields."""

    def __init__(self, path: str, fm: frontmatter.FrontMatter, allowed: dict[str, str]) -> None:
        self.path, self.fm, self.problems = path, fm, list[Problem]()
        for name in fm.data:
            if name not in allowed:
                self.add(name, f"unknown front matter field '{name}'", "use only: " + ", ".join(allowed))

    def add(self, where: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, self.fm.line_of(where), message, fix))

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.fm.data.get(name)
        if value is None:
            if required:
                self.add(name, f"missing field '{name}'", f"add '{name}: ...' to the front matter")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(name, f"'{name}' must be a non-empty text", f"write {name}: some text")
            return None
        return value.strip()

    def strings(self, name: str, required: bool = True, allow_scalar: bool = False) -> tuple[str, ...]:
        value = self.fm.data.get(name)
        if value is None:
            if required:
                self.add(name, f"missing field '{name}'", f"add '{name}: [a, b]' to the front matter")
            return ()
        if allow_scalar and isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(name, f"'{name}' must be a list of texts", f"write {name}: [first, second]")
            return ()
        if required and not value:
            self.add(name, f"'{name}' is empty", f"list at least one value in {name}")
        seen = set()
        for i, item in enumerate(value):
            if item in seen:
                self.add(f"{name}.{i}", f"'{item}' is listed twice in '{name}'", "list it once")
            seen.add(item)
        return tuple(v.strip() for v in value)

    def member(self, name: str, values: tuple[str, ...], known: Collection[str], what: str, fix: str, section: str = "") -> None:
        """A problem for each value not in ``known``, with the nearest one and, given the vocabulary
        page's ``section``, the address of the list of every allowed value."""
        listed = f" (every name: {vocabulary_url(section)})" if section else ""
        for i, value in enumerate(values):
            if value not in known:
                hint = closest(value, known)
                self.add(f"{name}.{i}", f"unknown {what} '{value}'", (f"did you mean '{hint}'? " if hint else "") + fix + listed)

    def date(self, name: str, required: bool = True) -> str:
        value = self.fm.data.get(name)
        if value is None:
            if required:
                self.add(name, f"missing field '{name}'", f"add '{name}: YYYY-MM-DD'")
            return ""
        day, problems = dates.check(name, value)
        for message, fix in problems:
            self.add(name, message, fix)
        return day.isoformat() if day else ""


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known value nearest to a misspelt one, if any is near enough."""
    match = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return match[0] if match else None


PAPER_FIELDS = {
    "date": "first public release, YYYY-MM-DD (month only known: its first day, then '# month only')",
    "added": "when the page was added to the site, YYYY-MM-DD",
    "heads": "head type slugs (docs/heads/<slug>.md)",
    "models": "model names from docs/_data/models.yaml",
    "models_note": "only when no model is named: why (e.g. theory only, small models trained from scratch)",
    "methods": "method slugs from docs/_data/methods.yaml",
    "tasks": "tasks or datasets studied (free text)",
    "code": "https URL of the official code (optional)",
    "instances": "concrete heads: {model, layer, head, role, evidence} (optional)",
}
INSTANCE_FIELD_HELP = {
    "model": "model name from docs/_data/models.yaml",
    "layer": "layer number as the paper writes it, counted from 0",
    "head": "head number within the layer, counted from 0 (9.9 → layer: 9, head: 9)",
    "role": "the head type it plays: one of the page's heads",
    "evidence": "method slugs that established the role, e.g. [path-patching]",
    "source": "where a reader can check it: the paper's table, figure or section, or the authors' repository@commit and file",
    "note": "optional: a caveat, e.g. that another source disagrees",
}
INSTANCE_FIELDS = tuple(INSTANCE_FIELD_HELP)
INSTANCE_OPTIONAL = ("note",)

HEAD_FIELDS = {
    "name": "display name",
    "aliases": "other names in use (optional)",
    "stage": "stage codes: KR, ICI, LR, EP",
    "category": "the survey's sub-category, from docs/_data/stages.yaml",
    "placement": "'survey' (the survey's taxonomy) or 'site' (placed by this site)",
    "related": "slugs of related head types (optional)",
    "key_papers": "papers to start with, first the one that introduced or named the type: [{paper: key, why: one line}] (optional)",
}


def check_paper(key: str, path: str, fm: frontmatter.FrontMatter, vocab: Vocabulary) -> tuple[Paper, list[Problem]]:
    """Validate a paper page's front matter against the schema and vocabularies."""
    c = _Checker(path, fm, PAPER_FIELDS)
    if not KEY.fullmatch(key):
        c.add("", f"file name '{key}' is not a valid BibTeX key", "rename the file to <key>.md using letters, digits, '_', ':' or '-'")
    heads = c.strings("heads")
    for i, slug in enumerate(heads):
        if not SLUG.fullmatch(slug):
            c.add(f"heads.{i}", f"'{slug}' is not a head slug", "write the slug: lowercase words joined by '-', e.g. induction-head")
    models = c.strings("models", required=False)
    c.member("models", models, vocab.models, "model", "add it to docs/_data/models.yaml or use a listed name", "models")
    models_note = c.text("models_note", required=False)
    if not models and not models_note:
        c.add("models", "no models listed", "list the models the paper studies, or say why there are none in 'models_note'")
    methods = c.strings("methods", required=False)
    c.member("methods", methods, vocab.methods, "method", "use a slug from docs/_data/methods.yaml", "methods")
    code = c.text("code", required=False)
    if code is not None and not re.fullmatch(r"https://[^\s<>\"']+", code):
        c.add("code", f"code link '{code}' is not an https URL", "link the repository with https://")
        code = None
    paper = Paper(
        key=key, path=path, date=c.date("date"), added=c.date("added"), heads=heads, models=models,
        methods=methods, tasks=c.strings("tasks", required=False), code=code,
        models_note=models_note, instances=_instances(c, heads, vocab), lines=dict(fm.lines),
    )
    return paper, c.problems


def _instances(c: _Checker, heads: tuple[str, ...], vocab: Vocabulary) -> tuple[Instance, ...]:
    raw = c.fm.data.get("instances")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.add("instances", "'instances' must be a list", "write one '- {model: ..., layer: ..., head: ..., role: ..., evidence: [...]}' per head")
        return ()
    found = []
    for i, item in enumerate(raw):
        where = f"instances.{i}"
        if not isinstance(item, dict):
            c.add(where, "instance is not a mapping", "write {model: ..., layer: ..., head: ..., role: ..., evidence: [...]}")
            continue
        bad = [k for k in item if k not in INSTANCE_FIELDS]
        missing = [k for k in INSTANCE_FIELDS if k not in item and k not in INSTANCE_OPTIONAL]
        if bad or missing:
            c.add(where, "instance fields " + ", ".join([f"unknown '{k}'" for k in bad] + [f"missing '{k}'" for k in missing]), "give " + ", ".join(k for k in INSTANCE_FIELDS if k not in INSTANCE_OPTIONAL) + " (note is optional)")
            continue
        model, role, evidence = item["model"], item["role"], item["evidence"]
        layer, head = item["layer"], item["head"]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (layer, head)):
            c.add(where, "layer and head must be whole numbers from 0", "write the 0-indexed numbers the paper reports, e.g. 9.9 → layer: 9, head: 9")
            continue
        spec = vocab.models.get(model)
        if spec is None:
            c.add(f"{where}.model", f"unknown model '{model}'", f"use a name from docs/_data/models.yaml ({vocabulary_url('models')})")
            continue
        if (spec.layers is not None and layer >= spec.layers) or (spec.heads is not None and head >= spec.heads):
            c.add(where, f"{model} has no head {layer}.{head} ({spec.layers} layers × {spec.heads} heads)", "check the 0-indexed layer and head numbers")
            continue
        if (spec.layers is None and layer >= MAX_LAYERS) or (spec.heads is None and head >= MAX_HEADS):
            c.add(where, f"head {layer}.{head} is beyond the site's bound for a model of unrecorded size ({MAX_LAYERS} layers × {MAX_HEADS} heads)", f"check the 0-indexed numbers, and record {model}'s layers and heads in docs/_data/models.yaml")
            continue
        if role not in heads:
            c.add(f"{where}.role", f"role '{role}' is not one of this page's heads", "add it to heads or fix the role")
            continue
        if not isinstance(evidence, list) or not evidence or any(e not in vocab.methods for e in evidence):
            c.add(f"{where}.evidence", "evidence must list method slugs", f"use slugs from docs/_data/methods.yaml ({vocabulary_url('methods')})")
            continue
        source, note = item["source"], item.get("note", "")
        if not isinstance(source, str) or not source.strip() or not isinstance(note, str):
            c.add(f"{where}.source", "source must be a non-empty text", "say where the head is reported: 'paper Table 2' or 'owner/repo@commit path/file.py'")
            continue
        found.append(Instance(model, layer, head, role, tuple(evidence), c.fm.line_of(where), source.strip(), note.strip()))
    return tuple(found)


def check_head(slug: str, path: str, fm: frontmatter.FrontMatter, vocab: Vocabulary) -> tuple[Head, list[Problem]]:
    """Validate a head page's front matter against the schema and the stage vocabulary."""
    c = _Checker(path, fm, HEAD_FIELDS)
    if not SLUG.fullmatch(slug):
        c.add("", f"file name '{slug}' is not a slug", "rename the file: lowercase words joined by '-', e.g. induction-head.md")
    name = c.text("name") or slug
    stages = c.strings("stage", allow_scalar=True)
    c.member("stage", stages, vocab.stages, "stage", "use KR, ICI, LR or EP")
    category = c.text("category") or ""
    allowed = [cat for code in stages if code in vocab.stages for cat in vocab.stages[code].categories]
    if category and allowed and category not in allowed:
        c.add("category", f"category '{category}' is not a sub-category of {', '.join(stages)}", "use one of: " + ", ".join(allowed))
    placement = c.text("placement") or "site"
    if placement not in PLACEMENTS:
        c.add("placement", f"placement '{placement}' is unknown", "write survey or site")
    related = c.strings("related", required=False)
    if slug in related:
        c.add("related", "a head cannot be related to itself", "remove its own slug from related")
    aliases = c.strings("aliases", required=False)
    head = Head(slug, path, name, aliases, stages, category, placement, related, dict(fm.lines),
                keypapers.read(c.fm.data.get("key_papers"), c.add, c.fm.line_of))
    return head, c.problems
