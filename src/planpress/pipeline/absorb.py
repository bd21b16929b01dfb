"""planpress absorb: carry what was changed in Word back into document.yaml.

The DOCX a build writes names every value it shows (anchors: bookmarks named
by the value's path, see render/anchors.py and writers/docx/anchors.py) and
records the text it wrote there. An edited copy is read back: each anchor's
text with every tracked change accepted is compared with what was written;
a difference is a change of that value (with the tracked changes' authors
and dates, or none for an untracked edit), comments are attached to the
value they cover. Changes are spliced into document.yaml (content/yaml_edit)
so a diff shows only them; nothing that cannot be placed is dropped: it is
listed with its text.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from planpress.content.load import read_plan
from planpress.content.value_paths import ValuePath, parse_path
from planpress.content.yaml_edit import Located, YamlText
from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place
from planpress.pipeline.fingerprint import source_stamp
from planpress.pipeline.outputs import write_atomically
from planpress.pipeline.project import DOCUMENT_FILE, Project, font_files, style_sheet
from planpress.revision.textdiff import shared_ends
from planpress.writers.docx.reading import AnchorText, Change, EditedDocx, read_docx

EXCERPT_WHOLE = 60  # characters: a value this short is listed whole
EXCERPT_CONTEXT = 12  # characters shown around the change in a longer one
PARAGRAPH_MARK = "／"  # between paragraphs of text listed on one line


@dataclass(slots=True)
class Finding:
    """One line of absorb's report: a change, a comment, a conflict …"""

    place: Place
    message: str
    kind: str  # change, comment, conflict, unplaced, note

    def __str__(self) -> str:
        if not self.place.file:
            return self.message
        where = self.place.file if self.place.line == 0 else str(self.place)
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Absorbed:
    findings: list[Finding] = field(default_factory=list)
    new_text: str = ""  # document.yaml with the changes ("" when nothing changed)
    written: Path | None = None
    deleted: set[tuple] = field(default_factory=set)  # value paths in deleted list items

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)


@dataclass(slots=True)
class ValueEdit:
    """What happened to one anchor."""

    bookmark: str
    path: ValuePath
    old: str  # what the build wrote
    now: AnchorText | None  # None: the anchor is gone
    own: tuple[str, str]  # (author, date) of the writer's own tracked changes

    @property
    def changed(self) -> bool:
        return self.now is None or self.now.text != self.old

    @property
    def new(self) -> str:
        return "" if self.now is None else self.now.text

    def who(self) -> str:
        changes = [
            c for c in (self.now.changes if self.now else []) if (c.author, c.date) != self.own
        ]
        return _who(changes)


def _who(changes: list[Change]) -> str:
    if not changes:
        return say("absorb.untracked")
    authors = list(dict.fromkeys(c.author for c in changes if c.author))
    dates = sorted(c.date[:10] for c in changes if c.date)
    return ", ".join(filter(None, ["、".join(authors), dates[-1] if dates else ""]))


def absorb(project: Project, docx: Path, folder: Path, dry_run: bool = False) -> Absorbed:
    """Read the edited `docx` and change `folder`'s document.yaml (unless `dry_run`)."""
    edited = _read(docx)
    source = folder / DOCUMENT_FILE
    label = project.label(source)
    data = source.read_bytes()
    yaml_text = YamlText(data.decode("utf-8-sig"))
    result = Absorbed()
    written = edited.written
    if written.stamp and written.stamp != source_stamp(data):
        result.findings.append(Finding(Place(label, 0, 0), say("absorb.stale"), "note"))
    own = (written.reviser, written.date)
    _repair_boundaries(edited)
    edits = [
        ValueEdit(b, path, written.texts.get(b, ""), edited.reading.anchors.get(b), own)
        for b, name in written.names.items()
        if (path := parse_path(name)) is not None
    ]
    _apply(result, yaml_text, edits, label)
    _comments(result, yaml_text, edits, edited, label)
    _outside(result, edited, docx.name, _deleted_bookmarks(result, edits))
    result.findings.sort(key=lambda f: (f.place.file != label, f.place.line, f.place.column))
    if yaml_text.splices:
        result.new_text = yaml_text.result()
        _check(result.new_text, source, label, project, folder)
        if not dry_run:
            result.written = write_atomically(source, result.new_text.encode("utf-8"))
    return result


