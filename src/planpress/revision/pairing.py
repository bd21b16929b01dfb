"""Compare the two versions of a policy tree: pair by id, classify, derive facts.

The one comparison of a policy system (施策体系), whichever way it was
written (a `policy_revision` section's groups or a plan book's `policies:`
block) and whichever table shows it (the 【現行計画】|【変更方針】|【改訂】
layout, revision/table.py; the book's 新旧対照表, revision/book_diff.py).

Items pair by id across the whole tree: siblings in both versions pair in
place (`pair_by_id`: the fewest moves that explain their order); an id under
another parent in the other version is a move, recorded at both places.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from planpress.content.book import VERSIONS, PolicyItem, PolicyTree
from planpress.revision.records import Change, ChangeKind, ItemDiff, Kind, TreeDiff
from planpress.revision.textdiff import TextDiff, diff_text

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pair(Generic[T]):
    """One item matched across the versions; 1-based numbers, None when absent."""

    current: T | None
    revised: T | None
    current_number: int | None
    revised_number: int | None
    moved: bool = False


def longest_increasing_run(values: Sequence[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of `values`.

    Items outside it are the fewest that must have moved to turn one order
    into the other; patience sorting, O(n log n).
    """
    tails: list[int] = []  # tails[k]: index of the smallest tail of a run of length k+1
    tail_values: list[int] = []
    before: list[int | None] = [None] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tail_values, value)
        before[i] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    run: set[int] = set()
    i = tails[-1] if tails else None
    while i is not None:
        run.add(i)
        i = before[i]
    return run


