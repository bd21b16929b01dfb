"""Building documents: content → model → markup → tree → PDF and DOCX files.

`build_document` reads as the steps in order. Every output is produced in
memory first and written atomically, so a failed build leaves the previous
outputs untouched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import ir
from .load import check_plan
from .messages import ContentError, Problem, UsageError, say
from .model import Plan
from .pairing import policy_rows
from .render import environment, render_document
from .style import StyleSheet, load_style_sheet

DOCUMENT_FILE = "document.yaml"
EDITIONS = {"handout": "handout.xml.j2"}


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
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


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


def document_tree(project: Project, folder: Path, plan: Plan, edition: str) -> ir.Document:
    """The plan arranged by the edition's template."""
    env = environment(template_dirs(project, folder), {"policy_rows": policy_rows})
    return render_document(env, EDITIONS[edition], plan)


def build_document(project: Project, folder: Path, edition: str = "handout") -> Built:
    """Build one document folder into output/<doc>/<doc>-<edition>.pdf and .docx."""
    from .writers.docx import write_docx  # writers import their libraries lazily
    from .writers.pdf import write_pdf

    name = folder.name
    source = folder / DOCUMENT_FILE
    sheet = style_sheet(project, folder)
    plan, problems = check_plan(source, project.label(source), font_files(sheet))
    if plan is None:
        raise ContentError(problems)
    tree = document_tree(project, folder, plan, edition)
    outputs = {
        f"{name}-{edition}.pdf": write_pdf(tree, sheet),
        f"{name}-{edition}.docx": write_docx(tree, sheet),
    }
    built = Built(name, warnings=problems)  # no errors here: only warnings
    for filename, data in outputs.items():
        built.files.append(write_atomically(project.output / name / filename, data))
    return built


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
