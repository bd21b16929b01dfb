"""The revision step: compare two versions of a policy system.

`compare(current, revised)` pairs groups, policies and measures by id and
returns plain records (`SystemDiff` → `GroupDiff` → `PolicyDiff` →
`MeasureDiff`) with inline text spans and the derived facts (`Change`) for
the note column; `check_all_notes` weighs the author's notes against them.
No wording for the handout lives here: the templates word the facts.
"""

from planpress.revision.notes import (
    NOTE_PATTERNS,
    NoteCheck,
    NoteStatus,
    NoteVerdict,
    NoteWarning,
    check_all_notes,
    check_notes,
    judge,
    read_claims,
)
from planpress.revision.pairing import compare, derive_changes, longest_increasing_run, pair_by_id
from planpress.revision.records import (
    Change,
    ChangeKind,
    GroupDiff,
    Kind,
    MeasureDiff,
    PolicyDiff,
    SystemDiff,
)

__all__ = [
    "NOTE_PATTERNS",
    "Change",
    "ChangeKind",
    "GroupDiff",
    "Kind",
    "MeasureDiff",
    "NoteCheck",
    "NoteStatus",
    "NoteVerdict",
    "NoteWarning",
    "PolicyDiff",
    "SystemDiff",
    "check_all_notes",
    "check_notes",
    "compare",
    "derive_changes",
    "judge",
    "longest_increasing_run",
    "pair_by_id",
    "read_claims",
]
