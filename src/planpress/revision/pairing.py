"""Compare two versions of a policy system: pair by id, classify, derive facts."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from planpress.content.model import Group, Measure, Policy, PolicySystem
from planpress.revision.records import (
    Change,
    ChangeKind,
    GroupDiff,
    Kind,
    MeasureDiff,
    PolicyDiff,
    SystemDiff,
)
from planpress.revision.textdiff import TextDiff, diff_text

T = TypeVar("T", Group, Policy, Measure)


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


def _title(pair: Pair) -> TextDiff:
    if pair.current is None:
        return TextDiff.added(pair.revised.title)
    if pair.revised is None:
        return TextDiff.removed(pair.current.title)
    return diff_text(pair.current.title, pair.revised.title)


def _kinds(pair: Pair, *, retagged: bool = False) -> frozenset[Kind]:
    if pair.current is None:
        return frozenset({Kind.ADDED})
    if pair.revised is None:
        return frozenset({Kind.REMOVED})
    kinds = set()
    if pair.current.title != pair.revised.title:
        kinds.add(Kind.RETITLED)
    if pair.moved:
        kinds.add(Kind.MOVED)
    if retagged:
        kinds.add(Kind.RETAGGED)
    return frozenset(kinds or {Kind.UNCHANGED})


def _measure(pair: Pair[Measure]) -> MeasureDiff:
    item = pair.revised or pair.current
    return MeasureDiff(
        id=item.id,
        current=pair.current,
        revised=pair.revised,
        current_number=pair.current_number,
        revised_number=pair.revised_number,
        title=_title(pair),
        kinds=_kinds(pair),
    )


def derive_changes(
    kinds: frozenset[Kind],
    tags_added: tuple[str, ...],
    tags_removed: tuple[str, ...],
    measures: tuple[MeasureDiff, ...],
    revised_number: int | None,
) -> tuple[Change, ...]:
    """The facts for a policy's note column, in reading order.

    Nothing changed gives (Change(UNCHANGED),). A policy that comes or goes is
    one fact; its measures are not listed one by one.
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


def _policy(group_id: str, pair: Pair[Policy]) -> PolicyDiff:
    cur, rev = pair.current, pair.revised
    item = rev or cur
    if cur and rev:
        tags_added = tuple(t for t in rev.tags if t not in cur.tags)
        tags_removed = tuple(t for t in cur.tags if t not in rev.tags)
    else:  # a whole policy comes or goes with its tags
        tags_added, tags_removed = (rev.tags, ()) if rev else ((), cur.tags)
    measures = tuple(
        _measure(p)
        for p in pair_by_id(cur.measures if cur else [], rev.measures if rev else [], "measure")
    )
    kinds = _kinds(pair, retagged=bool(cur and rev and (tags_added or tags_removed)))
    return PolicyDiff(
        group_id=group_id,
        id=item.id,
        current=cur,
        revised=rev,
        current_number=pair.current_number,
        revised_number=pair.revised_number,
        title=_title(pair),
        tags_added=tags_added,
        tags_removed=tags_removed,
        measures=measures,
        changes=derive_changes(
            kinds=kinds,
            tags_added=tags_added,
            tags_removed=tags_removed,
            measures=measures,
            revised_number=pair.revised_number,
        ),
        kinds=kinds,
    )


def _group(pair: Pair[Group]) -> GroupDiff:
    cur, rev = pair.current, pair.revised
    item = rev or cur
    policies = pair_by_id(cur.policies if cur else [], rev.policies if rev else [], "policy")
    return GroupDiff(
        id=item.id,
        current=cur,
        revised=rev,
        current_number=pair.current_number,
        revised_number=pair.revised_number,
        title=_title(pair),
        policies=tuple(_policy(item.id, p) for p in policies),
        kinds=_kinds(pair),
    )


def compare(current: PolicySystem, revised: PolicySystem) -> SystemDiff:
    """Compare the current and revised policy systems item by item (paired by id).

    Policies are paired within their group and measures within their policy;
    an id that changes group counts as removed from one and added to the other.
    """
    return SystemDiff(tuple(_group(p) for p in pair_by_id(current.groups, revised.groups, "group")))
