"""Two versions of a policy system written apart, merged into the one policy
tree the comparison reads (content/book.py) — for tests that state each
version as a list, as a reader of the two printed plans would.

Ids pair within their parent, as in a `policy_revision` section's groups:
the tree id is the path ("group/policy/measure").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planpress.content import book as b
from planpress.diagnostics.place import NOWHERE, Place
from planpress.revision import compare_tree

LEVELS = [b.Level("分類", "{n}"), b.Level("施策方針", "{n}"), b.Level("施策", "{n}")]


@dataclass(slots=True)
class Measure:
    id: str
    title: str
    place: Place = NOWHERE


@dataclass(slots=True)
class Policy:
    id: str
    title: str
    measures: list[Measure]
    tags: tuple[str, ...] = ()
    place: Place = NOWHERE


@dataclass(slots=True)
class Group:
    id: str
    title: str
    policies: list[Policy]
    place: Place = NOWHERE


@dataclass(slots=True)
class PolicySystem:
    """One version of the whole 施策体系, as a list of groups."""

    groups: list[Group] = field(default_factory=list)


def _kids(node, level: int) -> list:
    if level == 0:
        return node.groups
    return node.policies if level == 1 else node.measures if level == 2 else []


def _merge(current: list, revised: list, level: int, parent: str) -> tuple[list, tuple]:
    """The items of both lists (current ones in their order, then the revised
    ones the current list lacks) and the revised order, by tree id."""
    by_id = {x.id: x for x in current}
    new = {x.id: x for x in revised}
    ids = [x.id for x in current] + [x.id for x in revised if x.id not in by_id]
    items = []
    for ident in ids:
        cur, rev = by_id.get(ident), new.get(ident)
        path = f"{parent}/{ident}" if parent else ident
        one = rev or cur
        kids_c = _kids(cur, level + 1) if cur is not None and level < 2 else []
        kids_r = _kids(rev, level + 1) if rev is not None and level < 2 else []
        children, order = _merge(kids_c, kids_r, level + 1, path) if level < 2 else ([], ())
        tags = b.VTags(
            getattr(cur, "tags", ()) if cur else (), getattr(rev, "tags", ()) if rev else ()
        )
        items.append(
            b.PolicyItem(
                id=path,
                exists=b.Exists(cur is not None, rev is not None),
                place=one.place,
                reason=None,
                title=b.VText(cur.title if cur else rev.title, rev.title if rev else cur.title),
                text=None,
                actions=[],
                department=None,
                indicator=None,
                tags=tags,
                children=children,
                level=level,
                parent=parent,
                revised_order=order,
            )
        )
    order = tuple(f"{parent}/{x.id}" if parent else x.id for x in revised)
    return items, order


def tree_of(current: PolicySystem, revised: PolicySystem) -> b.PolicyTree:
    items, order = _merge(current.groups, revised.groups, 0, "")
    tree = b.PolicyTree(
        id="system",
        exists=b.BOTH,
        place=NOWHERE,
        reason=None,
        title=None,
        vision=None,
        levels=list(LEVELS),
        items=items,
        revised_order=order,
    )
    for version in b.VERSIONS:
        _number(tree.items_in(version), version)
    return tree


def _number(items, version: str) -> None:
    for n, item in enumerate(items, 1):
        if version == "current":
            item.number.current = str(n)
        else:
            item.number.revised = str(n)
        _number(item.children_in(version), version)


def compare(current: PolicySystem, revised: PolicySystem):
    """The comparison of the two versions, as the handout computes it."""
    return compare_tree(tree_of(current, revised))
