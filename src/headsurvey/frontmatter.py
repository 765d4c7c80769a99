"""Split a MyST page into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """Safe YAML without implicit timestamps: dates stay text and are checked by the schema."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """The front matter is missing or is not valid YAML mapping."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


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


def fence_end(text: str) -> int:
    """Number of lines of the front matter block (0 when the page has none)."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return 0
    for n, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return n
    raise FrontMatterError(1, "front matter opened with '---' is never closed")


def parse(text: str) -> FrontMatter:
    """Parse the front matter of ``text``; raise :class:`FrontMatterError` on bad input."""
    end = fence_end(text)
    if not end:
        raise FrontMatterError(1, "page has no YAML front matter")
    block = "\n".join(text.splitlines()[1 : end - 1])
    try:
        loader = _Loader(block)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(line, f"invalid YAML in front matter: {problem}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of 'field: value' lines")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        _record_lines(node, "", lines)
    return FrontMatter(data=data, lines=lines, end=end)


def _record_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    """Record the page line of every key and list item as ``a.b.0``-style paths."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            path = f"{prefix}{key_node.value}"
            lines[path] = key_node.start_mark.line + 2
            _record_lines(value, path + ".", lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}{i}"
            lines[path] = item.start_mark.line + 2
            _record_lines(item, path + ".", lines)
