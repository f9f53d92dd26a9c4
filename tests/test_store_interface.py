"""The store protocol is the one way into the tracker: no module outside tracker/ reaches into a
store's private members (its `_run`, `_write`, connection …) or carries SQL of its own. A new
engine is then checked against tracker/api.Store, not against SQL strings scattered in the web."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from congvan.tracker.api import Store

REPO = Path(__file__).resolve().parents[1]
TRACKER = REPO / "tracker"
# The drop folder's file-hash cache is a SQLite file of its own (not the tracker), kept beside the
# inbox by operations; its SQL is not tracker SQL.
OWN_DATABASES = {Path("operations/hashindex.py")}

SQL = re.compile(
    r"""\bCREATE\s+(?:TABLE|INDEX|TRIGGER|VIRTUAL\s+TABLE)\b  # CREATE TABLE IF NOT EXISTS web_users (
      | \bSELECT\b[^;]*?\bFROM\b                             # SELECT id FROM documents WHERE sha256 = ?
      | \bINSERT\s+INTO\b | \bDELETE\s+FROM\b                # DELETE FROM web_signin_failures WHERE …
      | \bUPDATE\s+\w+\s+SET\b | \bALTER\s+TABLE\b           # UPDATE web_users SET role = ? …
      | \bPRAGMA\s+\w+""",
    re.VERBOSE | re.DOTALL,
)


def source_roots() -> list[Path]:
    """Every folder installed under congvan (pyproject's package-dir), the tracker's own left out."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    folders = config["tool"]["setuptools"]["package-dir"].values()
    return [REPO / f for f in folders if REPO / f != TRACKER]


def modules_outside_tracker() -> list[Path]:
    return sorted(p for root in source_roots() for p in root.rglob("*.py"))


def store_private_names() -> set[str]:
    """The private names of the store classes: methods and attributes (self._x = …) in tracker/."""
    names: set[str] = set()
    for path in TRACKER.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and is_self(node.value):
                names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def private_uses(tree: ast.AST, private: set[str]) -> list[str]:
    """`x._run(…)`, `store._conn`, getattr(store, "_write") on anything but self or cls."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in private and not is_self(node.value):
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr"):
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and name.value in private:
                found.append(f"{node.lineno}: {node.func.id}(…, {name.value!r})")
    return found


def literal_text(node: ast.AST) -> str | None:
    """A string constant, or an f-string with its fields as {} (f"SELECT {COLUMNS} FROM d" reads whole)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def sql_strings(tree: ast.AST) -> list[str]:
    """String literals that read as SQL."""
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        text = literal_text(node) if id(node) not in parts else None
        if text is not None and isinstance(node, ast.expr) and SQL.search(text):
            found.append(f"{node.lineno}: {text[:60]!r}")
    return found


def test_the_scan_sees_modules_and_private_names() -> None:
    names = {p.relative_to(REPO).as_posix() for p in modules_outside_tracker()}
    assert {"web/users.py", "web/throttle.py", "web/queries.py", "web/uploads.py", "cli/tracker.py"} <= names
    assert not any(n.startswith("tracker/") for n in names)
    assert {"_run", "_write", "_conn", "_depth", "_index"} <= store_private_names()


def test_the_checks_catch_what_the_web_used_to_do() -> None:
    """The two checks on the lines web/ held before the store protocol covered them."""
    before = ast.parse(
        'rows = store._run("SELECT id FROM documents WHERE sha256 = ?", (sha,))\n'
        "with store._write():\n"
        '    store._run("""CREATE TABLE IF NOT EXISTS web_settings (key TEXT PRIMARY KEY, value TEXT)""")\n'
        'n = getattr(store, "_conn")\n'
        'store._run(f"DELETE FROM web_signin_failures WHERE at <= {since}")\n'
        'store._run(f"SELECT {COLUMNS} FROM documents d")\n'
    )
    assert len(private_uses(before, store_private_names())) == 6
    assert len(sql_strings(before)) == 4
    assert private_uses(ast.parse("self._run()\nstore.obligation(1)"), store_private_names()) == []
    assert sql_strings(ast.parse('"Chọn (SELECT) văn bản"\n"select one from the list"')) == []


@pytest.mark.parametrize("path", modules_outside_tracker(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_private_store_member_outside_tracker(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert private_uses(tree, store_private_names()) == []


@pytest.mark.parametrize("path", modules_outside_tracker(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_sql_outside_tracker(path: Path) -> None:
    found = sql_strings(ast.parse(path.read_text(encoding="utf-8")))
    if path.relative_to(REPO) in OWN_DATABASES:
        assert found, "the exemption is stale: drop it from OWN_DATABASES"
        return
    assert found == []


def test_no_type_ignore_for_store_internals_outside_tracker() -> None:
    offending = [
        f"{p.relative_to(REPO)}:{i}"
        for p in modules_outside_tracker()
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line and re.search(r"\.(_run|_write|_conn)\b", line)
    ]
    assert offending == []


def test_open_store_returns_the_protocol() -> None:
    import inspect

    from congvan.tracker import open_store

    assert inspect.signature(open_store).return_annotation in ("Store", Store)
