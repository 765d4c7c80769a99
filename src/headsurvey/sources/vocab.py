"""Controlled vocabularies: stages, models, methods, venues and author aliases, one YAML data file each."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import normal
from .problems import Problem, read_source

#: The published site (conf.py's ``html_baseurl`` outside Read the Docs): messages link its pages.
SITE_URL = "https://headsurvey.readthedocs.io/en/latest/"


def vocabulary_url(section: str = "") -> str:
    """The address of the vocabulary page (every allowed name), at ``section`` (models, methods,
    venues, heads) when given."""
    return f"{SITE_URL}vocabulary.html" + (f"#{section}" if section else "")


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    slug: str
    categories: tuple[str, ...]


#: What a model reads and writes (the ``modality`` of docs/_data/models.yaml).
MODALITIES = ("text", "vision-language", "vision", "audio", "speech", "video", "diffusion", "tabular")
#: A Hugging Face checkpoint id: owner/name, each of letters, digits, '-', '_' and '.'.
HF_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}")


@dataclass(frozen=True)
class Model:
    name: str
    family: str
    layers: int | None = None
    heads: int | None = None
    hf_id: str | None = None  # the Hugging Face checkpoint, where verified from a source
    modality: str = "text"


@dataclass(frozen=True)
class AuthorAlias:
    """One person who published under several spellings: the canonical name and the others."""

    name: str
    aliases: tuple[str, ...]
    line: int = 1  # of its record in authors.yaml, to locate problems


@dataclass(frozen=True)
class Method:
    slug: str
    name: str
    category: str
    type: str
    survey: bool


@dataclass(frozen=True)
class Venue:
    """A short venue name; an entry's journal or booktitle containing a ``match`` phrase has it."""

    name: str
    match: tuple[str, ...]
    dated: bool = False  # the short name carries the entry's year (ICLR 2025)


SCHEMAS: dict[str, tuple[type, dict[str, type], str]] = {
    "stages": (Stage, {"code": str, "name": str, "slug": str, "categories": list}, "code"),
    "models": (Model, {"name": str, "family": str, "layers": int, "heads": int, "hf_id": str, "modality": str}, "name"),
    "methods": (Method, {"slug": str, "name": str, "category": str, "type": str, "survey": bool}, "slug"),
    "venues": (Venue, {"name": str, "match": list, "dated": bool}, "name"),
    "authors": (AuthorAlias, {"name": str, "aliases": list}, "name"),
}
OPTIONAL = {"layers", "heads", "dated", "hf_id", "modality"}
#: Data files that may be absent (no author has another spelling yet).
OPTIONAL_FILES = {"authors"}


@dataclass
class Vocabulary:
    """Stages by code, models by name, methods by slug, and problems in the data files."""

    stages: dict[str, Stage] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    methods: dict[str, Method] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    authors: dict[str, AuthorAlias] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # each table's file as problems name it

    def fingerprint(self) -> str:
        """A digest of every vocabulary record: equal fingerprints show the same data."""
        data = repr((sorted(self.stages.items()), sorted(self.models.items()), sorted(self.methods.items()),
                     list(self.venues.items()), sorted(self.authors.items())))
        return hashlib.sha256(data.encode()).hexdigest()

    def venue_name(self, venue: str, year: str) -> str | None:
        """The short name of a venue (first vocabulary entry whose phrase it contains), or None."""
        folded = venue.casefold()
        for short in self.venues.values():
            if any(phrase.casefold() in folded for phrase in short.match):
                return f"{short.name} {year}" if short.dated and year else short.name
        return None

    @classmethod
    def load(cls, directory: Path | str, display: str | None = None) -> Vocabulary:
        directory = Path(directory)
        vocab = cls()
        model_slugs: dict[str, str] = {}  # page name → the model giving it (a lookup, not a scan per model)
        for name, (record, fields, key) in SCHEMAS.items():
            path = directory / f"{name}.yaml"
            shown = f"{display or directory}/{name}.yaml"
            vocab.files.append(str(path))
            vocab.shown[name] = shown
            if name in OPTIONAL_FILES and not path.exists():
                continue
            items = load_list(path, shown, vocab.problems)
            table = getattr(vocab, name)
            for line, item in items:
                value = check_item(item, fields, shown, line, vocab.problems)
                if value is None or not _check_values(value, shown, line, vocab.problems):
                    continue
                if "categories" in value:
                    value["categories"] = tuple(value["categories"])
                for phrases in ("match", "aliases"):
                    if phrases in value:
                        value[phrases] = tuple(value[phrases])
                if name == "authors":
                    value["line"] = line
                if value[key] in table:
                    vocab.problems.append(Problem(shown, line, f"duplicate {key} '{value[key]}'", "keep one entry"))
                    continue
                if name == "models" and (problem := _model_problem(value, model_slugs, shown, line)):
                    vocab.problems.append(problem)
                    continue
                table[value[key]] = record(**value)
        vocab.problems += _check_aliases(vocab.authors, vocab.shown["authors"])
        return vocab


