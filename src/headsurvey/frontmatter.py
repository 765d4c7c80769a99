"""Split a MyST page into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import functools
import re

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """Safe YAML without implicit timestamps: dates stay text and are checked by the schema."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """The front matter is missing or is not valid YAML mapping."""

    def __init__(self, line: int, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.fix = fix  # None: the generic "start the page with ---, the fields, ---"


@dataclass
class FrontMatter:
    """Parsed front matter: the data, the 1-based line of each key, and its extent."""

    data: dict
    lines: dict[str, int] = field(default_factory=dict)
    end: int = 0  # number of lines the front matter block occupies (fences included)

    def line_of(self, path: str) -> int:
        """Line of ``path`` (``heads``, ``instances.0.layer``) or of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1


# --- fast path: the common one-line-per-field layout, with YAML's own scalar resolution --------

TOP = re.compile(r"([A-Za-z_][\w-]*):(?: (.*))?")
ITEM = re.compile(r"  - (.*)")
BLOCK_SCALAR = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:]|:(?! |$))*?")
FLOW_SCALAR = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#'\"]*")
PAIR = re.compile(r"([A-Za-z_][\w-]*): (\[[^\[\]{}]*\]|[^,\[\]{}]*)\s*(?:,\s*|$)")
DECIMAL = re.compile(r"0|[1-9][0-9]*")
NOT_PARSED = object()


@functools.lru_cache(maxsize=8192)
def _scalar(text: str, flow: bool):
    """A plain scalar as YAML would load it, or NOT_PARSED when the fast path must not decide."""
    text = text.strip()
    if not (FLOW_SCALAR if flow else BLOCK_SCALAR).fullmatch(text) or " #" in text:
        return NOT_PARSED
    tag = _Loader.resolve(_Loader, yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:int" and DECIMAL.fullmatch(text):
        return int(text)
    return NOT_PARSED


def _flow_list(text: str):
    inner = text[1:-1].strip()
    if not inner:
        return []
    items = [_scalar(part, True) for part in inner.split(",")]
    return NOT_PARSED if any(i is NOT_PARSED for i in items) else items


def _flow_map(text: str):
    """``{a: 1, b: [x, y]}`` with scalar or flat-list values."""
    out, rest = {}, text[1:-1].strip()
    while rest:
        match = PAIR.match(rest)
        if not match or match.group(1) in out:
            return NOT_PARSED
        raw = match.group(2).strip()
        value = _flow_list(raw) if raw.startswith("[") else _scalar(raw, True)
        if value is NOT_PARSED:
            return NOT_PARSED
        out[match.group(1)] = value
        rest = rest[match.end():]
    return out


def _value(text: str):
    if text.startswith("[") and text.endswith("]"):
        return _flow_list(text)
    if text.startswith("{") and text.endswith("}"):
        return _flow_map(text)
    return _scalar(text, False)


def _fast(block: list[str]) -> tuple[dict, dict[str, int]] | None:
    """Parse front matter laid out one field per line (lists inline or as '  - ' items)."""
    data: dict = {}
    lines: dict[str, int] = {}
    key = None
    for number, line in enumerate(block, start=2):
        line = line.rstrip()
        if not line:
            continue
        top = TOP.fullmatch(line)
        if top:
            key, text = top.group(1), (top.group(2) or "").strip()
            if key in data:
                return None
            lines[key] = number
            if text:
                value = _value(text)
                if value is NOT_PARSED:
                    return None
                data[key] = value
                if isinstance(value, list):
                    lines.update({f"{key}.{i}": number for i in range(len(value))})
                key = None
            else:
                data[key] = None
            continue
        item = ITEM.fullmatch(line)
        if not item or key is None or (data[key] is not None and not isinstance(data[key], list)):
            return None
        value = _value(item.group(1).strip())
        if value is NOT_PARSED or isinstance(value, list):
            return None
        items = data[key] = data[key] or []
        lines[f"{key}.{len(items)}"] = number
        if isinstance(value, dict):
            lines.update({f"{key}.{len(items)}.{name}": number for name in value})
        items.append(value)
    return data, lines


def fence_end(text: str) -> int:
    """Number of lines of the front matter block (0 when the page has none)."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return 0
    for n, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return n
    raise FrontMatterError(1, "front matter opened with '---' is never closed", "add a '---' line after the last field")


def parse(text: str) -> FrontMatter:
    """Parse the front matter of ``text``; raise :class:`FrontMatterError` on bad input."""
    end = fence_end(text)
    if not end:
        raise FrontMatterError(1, "page has no YAML front matter")
    raw = text.splitlines()[1 : end - 1]
    fast = _fast(raw)
    if fast is not None:
        return FrontMatter(data=fast[0], lines=fast[1], end=end)
    block = "\n".join(raw)
    try:
        loader = _Loader(block)
        try:
            node = loader.get_single_node()
            lines: dict[str, int] = {}
            _record_lines(node, "", lines)
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(line, f"invalid YAML in front matter: {problem}",
                               "fix the YAML on that line: lists as [a, b], text containing ': ' or '#' in quotes") from None
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of 'field: value' lines")
    return FrontMatter(data=data, lines=lines, end=end)


def _record_lines(node: yaml.Node | None, prefix: str, lines: dict[str, int]) -> None:
    """Record the page line of every key and list item as ``a.b.0``-style paths, refusing a key
    given twice (YAML would keep the last one silently, and the page would lose a field)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value in node.value:
            line = key_node.start_mark.line + 2
            if key_node.value in seen:
                raise FrontMatterError(line, f"field '{key_node.value}' appears twice (first on line {seen[key_node.value]})",
                                       f"keep one '{key_node.value}:' line")
            seen[key_node.value] = line
            path = f"{prefix}{key_node.value}"
            lines[path] = line
            _record_lines(value, path + ".", lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}{i}"
            lines[path] = item.start_mark.line + 2
            _record_lines(item, path + ".", lines)
