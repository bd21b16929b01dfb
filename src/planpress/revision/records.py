"""What changed between two versions of a policy system, as plain records.

The records hold facts only (kinds, numbers, ids, text spans). How a fact is
worded in the handout (施策3を追加 …) is decided by the templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from planpress.content.book import PolicyItem
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
class ItemDiff:
    """One item of the policy tree (a group, policy, measure — any level) in
    both versions: paired by id across the whole tree.

    `current` / `revised` are the tree's item in each version (the same
    `PolicyItem` when it stays; None on the side it is missing from);
    `current_number` / `revised_number` its 1-based place among its siblings.
    An item under another parent in the other version is two entries: the
    one it left (`moved_to`: its revised parent; kinds REMOVED) and the one it
    joined (`moved_from`: its current parent, `earlier`: the item as it stood
    there; kinds ADDED, children paired with its current self). `children`
    are in revised order, removed ones where they stood. `changes`: the
    derived facts of the note column (set on the items of the table's row
    level).
    """

    id: str
    current: PolicyItem | None
    revised: PolicyItem | None
    current_number: int | None
    revised_number: int | None
    title: TextDiff
    kinds: frozenset[Kind]
    children: tuple[ItemDiff, ...] = ()
    tags_added: tuple[str, ...] = ()
    tags_removed: tuple[str, ...] = ()
    moved_from: PolicyItem | None = None
    moved_to: PolicyItem | None = None
    earlier: PolicyItem | None = None
    changes: tuple[Change, ...] = ()

    @property
    def item(self) -> PolicyItem:
        """The revised item, or the current one if it was removed."""
        return self.revised or self.current  # type: ignore[return-value]

    @property
    def level(self) -> int:
        return self.item.level

    @property
    def key(self) -> str:
        """The key the author's notes are filed under: the tree id (in a
        `policy_revision` section's own groups "group-id/policy-id"; `id` is
        the id as written, "policy-id")."""
        return self.item.id

    @property
    def title_text(self) -> str:
        """The title as the table names the item: the revised one if it stays."""
        return self.revised.title.revised if self.revised else self.current.title.current

    @property
    def current_tags(self) -> tuple[str, ...]:
        return self.current.tags.current if self.current else ()

    @property
    def revised_tags(self) -> tuple[str, ...]:
        return self.revised.tags.revised if self.revised else ()

    @property
    def renumbered(self) -> bool:
        """In both versions under another number (moved, or shifted by an
        insertion or removal before it): the number is a change too."""
        return bool(self.current and self.revised) and self.current_number != self.revised_number

    @property
    def numbering_differs(self) -> bool:
        """Whether some child number names different children in the two
        versions (施策3 is one measure in the current plan, another in the
        revised one): then a fact must say which numbering it counts in."""
        revised = {m.revised_number: m.id for m in self.children if m.revised}
        return any(revised.get(m.current_number, m.id) != m.id for m in self.children if m.current)

    @property
    def changed(self) -> bool:
        """False only when the note column would say 構成変更なし."""
        return self.changes != (Change(ChangeKind.UNCHANGED),)

    def walk(self) -> Iterator[ItemDiff]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class RowGroup:
    """The rows of a 新旧対照表 under one group: `labels` are the group label
    rows opened before them (outermost first; the last is the rows' parent),
    `rows` the items of the row level."""

    labels: tuple[ItemDiff, ...]
    rows: tuple[ItemDiff, ...]

    @property
    def group(self) -> ItemDiff | None:
        return self.labels[-1] if self.labels else None


@dataclass(frozen=True, slots=True)
class TreeDiff:
    """The whole policy tree compared; top-level items in revised order,
    removed ones where they stood. Rows of a table are the items one level
    above the leaves (`row_level`), each with its children."""

    items: tuple[ItemDiff, ...]
    levels: tuple[str, ...]  # the level names (施策方針, 施策 …)
    row_level: int

    def walk(self) -> Iterator[ItemDiff]:
        for item in self.items:
            yield from item.walk()

    def rows(self) -> Iterator[ItemDiff]:
        """The row items of the table, in order."""
        return (d for d in self.walk() if d.level == self.row_level)

    def groups(self) -> list[RowGroup]:
        """The rows grouped under the items above them, in table order."""
        out: list[RowGroup] = []

        def visit(items, opened: tuple[ItemDiff, ...]) -> None:
            rows: list[ItemDiff] = []
            for d in items:
                if d.level >= self.row_level:
                    rows.append(d)
                    continue
                if rows:
                    out.append(RowGroup(opened, tuple(rows)))
                    opened, rows = (), []
                visit(d.children, (*opened, d))
                opened = ()
            if rows or opened:
                out.append(RowGroup(opened, tuple(rows)))

        visit(self.items, ())
        return out

    def policy(self, key: str) -> ItemDiff | None:
        """The row filed under `key`, if any."""
        return next((row for row in self.rows() if row.key == key), None)
