"""Building documents: content → model → markup → tree → PDF and DOCX files.

`build_document` reads as the steps in order. Every output is produced in
memory first and written atomically, so a failed build leaves the previous
outputs untouched.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planpress import ir
from planpress.content import shapes
from planpress.content.book import Changes
from planpress.content.load import check_plan
from planpress.content.model import Plan, in_edition
from planpress.content.yaml_source import unreadable
from planpress.diagnostics.activity import doing
from planpress.diagnostics.messages import ContentError, Problem, UsageError, say
from planpress.diagnostics.place import Place
from planpress.pipeline.checks import fit_header, fit_properties, nothing_to_print
from planpress.pipeline.fingerprint import build_digests, source_stamp
from planpress.pipeline.outputs import read_report, replace_together, stamped, up_to_date
from planpress.pipeline.project import (
    DOCUMENT_FILE,
    Project,
    font_files,
    style_sheet,
    template_dirs,
)
from planpress.pipeline.tree_cache import load_tree, save_tree, tree_key
from planpress.revision.phrases import Phrasebook, load_phrasebook
from planpress.revision.table import Table, revision_tables, warning_problems
from planpress.writers.style import StyleSheet

if TYPE_CHECKING:  # multiprocessing only where a second process is used
    from planpress.pipeline.beside import DocxBeside

# Each edition is one top-level template, named after it: the handout for
# council meetings, the official plan as published.
EDITIONS = {name: f"{name}.xml.j2" for name in shapes.EDITIONS}
# The review edition is the handout with the revision as Word tracked changes:
# the handout's sections (a section's `editions:` names the content's editions).
EDITIONS["review"] = "review.xml.j2"
SECTIONS_OF = {"review": "handout"}
FORMATS = ("pdf", "docx")
# A content file this large (bytes; N=100 of benchmarks/generate.py is 0.6 MB)
# has its model collected before the writers run: Jinja's contexts and macros
# refer to each other, so the model they hold would wait for the cycle
# collector, which the command line runs rarely (cli.GC_THRESHOLD). A short
# plan's model is small, and collecting costs some milliseconds.
LONG_PLAN = 1 << 20


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
    revisions: dict[str, Table] | None = None,
    pages: dict[str, str] | None = None,
) -> ir.Document:
    """The plan arranged by the edition's template.

    Templates receive `sections` (those of the plan that appear in this
    edition), `edition`, `revisions` (the comparison of each
    policy_revision and comparison section, by section id, computed here
    before rendering: templates only arrange), `changes` (the compared plan
    book of each `kind: changes` section, by id), `pages` (the printed page
    of each part of the official book, by part id: `book_pages`) and
    `phrases` (the phrase catalogue, templates/phrases.yaml).
    """
    dirs = template_dirs(project, folder)
    phrases = load_phrasebook(dirs)
    if revisions is None:
        revisions = revision_tables(plan.sections, phrases)
    shown = SECTIONS_OF.get(edition, edition)
    sections = [section for section in plan.sections if in_edition(section, shown)]
    if not sections:
        label = project.label(Path(plan.source)) if plan.source else DOCUMENT_FILE
        raise nothing_to_print(label, edition, plan.meta.place)
    # Content rendered before comes from the cache, without Jinja (tree_cache.py).
    entry = tree_key((plan, revisions, edition, pages), dirs)
    tree = load_tree(entry) if entry else None
    if tree is None:
        tree = _render(dirs, plan, sections, edition, revisions, phrases, pages)
        if entry:
            save_tree(entry, tree)
    return tree


def _render(dirs, plan, sections, edition, revisions, phrases, pages) -> ir.Document:
    # Imported here: a build whose tree is cached never loads Jinja.
    from planpress.render.templates import environment, render_document
    from planpress.revision.book_diff import book_changes
    from planpress.revision.tracked import tracked_spans

    # `tracked` orders a diff's spans as Word's tracked changes (review edition)
    env = environment(dirs, {"tracked": tracked_spans})
    changes = {
        s.id: book_changes(plan.chapters, s.of, phrases.row_join)
        for s in sections
        if isinstance(s, Changes)
    }
    return render_document(
        env,
        EDITIONS[edition],
        plan,
        sections=sections,
        edition=edition,
        revisions=revisions,
        phrases=phrases,
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


def output_folder(project: Project, name: str) -> Path:
    """output/<doc>/, refused if the name would lead anywhere else."""
    out = project.output.resolve()
    folder = (out / name).resolve()
    if not name or name in (".", "..") or folder.parent != out:
        raise UsageError(say("bad_document_name", name=name))
    return folder


def phrasebook(project: Project, folder: Path) -> Phrasebook:
    """The phrase catalogue for a document (its own phrases.yaml first)."""
    return load_phrasebook(template_dirs(project, folder))


def build_document(
    project: Project,
    folder: Path,
    edition: str = "handout",
    force: bool = False,
    pdfa: bool | None = None,
    beside: DocxBeside | None = None,
) -> Built:
    """Build one document folder into output/<doc>/<doc>-<edition>.pdf and .docx.

    The PDF is PDF/A-2a as well as PDF/UA-1 with `pdfa`, by default for the
    official edition (the plan as published and kept). Only the formats whose
    inputs changed since their last build are built (all of them with
    `force`); the others are left untouched. The files written change
    together or not at all; what the build found (warnings, pages) is kept
    beside them and said again by a build that rewrites nothing. `beside`: a
    second process that writes the DOCX meanwhile (`planpress watch`).
    """
    folder = folder.resolve()
    name = folder.name
    archival = archival_default(edition) if pdfa is None else pdfa
    source = folder / DOCUMENT_FILE
    label = project.label(source)
    out = output_folder(project, name)
    targets = {fmt: out / f"{name}-{edition}.{fmt}" for fmt in FORMATS}
    with doing(say("doing.read", path=label)):
        try:
            digests = build_digests(
                source,
                template_dirs(project, folder),
                project.fonts,
                FORMATS,
                {"edition": edition, "pdfa": archival},
            )
        except OSError as error:  # gone (an editor's delete-and-create save) or unreadable
            where = project.label(Path(error.filename)) if error.filename else label
            raise ContentError([unreadable(error, where)]) from None
    stale = [fmt for fmt in FORMATS if force or not up_to_date(targets[fmt], digests[fmt])]
    built = Built(name, unchanged=[targets[fmt] for fmt in FORMATS if fmt not in stale])
    if not stale:
        _recall(built, read_report(targets[FORMATS[0]]))
        return built
    with doing(say("doing.read", path=label)):
        sheet = style_sheet(project, folder)
        plan, problems = check_plan(source, label, font_files(sheet))
        if plan is None:
            raise ContentError(problems)
        revisions = revision_tables(plan.sections, phrasebook(project, folder))
    built.warnings = problems + warning_problems(revisions)  # no errors here
    with doing(say("doing.render", path=label)):
        pages = None
        if any(isinstance(s, Changes) and in_edition(s, edition) for s in plan.sections):
            pages = book_pages(project, folder, plan, sheet)
        tree = document_tree(project, folder, plan, edition, revisions, pages)
        data = source.read_bytes()
        tree.info.stamp = source_stamp(data)  # absorb: has the YAML changed since?
        del plan, revisions  # the writers need only the tree: the model goes before they run
        if len(data) > LONG_PLAN:
            gc.collect()  # the render's Jinja contexts (cycles) still hold the model
        built.warnings += fit_header(tree, sheet, label)
        fit_properties(tree)
    outputs = write_formats(stale, tree, sheet, archival, label, beside)
    built.pages = page_count(outputs["pdf"]) if "pdf" in outputs else _pages(targets["pdf"])
    if "pdf" in outputs and built.pages == 0:
        raise ContentError([Problem(Place(label, 0, 0), say("empty_output", edition=edition))])
    report = _report(built)
    files = [
        pair
        for fmt, data in outputs.items()
        for pair in stamped(targets[fmt], digests[fmt], data, report)
    ]
    with doing(say("doing.save", path=project.label(out))):
        replace_together(files)
    built.files = [targets[fmt] for fmt in outputs]
    return built


def _report(built: Built) -> dict:
    warnings = [
        [p.place.file, p.place.line, p.place.column, p.message, p.severity] for p in built.warnings
    ]
    return {"pages": built.pages, "warnings": warnings}


def _recall(built: Built, report: dict) -> None:
    """What the build that wrote the unchanged outputs found."""
    built.pages = int(report.get("pages", 0) or 0)
    for file, line, column, message, severity in report.get("warnings", []):
        built.warnings.append(Problem(Place(file, line, column), message, severity))


def _pages(pdf: Path) -> int:
    try:
        return page_count(pdf.read_bytes())
    except (OSError, ValueError):
        return 0


def archival_default(edition: str) -> bool:
    """Whether an edition's PDF is PDF/A unless asked otherwise: the official
    edition is the one a city keeps."""
    return edition == "official"


def write_formats(
    formats: list[str],
    tree: ir.Document,
    sheet: StyleSheet,
    archival: bool = False,
    label: str = "",
    beside: DocxBeside | None = None,
) -> dict[str, bytes]:
    """The bytes of `tree` in each of `formats` (writers import their libraries
    lazily; `archival`: the PDF is PDF/A-2a too). A DOCX with a table of
    contents is pre-filled with the page of each heading in the PDF (laid out
    for it when the PDF itself is up to date); one without is written by
    `beside`, if given, while this process writes the PDF."""
    outputs: dict[str, bytes] = {}
    pages = None
    contents = has_contents(tree)
    sent = beside is not None and "docx" in formats and not contents
    sent = sent and beside.submit(tree, sheet, None)
    if "pdf" in formats or (contents and "docx" in formats):
        from planpress.writers.pdf import pdf_and_pages

        with doing(say("doing.write", format="PDF", path=label)):
            pdf, pages = pdf_and_pages(tree, sheet, archival=archival)
        if "pdf" in formats:
            outputs["pdf"] = pdf
    if "docx" in formats:
        with doing(say("doing.write", format="DOCX", path=label)):
            data = beside.result() if sent else None
        # no second process, or it did not answer: written here
        outputs["docx"] = data if data is not None else _docx(tree, sheet, pages, label)
    return outputs


def _docx(tree: ir.Document, sheet: StyleSheet, pages, label: str) -> bytes:
    from planpress.writers.docx import write_docx

    with doing(say("doing.write", format="DOCX", path=label)):
        return write_docx(tree, sheet, pages)


def has_contents(tree: ir.Document) -> bool:
    return any(isinstance(b, ir.Toc) for s in tree.sections for b in s.children)


def write_format(fmt: str, tree: ir.Document, sheet: StyleSheet, archival: bool = False) -> bytes:
    """The bytes of `tree` in format `fmt`."""
    return write_formats([fmt], tree, sheet, archival)[fmt]


def page_count(pdf: bytes) -> int:
    from planpress.writers.pdf import page_count as count  # ReportLab only when a PDF is made

    return count(pdf)
