"""The content format's key tables: the one source of truth for its shape.

Each mapping the content may hold is a `Shape`: its keys, which of them are
required, and what each key's value is. The loader (load.py, sections.py,
policy_source.py) checks mappings against these shapes, and schema.py turns
the same tables into the JSON Schema editors use for completion, so the two
cannot drift apart.

A value kind is one of the words in `VALUE_KINDS`, or `@shape` (a mapping of
that shape), or `[@shape]` (a list of such mappings).
"""

from __future__ import annotations

from dataclasses import dataclass

VALUE_KINDS = {
    "text": "a text (folded `>-` text allowed)",
    "texts": "a list of texts",
    "rows": "a list of rows, each a list of texts",
    "bool": "true or false",
    "date": "an ISO date 2023-11-20",
    "id": "ASCII letters, digits, - and _",
    "ids": "a list of ids",
    "only": "current or revised",
    "editions": "a list of editions: handout, official",
    "versioned_text": "a text, or {current: text, revised: text}",
    "versioned_texts": "a list of texts, or {current: [...], revised: [...]}",
    "blocks": "a list of blocks (a text, or a mapping named by one block key)",
    "vtext_items": "a list of texts ({current, revised} allowed) or {text, id, only, reason}",
    "cells": "a list of cells: texts or {text, span, rowspan, align}",
    "vrows": "a list of rows: each a list of cells, or {cells, id, only, reason}",
    "aligns": "a list of left, center or right, one per column",
    "numbers": "a list of numbers",
    "number": "a number",
    "count": "a whole number from 1",
    "align": "left, center or right",
    "role": "slogan (a 将来像 set large) or signature (a name set right)",
    "image": "a PNG, JPEG or SVG file next to document.yaml",
    "show": "a list of text, indicators, policies",
    "numbering": "a list of numbering styles: 第{n}章, {n}, ({n}), {circled}, {kana}, {path}",
}

# Keys whose values are not text a reader sees (the text checks skip them).
NOT_TEXT_KEYS = frozenset(
    {
        "id",
        "kind",
        "only",
        "date",
        "draft",
        "revised_order",
        "editions",
        "established",
        "numbering",
        "align",
        "widths",
        "span",
        "rowspan",
        "width",
        "figure",
        "of",
        "show",
        "context",
        "numbered",
        "appendix",
        "number",
        "role",
    }
)


@dataclass(frozen=True, slots=True)
class Shape:
    """One kind of mapping: its required and optional keys and their value
    kinds. What a shape is called (in messages and in editors' completion)
    is worded in messages.yaml under `shapes:`, by the shape's name."""

    required: dict[str, str]
    optional: dict[str, str]

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


# Keys every block of the plan book may carry.
COMMON = {"id": "id", "only": "only", "reason": "versioned_text"}