def _repair_boundaries(edited: EditedDocx) -> None:
    """Words typed right at a value's edge belong to the value.

    Word and LibreOffice put text typed just after a value's last character
    (or before its first) outside the bookmark, and LibreOffice moves a
    bookmark's end back one character for each comment mark inside it. Text
    that appeared next to a value, in its paragraph, where the writer put none,
    is taken as part of the value.
    """
    written, reading = edited.written, edited.reading
    _recover_lost_bookmarks(edited)
    previous = ""
    for bookmark in written.names:
        anchor = reading.anchors.get(bookmark)
        if anchor is None:
            continue
        # the value's paragraph: text after the last line end before it …
        before, was = reading.outside.get(previous, ""), written.outside.get(previous, "")
        now_tail, was_tail = before.rpartition("\n")[2], was.rpartition("\n")[2]
        if len(now_tail) > len(was_tail) and now_tail.startswith(was_tail):
            anchor.text = now_tail[len(was_tail) :] + anchor.text
            reading.outside[previous] = before[: len(before) - len(now_tail)] + was_tail
        # … and before the first line end after it
        after, was = reading.outside.get(bookmark, ""), written.outside.get(bookmark, "")
        now_head, was_head = after.partition("\n")[0], was.partition("\n")[0]
        if len(now_head) > len(was_head) and now_head.endswith(was_head):
            anchor.text += now_head[: len(now_head) - len(was_head)]
            reading.outside[bookmark] = was_head + after[len(now_head) :]
        previous = bookmark


def _recover_lost_bookmarks(edited: EditedDocx) -> None:
    """A value whose bookmark went while its text was retyped.

    Replacing the whole text of a value (in Word by typing over all of it, or
    with python-docx's `paragraph.text = …`) can remove its bookmark. When one
    anchor is missing between two that are there, and the text between them
    still starts and ends with the words written around it, what lies between
    those is the value's new text.
    """
    written, reading = edited.written, edited.reading
    order = list(written.names)
    for index, bookmark in enumerate(order):
        if bookmark in reading.anchors:
            continue
        previous = order[index - 1] if index else ""
        following = order[index + 1] if index + 1 < len(order) else None
        if (previous and previous not in reading.anchors) or (
            following is not None and following not in reading.anchors
        ):
            continue  # several gone together: a deletion, not a retyping
        before, after = written.outside.get(previous, ""), written.outside.get(bookmark, "")
        now = reading.outside.get(previous, "")
        middle = now[len(before) : len(now) - len(after)]
        if (
            len(now) > len(before) + len(after)
            and now.startswith(before)
            and now.endswith(after)
            and "\n" not in middle
        ):
            reading.anchors[bookmark] = AnchorText(bookmark, middle)
            reading.outside[previous], reading.outside[bookmark] = before, after


def _read(docx: Path) -> EditedDocx:
    label = str(docx)
    try:
        edited = read_docx(docx)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ContentError(
            [Problem(Place(label, 0, 0), say("absorb.unreadable", detail=exc))]
        ) from None
    if edited.written is None:
        raise ContentError([Problem(Place(label, 0, 0), say("absorb.not_ours"))])
    return edited


def _place(label: str, located: Located | None) -> Place:
    return Place(label, located.line, located.column) if located else Place(label, 0, 0)


def _apply(result: Absorbed, doc: YamlText, edits: list[ValueEdit], label: str) -> None:
    """Each changed value into the YAML, grouped by value (both columns of one title)."""
    by_value: dict[tuple, list[ValueEdit]] = {}
    for edit in edits:
        if edit.changed:
            by_value.setdefault(edit.path.steps, []).append(edit)
    deletions: list[tuple[ValuePath, ValueEdit]] = []
    for steps, group in by_value.items():
        located = doc.locate(ValuePath(steps))
        gone = [e for e in group if not e.new]
        if gone and len(gone) == len(group):
            deletions.append((ValuePath(steps), group[0]))
            continue
        if located is None:
            for e in group:
                _unplaced(result, Place(label, 0, 0), e, "why_not_found")
            continue
        _change_value(result, doc, located, [e for e in group if e.new] or group, label)
    _delete(result, doc, deletions, edits, label)


