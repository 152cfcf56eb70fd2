"""Import rules between the server's layers, read from the source with `ast` (nothing is
imported, so this works while parts of the tree are still being written).

- crossboard.board and crossboard.protocol are pure: stdlib modules without I/O, pydantic,
  msgpack and each other. The reducer must give every replica the same board, so no clock,
  randomness, files, sockets or event loop.
- crossboard.engine knows nothing of crossboard.hub, crossboard.web or the CLI.
- Only crossboard.web and crossboard.cli import starlette / uvicorn.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2] / "server"
PACKAGE = SERVER / "crossboard"

PURE_PACKAGES = ("crossboard.board", "crossboard.protocol")
PURE_ALLOWED = {
    # stdlib, no I/O, deterministic
    "__future__",
    "abc",
    "bisect",
    "hashlib",
    "collections",
    "copy",
    "dataclasses",
    "decimal",
    "statistics",
    "enum",
    "fractions",
    "functools",
    "heapq",
    "itertools",
    "json",
    "math",
    "numbers",
    "operator",
    "re",
    "string",
    "types",
    "typing",
    "typing_extensions",
    "unicodedata",
    # third party, pure
    "msgpack",
    "pydantic",
    "pydantic_core",
    "annotated_types",
}
NOT_PURE_EXAMPLES = {
    "asyncio",
    "socket",
    "sqlite3",
    "redis",
    "starlette",
    "uvicorn",
    "websockets",
    "os",
    "subprocess",
    "time",
    "random",
    "secrets",
}
BUILD_TOOLS = {"crossboard.protocol.schema"}
"""Run by hand (`python -m crossboard.protocol.schema`) to write files; never imported by the
server, so it may do file I/O."""
IO_BUILTINS = {"open", "print", "input", "breakpoint", "exec", "eval", "__import__", "compile"}
WEB_ONLY = {"starlette", "uvicorn"}
WEB_LAYERS = ("crossboard.web", "crossboard.cli")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the absolute module name imported
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SERVER).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[Import]:
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            found.append(Import(module, base, node.lineno))
            # `from crossboard import hub` imports the submodule crossboard.hub.
            found += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def in_package(name: str, packages: tuple[str, ...] | str) -> bool:
    packages = (packages,) if isinstance(packages, str) else packages
    return any(name == p or name.startswith(p + ".") for p in packages)


SOURCES = sorted(PACKAGE.rglob("*.py"))
IMPORTS = [imp for path in SOURCES for imp in imports_of(path)]


def test_scanner_sees_the_tree() -> None:
    """The scan is not vacuous: it finds the core modules and resolves relative imports."""
    names = {module_name(p) for p in SOURCES}
    assert {"crossboard.board.reducer", "crossboard.protocol.codec"} <= names
    reducer = {i.target for i in IMPORTS if i.module == "crossboard.board.reducer"}
    assert "crossboard.protocol.codes" in reducer
    assert "crossboard.board.state" in reducer


def test_pure_layers_import_no_io() -> None:
    """board/ and protocol/ import only pure stdlib modules, pydantic, msgpack and each
    other (no asyncio, sockets, databases, web frameworks, os, clock or randomness)."""
    assert not NOT_PURE_EXAMPLES & PURE_ALLOWED

    def allowed(target: str) -> bool:
        if in_package(target, "crossboard"):  # only the pure layers themselves
            return target == "crossboard" or in_package(target, PURE_PACKAGES)
        return target.split(".")[0] in PURE_ALLOWED

    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if in_package(i.module, PURE_PACKAGES)
        and i.module not in BUILD_TOOLS
        and not allowed(i.target)
    ]
    assert not bad


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in SOURCES
        if in_package(module_name(p), PURE_PACKAGES) and module_name(p) not in BUILD_TOOLS
    ],
    ids=lambda p: module_name(p),
)
def test_pure_modules_call_no_io_builtins(path: Path) -> None:
    """board/ and protocol/ never open files, print, read input or import dynamically."""
    calls = [
        f"line {node.lineno}: {node.func.id}()"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in IO_BUILTINS
    ]
    assert not calls


def test_build_tools_are_not_imported_by_the_server() -> None:
    """The schema generator is a tool: no server module imports it."""
    users = [f"{i.module}:{i.line}" for i in IMPORTS if i.target in BUILD_TOOLS]
    assert not users


def test_engine_does_not_import_hub_web_or_cli() -> None:
    """The engine is below the hub: it must not know the hub, the web layer or the CLI."""
    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if in_package(i.module, "crossboard.engine")
        and in_package(i.target, ("crossboard.hub", "crossboard.web", "crossboard.cli"))
    ]
    assert not bad


def test_only_web_and_cli_import_the_web_framework() -> None:
    """starlette and uvicorn stay in crossboard.web and crossboard.cli; the hub talks to a
    transport interface, not to Starlette."""
    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if i.target.split(".")[0] in WEB_ONLY and not in_package(i.module, WEB_LAYERS)
    ]
    assert not bad


def test_no_import_cycle_inside_the_hub() -> None:
    """hub/ is layered: core <- services <- session, room <- hub. Every import counts,
    those under TYPE_CHECKING too (a cycle hidden there is still a design cycle)."""
    hub = "crossboard.hub"
    modules = {module_name(p) for p in SOURCES}
    graph: dict[str, set[str]] = {}
    for i in IMPORTS:
        if in_package(i.module, hub) and i.target in modules and in_package(i.target, hub):
            graph.setdefault(i.module, set()).add(i.target)
    assert graph, "the scan found no imports inside hub/"

    def cycle_from(start: str) -> list[str] | None:
        path: list[str] = []

        def visit(node: str) -> list[str] | None:
            if node in path:
                return [*path[path.index(node) :], node]
            path.append(node)
            for nxt in sorted(graph.get(node, ())):
                found = visit(nxt)
                if found:
                    return found
            path.pop()
            return None

        return visit(start)

    cycles = [c for m in sorted(graph) if (c := cycle_from(m))]
    assert not cycles, " -> ".join(cycles[0])


def test_the_room_core_does_no_io() -> None:
    """hub/core.py is a state machine: no event loop, clock, sockets or files; the room
    carries its effects out."""
    core = "crossboard.hub.core"
    assert core in {module_name(p) for p in SOURCES}
    bad = [
        f"line {i.line}: {i.target}"
        for i in IMPORTS
        if i.module == core and i.target.split(".")[0] in NOT_PURE_EXAMPLES | {"logging"}
    ]
    assert not bad


def test_the_cli_needs_the_web_layer_only_to_serve() -> None:
    """`new-board`, `export` and `import` work without crossboard.web: only `serve`
    imports it (inside the function, so the other commands never load Starlette)."""
    path = PACKAGE / "cli.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "serve":
            allowed |= {n.lineno for n in ast.walk(node) if hasattr(n, "lineno")}
    bad = [
        f"cli.py:{i.line} imports {i.target}"
        for i in IMPORTS
        if i.module == "crossboard.cli"
        and in_package(i.target, "crossboard.web")
        and i.line not in allowed
    ]
    assert not bad
