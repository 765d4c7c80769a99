"""Split a MyST page into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml when available
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

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    end: int = 0  # number of lines the front matter block occupies (fences included)

    def line_of(self, path: str) -> int:
        """Line of ``path`` (``heads``, ``instances.0.layer``) or of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1


def fence_end(text: str) -> int:
    """Number of lines of the front matter block (0 when the page has none)."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return 0
    for n, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return n
    raise FrontMatterError(1, "front matter opened with '---' is never closed", "add a '---' line after the last field")


#: Front matter larger than this is refused before YAML reads it.
MAX_BYTES = 256 * 1024
#: YAML features a page never needs; anchors and aliases can expand exponentially.
REFUSED_TOKENS = {yaml.AnchorToken: "an anchor (&name)", yaml.AliasToken: "an alias (*name)", yaml.TagToken: "a tag (!name)"}


def parse(text: str) -> FrontMatter:
    """Parse the front matter of ``text``; raise :class:`FrontMatterError` on bad input."""
    end = fence_end(text)
    if not end:
        raise FrontMatterError(1, "page has no YAML front matter")
    raw = text.splitlines()[1 : end - 1]
    block = "\n".join(raw)
    if len(block.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise FrontMatterError(2, f"front matter is larger than {MAX_BYTES // 1024} KiB", "keep the front matter to the documented fields")
    try:
        _refuse_unsafe_tokens(block)
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


def _refuse_unsafe_tokens(block: str) -> None:
    """Scan (not construct) the YAML and refuse anchors, aliases and tags, with their line."""
    scanner = _Loader(block)
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                return
            what = REFUSED_TOKENS.get(type(token))
            if what:
                raise FrontMatterError(token.start_mark.line + 2, f"front matter uses {what}",
                                       "write every value out in full: anchors, aliases and tags are not allowed")
    finally:
        scanner.dispose()


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
