"""The revision step: compare two versions of a policy system.

`compare(current, revised)` pairs groups, policies and measures by id and
returns plain records (`SystemDiff` → `GroupDiff` → `PolicyDiff` →
`MeasureDiff`) with inline text spans and the derived facts (`Change`) for
the note column; `check_all_notes` weighs the author's notes against them.
No wording for the handout lives here: the phrase catalogue
(templates/phrases.yaml, read as a `Phrasebook`) words the facts, for the
table and for the note check alike.
"""

from planpress.revision.notes import (
    NoteCheck,
    NoteStatus,
    NoteVerdict,
    NoteWarning,
    check_all_notes,
    check_notes,
    judge,
    read_claims,
    weigh,
)
from planpress.revision.pairing import compare, derive_changes, longest_increasing_run, pair_by_id
from planpress.revision.phrases import Claim, Phrasebook, Ref, load_phrasebook
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
    "Change",
    "ChangeKind",
    "Claim",
    "GroupDiff",
    "Kind",
    "MeasureDiff",
    "NoteCheck",
    "NoteStatus",
    "NoteVerdict",
    "NoteWarning",
    "Phrasebook",
    "PolicyDiff",
    "Ref",
    "SystemDiff",
    "check_all_notes",
    "check_notes",
    "compare",
    "derive_changes",
    "judge",
    "load_phrasebook",
    "longest_increasing_run",
    "pair_by_id",
    "read_claims",
    "weigh",
]
