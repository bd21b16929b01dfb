"""Check the author's notes against the derived changes (the note column).

Per note, one verdict:

- SAME: it states only derived facts; the fact is printed once (worded by the
  templates), the note itself is not printed again;
- EXTRA: it says more than the facts (a committee remark); it is printed as
  written, and the derived facts it mentions are not printed twice;
- CONTRADICTION: a fact it states is not what the content shows; it is not
  printed, and a warning with its place says what to fix.

Only `NOTE_PATTERNS` reads Japanese: it recognises facts in hand-written
notes. The printed wording of derived facts comes from the templates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from planpress.content.model import AuthorNote
from planpress.diagnostics.messages import Problem
from planpress.diagnostics.place import Place
from planpress.revision.messages import message
from planpress.revision.records import Change, ChangeKind, PolicyDiff, SystemDiff

_NUMBERS = r"(?P<numbers>\d+(?:(?:、|・|,|及び|および|と|と施策)\d+)*)"
_DONE = r"(?:しました|した|する|し)?"  # 変更 / 変更し、 / 変更した …

# The recogniser for author-written notes: (fact kind, pattern). Notes are
# NFKC-normalised first, so 施策３ reads as 施策3.
NOTE_PATTERNS: tuple[tuple[ChangeKind, re.Pattern[str]], ...] = (
    (ChangeKind.UNCHANGED, re.compile(r"構成変更なし")),
    (ChangeKind.MEASURE_RETITLED, re.compile(rf"施策{_NUMBERS}のタイトルを変更{_DONE}")),
    (ChangeKind.MEASURE_ADDED, re.compile(rf"施策{_NUMBERS}を(?:追加|新設){_DONE}")),
    (ChangeKind.MEASURE_REMOVED, re.compile(rf"施策{_NUMBERS}を削除{_DONE}")),
    (ChangeKind.MEASURES_REORDERED, re.compile(rf"施策の順序を変更{_DONE}")),
    (ChangeKind.POLICY_RETITLED, re.compile(rf"施策方針のタイトルを変更{_DONE}")),
    (ChangeKind.POLICY_ADDED, re.compile(rf"施策方針を(?:追加|新設){_DONE}")),
    (ChangeKind.POLICY_REMOVED, re.compile(rf"施策方針を削除{_DONE}")),
)

# What may be left of a note once its facts are taken out, for it to say nothing more.
_NOTHING_MORE = re.compile(r"(?:[\s、。,.・]|および|及び|並びに|また)*")


class NoteStatus(StrEnum):
    SAME = "same"
    EXTRA = "extra"
    CONTRADICTION = "contradiction"


@dataclass(frozen=True, slots=True)
class NoteVerdict:
    """What a note states (`claims`), which of it is wrong, and the verdict."""

    note: AuthorNote
    status: NoteStatus
    claims: tuple[Change, ...]
    wrong: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class NoteWarning:
    """A problem with a note, at the note's place."""

    place: Place
    message: str

    def __str__(self) -> str:
        return str(Problem(self.place, self.message, "warning"))


@dataclass(frozen=True, slots=True)
class NoteCheck:
    """The note column of one policy row: what to print, and what is wrong.

    `changes`: derived facts to print (those no kept note already says);
    `notes`: author notes to print as written (the EXTRA ones).
    """

    key: str
    changes: tuple[Change, ...]
    notes: tuple[AuthorNote, ...]
    verdicts: tuple[NoteVerdict, ...]
    warnings: tuple[NoteWarning, ...]


def read_claims(text: str) -> tuple[tuple[Change, ...], str]:
    """The facts a note states, and what is left of its text without them."""
    text = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, Change]] = []
    for kind, pattern in NOTE_PATTERNS:
        for match in pattern.finditer(text):
            numbers = match.groupdict().get("numbers")
            if numbers:
                found += [
                    (match.start(), Change(kind, int(n))) for n in re.findall(r"\d+", numbers)
                ]
            else:
                found.append((match.start(), Change(kind)))
        text = pattern.sub(lambda m: " " * len(m.group()), text)  # keep offsets
    return tuple(change for _, change in sorted(found, key=lambda f: f[0])), text


def _holds(claim: Change, derived: Sequence[Change]) -> bool:
    if claim.kind is ChangeKind.UNCHANGED:
        return tuple(c.kind for c in derived) == (ChangeKind.UNCHANGED,)
    return any(c.kind is claim.kind and claim.number in (None, c.number) for c in derived)


def _said_by(change: Change, claims: Sequence[Change]) -> bool:
    return any(c.kind is change.kind and c.number in (None, change.number) for c in claims)


def judge(note: AuthorNote, derived: Sequence[Change]) -> NoteVerdict:
    """Compare one note with the derived facts of its policy."""
    claims, rest = read_claims(note.text)
    wrong = tuple(c for c in claims if not _holds(c, derived))
    if wrong:
        status = NoteStatus.CONTRADICTION
    elif claims and _NOTHING_MORE.fullmatch(rest):
        status = NoteStatus.SAME
    else:
        status = NoteStatus.EXTRA
    return NoteVerdict(note, status, claims, wrong)


def check_notes(row: PolicyDiff, notes: Sequence[AuthorNote]) -> NoteCheck:
    """Decide what the note column of `row` shows, given the author's notes."""
    verdicts = tuple(judge(note, row.changes) for note in notes)
    kept = [v for v in verdicts if v.status is NoteStatus.EXTRA]
    said = [c for v in kept for c in v.claims]
    warnings = tuple(
        NoteWarning(
            v.note.place,
            message("contradiction", note=v.note.text, policy=row.policy.title, actual=row.changes),
        )
        for v in verdicts
        if v.status is NoteStatus.CONTRADICTION
    )
    changes = tuple(c for c in row.changes if not _said_by(c, said))
    return NoteCheck(row.key, changes, tuple(v.note for v in kept), verdicts, warnings)


def check_all_notes(
    diff: SystemDiff, notes: Mapping[str, Sequence[AuthorNote]]
) -> tuple[dict[str, NoteCheck], list[NoteWarning]]:
    """Note columns for every row (by key), and all warnings in document order.

    Notes filed under a key that names no policy are reported too.
    """
    checks = {row.key: check_notes(row, notes.get(row.key, ())) for row in diff.rows()}
    warnings = [w for check in checks.values() for w in check.warnings]
    for key, stray in notes.items():
        if key not in checks:
            warnings += [
                NoteWarning(n.place, message("unknown_policy", note=n.text, key=key)) for n in stray
            ]
    return checks, warnings
