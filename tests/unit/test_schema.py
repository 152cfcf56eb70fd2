"""The JSON schemas in `shared/schema/` are generated from the models and kept in sync."""

from __future__ import annotations

import json
from typing import get_args

from crossboard.protocol.frames import CLIENT_FRAME_TYPES, ServerFrame
from crossboard.protocol.ops import OP_KINDS
from crossboard.protocol.schema import SCHEMA_DIR, build_schemas, render

REGENERATE = "out of date: run `python -m crossboard.protocol.schema` and commit shared/schema/"


def test_checked_in_schemas_match_the_models() -> None:
    """V1: every schema file equals what build_schemas() renders, byte for byte."""
    schemas = build_schemas()
    assert set(schemas) == {
        "client-frames.schema.json",
        "server-frames.schema.json",
        "ops.schema.json",
    }
    for name, schema in schemas.items():
        path = SCHEMA_DIR / name
        assert path.is_file(), f"{path} is missing: {REGENERATE}"
        assert path.read_text(encoding="utf-8") == render(schema), f"{name} is {REGENERATE}"


def test_no_stale_schema_files() -> None:
    """V1: shared/schema/ holds only generated schemas (a renamed model leaves no orphan)."""
    on_disk = {p.name for p in SCHEMA_DIR.glob("*.json")}
    assert on_disk == set(build_schemas()), f"unexpected files: {REGENERATE}"


def test_schemas_describe_every_variant() -> None:
    """V1: each schema is a discriminated union naming every frame type / op kind."""
    schemas = build_schemas()
    server_types = {
        get_args(model.model_fields["type"].annotation)[0]
        for model in get_args(get_args(ServerFrame)[0])
    }
    assert {"welcome", "applied", "rejected", "error", "pong"} <= server_types
    expected = {
        "client-frames.schema.json": ("type", set(CLIENT_FRAME_TYPES)),
        "server-frames.schema.json": ("type", server_types),
        "ops.schema.json": ("kind", set(OP_KINDS)),
    }
    for name, (tag, values) in expected.items():
        schema = schemas[name]
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["discriminator"]["propertyName"] == tag
        assert set(schema["discriminator"]["mapping"]) == values, name
        assert len(schema["oneOf"]) == len(values), name
        json.dumps(schema, allow_nan=False)  # plain JSON: no NaN or infinity anywhere