def _change_value(
    result: Absorbed, doc: YamlText, located: Located, group: list[ValueEdit], label: str
) -> None:
    place = _place(label, located)
    sides = doc.sides(located.node)
    revised = [e for e in group if e.path.side == "revised"]
    edit = revised[0] if revised else group[0]
    for other in group:
        if other is not edit:
            _unplaced(result, place, other, "why_twice")
    if sides is not None:  # {current, revised}: the edit goes to the revised side
        if edit.path.side == "current":
            _unplaced(result, place, edit, "why_current")
            return
        target = sides[edit.path.side or "revised"]
        if _conflict(result, doc, target, edit, place):
            return
        doc.replace(target, edit.new)
        result.findings.append(_change_finding(place, edit, "change"))
        return
    if doc.text_of(located.node) is None:
        _unplaced(result, place, edit, "why_not_found")
        return
    if _conflict(result, doc, located.node, edit, place):
        return
    if edit.path.side and not doc.only(located) and located.key is not None:
        doc.split(located, doc.text_of(located.node), edit.new)
        result.findings.append(_change_finding(place, edit, "change_revised"))
        return
    doc.replace(located.node, edit.new)
    result.findings.append(_change_finding(place, edit, "change"))


def _conflict(result: Absorbed, doc: YamlText, node, edit: ValueEdit, place: Place) -> bool:
    """The value changed in the YAML since the DOCX was built: report, do not overwrite."""
    now = doc.text_of(node)
    # the document shows a value's line breaks as spaces between lines of markup
    if now is not None and now.replace("\n", "") == edit.old.replace("\n", ""):
        return False
    built, now = excerpt(edit.old, now)
    _, new = excerpt(edit.old, edit.new)
    message = say("absorb.conflict", built=built, now=now, new=new)
    result.findings.append(Finding(place, message, "conflict"))
    return True


def excerpt(old: str, new: str, context: int = EXCERPT_CONTEXT) -> tuple[str, str]:
    """A long value's change shown as the changed words with a little text
    around them (…目的に、10年間を計画…), a short one whole."""
    if len(old) <= EXCERPT_WHOLE and len(new) <= EXCERPT_WHOLE:
        return old, new
    head, tail = shared_ends(old, new)
    start = max(head - context, 0)

    def cut(text: str) -> str:
        stop = min(len(text) - tail + context, len(text))
        return ("…" if start else "") + text[start:stop] + ("…" if stop < len(text) else "")

    return cut(old), cut(new)


def _change_finding(place: Place, edit: ValueEdit, message_id: str) -> Finding:
    old, new = excerpt(edit.old, edit.new)
    message = say(f"absorb.{message_id}", old=old, new=new, who=edit.who())
    return Finding(place, message, "change")


def _unplaced(result: Absorbed, place: Place, edit: ValueEdit, why: str) -> None:
    old, new = excerpt(edit.old, edit.new)
    message = say("absorb.unplaced", old=old, new=new, why=say(f"absorb.{why}"))
    result.findings.append(Finding(place, message, "unplaced"))


def _delete(result, doc: YamlText, deletions, edits: list[ValueEdit], label: str) -> None:
    """Values whose text is gone: the list item holding them goes, when it is a
    plain list item (a paragraph, a note, a table row) all of whose values went."""
    gone = {e.bookmark for e in edits if e.changed and not e.new}
    done: set[tuple] = set()
    plans: list[tuple[ValuePath, ValueEdit]] = []
    for path, edit in deletions:
        item = _deleted_item(path, edits, gone)
        if item is None:
            located = doc.locate(path)
            reason = (
                "why_structure"
                if any(str(s).startswith("#") for s in path.steps[-2:])
                else "why_empty"
            )
            _unplaced(result, _place(label, located), edit, reason if edit.now else "why_gone")
            continue
        if item.steps not in done:
            done.add(item.steps)
            plans.append((item, edit))
    for item, edit in sorted(plans, key=lambda p: p[0].steps[-1], reverse=True):
        located = doc.locate(item)
        if located is None or _conflict_item(result, doc, located, item, edits, label):
            continue
        if doc.delete_item(located.parent, item.steps[-1]):
            result.deleted.update(
                e.path.steps for e in edits if e.path.steps[: len(item.steps)] == item.steps
            )
            who = edit.who() if edit.now else say("absorb.untracked")
            texts = [e.old for e in edits if e.path.steps[: len(item.steps)] == item.steps]
            whole = "／".join(texts)
            shown = whole if len(whole) <= EXCERPT_WHOLE else whole[:EXCERPT_WHOLE] + "…"
            message = say("absorb.deleted", old=shown, who=who)
            result.findings.append(Finding(_place(label, located), message, "change"))
        else:
            _unplaced(result, _place(label, located), edit, "why_empty")


