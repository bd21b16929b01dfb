"""Content YAML → the validated plan model.

Every problem is collected with its place and all are reported together; a
document with any error is not built. The content format is documented in
docs/content.md.
"""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import yaml

from planpress.content import book as b
from planpress.content import model as m
from planpress.content.book_reader import BookReader, number_book, number_tree
from planpress.content.numbering import load_numbering, style_problem, template_dirs_of
from planpress.content.reader import Reader
from planpress.content.sections import read_section
from planpress.content.textcheck import check_texts
from planpress.content.yaml_source import compose, read_text
from planpress.diagnostics.messages import ContentError, Problem, say


def load_plan(path: Path, label: str | None = None, fonts: tuple[Path, ...] = ()) -> m.Plan:
    """Read and validate a document.yaml; raises ContentError listing every problem
    (warnings included) when there is any error."""
    plan, problems = check_plan(path, label, fonts)
    if plan is None:
        raise ContentError(problems)
    return plan


def check_plan(
    path: Path, label: str | None = None, fonts: tuple[Path, ...] = ()
) -> tuple[m.Plan | None, list[Problem]]:
    """Validate a document.yaml and run the text checks over it.

    Returns the plan (None if there is any error) and every problem found,
    in file order. `fonts` are the faces the build draws with; the check of
    which characters they can draw is skipped when none are given.
    """
    label = label or path.name
    if not path.is_file():
        return None, [Problem(m.Place(label, 0, 0), say("file_missing", path=path))]
    try:
        text = read_text(path, label)
    except ContentError as error:
        return None, error.problems
    return read_plan(text, label, str(path), str(path.parent), fonts)


def plan_from_text(text: str, label: str, source: str = "", folder: str = "") -> m.Plan:
    """Validate YAML text into a plan (used for files and for git revisions)."""
    plan, problems = read_plan(text, label, source, folder)
    if plan is None:
        raise ContentError(problems)
    return plan


def read_plan(
    text: str, label: str, source: str = "", folder: str = "", fonts: tuple[Path, ...] = ()
) -> tuple[m.Plan | None, list[Problem]]:
    """The plan in `text` (None if any error) and all problems, in file order."""
    try:
        root = compose(text, label)
    except ContentError as error:
        return None, error.problems
    reader = Reader(text, label)
    reader.book = BookReader(reader, folder)
    reader.problems += check_texts(root, text, label, fonts)
    plan = None
    top = reader.shaped(root, "top")
    if top is not None:
        meta = _read_meta(reader, top["document"][1]) if "document" in top else None
        sections: list[m.Section] = []
        if "sections" in top:
            seen: dict[str, m.Place] = {}
            nodes = reader.items(top["sections"][1], "sections:")
            if not nodes and isinstance(top["sections"][1], yaml.SequenceNode):
                reader.error(top["sections"][0], say("empty_list", key="sections"))
            for node in nodes:
                section = read_section(reader, node, seen)
                if section is not None:
                    sections.append(section)
        _finish_book(reader, sections, meta, folder)
        if meta is not None:
            plan = m.Plan(meta=meta, sections=sections, source=source, folder=folder)
    problems = sorted(reader.problems, key=lambda p: (p.place.line, p.place.column))
    if any(p.severity == "error" for p in problems):
        plan = None
    return plan, problems


def _policy_system(reader: Reader, section: m.PolicyRevision, trees: dict, numbering) -> None:
    """A `policy_revision` section's tree: its own groups (named and numbered
    as templates/numbering.yaml says), or the book's policies block `of:` names."""
    if section.policies is not None:
        section.policies.levels = [b.Level(*level) for level in numbering.policy_revision_levels]
        for version in b.VERSIONS:
            number_tree(section.policies, version, numbering)
        return
    if not section.of:
        return  # no groups: and no of: (reported where read)
    section.policies = trees.get(section.of)
    if section.policies is None:
        close = difflib.get_close_matches(section.of, trees, n=1, cutoff=0.6)
        hint = say("did_you_mean_value", candidate=close[0]) if close else ""
        reader.problems.append(
            Problem(section.place, say("policies_unknown", id=section.of, suggestion=hint))
        )


