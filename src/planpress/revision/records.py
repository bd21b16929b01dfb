"""What changed between two versions of a policy system, as plain records.

The records hold facts only (kinds, numbers, ids, text spans). How a fact is
worded in the handout (施策3を追加 …) is decided by the templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from planpress.content.model import Group, Measure, Policy
from planpress.revision.textdiff import TextDiff


class Kind(StrEnum):
    """How one item (group, policy or measure) differs between the versions."""

    UNCHANGED = "unchanged"  # same title, same tags, same relative place
    RETITLED = "retitled"  # the title text changed
    ADDED = "added"  # only in the revised version
    REMOVED = "removed"  # only in the current version
    MOVED = "moved"  # order changed relative to its paired siblings
    RETAGGED = "retagged"  # tags such as 重点方針 added or dropped


class ChangeKind(StrEnum):
    """The kinds of fact a policy's note column can state."""

    UNCHANGED = "unchanged"  # 構成変更なし
    POLICY_ADDED = "policy_added"
    POLICY_REMOVED = "policy_removed"
    POLICY_RETITLED = "policy_retitled"
    POLICY_MOVED = "policy_moved"
    TAG_ADDED = "tag_added"
    TAG_REMOVED = "tag_removed"
    MEASURE_ADDED = "measure_added"  # number: the revised number
    MEASURE_REMOVED = "measure_removed"  # number: the current number
    MEASURE_RETITLED = "measure_retitled"  # number: the revised number
    MEASURES_REORDERED = "measures_reordered"


@dataclass(frozen=True, slots=True)
class Change:
    """One fact about a policy, e.g. Change(MEASURE_ADDED, number=3).

    `number` is the measure number the note names (revised number, except
    for a removed measure); `current_number` the measure's number in the
    current plan (measure facts of measures the current plan has); `tag` is
    set for tag changes; `target` is the measure id for measure facts.
    """

    kind: ChangeKind
    number: int | None = None
    tag: str | None = None
    target: str | None = None
    current_number: int | None = None


@dataclass(frozen=True, slots=True)
class MeasureDiff:
    """One measure (施策) in both versions; None on the side it is missing from."""

    id: str
    current: Measure | None
    revised: Measure | None
    current_number: int | None  # 1-based position within its policy
    revised_number: int | None
    title: TextDiff
    kinds: frozenset[Kind]

    @property
    def renumbered(self) -> bool:
        """In both versions under another number (moved, or shifted by an
        insertion or removal before it): the number is a change too."""
        return bool(self.current and self.revised) and self.current_number != self.revised_number


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    """One policy (施策方針) in both versions: a row of the comparison table.

    `measures` lists the measures in revised order with removed ones placed
    where they stood; `changes` are the derived facts for the note column.
    `kinds` describe the policy itself (title, place, tags); what happened to
    its measures shows in `measures` and `changes`.
    """

    group_id: str
    id: str
    current: Policy | None
    revised: Policy | None
    current_number: int | None  # 1-based position within its group
    revised_number: int | None
    title: TextDiff
    tags_added: tuple[str, ...]
    tags_removed: tuple[str, ...]
    measures: tuple[MeasureDiff, ...]
    changes: tuple[Change, ...]
    kinds: frozenset[Kind]

    @property
    def renumbered(self) -> bool:
        """In both versions under another number (see MeasureDiff.renumbered)."""
        return bool(self.current and self.revised) and self.current_number != self.revised_number

    @property
    def numbering_differs(self) -> bool:
        """Whether some measure number names different measures in the two
        versions (施策3 is one measure in the current plan, another in the
        revised one): then a fact must say which numbering it counts in."""
        revised = {m.revised_number: m.id for m in self.measures if m.revised}
        return any(revised.get(m.current_number, m.id) != m.id for m in self.measures if m.current)

    @property
    def key(self) -> str:
        """The key author notes are filed under: "group-id/policy-id"."""
        return f"{self.group_id}/{self.id}"

    @property
    def changed(self) -> bool:
        """False only when the note column would say 構成変更なし."""
        return self.changes != (Change(ChangeKind.UNCHANGED),)

    @property
    def policy(self) -> Policy:
        """The revised policy, or the current one if it was removed."""
        return self.revised or self.current  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class GroupDiff:
    """One group of policies in both versions; policies in row order."""

    id: str
    current: Group | None
    revised: Group | None
    current_number: int | None
    revised_number: int | None
    title: TextDiff
    policies: tuple[PolicyDiff, ...]
    kinds: frozenset[Kind]


@dataclass(frozen=True, slots=True)
class SystemDiff:
    """The whole comparison; groups in revised order, removed ones where they stood."""

    groups: tuple[GroupDiff, ...]

    def rows(self) -> Iterator[PolicyDiff]:
        """The policy rows of the table, in order."""
        for group in self.groups:
            yield from group.policies

    def policy(self, key: str) -> PolicyDiff | None:
        """The policy row filed under "group-id/policy-id", if any."""
        return next((row for row in self.rows() if row.key == key), None)
