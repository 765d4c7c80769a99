"""The vocabulary page: every name a page may use (heads, models, methods, venues), one anchor each.

The checker's "did you mean" messages link these sections (:func:`..sources.vocab.vocabulary_url`);
each row's anchor is ``<kind>-<name>`` (``model-gpt-2-small``) so a message or a form can link one name.
"""

from __future__ import annotations

from docutils import nodes

from ..site import paths
from ..sources.vocab import HF_ID, Model
from .context import Context, row, scrolling, table

SECTIONS = ("heads", "models", "methods", "venues")


def anchor(kind: str, name: str) -> str:
    """The id of a name's row: 'model' + 'GPT-2 small' → 'model-gpt-2-small'."""
    return nodes.make_id(f"{kind}-{name}")


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _size(number: int | None) -> nodes.Text:
    return nodes.Text("" if number is None else str(number))


def _anchored(kind: str, name: str, cells: list[nodes.Node]) -> nodes.row:
    line = row(cells)
    line["ids"].append(anchor(kind, name))
    return line


def _heads(ctx: Context) -> tuple[tuple[str, ...], list[nodes.row]]:
    return ("slug", "head type", "stage", "sub-category"), [
        _anchored("head", h.slug, [_code(h.slug), ctx.link(paths.head(h.slug), h.name), nodes.Text(", ".join(h.stages)),
                                   nodes.Text(h.category)])
        for h in sorted(ctx.site.heads.values(), key=lambda h: h.slug)]


def _hub(model: Model) -> nodes.Node:
    hub = model.hf_id
    if not hub:
        return nodes.Text("")
    if HF_ID.fullmatch(hub):  # checked when the vocabulary is read; checked again before it is linked
        return nodes.reference(hub, hub, refuri=f"https://huggingface.co/{hub}", classes=["hs-ext"])
    return _code(hub)


def _models(ctx: Context) -> tuple[tuple[str, ...], list[nodes.row]]:
    models = sorted(ctx.site.vocab.models.values(), key=lambda m: (m.family.casefold(), m.name.casefold()))
    return ("name", "family", "layers", "heads per layer", "hub id", "modality"), [
        _anchored("model", m.name, [_code(m.name), nodes.Text(m.family), _size(m.layers), _size(m.heads), _hub(m),
                                    nodes.Text(m.modality)])
        for m in models]


def _methods(ctx: Context) -> tuple[tuple[str, ...], list[nodes.row]]:
    return ("slug", "method", "category · type", "survey's taxonomy"), [
        _anchored("method", m.slug, [_code(m.slug), nodes.Text(m.name), nodes.Text(f"{m.category} · {m.type}"),
                                     nodes.Text("yes" if m.survey else "")])
        for m in sorted(ctx.site.vocab.methods.values(), key=lambda m: m.slug)]


def _venues(ctx: Context) -> tuple[tuple[str, ...], list[nodes.row]]:
    return ("short name", "given to a journal or booktitle containing"), [
        _anchored("venue", v.name, [nodes.Text(v.name + (" YYYY" if v.dated else "")), nodes.Text("; ".join(v.match))])
        for v in ctx.site.vocab.venues.values()]


TABLES = {"heads": _heads, "models": _models, "methods": _methods, "venues": _venues}


def vocabulary(ctx: Context, section: str) -> list[nodes.Node]:
    """One section's table: its count, then a row per name."""
    header, rows = TABLES[section](ctx)
    intro = nodes.paragraph("", f"{len(rows)} {section if len(rows) != 1 else section[:-1]}.")
    return [intro, *scrolling(table(header, rows), f"{section} of the vocabulary")]
