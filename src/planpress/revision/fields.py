"""Every text of a plan as a flat list of fields, keyed so that two versions
of the same document pair up field by field.

A field's `key` is its identity across versions (section id, group, policy
and measure ids; a paragraph or row by its position). Its `where` names the
place for a reader as structured parts — (kind, value) pairs such as
("policy", 2) — which the template words (施策方針2); no wording here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from planpress.content import model as m

Part = tuple[str, object]


@dataclass(slots=True, frozen=True)
class TextField:
    key: tuple[str, ...]
    where: tuple[Part, ...]
    text: str


def text_fields(plan: m.Plan, row_join: str) -> list[TextField]:
    """The plan's texts in document order. A plan book's table row (and a
    glossary term) is one text, its cells joined by `row_join` (the phrase
    catalogue's 「／」)."""
    fields = list(_meta(plan.meta))
    for section in plan.sections:
        if section.kind == "chapter":
            fields.extend(_chapter(section, row_join))
        else:
            fields.extend(FIELD_READERS[section.kind](section))
    return fields


def _meta(meta: m.Meta) -> Iterator[TextField]:
    for name in ("title", "subtitle", "plan", "municipality", "handout"):
        yield TextField(("document", name), (("document", name),), getattr(meta, name))
    if meta.meeting:
        yield TextField(("document", "meeting"), (("document", "meeting"),), meta.meeting.name)


def _head(section, *names: str) -> Iterator[TextField]:
    at = (("section", section.title),)
    for name in names:
        value = getattr(section, name)
        yield TextField((section.id, name), (*at, ("field", name)), value)


def _prose(section: m.Prose) -> Iterator[TextField]:
    yield from _head(section, "title", "heading")
    at = (("section", section.title),)
    for number, text in enumerate(section.paragraphs, 1):
        yield TextField((section.id, "paragraph", str(number)), (*at, ("paragraph", number)), text)


def _table(section: m.TableSection) -> Iterator[TextField]:
    yield from _head(section, "title")
    at = (("section", section.title),)
    for index, label in enumerate(section.columns):
        yield TextField((section.id, "column", str(index)), (*at, ("column", label)), label)
    for r, row in enumerate(section.rows, 1):
        row_label = row[0] if row else r
        for c, text in enumerate(row):
            column = section.columns[c] if c < len(section.columns) else c + 1
            key = (section.id, "cell", str(r), str(c))
            yield TextField(key, (*at, ("row", row_label), ("column", column)), text)
    yield from _notes(section, at)


def _notes(section, at) -> Iterator[TextField]:
    for number, text in enumerate(section.notes, 1):
        yield TextField((section.id, "note", str(number)), (*at, ("note", number)), text)


def _comparison(section: m.Comparison) -> Iterator[TextField]:
    yield from _head(section, "title", "caption")
    at = (("section", section.title),)
    for index, label in enumerate(section.columns):
        yield TextField((section.id, "column", str(index)), (*at, ("column", label)), label)
    for number, item in enumerate(section.items, 1):
        for side in ("label", "old", "new"):
            key = (section.id, "item", str(number), side)
            yield TextField(key, (*at, ("item", item.label), ("side", side)), getattr(item, side))
    yield from _notes(section, at)


def _policy_revision(section: m.PolicyRevision) -> Iterator[TextField]:
    yield from _head(section, "title", "subtitle", "heading")
    at = (("section", section.title),)
    for name, label in section.columns.items():
        yield TextField((section.id, "column", name), (*at, ("column", label)), label)
    if section.of or section.policies is None:
        return  # a book's policies block: its texts are the chapter's fields
    tree = section.policies
    for version in ("current", "revised"):
        for group in tree.items_in(version):
            g_at = (*at, ("version", version), ("group", group.title[version]))
            yield TextField((section.id, version, group.key), g_at, group.title[version])
            for p_number, policy in enumerate(group.children_in(version), 1):
                p_at = (*g_at, ("policy", p_number))
                p_key = (section.id, version, group.key, policy.key)
                yield TextField(p_key, p_at, policy.title[version])
                for tag in policy.tags[version]:
                    yield TextField((*p_key, "tag", tag), (*p_at, ("tag", tag)), tag)
                for m_number, measure in enumerate(policy.children_in(version), 1):
                    key = (*p_key, measure.key)
                    yield TextField(key, (*p_at, ("measure", m_number)), measure.title[version])
    for policy in (item for item in tree.walk() if item.notes):
        title = policy.title.revised if policy.exists.revised else policy.title.current
        for number, note in enumerate(policy.notes, 1):
            where = (*at, ("notes", title))
            yield TextField((section.id, "notes", policy.id, str(number)), where, note.text)


def _chapter(section, row_join: str) -> Iterator[TextField]:
    """A plan book chapter: every text of each version, keyed by node id."""
    at = (("section", section.title.revised),)
    for version in ("current", "revised"):
        yield from _book_node(
            section.part, version, (section.id, version), (*at, ("version", version)), row_join
        )


def _book_node(node, version: str, key: tuple, at: tuple, join: str) -> Iterator[TextField]:
    if not node.exists[version]:
        return
    if node.kind == "part":
        here = (*at, ("part", f"{node.number[version]} {node.title[version]}".strip()))
        yield TextField((*key, node.id, "title"), here, node.title[version])
        for block in node.body:
            yield from _book_node(block, version, key, here, join)
        return
    for name, text in _book_texts(node, version, join):
        yield TextField((*key, node.id, name), (*at, ("block", name)), text)


def _book_texts(node, version: str, join: str) -> Iterator[tuple[str, str]]:
    """(field name, text) of one block in `version`."""
    kind = node.kind
    if kind in ("paragraph", "note"):
        yield kind, node.text[version]
    elif kind == "list":
        for item in node.items:
            if item.exists[version]:
                yield f"item {item.id}", item.text[version]
    elif kind == "table":
        for row in node.header + node.rows:
            if row.exists[version]:
                cells = join.join(c.text[version] for c in row.cells)
                yield f"row {row.id}", cells
    elif kind == "indicators":
        for row in node.rows:
            if row.exists[version]:
                for name in ("name", "baseline", "baseline_year", "target", "target_year", "unit"):
                    yield f"indicator {row.id} {name}", getattr(row, name)[version]
    elif kind == "figure":
        yield "caption", node.caption[version]
        yield "alt", node.alt[version]
    elif kind == "glossary":
        for term in node.terms:
            if term.exists[version]:
                yield f"term {term.id}", f"{term.term[version]}{join}{term.text[version]}"
    elif kind == "policies":
        for item in node.walk():
            if item.exists[version]:
                yield f"policy {item.id}", f"{item.number[version]} {item.title[version]}"
                for name in ("text", "department", "indicator"):
                    value = getattr(item, name)
                    if value is not None:
                        yield f"policy {item.id} {name}", value[version]
                for action in item.actions:
                    if action.exists[version]:
                        yield f"policy {item.id} action {action.id}", action.text[version]


def _changes(section) -> Iterator[TextField]:
    yield from _head(section, "title", "heading")


FIELD_READERS = {
    "prose": _prose,
    "table": _table,
    "comparison": _comparison,
    "policy_revision": _policy_revision,
    "changes": _changes,
}