def _deleted_item(path: ValuePath, edits: list[ValueEdit], gone: set[str]) -> ValuePath | None:
    """The outermost plain list item (index step) above or at `path` whose every
    anchor is gone."""
    best = None
    for length in range(len(path.steps), 0, -1):
        if not isinstance(path.steps[length - 1], int):
            continue
        prefix = path.steps[:length]
        under = [e for e in edits if e.path.steps[:length] == prefix]
        if under and all(e.bookmark in gone for e in under):
            best = ValuePath(prefix)
    return best


def _conflict_item(result, doc: YamlText, located: Located, item: ValuePath, edits, label) -> bool:
    for edit in edits:
        if edit.path.steps[: len(item.steps)] != item.steps:
            continue
        node = doc.locate(edit.path)
        if node is not None and _conflict(result, doc, node.node, edit, _place(label, located)):
            return True
    return False


def _comments(result: Absorbed, doc: YamlText, edits, edited: EditedDocx, label: str) -> None:
    paths = {e.bookmark: e.path for e in edits}
    for bookmark, anchor in edited.reading.anchors.items():
        path = paths.get(bookmark)
        located = doc.locate(ValuePath(path.steps)) if path else None
        for comment_id in anchor.comments:
            comment = edited.comments.get(comment_id)
            if comment is None:
                continue
            who = ", ".join(filter(None, [comment.author, comment.date[:10]]))
            message = say("absorb.comment", text=comment.text, who=who)
            result.findings.append(Finding(_place(label, located), message, "comment"))


def _deleted_bookmarks(result: Absorbed, edits: list[ValueEdit]) -> set[str]:
    """The bookmarks of the list items absorb deletes (paragraphs, rows …)."""
    return {e.bookmark for e in edits if e.changed and not e.new and e.path.steps in result.deleted}


def _outside(result: Absorbed, edited: EditedDocx, docx_label: str, deleted: set[str]) -> None:
    """Text changed outside every value, and comments there: listed, never dropped.

    The labels around a deleted row or paragraph (« », 施策N) go with it: text
    that only lost characters next to a deleted value is not listed."""
    written, now = edited.written.outside, edited.reading.outside
    place = Place(docx_label, 0, 0)
    order = list(edited.written.names)
    following = dict(zip(["", *order], order))  # slot key → the anchor after the slot
    for key in dict.fromkeys([*written, *now]):
        old, new = _one_line(written.get(key, "")), _one_line(now.get(key, ""))
        beside = {key, following.get(key, "")} & deleted
        if old != new and beside and _only_removed(old, new):
            continue
        if old != new:
            old, new = excerpt(old, new)
            message = say("absorb.unplaced", old=old, new=new, why=say("absorb.why_outside"))
            result.findings.append(Finding(place, message, "unplaced"))
    for comment_id in edited.reading.outside_comments:
        comment = edited.comments.get(comment_id)
        if comment is not None:
            who = ", ".join(filter(None, [comment.author, comment.date[:10]]))
            message = say("absorb.comment_outside", text=comment.text, who=who)
            result.findings.append(Finding(place, message, "comment"))


def _only_removed(old: str, new: str) -> bool:
    """Whether `new` is `old` with some characters taken out."""
    rest = iter(old)
    return all(char in rest for char in new)


def _one_line(text: str) -> str:
    """Text outside the values, paragraphs joined with ／ (one line of the listing)."""
    return PARAGRAPH_MARK.join(line.strip() for line in text.split("\n") if line.strip())


def _check(text: str, source: Path, label: str, project: Project, folder: Path) -> None:
    """The changed YAML must pass `planpress check` (errors; warnings are
    printed by the next build), or nothing is written."""
    fonts = font_files(style_sheet(project, folder))
    plan, problems = read_plan(text, label, str(source), str(folder), fonts)
    if plan is None:
        head = Problem(Place(label, 0, 0), say("absorb.check_failed"))
        errors = [p for p in problems if p.severity == "error"]
        raise ContentError([head, *errors])
