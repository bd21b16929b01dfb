"""Check the author's notes against the derived changes (the note column).

Per note, one verdict:

- SAME: it states only derived facts; the fact is printed once (worded by the
  templates), the note itself is not printed again;
- EXTRA: it says more than the facts (a committee remark); it is printed as
  written, and the derived facts it mentions are not printed twice;
- CONTRADICTION: a fact it states is not what the content shows; it is not
  printed, and a warning with its place says what to fix.

The note check reads Japanese only through the phrase catalogue
(templates/phrases.yaml, `Phrasebook`): the phrasings the table prints are
the ones recognised, so a document that rewords them keeps its check. A
measure number in a note may count in either plan: 「現行の施策3」 in the
current one, 「改訂後の施策3」 in the revised one, and a bare 「施策3」 in
whichever makes the fact true (a removed measure in the current plan, an
added one in the revised plan).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from planpress.content.book import AuthorNote
from planpress.diagnostics.messages import Problem
from planpress.diagnostics.place import Place
from planpress.revision.messages import message
from planpress.revision.phrases import MERGED, Claim, Phrasebook, Recogniser, Ref
from planpress.revision.records import Change, ChangeKind, ItemDiff, TreeDiff


class NoteStatus(StrEnum):
    SAME = "same"
    EXTRA = "extra"
    CONTRADICTION = "contradiction"


@dataclass(frozen=True, slots=True)
class NoteVerdict:
    """What a note states (`claims`), which of it is wrong, which derived
    facts it says (`covered`), and the verdict."""

    note: AuthorNote
    status: NoteStatus
    claims: tuple[Claim, ...]
    wrong: tuple[Claim, ...]
    covered: tuple[Change, ...] = ()


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


def read_claims(
    text: str, book: Phrasebook, tags: Iterable[str] = ()
) -> tuple[tuple[Claim, ...], str]:
    """The facts a note states, and what is left of its text without them.
    Notes are NFKC-normalised first, so 施策３ reads as 施策3."""
    return Recogniser(book, tags).claims(unicodedata.normalize("NFKC", text))


# --- does a claim hold? ------------------------------------------------------------

_MEASURE_FACTS = {
    "measure_added": ChangeKind.MEASURE_ADDED,
    "measure_removed": ChangeKind.MEASURE_REMOVED,
    "measure_retitled": ChangeKind.MEASURE_RETITLED,
}


def _names(ref: Ref, change: Change) -> bool:
    """Does `ref` name the measure of `change` (in the numbering it counts in)?"""
    if ref.current is not None:  # 施策3（現行の施策2）
        return change.number == ref.number and change.current_number == ref.current
    if change.kind is ChangeKind.MEASURE_ADDED:
        return ref.numbering != "current" and change.number == ref.number
    if change.kind is ChangeKind.MEASURE_REMOVED:
        return ref.numbering != "revised" and change.number == ref.number
    by_revised = ref.numbering != "current" and change.number == ref.number
    by_current = ref.numbering != "revised" and change.current_number == ref.number
    return by_revised or by_current


def _same_tag(said: str | None, tag: str | None) -> bool:
    return bool(said and tag) and (tag.startswith(said) or said.startswith(tag))


def weigh(claim: Claim, row: ItemDiff) -> tuple[bool, tuple[Change, ...]]:
    """Whether `claim` holds for `row`, and the derived facts it says."""
    changes = row.changes
    if claim.kind == "unchanged":
        return not row.changed, changes if not row.changed else ()
    if claim.kind in _MEASURE_FACTS:
        kind = _MEASURE_FACTS[claim.kind]
        of_kind = [c for c in changes if c.kind is kind]
        hits = [next((c for c in of_kind if _names(r, c)), None) for r in claim.refs]
        found = tuple(c for c in hits if c is not None)
        return bool(hits) and None not in hits, found
    if claim.kind == MERGED:
        # 施策2を施策3に統合: the policy lost a measure, and the measures named
        # exist in one of the plans (the one merged into stays).
        removed = tuple(c for c in changes if c.kind is ChangeKind.MEASURE_REMOVED)
        numbers = {m.current_number for m in row.children} | {
            m.revised_number for m in row.children
        }
        known = all(r.number in numbers for r in claim.refs)
        return bool(removed) and known, removed
    hits = tuple(
        c
        for c in changes
        if c.kind.value == claim.kind and (claim.tag is None or _same_tag(claim.tag, c.tag))
    )
    return bool(hits), hits


def judge(note: AuthorNote, row: ItemDiff, recogniser: Recogniser) -> NoteVerdict:
    """Compare one note with the derived facts of its policy."""
    claims, rest = recogniser.claims(unicodedata.normalize("NFKC", note.text))
    weighed = [(claim, *weigh(claim, row)) for claim in claims]
    wrong = tuple(claim for claim, holds, _ in weighed if not holds)
    covered = tuple(c for _, holds, said in weighed if holds for c in said)
    if wrong:
        status = NoteStatus.CONTRADICTION
    elif claims and recogniser.nothing_more.fullmatch(rest):
        status = NoteStatus.SAME
    else:
        status = NoteStatus.EXTRA
    return NoteVerdict(note, status, claims, wrong, covered)


def check_notes(
    row: ItemDiff,
    notes: Sequence[AuthorNote],
    book: Phrasebook,
    tags: Iterable[str] = (),
    recogniser: Recogniser | None = None,
) -> NoteCheck:
    """Decide what the note column of `row` shows, given the author's notes.
    `tags`: the tag names used in the section (recognised in notes);
    `recogniser`: the patterns for them, when the caller has them made."""
    recogniser = recogniser or Recogniser(book, tags)
    verdicts = tuple(judge(note, row, recogniser) for note in notes)
    said = {c for v in verdicts if v.status is NoteStatus.EXTRA for c in v.covered}
    facts = book.fact_lines(row.changes, row.numbering_differs)
    warnings = tuple(
        NoteWarning(
            v.note.place,
            message("contradiction", note=v.note.text, policy=row.title_text, actual=facts),
        )
        for v in verdicts
        if v.status is NoteStatus.CONTRADICTION
    )
    changes = tuple(c for c in row.changes if c not in said)
    return NoteCheck(
        row.key,
        changes,
        tuple(v.note for v in verdicts if v.status is NoteStatus.EXTRA),
        verdicts,
        warnings,
    )


def section_tags(diff: TreeDiff) -> set[str]:
    """Every tag either version of the section uses."""
    return {tag for row in diff.rows() for tag in (*row.current_tags, *row.revised_tags)}


def check_all_notes(
    diff: TreeDiff, notes: Mapping[str, Sequence[AuthorNote]], book: Phrasebook
) -> tuple[dict[str, NoteCheck], list[NoteWarning]]:
    """Note columns for every row (by key), and all warnings in document order.

    Notes filed under a key that names no policy are reported too.
    """
    recogniser = Recogniser(book, section_tags(diff))  # made once per section
    checks = {
        row.key: check_notes(row, notes.get(row.key, ()), book, recogniser=recogniser)
        for row in diff.rows()
    }
    warnings = [w for check in checks.values() for w in check.warnings]
    for key, stray in notes.items():
        if key not in checks:
            warnings += [
                NoteWarning(n.place, message("unknown_policy", note=n.text, key=key)) for n in stray
            ]
    return checks, warnings
