"""The style sheet both writers read (templates/style.yaml).

Lengths come out in points; a writer converts to its own units. The sheet is
read once per build and shared by the PDF and DOCX writers so that the two
documents look alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present

MM = 72 / 25.4  # points per millimetre

PAGE_SIZES = {"A4": (595.2756, 841.8898)}  # portrait width, height in points


class StyleError(ValueError):
    """The style sheet is malformed (a message for the IT staff)."""


@dataclass(slots=True, frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


@dataclass(slots=True, frozen=True)
class FontFace:
    """A font: its file in fonts/ and the family name an office suite knows."""

    key: str
    path: Path
    family: str
    family_alt: str = ""
    bold: bool = False


@dataclass(slots=True, frozen=True)
class ParagraphStyle:
    """How a paragraph is set. `leading` is in points; `indent` and `hanging` in em."""

    name: str
    font: str  # a key of StyleSheet.fonts
    size: float
    leading: float
    align: str = "justify"  # justify, left, center, right
    indent: float = 0.0  # first-line indent (字下げ), em
    hanging: float = 0.0  # hanging indent of lines after the first, em
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    phrase_breaks: bool = False  # prefer BudouX phrase boundaries
    word_name: str = ""  # the style's name in the DOCX (`word:`); the key when empty


@dataclass(slots=True, frozen=True)
class TableStyle:
    name: str
    rule: float
    frame: float
    padding: float
    header_fill: str
    group_fill: str


@dataclass(slots=True, frozen=True)
class DiagramStyle:
    """The 施策体系図: box rule and connector widths, padding inside a box, the
    gap between columns (where the connectors run), between sibling boxes and
    between top-level groups; a priority box's fill; the last column's share."""

    rule: float = 0.8
    connector: float = 0.6
    padding: float = 4.0
    gap: float = 16.0
    box_gap: float = 5.0
    group_gap: float = 10.0
    emphasis_fill: str = "#E6E6E6"
    last_share: float = 1.6


@dataclass(slots=True)
class StyleSheet:
    page_size: tuple[float, float]
    margins: Margins
    landscape_margins: Margins
    fonts: dict[str, FontFace]
    paragraphs: dict[str, ParagraphStyle]
    tables: dict[str, TableStyle]
    header: ParagraphStyle
    footer: ParagraphStyle
    strong: str = "gothic-bold"  # the face of strong (bold) runs, a key of `fonts`
    page_number: str = "- {page} -"  # the footer's page number, {page} for the number
    diagram: DiagramStyle = field(default_factory=DiagramStyle)
    source: Path = field(default=Path())

    def paragraph(self, name: str) -> ParagraphStyle:
        try:
            return self.paragraphs[name]
        except KeyError:
            raise StyleError(f"{self.source}: no paragraph style {name!r}") from None

    def table(self, name: str) -> TableStyle:
        try:
            return self.tables[name]
        except KeyError:
            raise StyleError(f"{self.source}: no table style {name!r}") from None

    def page(self, orientation: str) -> tuple[tuple[float, float], Margins]:
        """Page size (width, height) and margins for an orientation."""
        width, height = self.page_size
        if orientation == "landscape":
            return (height, width), self.landscape_margins
        return (width, height), self.margins


def length(value: object) -> float:
    """A length in points from 12, 12.5, '12pt' or '20mm'."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith("mm"):
        return float(text[:-2]) * MM
    if text.endswith("pt"):
        return float(text[:-2])
    return float(text)


def _margins(data: dict) -> Margins:
    return Margins(**{side: length(data[side]) for side in ("top", "bottom", "left", "right")})


def _paragraph(name: str, data: dict) -> ParagraphStyle:
    size = float(data["size"])
    return ParagraphStyle(
        name=name,
        font=data["font"],
        size=size,
        leading=float(data.get("leading", 1.5)) * size,
        align=data.get("align", "justify"),
        indent=float(data.get("indent", 0)),
        hanging=float(data.get("hanging", 0)),
        space_before=length(data.get("space_before", 0)),
        space_after=length(data.get("space_after", 0)),
        keep_with_next=bool(data.get("keep_with_next", False)),
        phrase_breaks=bool(data.get("phrase_breaks", False)),
        word_name=str(data.get("word", "")),
    )


def _diagram(data: dict) -> DiagramStyle:
    values = {key: length(value) for key, value in data.items() if key not in ("emphasis_fill",)}
    if "emphasis_fill" in data:
        values["emphasis_fill"] = str(data["emphasis_fill"])
    return DiagramStyle(**values)


def load_style_sheet(path: Path, fonts_dir: Path) -> StyleSheet:
    """Read a style sheet; font files are looked up in `fonts_dir`.

    A sheet read before is reused while its file is unchanged (a watch
    rebuild reads it every time).
    """
    stat = path.stat()
    return _load_style_sheet(path, fonts_dir, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_style_sheet(path: Path, fonts_dir: Path, _mtime: int, _size: int) -> StyleSheet:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        page = data["page"]
        fonts = {
            key: FontFace(
                key=key,
                path=fonts_dir / face["file"],
                family=face["family"],
                family_alt=face.get("family_alt", ""),
                bold=bool(face.get("bold", False)),
            )
            for key, face in data["fonts"].items()
        }
        paragraphs = {name: _paragraph(name, p) for name, p in data["paragraphs"].items()}
        tables = {
            name: TableStyle(
                name=name,
                rule=length(t["rule"]),
                frame=length(t["frame"]),
                padding=length(t["padding"]),
                header_fill=t["header_fill"],
                group_fill=t["group_fill"],
            )
            for name, t in data["tables"].items()
        }
        sheet = StyleSheet(
            page_size=PAGE_SIZES[page.get("size", "A4")],
            margins=_margins(page["margins"]),
            landscape_margins=_margins(page.get("landscape_margins", page["margins"])),
            fonts=fonts,
            paragraphs=paragraphs,
            tables=tables,
            header=_paragraph("header", {**data["header"], "align": "right"}),
            footer=_paragraph("footer", {**data["footer"], "align": "center"}),
            strong=str(data.get("strong", "gothic-bold")),
            page_number=str(data["footer"].get("page_number", "- {page} -")),
            diagram=_diagram(data.get("diagram") or {}),
            source=path,
        )
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise StyleError(f"{path}: malformed style sheet ({exc!r})") from exc
    for style in [*paragraphs.values(), sheet.header, sheet.footer]:
        if style.font not in fonts:
            raise StyleError(f"{path}: style {style.name!r} names unknown font {style.font!r}")
    if sheet.strong not in fonts:
        raise StyleError(f"{path}: strong: names unknown font {sheet.strong!r}")
    if sheet.page_number.count("{page}") != 1:
        raise StyleError(f"{path}: footer: page_number must hold {{page}} once")
    for face in fonts.values():
        if not face.path.is_file():
            raise StyleError(f"{path}: font file {face.path} is missing")
    return sheet
