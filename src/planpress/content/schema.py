"""The content format as a JSON Schema (draft 2020-12), for editors.

Generated from content_format.SHAPES, the tables the loader checks against,
so VS Code's YAML extension completes and checks exactly what a build
accepts (the loader's deeper checks — unique ids, revised_order, text
checks — remain the loader's). The shipped copy is content/schema.json;
refresh it with `planpress schema --out content/schema.json`.
"""

from __future__ import annotations

import json

from planpress.content.book_reader import ALIGNS, ROLES, SHOW
from planpress.content.shapes import (
    BLOCK_SHAPES,
    EDITIONS,
    SECTION_KINDS,
    SHAPES,
    VALUE_KINDS,
    VERSIONS,
)
from planpress.diagnostics.messages import say

SCHEMA_ID = "https://planpress.invalid/content.schema.json"

TEXT = {"type": ["string", "number"], "description": VALUE_KINDS["text"]}
TEXTS = {"type": "array", "items": TEXT}
VALUES: dict[str, dict] = {
    "text": TEXT,
    "texts": TEXTS,
    "rows": {"type": "array", "items": TEXTS, "minItems": 1},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
    "id": {"type": ["string", "integer"], "pattern": r"^[A-Za-z0-9][A-Za-z0-9_-]*$"},
    "ids": {"type": "array", "items": {"$ref": "#/$defs/id"}},
    "only": {"enum": list(VERSIONS)},
    "editions": {"type": "array", "items": {"enum": list(EDITIONS)}, "uniqueItems": True},
    "versioned_text": {
        "anyOf": [
            TEXT,
            {
                "type": "object",
                "properties": {v: TEXT for v in VERSIONS},
                "required": list(VERSIONS),
                "additionalProperties": False,
            },
        ]
    },
    "versioned_texts": {
        "anyOf": [
            TEXTS,
            {
                "type": "object",
                "properties": {v: TEXTS for v in VERSIONS},
                "additionalProperties": False,
            },
        ]
    },
}


VERSIONED = {"$ref": "#/$defs/versioned_text"}
CELLS = {
    "type": "array",
    "items": {"anyOf": [VERSIONED, {"$ref": "#/$defs/cell"}, {"type": "null"}]},
}
VALUES.update(
    {
        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}, "minItems": 1},
        "vtext_items": {
            "type": "array",
            "items": {
                "anyOf": [VERSIONED, {"$ref": "#/$defs/list_item"}, {"$ref": "#/$defs/note"}]
            },
            "minItems": 1,
        },
        "cells": CELLS,
        "vrows": {"type": "array", "items": {"anyOf": [CELLS, {"$ref": "#/$defs/row"}]}},
        "aligns": {"type": "array", "items": {"enum": list(ALIGNS)}},
        "numbers": {"type": "array", "items": {"type": "number"}},
        "number": {"type": "number"},
        "count": {"type": "integer", "minimum": 1},
        "align": {"enum": list(ALIGNS)},
        "role": {"enum": list(ROLES)},
        "image": {"type": "string", "pattern": r"(?i)\.(png|jpe?g|svg)$"},
        "show": {"type": "array", "items": {"enum": list(SHOW)}, "uniqueItems": True},
        "numbering": {"type": "array", "items": {"type": "string"}},
    }
)


def _value(kind: str, shape: str) -> dict:
    if kind == "kind":
        return {"const": shape}
    if kind == "id":
        return {"$ref": "#/$defs/id"}
    if kind.startswith("[@"):
        return {"type": "array", "items": {"$ref": f"#/$defs/{kind[2:-1]}"}, "minItems": 1}
    if kind.startswith("@"):
        return {"$ref": f"#/$defs/{kind[1:]}"}
    return VALUES[kind]


def _shape(name: str) -> dict:
    spec = SHAPES[name]
    keys = {**spec.required, **spec.optional}
    schema: dict = {
        "type": "object",
        "description": say(f"shapes.{name}.help"),
        "properties": {key: _value(kind, name) for key, kind in keys.items()},
        "additionalProperties": False,
    }
    if spec.required:
        schema["required"] = list(spec.required)
    return schema


def content_schema() -> dict:
    """The JSON Schema of a document.yaml."""
    defs = {name: _shape(name) for name in SHAPES if name != "top"}
    # Dispatch on kind: (if/then) so an editor names the wrong key, not "no match".
    defs["section"] = {
        "type": "object",
        "properties": {"kind": {"enum": list(SECTION_KINDS)}},
        "required": ["kind"],
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/{kind}"},
            }
            for kind in SECTION_KINDS
        ],
    }
    defs["id"] = VALUES["id"]
    defs["versioned_text"] = VALUES["versioned_text"]
    # A block of a part's body: a paragraph's text, or one of the block shapes
    # (each names its kind by a required key, so at most one matches).
    defs["block"] = {"anyOf": [VERSIONED, *({"$ref": f"#/$defs/{name}"} for name in BLOCK_SHAPES)]}
    top = _shape("top")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "planpress document.yaml",
        **top,
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as the shipped file holds it (stable key order, UTF-8)."""
    return json.dumps(content_schema(), ensure_ascii=False, indent=2) + "\n"
