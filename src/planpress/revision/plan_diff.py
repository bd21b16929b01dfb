"""What changed between two versions of a document (修正対照表).

Every text of both versions is paired by its key (textfields.py) and compared
with the same diff engine as the revision table; unchanged texts are left
out. Use: after a committee meeting, show the members what changed since the
handout they saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from planpress.content.model import Meta, Plan
from planpress.revision.fields import Part, TextField, text_fields
from planpress.revision.textdiff import TextDiff, diff_text


@dataclass(slots=True, frozen=True)
class FieldChange:
    """One text that differs: where it stands and its two sides as spans."""

    where: tuple[Part, ...]
    diff: TextDiff
    kind: str  # changed, added (only in the new version) or removed


@dataclass(slots=True)
class VersionReport:
    """The changes from an old to a new version of one document.

    `old` and `new` are the two versions' document metadata (meeting name
    and date, handout number): the template names each version from them.
    `old_label` / `new_label` are names given on the command line, which the
    template prints instead ("" when not given). File paths never reach it.
    """

    old: Meta
    new: Meta
    changes: list[FieldChange]
    old_label: str = ""
    new_label: str = ""

    @property
    def count(self) -> int:
        return len(self.changes)


def compare_plans(old: Plan, new: Plan, row_join: str) -> list[FieldChange]:
    """The changed, added and removed texts, in the new version's order; a
    removed text stands after the text that preceded it in the old version.
    A plan book's table row is compared as one text, its cells joined by
    `row_join` (the phrase catalogue's)."""
    old_fields = text_fields(old, row_join)
    new_fields = text_fields(new, row_join)
    old_by_key = {f.key: f for f in old_fields}
    new_keys = {f.key for f in new_fields}
    after: dict[tuple | None, list[TextField]] = {}  # removed fields by predecessor
    previous = None
    for field in old_fields:
        if field.key in new_keys:
            previous = field.key
        else:
            after.setdefault(previous, []).append(field)
    changes = [_removed(f) for f in after.get(None, [])]
    for field in new_fields:
        before = old_by_key.get(field.key)
        if before is None:
            if field.text:
                changes.append(FieldChange(field.where, TextDiff.added(field.text), "added"))
        elif before.text != field.text:
            changes.append(FieldChange(field.where, diff_text(before.text, field.text), "changed"))
        changes.extend(_removed(f) for f in after.get(field.key, []))
    return _merge_versions([c for c in changes if c.diff.changed])


def _merge_versions(changes: list[FieldChange]) -> list[FieldChange]:
    """One row for a text that changed alike in the current and the revised
    policy system (a title both versions share)."""
    seen: dict[tuple, int] = {}
    merged: list[FieldChange] = []
    for change in changes:
        parts = tuple(p for p in change.where if p[0] != "version")
        key = (parts, change.kind, change.diff)
        if parts != change.where and key in seen:
            first = merged[seen[key]]
            where = tuple(("version", "both") if p[0] == "version" else p for p in first.where)
            merged[seen[key]] = FieldChange(where, first.diff, first.kind)
            continue
        seen[key] = len(merged)
        merged.append(change)
    return merged


def _removed(field: TextField) -> FieldChange:
    return FieldChange(field.where, TextDiff.removed(field.text), "removed")
