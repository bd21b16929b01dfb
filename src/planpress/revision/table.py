"""The revision-comparison table (新旧対照表) as the templates receive it.

Joins the revision step's records (`compare`) with the author's notes
(`check_all_notes`) for one `policy_revision` section, and decides the order
of each side's measures. Only facts and order here: the templates word the
notes and labels, and draw the underlines from the spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from planpress.content.model import AuthorNote, PolicyRevision
from planpress.diagnostics.messages import Problem
from planpress.revision import (
    Change,
    Kind,
    MeasureDiff,
    NoteCheck,
    NoteStatus,
    NoteWarning,
    PolicyDiff,
    SystemDiff,
    check_all_notes,
    compare,
)


@dataclass(frozen=True, slots=True)
class NoteColumn:
    """What the middle column of one policy row shows.

    `changes`: derived facts, worded by the template; `notes`: the author's
    notes printed as written, in the author's order — remarks that say more
    than the facts, and notes that contradict the content (shown, never
    dropped silently, and reported as warnings).
    """

    changes: tuple[Change, ...]
    notes: tuple[AuthorNote, ...]
    contradicted: bool


@dataclass(frozen=True, slots=True)
class RevisionTable:
    """One section's comparison: the diff, each row's note column, the warnings."""

    diff: SystemDiff
    columns: dict[str, NoteColumn]  # by policy key "group-id/policy-id"
    warnings: tuple[NoteWarning, ...]

    def notes(self, row: PolicyDiff) -> NoteColumn:
        """The note column of `row`."""
        return self.columns[row.key]

    def current_measures(self, row: PolicyDiff) -> list[MeasureDiff]:
        """The measures as the current side lists them.

        Row order (removed ones where they stood, added ones as gaps for a
        （新設） placeholder) while no measure moved; once one moved, the
        current plan's own order, added ones last, so the old side reads as
        the current plan does.
        """
        if not any(Kind.MOVED in m.kinds for m in row.measures):
            return list(row.measures)
        kept = sorted((m for m in row.measures if m.current), key=lambda m: m.current_number)
        return kept + [m for m in row.measures if m.current is None]

    def revised_measures(self, row: PolicyDiff) -> list[MeasureDiff]:
        """The measures as the revised side lists them (removed ones as gaps)."""
        return list(row.measures)


def _note_column(check: NoteCheck) -> NoteColumn:
    shown = tuple(
        v.note for v in check.verdicts if v.status in (NoteStatus.EXTRA, NoteStatus.CONTRADICTION)
    )
    contradicted = any(v.status is NoteStatus.CONTRADICTION for v in check.verdicts)
    return NoteColumn(check.changes, shown, contradicted)


def revision_table(section: PolicyRevision) -> RevisionTable:
    """Compare the section's two versions and check the author's notes."""
    diff = compare(section.current, section.revised)
    checks, warnings = check_all_notes(diff, section.notes)
    columns = {key: _note_column(check) for key, check in checks.items()}
    return RevisionTable(diff, columns, tuple(warnings))


def revision_tables(sections: list) -> dict[str, RevisionTable]:
    """The comparison of every `policy_revision` section, by section id."""
    return {s.id: revision_table(s) for s in sections if isinstance(s, PolicyRevision)}


def warning_problems(tables: dict[str, RevisionTable]) -> list[Problem]:
    """The tables' note warnings as build warnings (they do not stop a build)."""
    return [
        Problem(w.place, w.message, severity="warning")
        for table in tables.values()
        for w in table.warnings
    ]


__all__ = ["NoteColumn", "RevisionTable", "revision_table", "revision_tables", "warning_problems"]
