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
    """One kind of mapping: `what` names it in messages (Japanese)."""

    what: str
    required: dict[str, str]
    optional: dict[str, str]
    help: str = ""  # shown by editors (JSON Schema description)

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


SHAPES: dict[str, Shape] = {
    "top": Shape(
        "文書全体",
        {"document": "@document", "sections": "[@section]"},
        {},
        "資料の基本情報（document:）と本文の各部分（sections:）",
    ),
    "document": Shape(
        "document:",
        {"municipality": "text", "plan": "text", "title": "text"},
        {
            "subtitle": "text",
            "handout": "text",
            "draft": "bool",
            "meeting": "@meeting",
            "date": "date",
        },
        "資料の基本情報",
    ),
    "meeting": Shape("meeting:", {"name": "text", "date": "date"}, {}, "会議の名前と日付"),
    "prose": Shape(
        "kind: prose",
        {"kind": "kind", "id": "id", "title": "text", "paragraphs": "texts"},
        {"heading": "text", "editions": "editions"},
        "見出しと本文の段落",
    ),
    "table": Shape(
        "kind: table",
        {"kind": "kind", "id": "id", "title": "text", "columns": "texts", "rows": "rows"},
        {"notes": "texts", "editions": "editions"},
        "表（columns: が見出し行、rows: が各行）",
    ),
    "comparison": Shape(
        "kind: comparison",
        {"kind": "kind", "id": "id", "title": "text", "columns": "texts", "items": "[@item]"},
        {"caption": "text", "notes": "texts", "editions": "editions"},
        "2つの版の比較（例: 第6次計画 | 第7次計画）",
    ),
    "item": Shape(
        "items: の項目",
        {"label": "text", "old": "text", "new": "text"},
        {},
        "比較する項目（label: 見出し、old: 旧、new: 新）",
    ),
    "policy_revision": Shape(
        "kind: policy_revision",
        {"kind": "kind", "id": "id", "title": "text", "groups": "[@group]"},
        {
            "subtitle": "text",
            "heading": "text",
            "columns": "@columns",
            "revised_order": "ids",
            "placeholders": "bool",
            "editions": "editions",
        },
        "施策体系の新旧対照表",
    ),
    "columns": Shape(
        "columns:",
        {},
        {"current": "text", "notes": "text", "revised": "text"},
        "新旧対照表の列見出し",
    ),
    "group": Shape(
        "施策の分類（groups: の項目）",
        {"id": "id", "title": "versioned_text", "policies": "[@policy]"},
        {"only": "only", "revised_order": "ids"},
        "施策の分類（例: 工業振興施策）",
    ),
    "policy": Shape(
        "施策方針（policies: の項目）",
        {"id": "id", "title": "versioned_text", "measures": "[@measure]"},
        {
            "only": "only",
            "tags": "versioned_texts",
            "notes": "texts",
            "revised_order": "ids",
        },
        "施策方針",
    ),
    "measure": Shape(
        "施策（measures: の項目）",
        {"id": "id", "title": "versioned_text"},
        {"only": "only"},
        "施策",
    ),
}

# `kind:` value → the shape of that section.
SECTION_KINDS = ("prose", "table", "comparison", "policy_revision")

# The two versions a policy system has, and how `only:` names them.
VERSIONS = ("current", "revised")

# The editions a document is built in (`--edition`), and how a section's
# `editions:` names those it appears in (all of them when it has none).
EDITIONS = ("handout", "official")
