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
}

# Keys whose values are not text a reader sees (the text checks skip them).
NOT_TEXT_KEYS = frozenset({"id", "kind", "only", "date", "draft", "revised_order", "editions"})


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
        },
    ),
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
        {"kind": "kind", "id": "id", "title": "text", "groups": "[@group]"},
        {
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
}

# `kind:` value → the shape of that section.
SECTION_KINDS = ("prose", "table", "comparison", "policy_revision")

# The two versions a policy system has, and how `only:` names them.
VERSIONS = ("current", "revised")

# The editions a document is built in (`--edition`), and how a section's
# `editions:` names those it appears in (all of them when it has none).
EDITIONS = ("handout", "official")
