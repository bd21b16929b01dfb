"""Readers for each kind of section in `sections:` (one function per kind)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import yaml

from planpress.content import book as b
from planpress.content import model as m
from planpress.content.book_reader import SHOW
from planpress.content.policies import read_policy_revision
from planpress.content.reader import Reader
from planpress.content.yaml_source import scalar_text

PARAGRAPHS = re.compile(r"\n[ \t\u3000]*\n\s*")  # a blank line
from planpress.diagnostics.messages import listing, say


def read_section(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> m.Section | None:
    """The section at `node`, dispatched on its `kind:`."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, say("expected_mapping", what=say("places.section_item")))
        return None
    kind_node = next((v for k, v in node.value if k.value == "kind"), None)
    if kind_node is None:
        reader.error(node, say("missing_key", key="kind", what=say("places.this_part")))
        return None
    kind = str(kind_node.value)
    read = SECTION_READERS.get(kind)
    if read is None:
        close = difflib.get_close_matches(kind, SECTION_READERS, n=1, cutoff=0.6)
        hint = say("did_you_mean_value", candidate=close[0]) if close else ""
        reader.error(
            kind_node,
            say("unknown_kind", kind=kind, kinds=listing(SECTION_READERS)) + hint,
        )
        return None
    section = read(reader, node, seen)
    editions_node = next((v for k, v in node.value if k.value == "editions"), None)
    if section is not None and editions_node is not None:
        section.editions = reader.editions(editions_node)
    return section


def _prose(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> m.Prose | None:
    pairs = reader.shaped(node, "prose")
    if pairs is None:
        return None
    # A blank line inside one item starts a new paragraph (docs/content.md).
    paragraphs = [
        part.strip()
        for text in reader.texts(pairs, "paragraphs", "paragraphs:")
        for part in PARAGRAPHS.split(text)
        if part.strip()
    ]
    if "paragraphs" in pairs and not paragraphs:
        reader.error(pairs["paragraphs"][0], say("empty_list", key="paragraphs"))
    return m.Prose(
        id=reader.ident(pairs, seen),
        title=reader.text(pairs, "title", "title:"),
        heading=reader.text(pairs, "heading", "heading:", default=""),
        paragraphs=paragraphs,
        place=reader.place(node),
    )


def _table(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> m.TableSection | None:
    pairs = reader.shaped(node, "table")
    if pairs is None:
        return None
    columns = reader.texts(pairs, "columns", "columns:")
    rows: list[list[str]] = []
    if "rows" in pairs:
        row_nodes = reader.items(pairs["rows"][1], "rows:")
        if not row_nodes and isinstance(pairs["rows"][1], yaml.SequenceNode):
            reader.error(pairs["rows"][0], say("empty_list", key="rows"))
        for row_node in row_nodes:
            cells = [
                _cell(reader, cell) for cell in reader.items(row_node, say("places.table_row"))
            ]
            if columns and isinstance(row_node, yaml.SequenceNode) and len(cells) != len(columns):
                reader.error(row_node, say("row_width", got=len(cells), want=len(columns)))
            rows.append(cells)
    return m.TableSection(
        id=reader.ident(pairs, seen),
        title=reader.text(pairs, "title", "title:"),
        columns=columns,
        rows=rows,
        notes=reader.texts(pairs, "notes", "notes:"),
        place=reader.place(node),
    )


def _cell(reader: Reader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return scalar_text(node, reader.source).strip()
    reader.error(node, say("expected_text", what=say("places.table_cell")))
    return ""


def _comparison(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> m.Comparison | None:
    pairs = reader.shaped(node, "comparison")
    if pairs is None:
        return None
    columns = reader.texts(pairs, "columns", "columns:")
    if "columns" in pairs and len(columns) != 2:
        reader.error(pairs["columns"][1], say("columns_count", want=2, got=len(columns)))
    items: list[m.ComparedItem] = []
    for item_node in reader.items(pairs["items"][1], "items:") if "items" in pairs else []:
        item = reader.shaped(item_node, "item")
        if item is not None:
            items.append(
                m.ComparedItem(
                    label=reader.text(item, "label", "label:"),
                    old=reader.text(item, "old", "old:"),
                    new=reader.text(item, "new", "new:"),
                    place=reader.place(item_node),
                )
            )
    return m.Comparison(
        id=reader.ident(pairs, seen),
        title=reader.text(pairs, "title", "title:"),
        columns=columns,
        caption=reader.text(pairs, "caption", "caption:", default=""),
        items=items,
        notes=reader.texts(pairs, "notes", "notes:"),
        place=reader.place(node),
    )


def _chapter(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> b.Chapter | None:
    return reader.book.chapter(node, seen)


def _changes(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> b.Changes | None:
    pairs = reader.shaped(node, "changes")
    if pairs is None:
        return None
    show = tuple(reader.texts(pairs, "show", "show:")) or SHOW
    for value, item in zip(
        show, reader.items(pairs["show"][1], "show:") if "show" in pairs else [], strict=False
    ):
        if value not in SHOW:
            reader.error(item, say("bad_show", got=value, allowed=listing(SHOW)))
    return b.Changes(
        id=reader.ident(pairs, seen),
        title=reader.text(pairs, "title", "title:"),
        of=list(reader.texts(pairs, "of", "of:")),
        show=show,
        context=reader.flag(pairs, "context", "context:", default=False),
        heading=reader.text(pairs, "heading", "heading:", default=""),
        place=reader.place(node),
    )


SECTION_READERS: dict[str, Callable[[Reader, yaml.Node, dict], m.Section | None]] = {
    "prose": _prose,
    "table": _table,
    "comparison": _comparison,
    "policy_revision": read_policy_revision,
    "chapter": _chapter,
    "changes": _changes,
}
