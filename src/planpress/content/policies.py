"""Reading the policy system (施策体系) of a `kind: policy_revision` section
into the plan book's policy tree (content/book.py), the one model every view
of a policy system reads.

The author writes ONE tree; each group, policy and measure says how it differs
between the current plan and the revision:

- `title: text` — the same in both; `title: {current: …, revised: …}` — retitled;
- `only: current` — removed in the revision; `only: revised` — added by it;
- `tags:` likewise a list, or `{current: […], revised: […]}`;
- `revised_order: [id, …]` — the revised order of the children, when it changes;
- `notes:` on a policy — the author's notes for the 変更方針 column.

Groups, policies and measures become a three-level `PolicyTree` (titles as
`VText`, presence as `Exists`). In this format an id is unique among its
siblings only, and it pairs an item within its parent (a measure id under
another policy is another measure); so each id is read as its path,
"industry/location/hub", which is unique across the tree the book pairs
across. The levels' names and numbering come from templates/numbering.yaml
(`policy_revision_levels`), applied after loading.
"""

from __future__ import annotations

import yaml

from planpress.content import book as b
from planpress.content import model as m
from planpress.content.reader import Pair, Reader
from planpress.content.shapes import VERSIONS
from planpress.content.yaml_source import scalar_text
from planpress.diagnostics.messages import listing, say


def read_policy_revision(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place]
) -> m.PolicyRevision | None:
    pairs = reader.shaped(node, "policy_revision")
    if pairs is None:
        return None
    title = reader.text(pairs, "title", "title:")
    tree = None
    of = ""
    if "of" in pairs:
        of = reader.text(pairs, "of", "of:")
        if "groups" in pairs:
            reader.error(pairs["of"][0], say("of_and_groups"))
    elif "groups" not in pairs:
        reader.error(
            node, say("missing_key", key="groups", what=say("shapes.policy_revision.what"))
        )
    else:
        tree = _tree(reader, node, pairs, title)
    return m.PolicyRevision(
        id=reader.ident(pairs, seen),
        title=title,
        subtitle=reader.text(pairs, "subtitle", "subtitle:", default=""),
        heading=reader.text(pairs, "heading", "heading:", default=""),
        columns=_columns(reader, pairs),
        policies=tree,
        of=of,
        placeholders=reader.flag(pairs, "placeholders", "placeholders:", default=True),
        place=reader.place(node),
    )


def _tree(reader: Reader, node: yaml.Node, pairs: dict[str, Pair], title: str) -> b.PolicyTree:
    group_ids: dict[str, m.Place] = {}
    groups = [_group(reader, n, group_ids) for n in _children(reader, pairs, "groups")]
    groups = [g for g in groups if g is not None]
    current, revised, order = _split(reader, pairs, groups)
    if groups:
        _require_children(reader, pairs, "groups", b.BOTH, (current, revised), title)
    return b.PolicyTree(
        id="",
        exists=b.BOTH,
        place=reader.place(node),
        reason=None,
        title=None,
        vision=None,
        levels=[],  # named and numbered after loading (load.py)
        items=groups,
        revised_order=order,
    )


def _columns(reader: Reader, pairs: dict[str, Pair]) -> dict[str, str]:
    if "columns" not in pairs:
        return {}
    cols = reader.shaped(pairs["columns"][1], "columns")
    if cols is None:
        return {}
    return {key: reader.text(cols, key, f"columns: {key}:") for key in cols}


def _versions(reader: Reader, pairs: dict[str, Pair], parent: b.Exists) -> b.Exists:
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
    if not any(a and p for a, p in zip(mine, (parent.current, parent.revised), strict=True)):
        reader.error(node, say("only_conflict", only=value))
    return b.Exists(mine[0] and parent.current, mine[1] and parent.revised)


def _title(reader: Reader, pairs: dict[str, Pair], what: str) -> b.VText:
    """The title in each version."""
    if "title" not in pairs:
        return b.VText("", "")
    node = pairs["title"][1]
    place = reader.place(node)
    if isinstance(node, yaml.MappingNode):
        both = reader.mapping(node, what, VERSIONS)
        if both is None:
            return b.VText("", "", place)
        return b.VText(
            reader.text(both, "current", what), reader.text(both, "revised", what), place
        )
    return b.VText.same(reader.text(pairs, "title", what), place)


