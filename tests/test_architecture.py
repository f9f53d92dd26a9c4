"""The house's floors, read from the source: every `congvan.*` module's imports (module level,
function level and type-checking alike), parsed with `ast`. No import cycle; each floor imports
only its own floor or those below; the intake lane loads no front door; nothing is imported under
a generic top-level name (`pipeline`, `extractors`, `schemas` …) instead of `congvan.<room>`."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("pipeline", "extractors", "schemas", "tracker", "evaluation", "operations", "web", "cli")
# Floor of each room, from the ground up; a module may import its own floor or lower only.
FLOOR = {
    "congvan": 0,  # congvan/errors.py, congvan/files.py
    "extractors": 1,
    "schemas": 1,
    "pipeline": 2,
    "tracker": 3,
    "evaluation": 3,
    "operations": 4,
    "web": 5,
    "cli": 5,
}
DOOR = 5  # congvan/__main__.py is `python -m congvan`: the command line


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] != "congvan":
        parts.insert(0, "congvan")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    files = sorted((ROOT / "congvan").glob("*.py"))
    for room in ROOMS:
        files += sorted((ROOT / room).rglob("*.py"))
    return files


MODULES: dict[str, Path] = {module_name(p): p for p in source_files()}


def imported_names(path: Path, module: str) -> list[str]:
    """Every module name an import statement in `path` names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import submodule` names the submodule only: the package's __init__ runs for
            # any of its submodules, which is no more a dependency than a folder is.
            subs = [f"{base}.{alias.name}" for alias in node.names]
            names += subs if all(sub in MODULES for sub in subs) else [base, *subs]
    return names


def resolve(name: str) -> str | None:
    """The congvan module an imported name lands in (a submodule if it is one, else its package)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {resolve(n) for n in imported_names(path, module) if n.startswith("congvan")}
        edges[module] = {t for t in targets if t is not None and t != module}
    return edges


def floor(module: str) -> int:
    if module == "congvan.__main__":
        return DOOR
    parts = module.split(".")
    return FLOOR[parts[1]] if len(parts) > 1 and parts[1] in FLOOR else FLOOR["congvan"]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_sees_every_room() -> None:
    edges = graph()
    assert {m.split(".")[1] for m in edges if m.count(".")} >= set(ROOMS)
    assert "congvan.operations.intake" in edges["congvan.operations.lane"]  # resolution works
    assert "congvan.tracker.url" in edges["congvan.operations.locks"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_floors_only_look_down() -> None:
    upward = sorted(
        f"{module} (floor {floor(module)}) imports {target} (floor {floor(target)})"
        for module, targets in graph().items()
        for target in targets
        if floor(target) > floor(module)
    )
    assert upward == []


def test_nothing_is_imported_under_a_generic_top_level_name() -> None:
    generic = sorted(
        f"{module}: {name}"
        for module, path in MODULES.items()
        for name in imported_names(path, module)
        if name.split(".")[0] in ROOMS
    )
    assert generic == []


@pytest.mark.parametrize(
    "module",
    [
        pytest.param("congvan.operations.intake", id="intake"),
        pytest.param("congvan.operations.lane", id="lane"),
    ],
)
def test_the_intake_lane_loads_no_front_door(module: str) -> None:
    code = (
        f"import json, sys; import {module}; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{('typer', 'rich', 'starlette', 'uvicorn', *ROOMS)!r} or m.startswith(('congvan.cli', 'congvan.web')))))"
    )
    env = {"PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert json.loads(out.stdout) == []


def private_imports(path: Path, module: str) -> list[str]:
    """`from congvan.x import _name` in `path`: a private helper used outside the module owning it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("congvan") and not node.level:
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__") and node.module != module:
                    found.append(f"{module}: from {node.module} import {alias.name}")
    return found


def test_private_imports_are_found(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from congvan.operations.watch import _loop, check_folders\nfrom os import _exit\n")
    assert private_imports(sample, "congvan.operations.distributed") == [
        "congvan.operations.distributed: from congvan.operations.watch import _loop"
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    """A helper two modules share gets a public name in the module that owns it (watch_loop,
    obligation_figures, intake_config), so renaming a private one never breaks a neighbour."""
    found = sorted(f for module, path in MODULES.items() for f in private_imports(path, module))
    assert found == []
