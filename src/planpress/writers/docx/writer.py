"""The DOCX writer: one handler per node kind, python-docx's public API first."""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import unicodedata
import zipfile
import zlib
from datetime import datetime, time
from pathlib import Path
from zipfile import BadZipFile

import docx
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from planpress import cache, ir
from planpress.writers import layout
from planpress.writers.base import Visitor
from planpress.writers.docx import body, internals, ooxml
from planpress.writers.docx.anchors import Bookmarks
from planpress.writers.docx.contents import WordContents
from planpress.writers.docx.diagram import WordDiagram
from planpress.writers.docx.embed import document_characters, embed_fonts
from planpress.writers.docx.figures import WordFigures
from planpress.writers.docx.fonts import font_table_entry
from planpress.writers.docx.package import zip_entries
from planpress.writers.docx.pages import WordSections
from planpress.writers.docx.release import ReleasedBody
from planpress.writers.docx.review import TrackedChanges
from planpress.writers.docx.styles import install_styles, word_style_name
from planpress.writers.docx.units import TWIPS_PER_PT, shares
from planpress.writers.style import StyleSheet

# Base documents by what they are made from (see DocxWriter._base and base_key),
# their parts stored, not deflated (_stored); a few, as `planpress watch` may go
# through several style sheets.
_BASES: dict[str, bytes] = {}
# Word style ids of a base document by style-sheet name (python-docx finds a
# style by an XPath over all styles: a watch rebuild would look each up again).
_STYLE_IDS: dict[str, dict[str, str]] = {}
BASES_KEPT = 4
HERE = Path(__file__).resolve().parent


def base_key(sheet: StyleSheet, lang: str) -> str:
    """What a base document is made from: the style sheet's values, the font
    files' contents (their OS/2 tables reach the font table), the language, the
    writer's code and python-docx's version — never a path or an object's id."""
    fonts = {  # paths differ between projects; the files' contents count
        key: dataclasses.replace(face, path=Path(cache.file_digest(face.path).hex()))
        for key, face in sheet.fonts.items()
    }
    values = repr(dataclasses.replace(sheet, fonts=fonts, source=Path()))
    code = [cache.file_digest(path) for path in _writer_code()]
    return cache.key("docx-base", docx.__version__, values, lang, *code)


def _open(data: bytes) -> docx.document.Document | None:
    try:
        return internals.open_keeping_styles(data)
    except (BadZipFile, KeyError, ValueError, etree.LxmlError, OpcError):
        return None


def _stored(data: bytes) -> bytes | None:
    """The package `data` with its parts stored, not deflated (None if it is
    not a zip): the copy kept in the process opens without inflating them."""
    out = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
        ):
            for info in source.infolist():
                target.writestr(info.filename, source.read(info))
    except (BadZipFile, zlib.error, EOFError, ValueError, OSError):
        return None
    return out.getvalue()


@functools.cache
def _writer_code() -> tuple[Path, ...]:
    return tuple(sorted([*HERE.glob("*.py"), *HERE.parent.glob("*.py")]))


