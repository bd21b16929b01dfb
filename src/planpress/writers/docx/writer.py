"""The DOCX writer: one handler per node kind, python-docx's public API first."""

from __future__ import annotations

import io
from datetime import datetime, time

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from ... import ir
from ...style import StyleSheet
from ..base import Visitor
from . import ooxml
from .styles import install_styles, word_style_name


class DocxWriter(Visitor):
    """Writes one document tree into a fresh Word document."""

    def __init__(self, sheet: StyleSheet):
        self.sheet = sheet
        self.doc = docx.Document()
        self.orientation: str | None = None
        self.text_width = 0.0
        self.bold_family = next(
            (f.family for f in sheet.fonts.values() if f.bold), sheet.fonts["mincho"].family
        )

    # -- structure ---------------------------------------------------------------

    def visit_document(self, node: ir.Document) -> bytes:
        info = node.info
        install_styles(self.doc, self.sheet, info.lang)
        ooxml.japanese_settings(self.doc.settings.element)
        self._properties(info)
        # The template's empty first paragraph would be a stray blank line.
        body = self.doc.element.body
        for paragraph in list(self.doc.paragraphs):
            body.remove(paragraph._p)
        for section in node.sections:
            self.visit(section)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _properties(self, info: ir.DocumentInfo) -> None:
        props = self.doc.core_properties
        props.title = info.title
        props.author = info.author
        props.subject = info.subject
        props.language = info.lang
        props.last_modified_by = info.author
        props.revision = 1
        if info.date:  # from the content, so two builds give the same document
            stamp = datetime.combine(info.date, time())
            props.created = stamp
            props.modified = stamp

    def visit_section(self, node: ir.Section) -> None:
        if node.orientation == self.orientation:
            for block in node.children:
                self.visit(block, self.doc)
            return
        section = (
            self.doc.sections[0]
            if self.orientation is None
            else self.doc.add_section(WD_SECTION.NEW_PAGE)
        )
        self.orientation = node.orientation
        (width, height), margins = self.sheet.page(node.orientation)
        section.orientation = (
            WD_ORIENT.LANDSCAPE if node.orientation == "landscape" else WD_ORIENT.PORTRAIT
        )
        section.page_width, section.page_height = Pt(width), Pt(height)
        section.top_margin, section.bottom_margin = Pt(margins.top), Pt(margins.bottom)
        section.left_margin, section.right_margin = Pt(margins.left), Pt(margins.right)
        self.text_width = width - margins.left - margins.right
        for block in node.children:
            self.visit(block, self.doc)

    # -- blocks (container: the document body or a table cell) -------------------

    def visit_heading(self, node: ir.Heading, container) -> None:
        paragraph = container.add_paragraph(style=word_style_name(f"heading-{min(node.level, 3)}"))
        self.inlines(paragraph, node.children)

    def visit_paragraph(self, node: ir.Paragraph, container) -> None:
        paragraph = container.add_paragraph(style=word_style_name(node.style))
        self.inlines(paragraph, node.children)

    def visit_list(self, node: ir.List, container) -> None:
        for item in node.items:
            self.visit(item, container)

    def visit_page_break(self, node: ir.PageBreak, container) -> None:
        self.doc.add_page_break()

    def visit_table(self, node: ir.Table, container) -> None:
        columns = len(node.widths)
        style = self.sheet.table(node.style)
        table = container.add_table(rows=0, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        ooxml.table_borders(table, style.rule, style.frame)
        total = sum(node.widths)
        widths = [Pt(self.text_width * w / total) for w in node.widths]
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in node.rows:
            self.visit(row, table, widths, style)
        # Word draws nothing between a table and the next one: keep a gap.
        if container is self.doc:
            self.doc.add_paragraph(style=word_style_name("note"))

    def visit_row(self, node: ir.Row, table, widths, style) -> None:
        row = table.add_row()
        if node.kind == "header":
            ooxml.repeat_as_header(row)
        ooxml.keep_row_on_one_page(row)
        column = 0
        for cell_node in node.cells:
            cell = row.cells[column]
            if cell_node.span > 1:
                cell = cell.merge(row.cells[column + cell_node.span - 1])
            for index in range(column, column + cell_node.span):
                row.cells[index].width = widths[index]
            fill = {"header": style.header_fill, "group": style.group_fill}.get(node.kind)
            if fill:
                ooxml.shade_cell(cell, fill.lstrip("#"))
            self.visit(cell_node, cell)
            column += cell_node.span

    def visit_cell(self, node: ir.Cell, cell) -> None:
        for block in node.children:
            self.visit(block, cell)
        # A new cell holds one empty paragraph; drop it once there is content.
        paragraphs = cell.paragraphs
        if len(paragraphs) > 1 and not paragraphs[0].text:
            paragraphs[0]._p.getparent().remove(paragraphs[0]._p)

    # -- inlines -------------------------------------------------------------------

    def inlines(self, paragraph, nodes: list[ir.Inline], underline=False, bold=False) -> None:
        for node in nodes:
            self.visit(node, paragraph, underline, bold)

    def visit_text(self, node: ir.Text, paragraph, underline: bool, bold: bool) -> None:
        run = paragraph.add_run(node.text)
        if underline:
            run.font.underline = True
        if bold:
            run.font.bold = True
            ooxml.set_fonts(run._r.get_or_add_rPr(), self.bold_family)

    def visit_underline(self, node: ir.Underline, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, True, bold)

    def visit_strong(self, node: ir.Strong, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, underline, True)

    def visit_line_break(self, node: ir.LineBreak, paragraph, underline: bool, bold: bool) -> None:
        paragraph.add_run().add_break()
