"""Read an issue opened with one of the repository's issue forms, as GitHub renders its body.

GitHub writes each field of a form under a ``### <label>`` heading, an empty optional field as
``_No response_``, and a textarea with ``render`` inside a code fence. The labels, the order of
the fields and which are required are read from the form files themselves
(``.github/ISSUE_TEMPLATE/*.yml``), so a label changed there cannot go out of step here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
NO_RESPONSE = "_No response_"
#: Form elements that carry an answer (``markdown`` elements only show text).
ANSWERED = ("input", "textarea", "dropdown")


class FormError(ValueError):
    """The issue forms cannot be read; the message names the file."""


@dataclass(frozen=True)
class Field:
    """One answered element of a form."""

    id: str
    label: str
    type: str
    required: bool
    render: str | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    """An issue form: its file's stem (``add-paper``) and its answered fields, in order."""

    name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Answer:
    """A field's answer (None when empty) and the body line where it starts."""

    value: str | None
    line: int


def load_forms(root: Path) -> dict[str, Form]:
    """Every issue form of the repository at ``root``, by file stem."""
    forms = {}
    for path in sorted((root / FORMS_DIR).glob("*.yml")):
        if path.name == "config.yml":
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            fields = tuple(Field(item["id"], item["attributes"]["label"], item["type"],
                                 bool(item.get("validations", {}).get("required")), item["attributes"].get("render"),
                                 tuple(item["attributes"].get("options", ())))
                           for item in data["body"] if item["type"] in ANSWERED)
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            raise FormError(f"{path.relative_to(root)}: not an issue form ({exc})") from None
        forms[path.stem] = Form(path.stem, fields)
    return forms


def _headings(form: Form, body: str) -> dict[str, tuple[int, int]]:
    """Where each field's heading is: id → (start, end) offsets of the heading line, in form order."""
    found, pos = {}, 0
    for item in form.fields:
        match = re.compile(rf"^###[ \t]+{re.escape(item.label)}[ \t]*$", re.MULTILINE).search(body, pos)
        if match:
            found[item.id] = (match.start(), match.end())
            pos = match.end()
    return found


def _unfence(text: str) -> str:
    """The content of a code fence that wraps the whole text (a textarea with ``render``)."""
    match = re.fullmatch(r"(`{3,}|~{3,})[^\n]*\n(.*?)\n?\1", text, re.DOTALL)
    return match.group(2) if match else text


def normalise(body: str) -> str:
    """The body with the line ends GitHub's API sends (CRLF) made plain."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def recognise(forms: dict[str, Form], body: str) -> Form | None:
    """The form whose every required field has its heading in the body (the one with most headings)."""
    body = normalise(body)
    scored = []
    for form in forms.values():
        found = _headings(form, body)
        if all(item.id in found for item in form.fields if item.required):
            scored.append((len(found), form.name))
    return forms[max(scored)[1]] if scored else None


def answers(form: Form, body: str) -> dict[str, Answer]:
    """Each field's answer, by id: its text with the fence of a rendered textarea removed, None
    when GitHub wrote ``_No response_``, the heading is missing or the text is blank."""
    body = normalise(body)
    found = _headings(form, body)
    spans = sorted(found.values())
    out = {}
    for item in form.fields:
        if item.id not in found:
            out[item.id] = Answer(None, 1)
            continue
        start, end = found[item.id]
        stop = next((s for s, _ in spans if s > start), len(body))
        raw = body[end:stop]
        lead = len(raw) - len(raw.lstrip("\n"))
        text = raw.strip()
        if item.render:
            text = _unfence(text)
            lead += 1 if text != raw.strip() else 0
        line = body.count("\n", 0, end) + 1 + lead
        out[item.id] = Answer(None if not text.strip() or text.strip() == NO_RESPONSE else text, line)
    return out


def heading_line(form: Form, body: str, field_id: str) -> int:
    """The body line of a field's heading (1 when the heading is missing)."""
    body = normalise(body)
    found = _headings(form, body)
    return body.count("\n", 0, found[field_id][0]) + 1 if field_id in found else 1
