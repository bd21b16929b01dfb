"""The comparison tables as the templates receive them, computed before rendering.

`RevisionTable` joins the comparison of a policy tree (`compare_tree`, the
one comparison of a policy system) with the author's notes
(`check_all_notes`) for one `policy_revision` section — its own groups or a
plan book's policies block, the same tree either way — and decides the
order of each side's children. `ComparisonTable` holds a
`comparison` section's items with their two texts compared. Only facts and
order here: the templates word the notes and labels, and draw the
underlines from the spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from planpress.content.model import AuthorNote, Comparison, PolicyRevision
from planpress.diagnostics.messages import Problem
from planpress.revision import (
    Change,
    ItemDiff,
    Kind,
    NoteCheck,
    NoteStatus,
    NoteWarning,
    Phrasebook,
    RowGroup,
    TreeDiff,
    check_all_notes,
    compare_tree,
)
from planpress.revision.textdiff import TextDiff, diff_text


@dataclass(frozen=True, slots=True)
class NoteColumn:
    """What the middle column of one policy row shows.

    `changes`: derived facts; `facts`: the same as the column prints them
    (worded by the phrase catalogue, runs collapsed); `notes`: the author's
    notes printed as written, in the author's order — remarks that say more
    than the facts, and notes that contradict the content (shown, never
    dropped silently, and reported as warnings).
    """

    changes: tuple[Change, ...]
    facts: tuple[str, ...]
    notes: tuple[AuthorNote, ...]
    contradicted: bool


@dataclass(frozen=True, slots=True)
class RevisionTable:
    """One section's comparison: the diff, each row's note column, the warnings."""

    diff: TreeDiff
    columns: dict[str, NoteColumn]  # by row key (the tree id)
    warnings: tuple[NoteWarning, ...]
    phrases: Phrasebook

    def groups(self) -> list[RowGroup]:
        """The rows under their group label rows, in table order."""
        return self.diff.groups()

    def notes(self, row: ItemDiff) -> NoteColumn:
        """The note column of `row`."""
        return self.columns[row.key]

    def group_note(self, group: ItemDiff) -> str:
        """What the note column says on a changed group's label row."""
        return self.phrases.group_fact(group)

    def label(self, item: ItemDiff, version: str) -> str:
        """The item's level name and its number in `version` (施策方針2, 施策3),
        as the plan names its levels; a number that already holds the name
        (第1章) stands alone."""
        node = item.current if version == "current" else item.revised
        levels = self.diff.levels
        name = levels[node.level] if node.level < len(levels) else ""
        number = node.number[version]
        return number if name and name in number else f"{name}{number}"

    def current_measures(self, row: ItemDiff) -> list[ItemDiff]:
        """The measures as the current side lists them.

        Row order (removed ones where they stood, added ones as gaps for a
        （新設） placeholder) while no measure moved; once one moved, the
        current plan's own order, added ones last, so the old side reads as
        the current plan does.
        """
        if not any(Kind.MOVED in m.kinds for m in row.children):
            return list(row.children)
        kept = sorted((m for m in row.children if m.current), key=lambda m: m.current_number)
        return kept + [m for m in row.children if m.current is None]

    def revised_measures(self, row: ItemDiff) -> list[ItemDiff]:
        """The measures as the revised side lists them (removed ones as gaps)."""
        return list(row.children)


def _note_column(check: NoteCheck, row: ItemDiff, book: Phrasebook) -> NoteColumn:
    shown = tuple(
        v.note for v in check.verdicts if v.status in (NoteStatus.EXTRA, NoteStatus.CONTRADICTION)
    )
    contradicted = any(v.status is NoteStatus.CONTRADICTION for v in check.verdicts)
    facts = book.fact_lines(check.changes, row.numbering_differs)
    return NoteColumn(check.changes, facts, shown, contradicted)


def revision_table(section: PolicyRevision, phrases: Phrasebook) -> RevisionTable:
    """Compare the two versions of the section's policy tree and check the
    author's notes (`notes:` on its items)."""
    diff = compare_tree(section.policies)
    notes: dict[str, list[AuthorNote]] = {}
    for item in section.policies.walk():  # a moved item is written twice
        if item.notes:
            notes.setdefault(item.id, []).extend(item.notes)
    checks, warnings = check_all_notes(diff, notes, phrases)
    columns = {row.key: _note_column(checks[row.key], row, phrases) for row in diff.rows()}
    return RevisionTable(diff, columns, tuple(warnings), phrases)


@dataclass(frozen=True, slots=True)
class ComparedText:
    """One item of a `comparison` section: its label and its two texts as spans."""

    label: str
    diff: TextDiff


@dataclass(frozen=True, slots=True)
class ComparisonTable:
    """A `comparison` section's items compared (第6次計画 | 第7次計画)."""

    items: tuple[ComparedText, ...]
    warnings: tuple[NoteWarning, ...] = ()  # nothing to check: no notes to weigh


def comparison_table(section: Comparison) -> ComparisonTable:
    """Compare the old and new text of each item."""
    return ComparisonTable(
        tuple(ComparedText(item.label, diff_text(item.old, item.new)) for item in section.items)
    )


Table = RevisionTable | ComparisonTable


def revision_tables(sections: list, phrases: Phrasebook) -> dict[str, Table]:
    """Every comparison the templates show, by section id: `policy_revision`
    sections as `RevisionTable`, `comparison` sections as `ComparisonTable`."""
    tables: dict[str, Table] = {}
    for section in sections:
        if isinstance(section, PolicyRevision):
            tables[section.id] = revision_table(section, phrases)
        elif isinstance(section, Comparison):
            tables[section.id] = comparison_table(section)
    return tables


def warning_problems(tables: dict[str, Table]) -> list[Problem]:
    """The tables' note warnings as build warnings (they do not stop a build)."""
    return [
        Problem(w.place, w.message, severity="warning")
        for table in tables.values()
        for w in table.warnings
    ]


__all__ = [
    "ComparedText",
    "ComparisonTable",
    "NoteColumn",
    "RevisionTable",
    "Table",
    "comparison_table",
    "revision_table",
    "revision_tables",
    "warning_problems",
]
