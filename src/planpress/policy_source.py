"""Reading the policy system (施策体系) of a `kind: policy_revision` section.

The author writes ONE tree; each group, policy and measure says how it differs
between the current plan and the revision:

- `title: text` — the same in both; `title: {current: …, revised: …}` — retitled;
- `only: current` — removed in the revision; `only: revised` — added by it;
- `tags:` likewise a list, or `{current: […], revised: […]}`;
- `revised_order: [id, …]` — the revised order of the children, when it changes.

From it come two plain `PolicySystem`s that the revision step compares.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from . import model as m
from .load import Pair, Reader
from .messages import say
from .source import scalar_text

VERSIONS = ("current", "revised")


@dataclass(slots=True)
class Versioned:
    """A node as it stands in each version (None where it does not exist)."""

    current: object
    revised: object


def read_policy_revision(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place]
) -> m.PolicyRevision | None:
    pairs = reader.mapping(
        node,
        "kind: policy_revision",
        ("kind", "id", "title", "groups"),
        ("subtitle", "heading", "columns", "revised_order", "placeholders"),
    )
    if pairs is None:
        return None
    notes: dict[str, list[m.AuthorNote]] = {}
    group_ids: dict[str, m.Place] = {}
    group_nodes = reader.items(pairs["groups"][1], "groups:") if "groups" in pairs else []
    groups = [_group(reader, n, group_ids, notes) for n in group_nodes]
    groups = [g for g in groups if g is not None]
    current, revised = _split(reader, pairs, groups)
    return m.PolicyRevision(
        id=reader.ident(pairs, seen),
        title=reader.text(pairs, "title", "title:"),
        subtitle=reader.text(pairs, "subtitle", "subtitle:", default=""),
        heading=reader.text(pairs, "heading", "heading:", default=""),
        columns=_columns(reader, pairs),
        current=m.PolicySystem(groups=current),
        revised=m.PolicySystem(groups=revised),
        notes=notes,
        placeholders=reader.flag(pairs, "placeholders", "placeholders:", default=True),
        place=reader.place(node),
    )


def _columns(reader: Reader, pairs: dict[str, Pair]) -> dict[str, str]:
    if "columns" not in pairs:
        return {}
    cols = reader.mapping(pairs["columns"][1], "columns:", (), ("current", "notes", "revised"))
    if cols is None:
        return {}
    return {key: reader.text(cols, key, f"columns: {key}:") for key in cols}


def _versions(reader: Reader, pairs: dict[str, Pair]) -> tuple[bool, bool]:
    """Whether the node exists in the current and in the revised version."""
    if "only" not in pairs:
        return True, True
    node = pairs["only"][1]
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if value not in VERSIONS:
        reader.error(node, say("bad_only"))
        return True, True
    return value == "current", value == "revised"


def _title(reader: Reader, pairs: dict[str, Pair], what: str) -> tuple[str, str]:
    """(current title, revised title)."""
    if "title" not in pairs:
        return "", ""
    node = pairs["title"][1]
    if isinstance(node, yaml.MappingNode):
        both = reader.mapping(node, what, VERSIONS)
        if both is None:
            return "", ""
        return reader.text(both, "current", what), reader.text(both, "revised", what)
    title = reader.text(pairs, "title", what)
    return title, title


def _tags(reader: Reader, pairs: dict[str, Pair]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "tags" not in pairs:
        return (), ()
    node = pairs["tags"][1]
    if isinstance(node, yaml.MappingNode):
        both = reader.mapping(node, "tags:", (), VERSIONS)
        if both is None:
            return (), ()
        return tuple(reader.texts(both, "current", "tags:")), tuple(
            reader.texts(both, "revised", "tags:")
        )
    tags = tuple(reader.texts(pairs, "tags", "tags:"))
    return tags, tags


def _measure(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> Versioned | None:
    pairs = reader.mapping(node, "施策（measures: の項目）", ("id", "title"), ("only",))
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    in_current, in_revised = _versions(reader, pairs)
    current_title, revised_title = _title(reader, pairs, "施策の title:")
    place = reader.place(node)
    return Versioned(
        m.Measure(ident, current_title, place) if in_current else None,
        m.Measure(ident, revised_title, place) if in_revised else None,
    )


def _policy(
    reader: Reader,
    node: yaml.Node,
    seen: dict[str, m.Place],
    group_id: str,
    notes: dict[str, list[m.AuthorNote]],
) -> Versioned | None:
    pairs = reader.mapping(
        node,
        "施策方針（policies: の項目）",
        ("id", "title", "measures"),
        ("only", "tags", "notes", "revised_order"),
    )
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    in_current, in_revised = _versions(reader, pairs)
    current_title, revised_title = _title(reader, pairs, "施策方針の title:")
    current_tags, revised_tags = _tags(reader, pairs)
    measure_ids: dict[str, m.Place] = {}
    measures = [
        _measure(reader, n, measure_ids)
        for n in (reader.items(pairs["measures"][1], "measures:") if "measures" in pairs else [])
    ]
    measures = [x for x in measures if x is not None]
    if "measures" in pairs and not measures and isinstance(pairs["measures"][1], yaml.SequenceNode):
        reader.error(pairs["measures"][0], say("empty_list", key="measures"))
    current, revised = _split(reader, pairs, measures)
    if "notes" in pairs:
        notes[f"{group_id}/{ident}"] = [
            m.AuthorNote(scalar_text(n, reader.source).strip(), reader.place(n))
            for n in reader.items(pairs["notes"][1], "notes:")
            if isinstance(n, yaml.ScalarNode) and str(n.value).strip()
        ]
    place = reader.place(node)
    return Versioned(
        m.Policy(ident, current_title, current, current_tags, place) if in_current else None,
        m.Policy(ident, revised_title, revised, revised_tags, place) if in_revised else None,
    )


def _group(
    reader: Reader,
    node: yaml.Node,
    seen: dict[str, m.Place],
    notes: dict[str, list[m.AuthorNote]],
) -> Versioned | None:
    pairs = reader.mapping(
        node, "施策の分類（groups: の項目）", ("id", "title", "policies"), ("only", "revised_order")
    )
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    in_current, in_revised = _versions(reader, pairs)
    current_title, revised_title = _title(reader, pairs, "分類の title:")
    policy_ids: dict[str, m.Place] = {}
    policies = [
        _policy(reader, n, policy_ids, ident, notes)
        for n in (reader.items(pairs["policies"][1], "policies:") if "policies" in pairs else [])
    ]
    policies = [x for x in policies if x is not None]
    if "policies" in pairs and not policies and isinstance(pairs["policies"][1], yaml.SequenceNode):
        reader.error(pairs["policies"][0], say("empty_list", key="policies"))
    current, revised = _split(reader, pairs, policies)
    place = reader.place(node)
    return Versioned(
        m.Group(ident, current_title, current, place) if in_current else None,
        m.Group(ident, revised_title, revised, place) if in_revised else None,
    )


def _split(reader: Reader, pairs: dict[str, Pair], children: list[Versioned]) -> tuple[list, list]:
    """The children of each version; the revised ones in `revised_order` if given."""
    current = [c.current for c in children if c.current is not None]
    revised = [c.revised for c in children if c.revised is not None]
    if "revised_order" not in pairs:
        return current, revised
    order_node = pairs["revised_order"][1]
    by_id = {child.id: child for child in revised}
    ordered = []
    for item in reader.items(order_node, "revised_order:"):
        ident = str(item.value) if isinstance(item, yaml.ScalarNode) else ""
        if ident not in by_id:
            reader.error(item, say("bad_order", id=ident))
            continue
        ordered.append(by_id.pop(ident))
    if by_id:
        reader.error(order_node, say("order_incomplete", ids="、".join(by_id)))
        ordered.extend(by_id.values())
    return current, ordered
