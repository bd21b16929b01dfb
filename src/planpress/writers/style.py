"""The style sheet both writers read (templates/style.yaml).

Lengths come out in points; a writer converts to its own units. The sheet is
read once per build and shared by the PDF and DOCX writers so that the two
documents look alike.
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from string import Formatter
from types import MappingProxyType

import yaml

from planpress.diagnostics.messages import ContentError, Problem, listing, say
from planpress.diagnostics.place import Place

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present

MM = 72 / 25.4  # points per millimetre

PAGE_SIZES = {"A4": (595.2756, 841.8898)}  # portrait width, height in points


class StyleError(ContentError):
    """The style sheet cannot be used: each problem names its line in style.yaml."""


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
    role: str = "P"  # its structure type in a tagged PDF (`role:`): P, Note, Caption …


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


@dataclass(slots=True, frozen=True)
class StyleSheet:
    """Read-only: one sheet is shared by every build that reads the same file."""

    page_size: tuple[float, float]
    margins: Margins
    landscape_margins: Margins
    fonts: Mapping[str, FontFace]
    paragraphs: Mapping[str, ParagraphStyle]
    tables: Mapping[str, TableStyle]
    header: ParagraphStyle
    footer: ParagraphStyle
    strong: str = "gothic-bold"  # the face of strong (bold) runs, a key of `fonts`
    page_number: str = "- {page} -"  # the footer's page number, {page} for the number
    # A part (section role: front, body, back) whose pages are numbered on
    # their own, from 1, in this form (the 資料編's 「資-{page}」).
    part_page_numbers: Mapping[str, str] = field(default_factory=dict)
    embed_fonts: bool = True  # the DOCX carries its faces, subset (docs/docx.md)
    chapter_pages: bool = False  # a book's chapters open with a title page (中扉)
    # Printed on both sides: chapters (and each page numbering's first page)
    # begin on a right-hand, odd page, after a blank verso where needed.
    two_sided: bool = False
    diagram: DiagramStyle = field(default_factory=DiagramStyle)
    source: Path = field(default=Path())
    # What a screen reader reads for underlined words ({text}: the words).
    underline_reading: str = "{text}"

    def __post_init__(self) -> None:
        for name in _MAPPINGS:
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, MappingProxyType(dict(value)))

    def __reduce__(self):
        # pickle takes no mapping proxies: a sheet goes to another process
        # (the DOCX written beside the PDF) with plain dicts, proxies again there
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update((name, dict(values[name])) for name in _MAPPINGS)
        return _style_sheet, (values,)

    def paragraph(self, name: str) -> ParagraphStyle:
        try:
            return self.paragraphs[name]
        except KeyError:
            raise StyleError(self._missing("paragraph", name)) from None

    def table(self, name: str) -> TableStyle:
        try:
            return self.tables[name]
        except KeyError:
            raise StyleError(self._missing("table", name)) from None

    def _missing(self, kind: str, name: str) -> list[Problem]:
        known = self.paragraphs if kind == "paragraph" else self.tables
        message = say(f"style.no_{kind}_style", name=name, known=listing(known))
        return [Problem(Place(str(self.source), 0, 0), say("style.where", detail=message))]

    def page(self, orientation: str) -> tuple[tuple[float, float], Margins]:
        """Page size (width, height) and margins for an orientation."""
        width, height = self.page_size
        if orientation == "landscape":
            return (height, width), self.landscape_margins
        return (width, height), self.margins


_MAPPINGS = ("fonts", "paragraphs", "tables", "part_page_numbers")


def _style_sheet(values: dict) -> StyleSheet:
    return StyleSheet(**values)


def length(value: object) -> float:
    """A length in points from 12, 12.5, '12pt' or '20mm'."""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith("mm"):
        return float(text[:-2]) * MM
    if text.endswith("pt"):
        return float(text[:-2])
    return float(text)


def load_style_sheet(path: Path, fonts_dir: Path) -> StyleSheet:
    """Read a style sheet; font files are looked up in `fonts_dir`.

    Every value is checked against what a page can hold (LIMITS); what is
    wrong is reported with its line in style.yaml (StyleError), never found
    later by a writer. A sheet read before is reused while its bytes are
    the same (a watch rebuild reads it every time); sheets are immutable.
    """
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        raise StyleError([Problem(Place(str(path), 0, 0), say("style.unreadable"))]) from None
    return _load_style_sheet(path, fonts_dir, digest)


@lru_cache(maxsize=8)
def _load_style_sheet(path: Path, fonts_dir: Path, _digest: bytes) -> StyleSheet:
    reader = _SheetReader(path, fonts_dir)
    sheet = reader.sheet()
    if reader.problems or sheet is None:
        raise StyleError(reader.problems or [reader.problem(None, "style.malformed")])
    return sheet


# What a value of the style sheet may be: (smallest, largest), in points for
# lengths and sizes, in em for indents, a multiple of the size for leading.
LIMITS = {
    "size": (1.0, 200.0),
    "leading": (0.5, 5.0),
    "indent": (0.0, 20.0),
    "hanging": (0.0, 20.0),
    "space_before": (0.0, 200.0),
    "space_after": (0.0, 200.0),
    "margin": (0.0, 400.0),
    "rule": (0.0, 20.0),
    "frame": (0.0, 20.0),
    "padding": (0.0, 50.0),
    "gap": (0.0, 200.0),
    "share": (0.1, 10.0),
}
MIN_TEXT = 30 * MM  # the narrowest (and lowest) text area the margins may leave
ALIGNS = ("justify", "left", "center", "right")
PARTS = ("front", "body", "back")  # section roles whose pages carry a number
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# The first bytes of a TrueType font (ReportLab embeds only TrueType outlines).
TRUETYPE = (b"\x00\x01\x00\x00", b"true")


# The tables a TrueType font with outlines must have (the PDF writer embeds them).
REQUIRED_TABLES = {b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"}


def _is_truetype(path: Path) -> bool:
    """Whether `path` is a whole TrueType font: its signature, and a table
    directory naming the required tables, each within the file."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(12)
        if len(head) < 12 or head[:4] not in TRUETYPE:
            return False
        count = struct.unpack(">H", head[4:6])[0]
        directory = stream.read(16 * count)
    if len(directory) < 16 * count:
        return False
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", directory[16 * index : 16 * index + 16])
        tables[tag] = offset + length <= size
    return REQUIRED_TABLES <= tables.keys() and all(tables[t] for t in REQUIRED_TABLES)


