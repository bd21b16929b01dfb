"""The python-docx internals the DOCX writer relies on, all in this module.

python-docx's proxies (Paragraph, Run, Table, _Row, Section) have no public
way to their XML element, and it keeps parts it does not model (the font
table, the theme) as bytes with no setter. Each use is listed with its
reason in docs/design.md ("Library internals"); `missing()` names any that an
update of python-docx removed, and tests/test_library_internals.py fails with
that list instead of letting a wrong DOCX through.
"""

from __future__ import annotations

import io

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import PartFactory
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.parts.styles import StylesPart
from docx.table import _Cell


def paragraph_element(paragraph):
    """`w:p` of a Paragraph (to set its style id directly, or remove it)."""
    return paragraph._p


def run_element(run):
    """`w:r` of a Run (field characters, East Asian fonts)."""
    return run._r


def table_element(table):
    """`w:tbl` of a Table (borders, fixed layout, cell margins)."""
    return table._tbl


def row_element(row):
    """`w:tr` of a _Row (header repeat, cantSplit, spanned cells)."""
    return row._tr


def cell_element(cell):
    """`w:tc` of a _Cell (shading)."""
    return cell._tc


def section_properties(section):
    """`w:sectPr` of a Section (the document grid)."""
    return section._sectPr


def inline_element(shape):
    """`wp:inline` of an InlineShape (a picture's alternative text in wp:docPr)."""
    return shape._inline


def cell_of(tc, table) -> _Cell:
    """A _Cell proxy for a `w:tc` of a new row (python-docx's merge scans the whole table)."""
    return _Cell(tc, table)


def part_xml(part):
    """The XML of a part python-docx keeps as bytes (font table, theme)."""
    return parse_xml(part.blob)


def replace_part_xml(part, element) -> None:
    """Write back such a part: python-docx has no setter for a plain part's bytes."""
    part._blob = serialize_part_xml(element)


class KeptStyles(StylesPart):
    """styles.xml kept as the bytes it was read from until something reads
    its XML: a build that changes no style (most do not) neither parses the
    360 KB part nor serialises it again. Relies on XmlPart keeping its tree
    in `_element` and writing it through `blob`; parsing and serialising
    give back the bytes python-docx wrote (tests/test_docx_body.py)."""

    _kept: bytes | None = None
    _parsed = None

    @classmethod
    def load(cls, partname, content_type, blob, package):
        part = cls(partname, content_type, None, package)
        part._kept = blob
        return part

    @property
    def _element(self):
        if self._kept is not None:
            self._parsed, self._kept = parse_xml(self._kept), None
        return self._parsed

    @_element.setter
    def _element(self, element) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        return self._kept if self._kept is not None else serialize_part_xml(self._parsed)

    @property
    def parsed(self) -> bool:
        """Whether the XML was read (and may have changed)."""
        return self._kept is None


def open_keeping_styles(data: bytes) -> docx.document.Document:
    """The Word document in `data`, its styles part a KeptStyles (through
    python-docx's `PartFactory.part_class_selector` hook, for this call only)."""
    previous = PartFactory.part_class_selector

    def select(content_type: str, reltype: str):
        if content_type == CT.WML_STYLES:
            return KeptStyles
        return previous(content_type, reltype) if previous is not None else None

    PartFactory.part_class_selector = select
    try:
        return docx.Document(io.BytesIO(data))
    finally:
        PartFactory.part_class_selector = previous


def package_entries(document) -> list[tuple[str, bytes]]:
    """(zip member name, bytes) of every part as python-docx's `save` writes
    them, in its order, without writing the zip: the package is zipped once,
    reproducibly (package.py), instead of zipped, read back and zipped again."""
    package = document.part.package
    entries: list[tuple[str, bytes]] = []
    collect = _Entries(entries)
    for part in package.parts:
        part.before_marshal()
    PackageWriter._write_content_types_stream(collect, package.parts)
    PackageWriter._write_pkg_rels(collect, package.rels)
    PackageWriter._write_parts(collect, package.parts)
    return entries


class _Entries:
    """Stands in for python-docx's zip writer (`PhysPkgWriter`): keeps the parts."""

    def __init__(self, entries: list[tuple[str, bytes]]):
        self.entries = entries

    def write(self, pack_uri, blob) -> None:
        self.entries.append((pack_uri.membername, blob))


def _picture(run):
    """An InlineShape of a 1×1 PNG, to probe its internals."""
    import io
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]))
    png += chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    return run.add_picture(io.BytesIO(png))


def missing() -> list[str]:
    """The internals above that this python-docx no longer has (empty when all are there)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("x")
    table = document.add_table(rows=1, cols=1)
    row, cell = table.rows[0], table.rows[0].cells[0]
    probes = {
        "Paragraph._p": (paragraph, "_p"),
        "Run._r": (run, "_r"),
        "Table._tbl": (table, "_tbl"),
        "_Row._tr": (row, "_tr"),
        "_Cell._tc": (cell, "_tc"),
        "Section._sectPr": (document.sections[0], "_sectPr"),
        "InlineShape._inline": (_picture(run), "_inline"),
    }
    lost = [name for name, (proxy, attribute) in probes.items() if not hasattr(proxy, attribute)]
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    fonts = document.part.part_related_by(RT.FONT_TABLE)
    if not hasattr(fonts, "_blob"):
        lost.append("Part._blob")
    if "_element" not in vars(document.part):  # KeptStyles stands in for it
        lost.append("XmlPart._element")
    if not hasattr(PartFactory, "part_class_selector"):
        lost.append("PartFactory.part_class_selector")
    for name in ("_write_content_types_stream", "_write_pkg_rels", "_write_parts"):
        if not hasattr(PackageWriter, name):
            lost.append(f"PackageWriter.{name}")
    return lost
