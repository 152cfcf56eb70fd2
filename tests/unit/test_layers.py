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