class DocxWriter(WordSections, WordContents, WordFigures, WordDiagram, Visitor):
    """Writes one document tree into a fresh Word document.

    `pages` (heading index -> page number, e.g. from the PDF) pre-fill the
    table of contents until Word updates it.
    """

    def __init__(self, sheet: StyleSheet, pages: dict[int, str] | None = None):
        self.sheet = sheet
        self.pages = pages or {}
        self.document: ir.Document | None = None
        self.sections = 0  # sections visited
        self.first_numbered: int | None = None
        self.doc: docx.document.Document | None = None
        self.info: ir.DocumentInfo | None = None
        self.section: ir.Section | None = None  # the section before
        self.text_width = 0.0
        self.text_height = 0.0
        self.bold_family = layout.bold_face(sheet).family
        self._style_ids: dict[str, str] = {}
        self.bookmarks = Bookmarks()
        self.released: ReleasedBody | None = None  # the body's finished blocks, let go
        self.keep_table_with_heading = False  # the next table's first row keeps with next
        self.changes: TrackedChanges | None = None

    def style(self, name: str) -> str:
        return word_style_name(self.sheet, name)

    def add_paragraph(self, container, style: str):
        """A new paragraph (w:p) at the end of `container` (the body or a
        w:tc) in style-sheet style `style`."""
        return body.paragraph(container, self.style_id(style))

    def style_id(self, style: str) -> str:
        """The Word style id of style-sheet style `style`, looked up once per
        base document: python-docx's own lookup (`add_paragraph(style=…)`,
        `paragraph.style = …`) scans every style each time."""
        style_id = self._style_ids.get(style)
        if style_id is None:
            style_id = self._style_ids[style] = self.doc.styles[self.style(style)].style_id
        return style_id

    # -- structure ---------------------------------------------------------------

    def visit_document(self, node: ir.Document) -> bytes:
        info = self.info = node.info
        self.changes = TrackedChanges(info.reviser, _change_date(info))
        self.document = node
        self.first_numbered = layout.first_numbered(node)
        self.heading_indexes = {id(h): i for i, h in enumerate(layout.headings(node))}
        self.heading_sections = [
            s for s in node.sections for b in s.children if isinstance(b, ir.Heading)
        ]  # by heading index (layout.headings)
        self.contents_marks: dict[int, str] = {}  # contents.py: headings named by PAGEREF
        self.contents_range_end: int | None = None
        self.doc = self._base(info.lang)
        self.body = self.doc.element.body
        self.released = ReleasedBody(self.doc)
        self._properties(info)
        for section in node.sections:
            self.visit(section)
        reading = self.released.reading()
        self.bookmarks.record(self.doc, reading, info.stamp, info.reviser, _change_date(info))
        if self.sheet.embed_fonts:
            characters = document_characters(self.doc, self.released.characters)
            embed_fonts(self.doc, self.sheet, characters)
        main = self.doc.part.partname.membername
        entries = [
            (name, self.released.document_xml(blob) if name == main else blob)
            for name, blob in internals.package_entries(self.doc)
        ]
        return zip_entries(entries, info.date)

    def _base(self, lang: str) -> docx.document.Document:
        """A fresh copy of the empty document with our styles, settings and
        fonts, made once per style sheet and language (installing the styles
        is most of a small document's time) and kept in the process and in the
        per-user cache. A cached copy that does not open is made again."""
        key = base_key(self.sheet, lang)
        kept = _BASES.pop(key, None)
        document = _open(kept) if kept else None
        if document is None:
            found = cache.load("docx-base", key)
            kept = _stored(found) if found else None
            document = _open(kept) if kept else None
        if document is None:
            found = self._make_base(lang)
            cache.save("docx-base", key, found)
            kept = _stored(found)
            document = internals.open_keeping_styles(kept)
        _BASES[key] = kept  # the most recent last
        self._style_ids = _STYLE_IDS.pop(key, None) or {}
        _STYLE_IDS[key] = self._style_ids
        while len(_BASES) > BASES_KEPT:
            del _BASES[next(iter(_BASES))]
        while len(_STYLE_IDS) > BASES_KEPT:
            del _STYLE_IDS[next(iter(_STYLE_IDS))]
        return document

    def _make_base(self, lang: str) -> bytes:
        self.doc = docx.Document()
        install_styles(self.doc, self.sheet, lang)
        ooxml.japanese_settings(self.doc.settings.element, lang)
        self._font_table()
        self._drop_template_leftovers()
        # The template's empty first paragraph would be a stray blank line.
        element = self.doc.element.body
        for paragraph in list(self.doc.paragraphs):
            element.remove(internals.paragraph_element(paragraph))
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _font_table(self) -> None:
        """Declare our faces in fontTable.xml and make them the theme's fonts (docs/docx.md)."""
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        fonts = internals.part_xml(part)
        declared = set()
        for face in self.sheet.fonts.values():
            if face.family in declared:
                continue
            declared.add(face.family)
            entry = font_table_entry(face)
            ooxml.declare_font(
                fonts,
                entry.name,
                entry.alt_name,
                entry.panose,
                entry.charset,
                entry.family,
                entry.pitch,
                entry.sig,
            )
        internals.replace_part_xml(part, fonts)
        theme = self.doc.part.part_related_by(RT.THEME)
        element = internals.part_xml(theme)
        heading = self.sheet.fonts[self.sheet.paragraph("heading-1").font].family
        body_family = self.sheet.fonts[self.sheet.paragraph("body").font].family
        ooxml.theme_fonts(element, major=heading, minor=body_family)
        internals.replace_part_xml(theme, element)

    def _drop_template_leftovers(self) -> None:
        """The template's Word 2007 style copy (theme fonts) and its blank thumbnail."""
        for rId, rel in list(self.doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                self.doc.part.drop_rel(rId)
        package_rels = self.doc.part.package.rels
        for rId, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package_rels.pop(rId)

    def _properties(self, info: ir.DocumentInfo) -> None:
        props = self.doc.core_properties
        props.title = info.title
        props.author = info.author
        props.subject = info.subject
        props.language = info.lang
        props.last_modified_by = info.author
        props.comments = ""  # the template says "generated by python-docx"
        props.revision = 1
        if info.date:  # from the content, so two builds give the same document
            stamp = datetime.combine(info.date, time())
            props.created = stamp
            props.modified = stamp

    def visit_section(self, node: ir.Section) -> None:
        title = layout.title_page(self.sheet, node)
        if title is not None:  # a Word section of its own, then the chapter's
            self.title_page(node, self.sections, title)
        else:
            self.start_section(node, self.sections)
        self.sections += 1
        self.section = node
        kept = layout.kept_with_next(self.sheet, node.children)
        for index, block in enumerate(node.children):
            if title is not None and index == 0:
                continue
            self.released.release()  # the blocks before are done
            self.keep_table_with_heading = index - 1 in kept and isinstance(block, ir.Table)
            made = self.visit(block, self.body)
            if index in kept:
                body.keep_with_next(made)

    # -- blocks (container: the document body or a table cell) -------------------

    def visit_heading(self, node: ir.Heading, container) -> None:
        paragraph = self.add_paragraph(container, layout.heading_style(node.level))
        self.inlines(paragraph, layout.numbered(node))
        self.mark_heading(node, paragraph)
        return paragraph

    def visit_paragraph(self, node: ir.Paragraph, container) -> None:
        paragraph = self.add_paragraph(container, node.style)
        self.inlines(paragraph, node.children)
        return paragraph

    def visit_list(self, node: ir.List, container) -> None:
        for item in node.items:
            self.visit(item, container)

    def visit_page_break(self, node: ir.PageBreak, container) -> None:
        self.doc.add_page_break()

    def visit_table(self, node: ir.Table, container) -> None:
        """The table as one Word table per part (see word_table_parts): a
        group whose label must stand on its continuation pages is a table of
        its own, that label a header row repeating under the column heads."""
        grid = layout.cell_grid(node)
        tied = layout.joined_below(grid)
        first = None  # (only the first part is kept: a part let go must not be held)
        for part in word_table_parts(node, tied):
            if first is not None:  # Word joins two tables with nothing between them
                table_gap(self.add_paragraph(container, "note"), self.sheet.table(node.style))
                if container is self.body:
                    self.released.release()  # a long table's finished parts
            table = self._word_table(node, container, part, grid, tied)
            first = table if first is None else first
        # Word draws nothing between a table and the next one: keep a gap.
        if container is self.body:
            self.add_paragraph(self.body, "note")
        return first

    def _word_table(self, node: ir.Table, container, part, grid, tied):
        """One Word table of `node`'s rows `part` (indices; its repeating
        rows first), the columns and borders of the whole."""
        style = self.sheet.table(node.style)
        total = sum(node.widths)
        # Whole twips that add up to the text width: the grid and the cells agree.
        twips = shares(round(self.text_width * TWIPS_PER_PT), node.widths)
        table = body.table(container, twips)
        ooxml.left_fixed_table(table)
        ooxml.table_borders(table, style.rule, style.frame)
        padding = layout.cell_padding(style)
        ooxml.fixed_table(
            table,
            sum(twips),
            top=round(padding.top * TWIPS_PER_PT),
            side=round(padding.side * TWIPS_PER_PT),
            bottom=round(padding.bottom * TWIPS_PER_PT),
        )
        points = [self.text_width * w / total for w in node.widths]
        for index, repeats in part:
            row = node.rows[index]
            height = estimated_row_height(row, points, self.sheet, style.padding)
            # A row taller than a fifth of the page may split at a line, as the
            # PDF splits it between measures: kept whole, it would leave the
            # page it does not fit on that much empty (or overrun a page).
            fits = height <= self.text_height * layout.FILL_SHARE
            self.visit(row, table, twips, style, fits, grid[index], tied[index], repeats)
            if self.keep_table_with_heading and container is self.body:  # before it may go
                keep_first_row_with_next(table)
                self.keep_table_with_heading = False
            if container is self.body:
                self.released.release_rows(table)
        return table

    def visit_row(self, node: ir.Row, table, twips, style, fits, placed, tied, repeats) -> None:
        """A row; `placed` is its cells in the grid (layout.cell_grid): a cell
        covered from the row above continues that cell's vertical merge;
        `tied` keeps the row on the page of the next (a cell spans both);
        `repeats` makes it a header row, drawn again on every page."""
        row = body.row(table, cant_split=fits, header=repeats)
        fill = layout.row_fill(style, node)
        fill = fill.lstrip("#") if fill else None
        placed = [p for p in placed if p.column < len(twips)]
        kept = layout.keeps_with_next(node) or tied
        for p in placed:
            width = sum(twips[p.column : p.column + p.span])
            merge = "continue" if p.cell is None else "restart" if p.rows > 1 else None
            cell = body.cell(row, width, p.span, merge, fill)
            if p.cell is None:
                continue
            self.visit(p.cell, cell)
            if kept:
                for paragraph in body.paragraphs(cell):
                    body.keep_with_next(paragraph)
        # Columns no cell reaches keep a new row's cells (python-docx's add_row).
        for column in range(sum(p.span for p in placed), len(twips)):
            body.cell(row, twips[column])

    def visit_cell(self, node: ir.Cell, cell) -> None:
        for block in node.children:
            self.visit(block, cell)
        # A new cell holds one empty paragraph; drop it once there is content.
        paragraphs = body.paragraphs(cell)
        if len(paragraphs) > 1:
            cell.remove(paragraphs.pop(0))
        if node.align:  # the cell's alignment over its paragraphs' (numbers right)
            for paragraph in paragraphs:
                body.align(paragraph, body.JUSTIFICATION[node.align])

    # -- inlines -------------------------------------------------------------------

    def inlines(self, paragraph, nodes: list[ir.Inline], underline=False, bold=False) -> None:
        for node in nodes:
            self.visit(node, paragraph, underline, bold)

    def visit_text(self, node: ir.Text, paragraph, underline: bool, bold: bool) -> None:
        run = body.run(paragraph, node.text)
        if underline or bold:  # w:u single: 傍線 on the changed words
            body.run_look(run, underline, self.bold_family if bold else None)

    def visit_underline(self, node: ir.Underline, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, True, bold)

    def visit_strong(self, node: ir.Strong, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, underline, True)

    def visit_line_break(self, node: ir.LineBreak, paragraph, underline: bool, bold: bool) -> None:
        body.line_break(paragraph)

    def visit_anchor(self, node: ir.Anchor, paragraph, underline: bool, bold: bool) -> None:
        if not node.name:
            self.inlines(paragraph, node.children, underline, bold)
            return
        bookmark = self.bookmarks.start(paragraph, node.name)
        self.inlines(paragraph, node.children, underline, bold)
        self.bookmarks.end(paragraph, bookmark)

    def visit_inserted(self, node: ir.Inserted, paragraph, underline: bool, bold: bool) -> None:
        self.changes.wrap(paragraph, "ins", self.inlines, node.children, underline, bold)

    def visit_deleted(self, node: ir.Deleted, paragraph, underline: bool, bold: bool) -> None:
        self.changes.wrap(paragraph, "del", self.inlines, node.children, underline, bold)


def _change_date(info: ir.DocumentInfo) -> str:
    """The date of the writer's own tracked changes: the document's (reproducible)."""
    return f"{info.date.isoformat()}T00:00:00Z" if info.date else ""


def word_table_parts(table: ir.Table, tied: list[bool]) -> list[list[tuple[int, bool]]]:
    """The Word tables `table` is written as: each a list of (row index,
    repeats). Word repeats only a table's leading header rows, so a group
    whose label the template wants on its continuation pages (a group row
    followed by its `continued` row) starts a table of its own whose header
    rows are the column heads and that label row — the label repeats as
    written, 「（…）（続き）」 being for the PDF (docs/docx.md). A group that a
    cell from above spans into stays where it is. `continued` rows are not
    written: their label is the repeated group row."""
    heads = [(i, True) for i in range(table.header_rows)]
    parts: list[list[tuple[int, bool]]] = [list(heads)]
    rows = table.rows
    for index in range(table.header_rows, len(rows)):
        row = rows[index]
        if row.kind == layout.CONTINUED:
            continue
        follows = index + 1 < len(rows) and rows[index + 1].kind == layout.CONTINUED
        if row.kind == "group" and follows and not (index and tied[index - 1]):
            if len(parts[-1]) == len(heads):  # nothing but the heads yet
                parts.pop()
            parts.append([*heads, (index, True)])
        else:
            parts[-1].append((index, False))
    return parts


def table_gap(paragraph, style) -> None:
    """The empty paragraph between two parts of one table: a small fixed
    gap (the cell padding), so the parts read as one table's blocks."""
    fmt = Paragraph(paragraph, None).paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(style.padding)


def keep_first_row_with_next(table) -> None:
    """Mark the first row's paragraphs keep-with-next: Word and LibreOffice
    keep a paragraph with a table below it only when that row is marked too."""
    for cell in table.find(body.TR).iterchildren(body.TC):
        for paragraph in body.paragraphs(cell):
            body.keep_with_next(paragraph)


@functools.lru_cache(maxsize=4096)  # a rebuild meets the same cells again
def _ems(line: str) -> float:
    """A line's width in ems: full-width characters one, half-width a half."""
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1 for c in line)


def estimated_row_height(row: ir.Row, widths: list[float], sheet: StyleSheet, padding: float):
    """A generous estimate of a row's height in points (full-width characters
    one em wide, half-width half), to decide whether it can be kept whole."""
    tallest = 0.0
    column = 0
    for cell in row.cells:
        width = sum(widths[column : column + cell.span]) - 2 * padding
        column += cell.span
        height = 0.0
        for block in cell.children:
            for paragraph in block.items if isinstance(block, ir.List) else [block]:
                if not isinstance(paragraph, (ir.Paragraph, ir.Heading)):
                    continue
                style = sheet.paragraph(getattr(paragraph, "style", "cell"))
                lines = 0
                for line in ir.plain_text(paragraph.children).split("\n"):
                    ems = _ems(line) + style.indent + style.hanging
                    lines += max(1, math.ceil(ems * style.size / max(width, style.size)))
                height += lines * style.leading + style.space_before + style.space_after
        tallest = max(tallest, height)
    return tallest + 1.75 * padding