#: Largest model size models.yaml may record (the atlas draws a grid of layers × heads).
MAX_MODEL_SIZE = 1024


def _model_problem(value: dict[str, Any], slugs_taken: dict[str, str], shown: str, line: int) -> Problem | None:
    """A model whose page name (atlas slug) another model has (``slugs_taken``: page name → model,
    gaining this model's when it has no problem), or whose size is out of bounds."""
    slugs = normal.page_slugs(value["name"])
    clash = sorted(slugs & slugs_taken.keys())
    if "" in slugs or clash:
        what = f"has the same page name '{clash[0]}' as '{slugs_taken[clash[0]]}'" if clash else "gives no page name (no letter or digit)"
        return Problem(shown, line, f"model '{value['name']}' {what}", "use one name per model, spelt as the paper does")
    for size in ("layers", "heads"):
        if not 0 < value.get(size, 1) <= MAX_MODEL_SIZE:
            return Problem(shown, line, f"model '{value['name']}': {size} {value[size]} is not in 1..{MAX_MODEL_SIZE}", f"give the model's number of {size}")
    slugs_taken.update(dict.fromkeys(slugs, value["name"]))
    return None


def _check_values(value: dict[str, Any], shown: str, line: int, problems: list[Problem]) -> bool:
    """Field values beyond their type: modality from MODALITIES, hf_id as owner/name, phrase lists."""
    ok = True
    if "modality" in value and value["modality"] not in MODALITIES:
        problems.append(Problem(shown, line, f"unknown modality '{value['modality']}'", "use one of: " + ", ".join(MODALITIES)))
        ok = False
    if "hf_id" in value and not HF_ID.fullmatch(value["hf_id"]):
        problems.append(Problem(shown, line, f"hf_id '{value['hf_id']}' is not a Hugging Face id",
                                "write owner/name as on the model card (e.g. meta-llama/Llama-2-7b-hf), or leave hf_id out"))
        ok = False
    for phrases in ("match", "aliases"):
        if phrases in value and (not value[phrases] or not all(isinstance(m, str) and m.strip() for m in value[phrases])):
            problems.append(Problem(shown, line, f"field '{phrases}' must list phrases", f"write {phrases}: [phrase, ...]"))
            ok = False
    return ok


def _check_aliases(authors: dict[str, AuthorAlias], shown: str) -> list[Problem]:
    """Each spelling belongs to one person only: no alias repeated, none another record's name."""
    problems = []
    names = {name.casefold() for name in authors}
    owner: dict[str, str] = {name.casefold(): name for name in authors}
    for name, record in authors.items():
        for alias in record.aliases:
            folded = alias.casefold()
            if folded == name.casefold():
                what = "its own name"
            elif folded in owner:
                what = "listed twice" if owner[folded] == name and folded not in names else f"already the spelling of '{owner[folded]}'"
            else:
                owner[folded] = name
                continue
            problems.append(Problem(shown, record.line, f"alias '{alias}' of '{name}' is {what}", "list each spelling once, under one person"))
    return problems


def load_list(path: Path, shown: str, problems: list[Problem]) -> list[tuple[int, object]]:
    """The items of a YAML list file, each with its line (problems added for a missing or malformed file)."""
    try:
        text, unreadable = read_source(path, shown)
        problems += unreadable
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except FileNotFoundError:
        problems.append(Problem(shown, 1, "data file not found", f"create {shown}"))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(shown, mark.line + 1 if mark else 1, f"invalid YAML: {getattr(exc, 'problem', exc)}", "fix the YAML syntax"))
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(shown, 1, "expected a list of entries", "write one '- name: ...' item per entry"))
        return []
    return [(n.start_mark.line + 1, item) for n, item in zip(node.value, data, strict=False)]


def check_item(item: object, fields: Mapping[str, type], shown: str, line: int, problems: list[Problem],
               optional: Collection[str] = OPTIONAL) -> dict[str, Any] | None:
    """The item as a dict if it has exactly the known ``fields`` of the right types (else None, problems added)."""
    if not isinstance(item, dict):
        problems.append(Problem(shown, line, "entry is not a mapping", "write 'key: value' pairs"))
        return None
    ok = True
    for name in item:
        if name not in fields:
            problems.append(Problem(shown, line, f"unknown field '{name}'", "use: " + ", ".join(fields)))
            ok = False
    for name, kind in fields.items():
        if name not in item:
            if name not in optional:
                problems.append(Problem(shown, line, f"missing field '{name}'", f"add {name}:"))
                ok = False
        elif not isinstance(item[name], kind) or (kind is int and isinstance(item[name], bool)):
            problems.append(Problem(shown, line, f"field '{name}' must be a {kind.__name__}", f"fix {name}:"))
            ok = False
    return dict(item) if ok else None