def _tags(reader: Reader, pairs: dict[str, Pair]) -> b.VTags:
    if "tags" not in pairs:
        return b.VTags()
    node = pairs["tags"][1]
    if isinstance(node, yaml.MappingNode):
        both = reader.mapping(node, "tags:", (), VERSIONS)
        if both is None:
            return b.VTags()
        return b.VTags(
            tuple(reader.texts(both, "current", "tags:")),
            tuple(reader.texts(both, "revised", "tags:")),
        )
    tags = tuple(reader.texts(pairs, "tags", "tags:"))
    return b.VTags(tags, tags)


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
    exists: b.Exists,
    children: tuple[list, list],
    title: b.VText | str,
) -> None:
    """Each version the parent is in must keep at least one child.

    (All children `only: current` leaves the revised policy empty, which the
    comparison table cannot show.)
    """
    titles = (title, title) if isinstance(title, str) else (title.current, title.revised)
    presence = (exists.current, exists.revised)
    for version, present, kids, name in zip(VERSIONS, presence, children, titles, strict=True):
        if present and not kids:
            reader.error(
                pairs[key][0],
                say(f"no_{key}", title=name, version=say(f"version_{version}")),
            )


def _item(
    reader: Reader,
    node: yaml.Node,
    ident: str,
    exists: b.Exists,
    title: b.VText,
    level: int,
    parent: str,
) -> b.PolicyItem:
    return b.PolicyItem(
        id=ident,
        exists=exists,
        place=reader.place(node),
        reason=None,
        title=title,
        text=None,
        actions=[],
        department=None,
        indicator=None,
        tags=b.VTags(),
        children=[],
        level=level,
        parent=parent,
    )


def _path(parent: str, ident: str) -> str:
    """The id as the tree knows it: scoped by its parent's (see the module doc)."""
    return f"{parent}/{ident}" if parent else ident


def _measure(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place], parent: b.PolicyItem
) -> b.PolicyItem | None:
    pairs = reader.shaped(node, "measure")
    if pairs is None:
        return None
    ident = _path(parent.id, reader.ident(pairs, seen))
    exists = _versions(reader, pairs, parent.exists)
    title = _title(reader, pairs, say("places.measure_title"))
    return _item(reader, node, ident, exists, title, 2, parent.id)


def _policy(
    reader: Reader, node: yaml.Node, seen: dict[str, m.Place], group: b.PolicyItem
) -> b.PolicyItem | None:
    pairs = reader.shaped(node, "policy")
    if pairs is None:
        return None
    ident = _path(group.id, reader.ident(pairs, seen))
    exists = _versions(reader, pairs, group.exists)
    title = _title(reader, pairs, say("places.policy_title"))
    policy = _item(reader, node, ident, exists, title, 1, group.id)
    policy.tags = _tags(reader, pairs)
    measure_ids: dict[str, m.Place] = {}
    measures = [
        _measure(reader, n, measure_ids, policy) for n in _children(reader, pairs, "measures")
    ]
    policy.children = [x for x in measures if x is not None]
    current, revised, policy.revised_order = _split(reader, pairs, policy.children)
    if policy.children:
        _require_children(reader, pairs, "measures", exists, (current, revised), title)
    if "notes" in pairs:
        policy.notes = [
            b.AuthorNote(scalar_text(n, reader.source).strip(), reader.place(n))
            for n in reader.items(pairs["notes"][1], "notes:")
            if _note_text(reader, n)
        ]
    return policy


def _note_text(reader: Reader, node: yaml.Node) -> bool:
    """Whether a notes: item is a text; anything else is reported."""
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
        return True
    reader.error(node, say("expected_text", what="notes:"))
    return False


def _group(reader: Reader, node: yaml.Node, seen: dict[str, m.Place]) -> b.PolicyItem | None:
    pairs = reader.shaped(node, "group")
    if pairs is None:
        return None
    ident = reader.ident(pairs, seen)
    exists = _versions(reader, pairs, b.BOTH)
    title = _title(reader, pairs, say("places.group_title"))
    group = _item(reader, node, ident, exists, title, 0, "")
    policy_ids: dict[str, m.Place] = {}
    policies = [_policy(reader, n, policy_ids, group) for n in _children(reader, pairs, "policies")]
    group.children = [x for x in policies if x is not None]
    current, revised, group.revised_order = _split(reader, pairs, group.children)
    if group.children:
        _require_children(reader, pairs, "policies", exists, (current, revised), title)
    return group


def _split(
    reader: Reader, pairs: dict[str, Pair], children: list[b.PolicyItem]
) -> tuple[list, list, tuple[str, ...]]:
    """The children of each version, and the revised order (tree ids) when
    `revised_order` gives one.

    Every id must appear exactly once in `revised_order`, so the comparison
    always receives each revised child once.
    """
    current = [c for c in children if c.exists.current]
    revised = [c for c in children if c.exists.revised]
    if "revised_order" not in pairs:
        return current, revised, ()
    order_node = pairs["revised_order"][1]
    by_id = {child.key: child for child in revised}
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
    return current, ordered, tuple(child.id for child in ordered)
