"""The project a build works in: its folders, its documents and, per document,
the templates and style sheet that apply."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planpress.diagnostics.messages import UsageError, say
from planpress.writers.style import StyleSheet, load_style_sheet

DOCUMENT_FILE = "document.yaml"


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
