"""The DOCX writer: one handler per node kind, python-docx's public API first."""

from __future__ import annotations

import io
import math
import unicodedata
from datetime import datetime, time

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt, Twips

from planpress import ir
from planpress.writers import layout
from planpress.writers.base import Visitor
from planpress.writers.docx import internals, ooxml
from planpress.writers.docx.fonts import font_table_entry
from planpress.writers.docx.styles import install_styles, word_style_name
from planpress.writers.style import StyleSheet

TWIPS_PER_PT = 20
# A row estimated taller than this share of the page's text height may split:
# Word and LibreOffice would otherwise push it past the page or cut it off.
ROW_FITS_SHARE = 0.85


_BASES: dict[tuple[int, str], tuple[StyleSheet, bytes]] = {}  # see DocxWriter._base


class DocxWriter(Visitor):
    """Writes one document tree into a fresh Word document."""

    def __init__(self, sheet: StyleSheet):
        self.sheet = sheet
        self.doc: docx.document.Document | None = None
        self.info: ir.DocumentInfo | None = None
        self.section: ir.Section | None = None  # the section before
        self.text_width = 0.0
        self.text_height = 0.0
        self.bold_family = layout.bold_face(sheet).family
        self._style_ids: dict[str, str] = {}

    def style(self, name: str) -> str:
        return word_style_name(self.sheet, name)

    def add_paragraph(self, container, style: str):
        """A new paragraph in `container` in style-sheet style `style`.

        The style id is looked up once per document: python-docx's own
        `add_paragraph(style=…)` scans every style for each paragraph.
        """
        style_id = self._style_ids.get(style)
        if style_id is None:
            style_id = self._style_ids[style] = self.doc.styles[self.style(style)].style_id
        paragraph = container.add_paragraph()
        ooxml.set_paragraph_style(paragraph, style_id)
        return paragraph

    # -- structure ---------------------------------------------------------------

    def visit_document(self, node: ir.Document) -> bytes:
        info = self.info = node.info
        self.doc = docx.Document(io.BytesIO(self._base(info.lang)))
        self._properties(info)
        for section in node.sections:
            self.visit(section)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _base(self, lang: str) -> bytes:
        """An empty document with our styles, settings and fonts, made once per
        style sheet and language (installing the styles is most of a small
        document's time)."""
        key = (id(self.sheet), lang)
        cached = _BASES.get(key)
        if cached is None or cached[0] is not self.sheet:
            self.doc = docx.Document()
            install_styles(self.doc, self.sheet, lang)
            ooxml.japanese_settings(self.doc.settings.element, lang)
            self._font_table()
            self._drop_template_leftovers()
            # The template's empty first paragraph would be a stray blank line.
            body = self.doc.element.body
            for paragraph in list(self.doc.paragraphs):
                body.remove(internals.paragraph_element(paragraph))
            buffer = io.BytesIO()
            self.doc.save(buffer)
            cached = _BASES[key] = (self.sheet, buffer.getvalue())
        return cached[1]

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
        body = self.sheet.fonts[self.sheet.paragraph("body").font].family
        ooxml.theme_fonts(element, major=heading, minor=body)
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
        first = self.section is None
        if first or layout.new_page_before(self.section, node):
            self._page_setup(node.orientation, first)
        self.section = node
        for block in node.children:
            self.visit(block, self.doc)

    def _page_setup(self, orientation: str, first: bool) -> None:
        """Start a Word section: page size, margins, running header and footer."""
        section = self.doc.sections[0] if first else self.doc.add_section(WD_SECTION.NEW_PAGE)
        (width, height), margins = self.sheet.page(orientation)
        section.orientation = (
            WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
        )
        section.page_width, section.page_height = Pt(width), Pt(height)
        section.top_margin, section.bottom_margin = Pt(margins.top), Pt(margins.bottom)
        section.left_margin, section.right_margin = Pt(margins.left), Pt(margins.right)
        # Header and footer midway in the margin, as the PDF draws them.
        section.header_distance = Pt(max(margins.top / 2 - self.sheet.header.size, 0))
        section.footer_distance = Pt(max(margins.bottom / 2 - self.sheet.footer.size / 2, 0))
        ooxml.no_line_grid(internals.section_properties(section))
        self.text_width = width - margins.left - margins.right
        self.text_height = height - margins.top - margins.bottom
        if first:
            self._running_header_and_footer(section)
        else:  # the header is inherited; only the document's first page has none
            section.different_first_page_header_footer = False

    def _running_header_and_footer(self, section) -> None:
        """The running header (the template's text) from page 2, page number on every page.

        The first page carries the handout number and meeting in its body (the
        title block), so its header is empty. Later sections inherit these.
        """
        info = self.info
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.style = self.style("header")
        header.add_run(info.header)
        section.first_page_header.paragraphs[0].style = self.style("header")
        for footer in (section.footer, section.first_page_footer):
            paragraph = footer.paragraphs[0]
            paragraph.style = self.style("footer")
            before, after = layout.page_number_parts(self.sheet)
            if before:
                paragraph.add_run(before)
            ooxml.field(paragraph, "PAGE", "1")
            if after:
                paragraph.add_run(after)

    # -- blocks (container: the document body or a table cell) -------------------

    def visit_heading(self, node: ir.Heading, container) -> None:
        paragraph = self.add_paragraph(container, layout.heading_style(node.level))
        self.inlines(paragraph, node.children)

    def visit_paragraph(self, node: ir.Paragraph, container) -> None:
        paragraph = self.add_paragraph(container, node.style)
        self.inlines(paragraph, node.children)

    def visit_list(self, node: ir.List, container) -> None:
        for item in node.items:
            self.visit(item, container)

    def visit_page_break(self, node: ir.PageBreak, container) -> None:
        self.doc.add_page_break()

    def visit_table(self, node: ir.Table, container) -> None:
        style = self.sheet.table(node.style)
        table = container.add_table(rows=0, cols=len(node.widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        total = sum(node.widths)
        # Whole twips that add up to the text width: the grid and the cells agree.
        twips = _shares(round(self.text_width * TWIPS_PER_PT), node.widths)
        ooxml.table_borders(table, style.rule, style.frame)
        padding = layout.cell_padding(style)
        ooxml.fixed_table(
            table,
            sum(twips),
            top=round(padding.top * TWIPS_PER_PT),
            side=round(padding.side * TWIPS_PER_PT),
            bottom=round(padding.bottom * TWIPS_PER_PT),
        )
        for column, width in zip(table.columns, twips):
            column.width = Twips(width)
        header_height = 0.0
        for row in node.rows:
            points = [self.text_width * w / total for w in node.widths]
            height = estimated_row_height(row, points, self.sheet, style.padding)
            fits = header_height + height <= self.text_height * ROW_FITS_SHARE
            self.visit(row, table, twips, style, fits)
            if row.kind == "header":
                header_height += height
        # Word draws nothing between a table and the next one: keep a gap.
        if container is self.doc:
            self.add_paragraph(self.doc, "note")

    def visit_row(self, node: ir.Row, table, twips, style, fits: bool) -> None:
        row = table.add_row()
        if node.kind == "header":
            ooxml.repeat_as_header(row)
        if fits:
            ooxml.keep_row_on_one_page(row)
        fill = layout.row_fill(style, node)
        column = 0
        cells = ooxml.spanned_cells(row, table, [c.span for c in node.cells])
        for cell_node, cell in zip(node.cells, cells):
            cell.width = Twips(sum(twips[column : column + cell_node.span]))
            if fill:
                ooxml.shade_cell(cell, fill.lstrip("#"))
            self.visit(cell_node, cell)
            if layout.keeps_with_next(node):
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
            column += cell_node.span

    def visit_cell(self, node: ir.Cell, cell) -> None:
        for block in node.children:
            self.visit(block, cell)
        # A new cell holds one empty paragraph; drop it once there is content.
        paragraphs = cell.paragraphs
        if len(paragraphs) > 1 and not paragraphs[0].text:
            empty = internals.paragraph_element(paragraphs[0])
            empty.getparent().remove(empty)

    # -- inlines -------------------------------------------------------------------

    def inlines(self, paragraph, nodes: list[ir.Inline], underline=False, bold=False) -> None:
        for node in nodes:
            self.visit(node, paragraph, underline, bold)

    def visit_text(self, node: ir.Text, paragraph, underline: bool, bold: bool) -> None:
        run = paragraph.add_run(node.text)
        if underline:
            run.font.underline = True  # w:u single: 傍線 on the changed words
        if bold:
            run.font.bold = True
            ooxml.set_fonts(internals.run_element(run).get_or_add_rPr(), self.bold_family)

    def visit_underline(self, node: ir.Underline, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, True, bold)

    def visit_strong(self, node: ir.Strong, paragraph, underline: bool, bold: bool) -> None:
        self.inlines(paragraph, node.children, underline, True)

    def visit_line_break(self, node: ir.LineBreak, paragraph, underline: bool, bold: bool) -> None:
        paragraph.add_run().add_break()


def _shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole units adding up to `total`."""
    cuts = [round(total * sum(weights[: i + 1]) / sum(weights)) for i in range(len(weights))]
    return [b - a for a, b in zip([0, *cuts], cuts)]


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
                    ems = sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1 for c in line)
                    ems += style.indent + style.hanging
                    lines += max(1, math.ceil(ems * style.size / max(width, style.size)))
                height += lines * style.leading + style.space_before + style.space_after
        tallest = max(tallest, height)
    return tallest + 1.75 * padding
