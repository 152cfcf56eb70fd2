"""JSON schemas of the wire contract, generated from the pydantic models.

The files in `shared/schema/` are checked in so that non-Python code (the JS client, docs,
other tools) can validate frames without this package. Regenerate them after changing a
model with:

    python -m crossboard.protocol.schema

`tests/unit/test_schema.py` fails while the checked-in files differ from `build_schemas()`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .frames import ClientFrame, ServerFrame
from .ops import Op

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "schema"
"""`shared/schema/` at the repository root (this file is server/crossboard/protocol/)."""

_SOURCES: tuple[tuple[str, str, Any], ...] = (
    ("client-frames.schema.json", "crossboard client frame", ClientFrame),
    ("server-frames.schema.json", "crossboard server frame", ServerFrame),
    ("ops.schema.json", "crossboard board op", Op),
)


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON schema, for every schema in `shared/schema/`."""
    out: dict[str, dict[str, Any]] = {}
    for file_name, title, model in _SOURCES:
        schema = TypeAdapter(model).json_schema()
        out[file_name] = {"$schema": JSON_SCHEMA_DIALECT, "title": title, **schema}
    return out


def render(schema: dict[str, Any]) -> str:
    """The exact text of a checked-in schema file."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for file_name, schema in build_schemas().items():
        path = directory / file_name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    for path in write_schemas():
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