class _SheetReader:
    """Reads style.yaml's node tree, checking each value where it stands."""

    def __init__(self, path: Path, fonts_dir: Path):
        self.path = path
        self.fonts_dir = fonts_dir
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message_id: str, **values: object) -> Problem:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        message = say(message_id, **values)
        return Problem(Place(str(self.path), line, column), say("style.where", detail=message))

    def fail(self, node: yaml.Node | None, message_id: str, **values: object) -> None:
        self.problems.append(self.problem(node, message_id, **values))

    def root(self) -> yaml.Node | None:
        try:
            text = self.path.read_bytes().decode("utf-8-sig")
            text = text.replace("\r\n", "\n").replace("\r", "\n")  # a Windows save
            node = yaml.compose(text, Loader=SAFE_LOADER)
        except UnicodeDecodeError:
            self.fail(None, "style.not_utf8")
            return None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problems.append(
                Problem(
                    Place(
                        str(self.path), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1
                    ),
                    say("style.where", detail=say("style.syntax")),
                )
            )
            return None
        except (yaml.YAMLError, RecursionError):
            self.fail(None, "style.syntax")
            return None
        except OSError:
            self.problems.append(Problem(Place(str(self.path), 0, 0), say("style.unreadable")))
            return None
        return node

    # -- values ---------------------------------------------------------------

    def mapping(self, node: yaml.Node | None, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, "style.expected_mapping", what=what)
            return {}
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
            if name in pairs:  # YAML would take the last silently
                self.fail(key, "style.duplicate_key", key=name, what=what)
            elif name:
                pairs[name] = (key, value)
        return pairs

    def need(self, pairs: dict, key: str, parent: yaml.Node | None, what: str) -> yaml.Node | None:
        if key not in pairs:
            self.fail(parent, "style.missing", key=key, what=what)
            return None
        return pairs[key][1]

    def text(self, node: yaml.Node | None, what: str) -> str:
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if not value or not isinstance(value, str):
            self.fail(node, "style.expected_text", what=what)
            return ""
        return value

    def number(self, node: yaml.Node | None, what: str, limit: str, unit: bool = True) -> float:
        """A finite number (a length with `unit`) within LIMITS[limit]."""
        low, high = LIMITS[limit]
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        try:
            value = length(raw) if unit else float(str(raw))
        except (TypeError, ValueError):
            self.fail(node, "style.not_number", what=what, value=raw if raw is not None else "")
            return low
        if not math.isfinite(value) or not low <= value <= high:
            self.fail(node, "style.out_of_range", what=what, value=raw, low=low, high=high)
            return low
        return value

    def flag(self, node: yaml.Node | None, what: str) -> bool:
        if node is None:
            return False
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            value = str(getattr(node, "value", ""))
            if value.lower() not in ("true", "false", "yes", "no", "on", "off"):
                self.fail(node, "style.expected_bool", what=what)
                return False
        return str(node.value).lower() in ("true", "yes", "on")

    # -- parts ----------------------------------------------------------------

    def margins(self, node: yaml.Node | None, size: tuple[float, float], what: str) -> Margins:
        pairs = self.mapping(node, what)
        sides = {}
        for side in ("top", "bottom", "left", "right"):
            value = self.need(pairs, side, node, what)
            sides[side] = self.number(value, f"{what} {side}", "margin") if value else 0.0
        margins = Margins(**sides)
        width, height = size
        if width - margins.left - margins.right < MIN_TEXT or (
            height - margins.top - margins.bottom < MIN_TEXT
        ):
            self.fail(node, "style.margins_too_wide", what=what, low=round(MIN_TEXT / MM))
        return margins

    def font(self, key: str, node: yaml.Node) -> FontFace | None:
        pairs = self.mapping(node, f"fonts: {key}")
        file_node = self.need(pairs, "file", node, f"fonts: {key}")
        family_node = self.need(pairs, "family", node, f"fonts: {key}")
        if file_node is None or family_node is None:
            return None
        name = self.text(file_node, f"fonts: {key}: file")
        family = self.text(family_node, f"fonts: {key}: family")
        alt = pairs.get("family_alt")
        bold = self.flag(pairs["bold"][1], f"fonts: {key}: bold") if "bold" in pairs else False
        if not name:
            return None
        folder = self.fonts_dir.resolve()
        path = (self.fonts_dir / name).resolve()
        if Path(name).is_absolute() or not path.is_relative_to(folder):
            self.fail(file_node, "style.font_outside", file=name)
            return None
        if not path.is_file():
            self.fail(file_node, "style.font_missing", file=name, folder=self.fonts_dir)
            return None
        if not _is_truetype(path):
            self.fail(file_node, "style.font_not_truetype", file=name)
            return None
        return FontFace(
            key=key,
            path=self.fonts_dir / name,
            family=family,
            family_alt=str(alt[1].value) if alt and isinstance(alt[1], yaml.ScalarNode) else "",
            bold=bold,
        )

    def paragraph(self, name: str, node: yaml.Node, fonts: dict, align: str = "") -> ParagraphStyle:
        what = name
        pairs = self.mapping(node, what)

        def get(key: str) -> yaml.Node | None:
            return pairs[key][1] if key in pairs else None

        font_node = self.need(pairs, "font", node, what)
        font = self.text(font_node, f"{what}: font") if font_node else ""
        if font and font not in fonts:
            self.fail(font_node, "style.unknown_font", font=font, fonts=listing(fonts))
        size_node = self.need(pairs, "size", node, what)
        size = self.number(size_node, f"{what}: size", "size", unit=False) if size_node else 10.0
        leading = get("leading")
        chosen = align or (str(get("align").value) if get("align") is not None else "justify")
        if chosen not in ALIGNS:
            self.fail(get("align"), "style.bad_align", value=chosen, aligns=listing(ALIGNS))

        def optional(key: str, limit: str, unit: bool = True) -> float:
            value = get(key)
            return 0.0 if value is None else self.number(value, f"{what}: {key}", limit, unit)

        return ParagraphStyle(
            name=name,
            font=font,
            size=size,
            leading=(
                self.number(leading, f"{what}: leading", "leading", unit=False) if leading else 1.5
            )
            * size,
            align=chosen,
            indent=optional("indent", "indent", unit=False),
            hanging=optional("hanging", "hanging", unit=False),
            space_before=optional("space_before", "space_before"),
            space_after=optional("space_after", "space_after"),
            keep_with_next=self.flag(get("keep_with_next"), f"{what}: keep_with_next"),
            phrase_breaks=self.flag(get("phrase_breaks"), f"{what}: phrase_breaks"),
            word_name=str(get("word").value) if isinstance(get("word"), yaml.ScalarNode) else "",
            role=str(get("role").value) if isinstance(get("role"), yaml.ScalarNode) else "P",
        )

    def table(self, name: str, node: yaml.Node) -> TableStyle:
        pairs = self.mapping(node, f"tables: {name}")
        values: dict[str, object] = {}
        for key in ("rule", "frame", "padding"):
            value = self.need(pairs, key, node, f"tables: {name}")
            values[key] = self.number(value, f"tables: {name}: {key}", key) if value else 0.0
        for key in ("header_fill", "group_fill"):
            value = self.need(pairs, key, node, f"tables: {name}")
            colour = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
            if value is not None and not COLOUR.match(colour):
                self.fail(value, "style.bad_colour", what=f"tables: {name}: {key}", value=colour)
                colour = "#FFFFFF"
            values[key] = colour
        return TableStyle(name=name, **values)

    def diagram(self, node: yaml.Node | None) -> DiagramStyle:
        """The 施策体系図's rules, gaps and fill (`diagram:`, each optional)."""
        if node is None:
            return DiagramStyle()
        values: dict[str, object] = {}
        for key, (_, value) in self.mapping(node, "diagram:").items():
            what = f"diagram: {key}"
            if key == "emphasis_fill":
                colour = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
                if not COLOUR.match(colour):
                    self.fail(value, "style.bad_colour", what=what, value=colour)
                    continue
                values[key] = colour
            elif key == "last_share":
                values[key] = self.number(value, what, "share", unit=False)
            elif key in ("rule", "connector"):
                values[key] = self.number(value, what, "rule")
            elif key in DiagramStyle.__dataclass_fields__:
                values[key] = self.number(value, what, "gap")
            else:
                keys = listing(DiagramStyle.__dataclass_fields__)
                self.fail(value, "style.unknown_key", key=key, what="diagram:", keys=keys)
        return DiagramStyle(**values)

    def page_number(self, node: yaml.Node | None) -> str:
        text = str(node.value) if isinstance(node, yaml.ScalarNode) else "- {page} -"
        try:
            fields = [f for _, f, spec, conv in Formatter().parse(text) if f is not None or spec]
            specs = [(spec, conv) for _, f, spec, conv in Formatter().parse(text) if f is not None]
        except ValueError:
            fields, specs = [], []
        if fields != ["page"] or specs != [("", None)]:
            self.fail(node, "style.bad_page_number", value=text)
            return "- {page} -"
        return text

    def part_page_numbers(self, node: yaml.Node | None) -> dict[str, str]:
        """`footer: parts:` a page-number form for each part numbered on its own."""
        if node is None:
            return {}
        forms = {}
        for key, (key_node, value) in self.mapping(node, "footer: parts:").items():
            if key not in PARTS:
                self.fail(
                    key_node,
                    "style.unknown_key",
                    key=key,
                    what="footer: parts:",
                    keys=listing(PARTS),
                )
                continue
            forms[key] = self.page_number(value)
        return forms

    def underline_reading(self, node: yaml.Node | None) -> str:
        """What a screen reader reads for underlined words: {text} once."""
        text = str(node.value) if isinstance(node, yaml.ScalarNode) else "{text}"
        try:
            fields = [f for _, f, _, _ in Formatter().parse(text) if f is not None]
        except ValueError:
            fields = []
        if fields != ["text"]:
            self.fail(node, "style.bad_underline_reading", value=text)
            return "{text}"
        return text

    def sheet(self) -> StyleSheet | None:
        root = self.root()
        if root is None:
            return None
        top = self.mapping(root, "style.yaml")
        if self.problems:
            return None
        page_node = self.need(top, "page", root, "style.yaml")
        page = self.mapping(page_node, "page:") if page_node else {}
        size_node = page.get("size", (None, None))[1]
        size_name = str(size_node.value) if isinstance(size_node, yaml.ScalarNode) else "A4"
        if size_name not in PAGE_SIZES:
            self.fail(size_node, "style.bad_page_size", value=size_name, sizes=listing(PAGE_SIZES))
            size_name = "A4"
        width, height = PAGE_SIZES[size_name]
        margins_node = self.need(page, "margins", page_node, "page:") if page_node else None
        margins = self.margins(margins_node, (width, height), "page: margins")
        landscape_node = page.get("landscape_margins", (None, margins_node))[1]
        landscape = self.margins(landscape_node, (height, width), "page: landscape_margins")
        fonts_node = self.need(top, "fonts", root, "style.yaml")
        fonts = {}
        for key, (_, node) in self.mapping(fonts_node, "fonts:").items() if fonts_node else ():
            face = self.font(key, node)
            if face is not None:
                fonts[key] = face
        paragraphs_node = self.need(top, "paragraphs", root, "style.yaml")
        paragraphs = {
            name: self.paragraph(name, node, fonts)
            for name, (_, node) in (
                self.mapping(paragraphs_node, "paragraphs:").items() if paragraphs_node else ()
            )
        }
        tables_node = self.need(top, "tables", root, "style.yaml")
        tables = {
            name: self.table(name, node)
            for name, (_, node) in (
                self.mapping(tables_node, "tables:").items() if tables_node else ()
            )
        }
        header_node = self.need(top, "header", root, "style.yaml")
        footer_node = self.need(top, "footer", root, "style.yaml")
        header = self.paragraph("header", header_node, fonts, "right") if header_node else None
        footer = self.paragraph("footer", footer_node, fonts, "center") if footer_node else None
        footer_pairs = self.mapping(footer_node, "footer:") if footer_node else {}
        page_number = self.page_number(footer_pairs.get("page_number", (None, None))[1])
        part_page_numbers = self.part_page_numbers(footer_pairs.get("parts", (None, None))[1])
        underline_reading = self.underline_reading(top.get("underline_reading", (None, None))[1])
        diagram = self.diagram(top.get("diagram", (None, None))[1])
        docx_node = top.get("docx", (None, None))[1]
        docx_pairs = self.mapping(docx_node, "docx:") if docx_node is not None else {}
        embed_node = docx_pairs.get("embed_fonts", (None, None))[1]
        embed_fonts = self.flag(embed_node, "docx: embed_fonts") if embed_node is not None else True
        strong_node = top.get("strong", (None, None))[1]
        strong = (
            str(strong_node.value) if isinstance(strong_node, yaml.ScalarNode) else "gothic-bold"
        )
        if strong not in fonts:
            self.fail(strong_node or root, "style.unknown_font", font=strong, fonts=listing(fonts))
        chapter_node = top.get("chapter_pages", (None, None))[1]
        chapter_pages = self.flag(chapter_node, "chapter_pages") if chapter_node else False
        if chapter_pages and "chapter-page" not in paragraphs:
            self.fail(chapter_node, "style.missing", key="chapter-page", what="paragraphs:")
        sides_node = top.get("two_sided", (None, None))[1]
        two_sided = self.flag(sides_node, "two_sided") if sides_node else False
        if self.problems or header is None or footer is None:
            return None
        return StyleSheet(
            page_size=(width, height),
            margins=margins,
            landscape_margins=landscape,
            fonts=fonts,
            paragraphs=paragraphs,
            tables=tables,
            header=header,
            footer=footer,
            strong=strong,
            page_number=page_number,
            part_page_numbers=part_page_numbers,
            source=self.path,
            underline_reading=underline_reading,
            embed_fonts=embed_fonts,
            chapter_pages=chapter_pages,
            two_sided=two_sided,
            diagram=diagram,
        )
