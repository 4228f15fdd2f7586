"""The package's structure: no import cycle among analyzer's modules, and no ``Any`` at a stage
seam.

The import graph is read from the source (module-level imports only: an import inside a
function is lazy and cannot form a cycle at import time; ``if TYPE_CHECKING:`` blocks are
skipped). ``python -m tests.test_structure`` prints the graph's edges and its cycles.
"""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import pytest

import analyzer
from analyzer import records, stages

ROOT = Path(analyzer.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            todo.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            todo.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                todo.extend(handler.body)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the analyzer modules it imports at import time."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                # a module's own packages are imported before it in any case: not an edge
                if target in modules and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "analyzer.pipeline" in graph
    assert "analyzer.records" in graph["analyzer.pipeline"]


def test_cycles_are_found_when_there_are_some() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


SEAMS = [
    obj
    for _, obj in inspect.getmembers(stages, inspect.isclass)
    if getattr(obj, "_is_protocol", False) and obj.__module__ == stages.__name__
]


@pytest.mark.parametrize("protocol", SEAMS, ids=lambda p: p.__name__)
def test_no_any_at_a_stage_seam(protocol: type) -> None:
    for name, member in vars(protocol).items():
        if name.startswith("_") or not callable(member):
            continue
        hints = typing.get_type_hints(member, {**vars(records), **vars(stages)})
        for where, hint in hints.items():
            assert "Any" not in repr(hint), f"{protocol.__name__}.{name} {where}: {hint!r}"


def test_every_stage_is_a_seam() -> None:
    names = {p.__name__ for p in SEAMS}
    assert {"Extractor", "Detector", "Translator", "Aligner", "FidelityScorer"} <= names
    assert {"ParaphraseFinder", "Reporter"} <= names


if __name__ == "__main__":
    graph = import_graph()
    for module in sorted(graph):
        for target in sorted(graph[module]):
            print(f"{module} -> {target}")
    print(f"# {len(graph)} modules, {sum(map(len, graph.values()))} edges, cycles: {cycles(graph)}")