SHAPES: dict[str, Shape] = {
    "top": Shape({"document": "@document", "sections": "[@section]"}, {}),
    "document": Shape(
        {"municipality": "text", "plan": "text", "title": "text"},
        {
            "subtitle": "text",
            "handout": "text",
            "secretariat": "text",
            "draft": "bool",
            "meeting": "@meeting",
            "date": "date",
            "revision": "@revision",
            "established": "date",
            "note": "text",
            "numbering": "numbering",
        },
    ),
    "revision": Shape({"name": "text"}, {"date": "date", "columns": "@revision_columns"}),
    "revision_columns": Shape({}, {"current": "text", "reason": "text", "revised": "text"}),
    "meeting": Shape({"name": "text", "date": "date"}, {}),
    "prose": Shape(
        {"kind": "kind", "id": "id", "title": "text", "paragraphs": "texts"},
        {"heading": "text", "editions": "editions"},
    ),
    "table": Shape(
        {"kind": "kind", "id": "id", "title": "text", "columns": "texts", "rows": "rows"},
        {"notes": "texts", "editions": "editions"},
    ),
    "comparison": Shape(
        {"kind": "kind", "id": "id", "title": "text", "columns": "texts", "items": "[@item]"},
        {"caption": "text", "notes": "texts", "editions": "editions"},
    ),
    "item": Shape({"label": "text", "old": "text", "new": "text"}, {}),
    "policy_revision": Shape(
        {"kind": "kind", "id": "id", "title": "text"},
        {
            "groups": "[@group]",
            "of": "id",
            "subtitle": "text",
            "heading": "text",
            "columns": "@columns",
            "revised_order": "ids",
            "placeholders": "bool",
            "editions": "editions",
        },
    ),
    "columns": Shape({}, {"current": "text", "notes": "text", "revised": "text"}),
    "group": Shape(
        {"id": "id", "title": "versioned_text", "policies": "[@policy]"},
        {"only": "only", "revised_order": "ids"},
    ),
    "policy": Shape(
        {"id": "id", "title": "versioned_text", "measures": "[@measure]"},
        {
            "only": "only",
            "tags": "versioned_texts",
            "notes": "texts",
            "revised_order": "ids",
        },
    ),
    "measure": Shape({"id": "id", "title": "versioned_text"}, {"only": "only"}),
    # --- the plan book (kind: chapter, kind: changes) ---
    "chapter": Shape(
        {"kind": "kind", "id": "id", "title": "versioned_text", "body": "blocks"},
        {
            "appendix": "bool",
            "numbered": "bool",
            "header": "versioned_text",
            "only": "only",
            "reason": "versioned_text",
            "editions": "editions",
        },
    ),
    "changes": Shape(
        {"kind": "kind", "id": "id", "title": "text"},
        {"heading": "text", "of": "ids", "show": "show", "context": "bool", "editions": "editions"},
    ),
    "part": Shape(
        {"title": "versioned_text", "body": "blocks"}, {**COMMON, "header": "versioned_text"}
    ),
    "paragraph": Shape({"text": "versioned_text"}, {**COMMON, "role": "role"}),
    "note": Shape({"note": "versioned_text"}, COMMON),
    "list": Shape({"list": "vtext_items"}, {**COMMON, "numbered": "bool"}),
    "list_item": Shape({"text": "versioned_text"}, COMMON),
    "data_table": Shape(
        {"table": "versioned_text", "rows": "vrows"},
        {
            **COMMON,
            "columns": "cells",
            "header": "vrows",
            "align": "aligns",
            "widths": "numbers",
            "notes": "vtext_items",
        },
    ),
    "row": Shape({"cells": "cells"}, COMMON),
    "cell": Shape(
        {"text": "versioned_text"}, {"span": "count", "rowspan": "count", "align": "align"}
    ),
    "indicators": Shape(
        {"indicators": "versioned_text", "rows": "[@indicator]"}, {**COMMON, "notes": "vtext_items"}
    ),
    "indicator": Shape(
        {
            "id": "id",
            "name": "versioned_text",
            "baseline": "versioned_text",
            "target": "versioned_text",
        },
        {
            "baseline_year": "versioned_text",
            "target_year": "versioned_text",
            "unit": "versioned_text",
            "only": "only",
            "reason": "versioned_text",
        },
    ),
    "figure": Shape(
        {"figure": "image", "caption": "versioned_text"},
        # alt is required too, with its own message (figure_alt_missing)
        {**COMMON, "alt": "versioned_text", "width": "number"},
    ),
    "glossary": Shape({"glossary": "[@term]"}, COMMON),
    "term": Shape({"term": "versioned_text", "text": "versioned_text"}, COMMON),
    "policies": Shape(
        {"policies": "[@policy_item]"},
        {**COMMON, "title": "versioned_text", "vision": "versioned_text", "levels": "[@level]"},
    ),
    "level": Shape({"name": "text"}, {"number": "text"}),
    "policy_item": Shape(
        {"id": "id", "title": "versioned_text"},
        {
            "only": "only",
            "reason": "versioned_text",
            "text": "versioned_text",
            "actions": "vtext_items",
            "department": "versioned_text",
            "indicator": "versioned_text",
            "tag": "versioned_text",
            "children": "[@policy_item]",
            "notes": "texts",
        },
    ),
}

# The shapes a block of a part's `body:` may have (see book_reader.BLOCK_KEYS).
BLOCK_SHAPES = (
    "part",
    "paragraph",
    "note",
    "list",
    "data_table",
    "indicators",
    "figure",
    "glossary",
    "policies",
)

# `kind:` value → the shape of that section.
SECTION_KINDS = ("prose", "table", "comparison", "policy_revision", "chapter", "changes")

# The two versions a policy system has, and how `only:` names them.
VERSIONS = ("current", "revised")

# The editions a document is built in (`--edition`), and how a section's
# `editions:` names those it appears in (all of them when it has none).
EDITIONS = ("handout", "official")
