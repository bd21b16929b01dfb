"""Building documents: content → model → markup → tree → PDF and DOCX files.

`build_document` reads as the steps in order. Every output is produced in
memory first and written atomically, so a failed build leaves the previous
outputs untouched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import content_format, ir
from .fingerprint import build_digest
from .load import check_plan
from .messages import ContentError, Problem, UsageError, say
from .model import Plan, in_edition
from .render import environment, render_document
from .revision_table import RevisionTable, revision_tables, warning_problems
from .style import StyleSheet, load_style_sheet
from .textdiff import diff_text

DOCUMENT_FILE = "document.yaml"
# Each edition is one top-level template, named after it: the handout for
# council meetings, the official plan as published.
EDITIONS = {name: f"{name}.xml.j2" for name in content_format.EDITIONS}
FORMATS = ("pdf", "docx")


@dataclass(slots=True)
class Project:
    """The folders a build works with (content/, templates/, fonts/, output/)."""

    root: Path
    out: Path | None = None  # output folder; output/ under root when None

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def output(self) -> Path:
        return self.out or self.root / "output"

    def label(self, path: Path) -> str:
        """A path as a message shows it: relative to the project when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


@dataclass(slots=True)
class Built:
    """What one document's build wrote and what it found along the way."""

    name: str
    files: list[Path] = field(default_factory=list)  # written by this build
    unchanged: list[Path] = field(default_factory=list)  # up to date, not rewritten
    warnings: list[Problem] = field(default_factory=list)
    pages: int = 0  # pages of the PDF written (0 when it was up to date)
    changes: int = 0  # for a comparison: how many texts differ


def find_documents(project: Project, targets: list[str]) -> list[Path]:
    """The document folders named by `targets` (all under content/ if none)."""
    if not targets:
        folders = sorted(p.parent for p in project.content.glob(f"*/{DOCUMENT_FILE}"))
        if not folders:
            raise UsageError(say("no_documents", path=project.content))
        return folders
    folders = []
    for target in targets:
        path = Path(target)
        if path.is_file() and path.name.endswith((".yaml", ".yml")):
            folders.append(path.parent)
        elif (path / DOCUMENT_FILE).is_file():
            folders.append(path)
        elif (project.content / target / DOCUMENT_FILE).is_file():
            folders.append(project.content / target)
        else:
            raise UsageError(say("not_a_document", path=target))
    return folders


def template_dirs(project: Project, folder: Path) -> list[Path]:
    """A document's own templates/ first, then the project's defaults."""
    return [folder / "templates", project.templates]


def style_sheet(project: Project, folder: Path) -> StyleSheet:
    for directory in template_dirs(project, folder):
        if (directory / "style.yaml").is_file():
            return load_style_sheet(directory / "style.yaml", project.fonts)
    return load_style_sheet(project.templates / "style.yaml", project.fonts)


def font_files(sheet: StyleSheet) -> tuple[Path, ...]:
    """The font files a build draws with (the text checks test their glyphs)."""
    return tuple(face.path for face in sheet.fonts.values())


def document_tree(
    project: Project,
    folder: Path,
    plan: Plan,
    edition: str,
    revisions: dict[str, RevisionTable] | None = None,
) -> ir.Document:
    """The plan arranged by the edition's template.

    Templates receive `sections` (those of the plan that appear in this
    edition), `edition`, `revisions` (the comparison of each policy_revision
    section, by section id) and `diff_text` (to compare any two texts).
    """
    if revisions is None:
        revisions = revision_tables(plan.sections)
    env = environment(template_dirs(project, folder), {"diff_text": diff_text})
    sections = [section for section in plan.sections if in_edition(section, edition)]
    return render_document(
        env, EDITIONS[edition], plan, sections=sections, edition=edition, revisions=revisions
    )


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
    tree = document_tree(project, folder, plan, edition, revisions)
    outputs = {fmt: write_format(fmt, tree, sheet) for fmt in stale}
    for fmt, data in outputs.items():
        built.files.append(write_atomically(targets[fmt], data))
        record_inputs(targets[fmt], digests[fmt], data)
    if "pdf" in outputs:
        from .writers.pdf import page_count

        built.pages = page_count(outputs["pdf"])
    return built


def write_format(fmt: str, tree: ir.Document, sheet: StyleSheet) -> bytes:
    """The bytes of `tree` in format `fmt` (writers import their libraries lazily)."""
    if fmt == "pdf":
        from .writers.pdf import write_pdf

        return write_pdf(tree, sheet)
    from .writers.docx import write_docx

    return write_docx(tree, sheet)


def _stamp(target: Path) -> Path:
    return target.with_name(f".{target.name}.inputs")


def up_to_date(target: Path, inputs_digest: str) -> bool:
    """Whether `target` is the output of a build from these same inputs."""
    stamp = _stamp(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    recorded = stamp.read_text(encoding="ascii", errors="replace").split()
    output_digest = hashlib.sha256(target.read_bytes()).hexdigest()
    return recorded == [inputs_digest, output_digest]


def record_inputs(target: Path, inputs_digest: str, data: bytes) -> None:
    """Note beside `target` which inputs it was built from."""
    line = f"{inputs_digest} {hashlib.sha256(data).hexdigest()}\n"
    write_atomically(_stamp(target), line.encode("ascii"))


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_comparison(project: Project, old_spec: str, new_spec: str, out: Path | None) -> Built:
    """Write the 修正対照表 between two versions of a document as PDF and DOCX
    into `out` (default output/<doc>/) as <doc>-compare.pdf and .docx."""
    from .compare import VersionReport, compare_plans, output_paths
    from .load import plan_from_text
    from .versions import read_version

    old, new = read_version(old_spec, Path.cwd()), read_version(new_spec, Path.cwd())
    old_plan = plan_from_text(old.text, old.label)
    new_plan = plan_from_text(new.text, new.label)
    report = VersionReport(old.label, new.label, compare_plans(old_plan, new_plan))
    folder = project.content / new.name  # the document's own templates/ come first
    env = environment(template_dirs(project, folder))
    tree = render_document(env, "compare.xml.j2", new_plan, report=report)
    sheet = style_sheet(project, folder)
    built = Built(new.name)
    for fmt, path in output_paths(out or project.output / new.name, new.name).items():
        data = write_format(fmt, tree, sheet)
        built.files.append(write_atomically(path, data))
        if fmt == "pdf":
            from .writers.pdf import page_count

            built.pages = page_count(data)
    built.changes = report.count
    return built
