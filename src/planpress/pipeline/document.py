"""Building documents: content → model → markup → tree → PDF and DOCX files.

`build_document` reads as the steps in order. Every output is produced in
memory first and written atomically, so a failed build leaves the previous
outputs untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planpress import ir
from planpress.content import shapes
from planpress.content.book import Changes
from planpress.content.load import check_plan
from planpress.content.model import Plan, in_edition
from planpress.diagnostics.messages import ContentError, Problem
from planpress.pipeline.fingerprint import build_digest
from planpress.pipeline.outputs import record_inputs, up_to_date, write_atomically
from planpress.pipeline.project import (
    DOCUMENT_FILE,
    Project,
    font_files,
    style_sheet,
    template_dirs,
)
from planpress.render.templates import environment, render_document
from planpress.revision.book_diff import book_changes
from planpress.revision.table import RevisionTable, revision_tables, warning_problems
from planpress.revision.textdiff import diff_text
from planpress.writers.style import StyleSheet

# Each edition is one top-level template, named after it: the handout for
# council meetings, the official plan as published.
EDITIONS = {name: f"{name}.xml.j2" for name in shapes.EDITIONS}
FORMATS = ("pdf", "docx")


@dataclass(slots=True)
class Built:
    """What one document's build wrote and what it found along the way."""

    name: str
    files: list[Path] = field(default_factory=list)  # written by this build
    unchanged: list[Path] = field(default_factory=list)  # up to date, not rewritten
    warnings: list[Problem] = field(default_factory=list)
    pages: int = 0  # pages of the PDF written (0 when it was up to date)
    changes: int = 0  # for a comparison: how many texts differ


def document_tree(
    project: Project,
    folder: Path,
    plan: Plan,
    edition: str,
    revisions: dict[str, RevisionTable] | None = None,
    pages: dict[str, str] | None = None,
) -> ir.Document:
    """The plan arranged by the edition's template.

    Templates receive `sections` (those of the plan that appear in this
    edition), `edition`, `revisions` (the comparison of each policy_revision
    section, by section id), `changes` (the compared plan book of each
    `kind: changes` section, by id), `pages` (the printed page of each part
    of the official book, by part id: `book_pages`) and `diff_text` (to
    compare any two texts).
    """
    if revisions is None:
        revisions = revision_tables(plan.sections)
    env = environment(template_dirs(project, folder), {"diff_text": diff_text})
    sections = [section for section in plan.sections if in_edition(section, edition)]
    changes = {s.id: book_changes(plan.chapters, s.of) for s in sections if isinstance(s, Changes)}
    return render_document(
        env,
        EDITIONS[edition],
        plan,
        sections=sections,
        edition=edition,
        revisions=revisions,
        changes=changes,
        pages=pages or {},
    )


def book_pages(project: Project, folder: Path, plan: Plan, sheet: StyleSheet) -> dict[str, str]:
    """The page each part of the official book is printed on, by part id, so a
    handout's 新旧対照表 can say where a text sits (第1章 2 … p.3)."""
    from planpress.writers import layout
    from planpress.writers.pdf import pdf_and_pages  # ReportLab only when a book is laid out

    tree = document_tree(project, folder, plan, "official")
    _, pages = pdf_and_pages(tree, sheet)
    headings = layout.headings(tree)
    return {h.anchor: pages[i] for i, h in enumerate(headings) if h.anchor and i in pages}


def build_document(
    project: Project, folder: Path, edition: str = "handout", force: bool = False
) -> Built:
    """Build one document folder into output/<doc>/<doc>-<edition>.pdf and .docx.

    Only the formats whose inputs changed since their last build are built
    (all of them with `force`); the others are left untouched.
    """
    name = folder.name
    source = folder / DOCUMENT_FILE
    targets = {fmt: project.output / name / f"{name}-{edition}.{fmt}" for fmt in FORMATS}
    digests = {
        fmt: build_digest(
            source, template_dirs(project, folder), project.fonts, fmt, {"edition": edition}
        )
        for fmt in FORMATS
    }
    stale = [fmt for fmt in FORMATS if force or not up_to_date(targets[fmt], digests[fmt])]
    built = Built(name, unchanged=[targets[fmt] for fmt in FORMATS if fmt not in stale])
    if not stale:
        return built
    sheet = style_sheet(project, folder)
    plan, problems = check_plan(source, project.label(source), font_files(sheet))
    if plan is None:
        raise ContentError(problems)
    revisions = revision_tables(plan.sections)
    built.warnings = problems + warning_problems(revisions)  # no errors here
    pages = None
    if any(isinstance(s, Changes) and in_edition(s, edition) for s in plan.sections):
        pages = book_pages(project, folder, plan, sheet)
    tree = document_tree(project, folder, plan, edition, revisions, pages)
    outputs = write_formats(stale, tree, sheet)
    for fmt, data in outputs.items():
        built.files.append(write_atomically(targets[fmt], data))
        record_inputs(targets[fmt], digests[fmt], data)
    if "pdf" in outputs:
        built.pages = page_count(outputs["pdf"])
    return built


def write_formats(formats: list[str], tree: ir.Document, sheet: StyleSheet) -> dict[str, bytes]:
    """The bytes of `tree` in each of `formats`. A DOCX with a table of contents
    is pre-filled with the page of each heading in the PDF (laid out for it
    when the PDF itself is up to date)."""
    outputs: dict[str, bytes] = {}
    pages = None
    if "pdf" in formats or (has_contents(tree) and "docx" in formats):
        from planpress.writers.pdf import pdf_and_pages

        pdf, pages = pdf_and_pages(tree, sheet)
        if "pdf" in formats:
            outputs["pdf"] = pdf
    if "docx" in formats:
        from planpress.writers.docx import write_docx

        outputs["docx"] = write_docx(tree, sheet, pages)
    return outputs


def has_contents(tree: ir.Document) -> bool:
    return any(isinstance(b, ir.Toc) for s in tree.sections for b in s.children)


def write_format(fmt: str, tree: ir.Document, sheet: StyleSheet) -> bytes:
    """The bytes of `tree` in format `fmt` (writers import their libraries lazily)."""
    return write_formats([fmt], tree, sheet)[fmt]


def page_count(pdf: bytes) -> int:
    from planpress.writers.pdf import page_count as count  # ReportLab only when a PDF is made

    return count(pdf)
