"""The revision step: compare the two versions of the plan.

`compare_tree(tree)` pairs the items of a policy tree (content/book.py) by id
across the whole tree and returns plain records (`TreeDiff` → `ItemDiff`,
any depth) with inline text spans and the derived facts (`Change`) for the
note column; `check_all_notes` weighs the author's notes against them.
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
from planpress.revision.pairing import (
    compare_tree,
    derive_changes,
    longest_increasing_run,
    pair_by_id,
)
from planpress.revision.phrases import Claim, Phrasebook, Ref, load_phrasebook
from planpress.revision.records import (
    Change,
    ChangeKind,
    ItemDiff,
    Kind,
    RowGroup,
    TreeDiff,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Claim",
    "ItemDiff",
    "Kind",
    "NoteCheck",
    "NoteStatus",
    "NoteVerdict",
    "NoteWarning",
    "Phrasebook",
    "Ref",
    "RowGroup",
    "TreeDiff",
    "check_all_notes",
    "check_notes",
    "compare_tree",
    "derive_changes",
    "judge",
    "load_phrasebook",
    "longest_increasing_run",
    "pair_by_id",
    "read_claims",
    "weigh",
]
