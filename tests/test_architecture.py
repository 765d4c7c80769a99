"""The package keeps its shape: imports run one way down the flow, no cycles, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "headsurvey"
#: The flow, bottom to top: a subpackage may import only from its own layer or the ones below.
LAYERS = {"sources": 0, "site": 1, "pages": 2, "exports": 2, "sphinxext": 3, "cli": 3}
SIBLINGS_APART = {("pages", "exports"), ("exports", "pages"), ("sphinxext", "cli"), ("cli", "sphinxext")}
NO_SPHINX = ("sources", "site", "pages", "exports", "cli")


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
            for p in PACKAGE.rglob("*.py")}


def imports(name: str, path: Path) -> set[str]:
    """Every module of the package or outside it that ``name`` imports, function-local imports included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    known = modules()
    return {m for m in found if m in known or not m.startswith("headsurvey")}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_imports_run_one_way():
    wrong = []
    for name, path in modules().items():
        here = layer(name)
        for target in imports(name, path):
            there = layer(target)
            if here and there and (LAYERS[there] > LAYERS[here] or (here, there) in SIBLINGS_APART):
                wrong.append(f"{name} imports {target}")
            if here in NO_SPHINX and target.split(".")[0] == "sphinx":
                wrong.append(f"{name} imports Sphinx")
    assert wrong == []


def test_no_import_cycles():
    known = modules()
    graph = {name: {t for t in imports(name, path) if t in known and t != name} for name, path in known.items()}
    # A package's __init__ re-exporting its modules is not a cycle through them.
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_modules_and_classes_stay_small():
    too_big = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        lines = len(path.read_text().splitlines())
        if lines > 300:
            too_big.append(f"{name}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 150:
                too_big.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_big == []


def test_the_architecture_page_describes_the_package():
    """docs/architecture.md has a row per subpackage holding its docstring's first line."""
    page = (ROOT / "docs/architecture.md").read_text()
    rows = dict(re.findall(r"^\| `headsurvey/(\w+)/` \| (.+?) \|$", page, re.MULTILINE))
    summaries = {}
    for path in PACKAGE.glob("*/__init__.py"):
        first = (ast.get_docstring(ast.parse(path.read_text())) or "").splitlines()[0]
        summaries[path.parent.name] = first.partition(": ")[2]
    assert rows == summaries


#: The module that may escape text by hand: the template environment's own escaping.
ESCAPING = {"headsurvey.pages.templating"}


def test_html_comes_from_templates_not_escaped_strings():
    """Generated HTML, SVG and XML come from autoescaped Jinja2 templates (pages/templating.py):
    no module of the flow imports an HTML or XML escaping function (the CLI's Markdown is apart)."""
    found = []
    for name, path in modules().items():
        if name.startswith("headsurvey.cli") or name in ESCAPING:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in ("html", "xml.sax.saxutils", "markupsafe"):
                found += [f"{name}: from {node.module} import {a.name}" for a in node.names if "escape" in a.name]
            elif isinstance(node, ast.Attribute) and node.attr == "escape" and isinstance(node.value, ast.Name) \
                    and node.value.id in ("html", "saxutils", "markupsafe"):
                found.append(f"{name}: {node.value.id}.escape")
    assert not found, found