def _ids(items: Sequence[T], what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in index:
            raise ValueError(f"duplicate {what} id {item.id!r} at {item.place}")
        index[item.id] = i
    return index


def pair_by_id(current: Sequence[T], revised: Sequence[T], what: str = "item") -> list[Pair[T]]:
    """Match items by id; rows in revised order, removed ones where they stood."""
    cur_index = _ids(current, what)
    rev_index = _ids(revised, what)
    paired = [i for i, item in enumerate(revised) if item.id in cur_index]
    stayed = longest_increasing_run([cur_index[revised[i].id] for i in paired])
    moved = {revised[i].id for k, i in enumerate(paired) if k not in stayed}

    # A removed item follows the nearest earlier current item that kept its
    # place (neither removed nor moved), so removed items keep their order.
    after: dict[str | None, list[int]] = {}
    anchor: str | None = None
    for i, item in enumerate(current):
        if item.id in rev_index:
            if item.id not in moved:
                anchor = item.id
        else:
            after.setdefault(anchor, []).append(i)

    def removed_after(key: str | None) -> list[Pair[T]]:
        return [Pair(current[i], None, i + 1, None) for i in after.get(key, [])]

    rows = removed_after(None)
    for j, item in enumerate(revised):
        if item.id in cur_index:
            i = cur_index[item.id]
            rows.append(Pair(current[i], item, i + 1, j + 1, item.id in moved))
            rows.extend(removed_after(item.id))
        else:
            rows.append(Pair(None, item, None, j + 1))
    return rows


def derive_changes(
    kinds: frozenset[Kind],
    tags_added: tuple[str, ...],
    tags_removed: tuple[str, ...],
    measures: tuple[ItemDiff, ...],
    revised_number: int | None,
) -> tuple[Change, ...]:
    """The facts for a row's note column, in reading order.

    Nothing changed gives (Change(UNCHANGED),). A row that comes or goes is
    one fact; its children are not listed one by one.
    """
    if Kind.ADDED in kinds:
        return (Change(ChangeKind.POLICY_ADDED),)
    if Kind.REMOVED in kinds:
        return (Change(ChangeKind.POLICY_REMOVED),)
    changes: list[Change] = []
    if Kind.RETITLED in kinds:
        changes.append(Change(ChangeKind.POLICY_RETITLED))
    if Kind.MOVED in kinds:
        changes.append(Change(ChangeKind.POLICY_MOVED, number=revised_number))
    changes += [Change(ChangeKind.TAG_ADDED, tag=t) for t in tags_added]
    changes += [Change(ChangeKind.TAG_REMOVED, tag=t) for t in tags_removed]
    for m in measures:
        if Kind.REMOVED in m.kinds:
            changes.append(
                Change(ChangeKind.MEASURE_REMOVED, m.current_number, None, m.id, m.current_number)
            )
        elif Kind.ADDED in m.kinds:
            changes.append(Change(ChangeKind.MEASURE_ADDED, m.revised_number, target=m.id))
        elif Kind.RETITLED in m.kinds:
            changes.append(
                Change(ChangeKind.MEASURE_RETITLED, m.revised_number, None, m.id, m.current_number)
            )
    if any(Kind.MOVED in m.kinds for m in measures):
        changes.append(Change(ChangeKind.MEASURES_REORDERED))
    return tuple(changes) or (Change(ChangeKind.UNCHANGED),)


Index = dict[str, tuple[PolicyItem, PolicyItem | None]]  # id → (item, parent) in one version


def _index(tree: PolicyTree, version: str) -> Index:
    out: Index = {}

    def visit(items: list[PolicyItem], parent: PolicyItem | None) -> None:
        for item in items:
            out[item.id] = (item, parent)
            visit(item.children_in(version), item)

    visit(tree.items_in(version), None)
    return out


def compare_tree(tree: PolicyTree) -> TreeDiff:
    """Compare the current and revised versions of `tree` item by item."""
    indexes = {version: _index(tree, version) for version in VERSIONS}
    # Rows are the level above the leaves: of the levels the plan names (a
    # policy_revision section's three), or of the tree when it is deeper.
    row_level = max(max(tree.depth, len(tree.levels)) - 2, 0)
    items = _Pairer(indexes, row_level).pair(tree.items_in("current"), tree.items_in("revised"))
    return TreeDiff(items, tuple(level.name for level in tree.levels), row_level)


class _Pairer:
    def __init__(self, indexes: dict[str, Index], row_level: int):
        self.current, self.revised = indexes["current"], indexes["revised"]
        self.row_level = row_level

    def pair(self, current: list[PolicyItem], revised: list[PolicyItem]) -> tuple[ItemDiff, ...]:
        """Siblings of one parent: paired in place, or gone, come, moved away or in."""
        return tuple(self._item(p) for p in pair_by_id(current, revised, "policy item"))

    def _item(self, pair: Pair) -> ItemDiff:
        cur, rev = pair.current, pair.revised
        moved_from = moved_to = earlier = None
        if cur is not None and rev is not None:
            children = self.pair(cur.children_in("current"), rev.children_in("revised"))
            title = diff_text(cur.title.current, rev.title.revised)
            tags_added = tuple(t for t in rev.tags.revised if t not in cur.tags.current)
            tags_removed = tuple(t for t in cur.tags.current if t not in rev.tags.revised)
            kinds = set()
            if cur.title.current != rev.title.revised:
                kinds.add(Kind.RETITLED)
            if pair.moved:
                kinds.add(Kind.MOVED)
            if tags_added or tags_removed:
                kinds.add(Kind.RETAGGED)
            kinds = frozenset(kinds or {Kind.UNCHANGED})
        elif rev is not None:  # come: new, or moved here from another parent
            there = self.current.get(rev.id)
            if there is not None:
                earlier, moved_from = there
            before = earlier.children_in("current") if earlier else []
            children = self.pair(before, rev.children_in("revised"))
            title = TextDiff.added(rev.title.revised)
            tags_added, tags_removed = rev.tags.revised, ()
            kinds = frozenset({Kind.ADDED})
        else:  # gone: removed, or moved to another parent (shown there)
            there = self.revised.get(cur.id)
            if there is not None:
                moved_to = there[1]
            children = () if there else self.pair(cur.children_in("current"), [])
            title = TextDiff.removed(cur.title.current)
            tags_added, tags_removed = (), cur.tags.current
            kinds = frozenset({Kind.REMOVED})
        item = rev or cur
        changes = ()
        if item.level == self.row_level:
            changes = derive_changes(kinds, tags_added, tags_removed, children, pair.revised_number)
        return ItemDiff(
            id=item.key,
            current=cur,
            revised=rev,
            current_number=pair.current_number,
            revised_number=pair.revised_number,
            title=title,
            kinds=kinds,
            children=children,
            tags_added=tags_added,
            tags_removed=tags_removed,
            moved_from=moved_from,
            moved_to=moved_to,
            earlier=earlier,
            changes=changes,
        )
