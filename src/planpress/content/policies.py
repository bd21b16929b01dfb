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

from planpress.content import model as m
from planpress.content.reader import Pair, Reader
from planpress.content.shapes import VERSIONS
from planpress.content.yaml_source import scalar_text
from planpress.diagnostics.messages import listing, say


@dataclass(slots=True)
class Versioned:
    """A node as it stands in each version (None where it does not exist)."""

    current: object
    revised: object


def read_policy_revision(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place]
) -> m.PolicyRevision | None:
    pairs = reader.shaped(node, "policy_revision")
    if pairs is None:
        return None
    notes: dict[str, list[m.AuthorNote]] = {}
    group_ids: dict[str, m.Place] = {}
    group_nodes = _children(reader, pairs, "groups")
    groups = [_group(reader, n, group_ids, notes) for n in group_nodes]
    groups = [g for g in groups if g is not None]
    current, revised = _split(reader, pairs, groups)
    title = reader.text(pairs, "title", "title:")
    if groups:
        _require_children(reader, pairs, "groups", (True, True), (current, revised), title)
    return m.PolicyRevision(
        id=reader.ident(pairs, seen),
        title=title,
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
    cols = reader.shaped(pairs["columns"][1], "columns")
    if cols is None:
        return {}
    return {key: reader.text(cols, key, f"columns: {key}:") for key in cols}


def _versions(
    reader: Reader, pairs: dict[str, Pair], parent: tuple[bool, bool]
) -> tuple[bool, bool]:
    """Whether the node exists in the current and in the revised version.

    A child cannot exist in a version its parent is not in: `only: current`
    under an `only: revised` policy is reported, not silently dropped.
    """
    if "only" not in pairs:
        return parent
    node = pairs["only"][1]
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if value not in VERSIONS:
        reader.error(node, say("bad_only", got=value))
        return parent
    mine = (value == "current", value == "revised")
    if not any(a and b for a, b in zip(mine, parent, strict=True)):
        reader.error(node, say("only_conflict", only=value))
    return mine[0] and parent[0], mine[1] and parent[1]


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


def _children(reader: Reader, pairs: dict[str, Pair], key: str) -> list[yaml.Node]:
    """The items of a list of children; an empty list is reported."""
    if key not in pairs:
        return []
    key_node, node = pairs[key]
    nodes = reader.items(node, f"{key}:")
    if not nodes and isinstance(node, yaml.SequenceNode):
        reader.error(key_node, say("empty_list", key=key))
    return nodes


def _require_children(
    reader: Reader,
    pairs: dict[str, Pair],
    key: str,
    exists: tuple[bool, bool],
    children: tuple[list, list],
    title: tuple[str, str] | str,
) -> None:
    """Each version the parent is in must keep at least one child.

    (All children `only: current` leaves the revised policy empty, which the
    comparison table cannot show.)
    """
    titles = (title, title) if isinstance(title, str) else title
    for version, present, kids, name in zip(VERSIONS, exists, children, titles, strict=True):
        if present and not kids:
            reader.error(
                pairs[key][0],
                say(f"no_{key}", title=name, version=say(f"version_{version}")),
            )


def _measure(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place], parent: tuple[bool, bool]
) -> Versioned | None:
    pairs = reader.shaped(node, "measure")
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    in_current, in_revised = _versions(reader, pairs, parent)
    current_title, revised_title = _title(reader, pairs, say("places.measure_title"))
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
    parent: tuple[bool, bool],
) -> Versioned | None:
    pairs = reader.shaped(node, "policy")
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    exists = _versions(reader, pairs, parent)
    titles = _title(reader, pairs, say("places.policy_title"))
    current_tags, revised_tags = _tags(reader, pairs)
    measure_ids: dict[str, m.Place] = {}
    measures = [
        _measure(reader, n, measure_ids, exists) for n in _children(reader, pairs, "measures")
    ]
    measures = [x for x in measures if x is not None]
    current, revised = _split(reader, pairs, measures)
    if measures:
        _require_children(reader, pairs, "measures", exists, (current, revised), titles)
    if "notes" in pairs:
        notes[f"{group_id}/{ident}"] = [
            m.AuthorNote(scalar_text(n, reader.source).strip(), reader.place(n))
            for n in reader.items(pairs["notes"][1], "notes:")
            if _note_text(reader, n)
        ]
    place = reader.place(node)
    return Versioned(
        m.Policy(ident, titles[0], current, current_tags, place) if exists[0] else None,
        m.Policy(ident, titles[1], revised, revised_tags, place) if exists[1] else None,
    )


def _note_text(reader: Reader, node: yaml.Node) -> bool:
    """Whether a notes: item is a text; anything else is reported."""
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
        return True
    reader.error(node, say("expected_text", what="notes:"))
    return False


def _group(
    reader: Reader,
    node: yaml.Node,
    seen: dict[str, m.Place],
    notes: dict[str, list[m.AuthorNote]],
) -> Versioned | None:
    pairs = reader.shaped(node, "group")
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    exists = _versions(reader, pairs, (True, True))
    titles = _title(reader, pairs, say("places.group_title"))
    policy_ids: dict[str, m.Place] = {}
    policies = [
        _policy(reader, n, policy_ids, ident, notes, exists)
        for n in _children(reader, pairs, "policies")
    ]
    policies = [x for x in policies if x is not None]
    current, revised = _split(reader, pairs, policies)
    if policies:
        _require_children(reader, pairs, "policies", exists, (current, revised), titles)
    place = reader.place(node)
    return Versioned(
        m.Group(ident, titles[0], current, place) if exists[0] else None,
        m.Group(ident, titles[1], revised, place) if exists[1] else None,
    )


def _split(reader: Reader, pairs: dict[str, Pair], children: list[Versioned]) -> tuple[list, list]:
    """The children of each version; the revised ones in `revised_order` if given.

    Every id must appear exactly once in `revised_order`, so the diff engine
    always receives each revised child once.
    """
    current = [c.current for c in children if c.current is not None]
    revised = [c.revised for c in children if c.revised is not None]
    if "revised_order" not in pairs:
        return current, revised
    order_node = pairs["revised_order"][1]
    by_id = {child.id: child for child in revised}
    placed: set[str] = set()
    ordered = []
    for item in reader.items(order_node, "revised_order:"):
        ident = str(item.value) if isinstance(item, yaml.ScalarNode) else ""
        if ident in placed:
            reader.error(item, say("order_duplicate", id=ident))
            continue
        if ident not in by_id:
            reader.error(item, say("bad_order", id=ident, ids=listing(by_id)))
            continue
        placed.add(ident)
        ordered.append(by_id.pop(ident))
    if by_id:
        reader.error(order_node, say("order_incomplete", ids=listing(by_id)))
        ordered.extend(by_id.values())
    return current, ordered