def _finish_book(reader: Reader, sections: list, meta: m.Meta | None, folder: str) -> None:
    """Number the plan book's parts and check what the 新旧対照表 sections name."""
    chapters = [s for s in sections if isinstance(s, b.Chapter)]
    systems = [s for s in sections if isinstance(s, m.PolicyRevision)]
    if chapters or systems:
        try:
            numbering = load_numbering(template_dirs_of(folder))
        except ContentError as error:
            reader.problems += error.problems
            return
    if chapters:
        styles = meta.numbering if meta is not None and meta.numbering else numbering.parts
        if any(map(style_problem, styles)):  # reported where written; number by the defaults
            styles = numbering.parts
        number_book(chapters, styles, numbering)
    parts = {p.id for c in chapters for p in _parts(c.part)}
    trees = {
        block.id: block
        for c in chapters
        for part in _parts(c.part)
        for block in part.body
        if isinstance(block, b.PolicyTree)
    }
    for section in systems:
        _policy_system(reader, section, trees, numbering)
    for section in sections:
        if isinstance(section, b.Changes):
            if not chapters:
                reader.problems.append(Problem(section.place, say("changes_without_book")))
            for ident in section.of:
                if ident not in parts:
                    close = difflib.get_close_matches(ident, parts, n=1, cutoff=0.6)
                    hint = say("did_you_mean_value", candidate=close[0]) if close else ""
                    reader.problems.append(
                        Problem(
                            section.place, say("changes_unknown_part", id=ident, suggestion=hint)
                        )
                    )


def _numbering_styles(reader: Reader, pairs) -> tuple[str, ...]:
    """The document's `numbering:`, each style checked where it is written."""
    styles = tuple(reader.texts(pairs, "numbering", "numbering:"))
    nodes = pairs["numbering"][1].value if "numbering" in pairs else []
    if not isinstance(nodes, list) or len(nodes) != len(styles):
        return styles
    for node, style in zip(nodes, styles, strict=True):
        if problem := style_problem(style):
            reader.error(node, problem)
    return styles


def _parts(part: b.Part):
    yield part
    for block in part.body:
        if isinstance(block, b.Part):
            yield from _parts(block)


def _read_meta(reader: Reader, node: yaml.Node) -> m.Meta | None:
    what = "document:"
    pairs = reader.shaped(node, "document")
    if pairs is None:
        return None
    meeting = None
    if "meeting" in pairs:
        meeting_pairs = reader.shaped(pairs["meeting"][1], "meeting")
        if meeting_pairs is not None:
            meeting = m.Meeting(
                name=reader.text(meeting_pairs, "name", "meeting: name:"),
                date=reader.day(meeting_pairs, "date", "meeting: date:") or date.min,
                place=reader.place(pairs["meeting"][1]),
            )
    return m.Meta(
        municipality=reader.text(pairs, "municipality", what),
        plan=reader.text(pairs, "plan", what),
        title=reader.text(pairs, "title", what),
        subtitle=reader.text(pairs, "subtitle", what, default=""),
        handout=reader.text(pairs, "handout", what, default=""),
        secretariat=reader.text(pairs, "secretariat", what, default=""),
        draft=reader.flag(pairs, "draft", what, default=True),
        meeting=meeting,
        date=reader.day(pairs, "date", "date:"),
        revision=_read_revision(reader, pairs),
        established=reader.day(pairs, "established", "established:"),
        note=reader.text(pairs, "note", what, default=""),
        numbering=_numbering_styles(reader, pairs),
        place=reader.place(node),
    )


def _read_revision(reader: Reader, pairs) -> m.Revision | None:
    """The revision's name, date and 新旧対照表 column labels (`document: revision:`)."""
    if "revision" not in pairs:
        return None
    rev = reader.shaped(pairs["revision"][1], "revision")
    if rev is None:
        return None
    columns = {}
    if "columns" in rev:
        cols = reader.shaped(rev["columns"][1], "revision_columns")
        columns = {k: reader.text(cols, k, f"columns: {k}:") for k in cols or {}}
    return m.Revision(
        name=reader.text(rev, "name", "revision: name:"),
        date=reader.day(rev, "date", "revision: date:"),
        columns=columns,
    )
