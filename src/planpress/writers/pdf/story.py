"""What goes on the pages: the document tree → ReportLab flowables.

Pure story building (no canvas): one handler per node kind. How pages are
drawn (templates, header, footer, outline) lives in pages.py.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from planpress import ir
from planpress.writers import layout
from planpress.writers.base import Visitor
from planpress.writers.pdf.composed import ComposedParagraph, InlineRuns
from planpress.writers.pdf.table import TableRow, TableSpec, WindowedTable
from planpress.writers.style import StyleSheet

KEEP_LINES = 6  # body lines that must fit below a heading


class PdfStory(InlineRuns, Visitor):
    """Builds the flowables of a document for a given style sheet."""

    def __init__(self, sheet: StyleSheet, fonts: dict[str, str]):
        self.sheet = sheet
        self.fonts = fonts
        self.section: ir.Section | None = None  # the section before
        self.frame_width = 0.0
        self.frame_height = 0.0

    def paragraph(self, inlines: list[ir.Inline], style: str) -> Flowable:
        return ComposedParagraph(inlines, self.sheet.paragraph(style), self.fonts)

    # -- block handlers ---------------------------------------------------------

    def visit_document(self, node: ir.Document) -> list[Flowable]:
        story: list[Flowable] = []
        for section in node.sections:
            story.extend(self.visit(section))
        return story

    def visit_section(self, node: ir.Section) -> list[Flowable]:
        story: list[Flowable] = []
        if layout.new_page_before(self.section, node):
            story += [NextPageTemplate(node.orientation), PageBreak()]
        self.section = node
        size, margins = self.sheet.page(node.orientation)
        self.frame_width = size[0] - margins.left - margins.right
        self.frame_height = size[1] - margins.top - margins.bottom
        blocks = [self.visit(block) for block in node.children]
        kept = layout.kept_with_next(self.sheet, node.children)
        for index, flowables in enumerate(blocks):
            if index in kept and index - 1 not in kept:
                story.append(self._keep_chain(blocks, index, kept))
            story.extend(flowables)
        return story

    def _keep_chain(self, blocks: list[list[Flowable]], start: int, kept: set[int]) -> Flowable:
        """A conditional page break before a run of blocks kept with what follows
        (a table's heading and caption): the run and a few lines of what
        follows must fit, or the run starts the next page."""
        need = KEEP_LINES * self.sheet.paragraph("body").leading
        index = start
        while index in kept:
            for flowable in blocks[index]:
                if isinstance(flowable, ComposedParagraph):
                    height = flowable.wrap(self.frame_width, self.frame_height)[1]
                    need += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            index += 1
        return CondPageBreak(need)

    def visit_heading(self, node: ir.Heading) -> list[Flowable]:
        name = layout.heading_style(node.level)
        flowable = self.paragraph(node.children, name)
        flowable._outline = (node.level, ir.plain_text(node.children))  # read by pages.py
        # Keep a heading off the foot of a page: start a new page unless a few
        # lines fit below it (ReportLab's keepWithNext would push a whole
        # table along with it).
        style = self.sheet.paragraph(name)
        need = (
            style.space_before + style.leading + KEEP_LINES * self.sheet.paragraph("body").leading
        )
        return [CondPageBreak(need), flowable] if style.keep_with_next else [flowable]

    def visit_paragraph(self, node: ir.Paragraph) -> list[Flowable]:
        return [self.paragraph(node.children, node.style)]

    def visit_list(self, node: ir.List) -> list[Flowable]:
        return [self.paragraph(item.children, item.style) for item in node.items]

    def visit_page_break(self, node: ir.PageBreak) -> list[Flowable]:
        return [PageBreak()]

    def visit_table(self, node: ir.Table) -> list[Flowable]:
        style = self.sheet.table(node.style)
        total = sum(node.widths)
        widths = [self.frame_width * w / total for w in node.widths]
        padding = layout.cell_padding(style)
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # Empty span placeholders are strings: keep them off Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), self.fonts[self.sheet.paragraph("cell").font]),
            ("GRID", (0, 0), (-1, -1), style.rule, colors.black),
            ("BOX", (0, 0), (-1, -1), style.frame, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), padding.side),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding.side),
            ("TOPPADDING", (0, 0), (-1, -1), padding.top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding.bottom),
        ]
        rows = [self.visit(row, widths, style) for row in node.rows]
        count = node.header_rows
        spec = TableSpec(widths, commands, rows[:count], self.frame_height)
        return [WindowedTable(spec, rows[count:]), Spacer(1, style.padding * 2)]

    def visit_row(self, node: ir.Row, widths: list[float], style) -> TableRow:
        cells: list = []
        commands: list[tuple] = []  # for row 0: a table piece shifts them
        column = 0
        for cell in node.cells:
            cells.append(self.visit(cell))
            if cell.span > 1:
                commands.append(("SPAN", (column, 0), (column + cell.span - 1, 0)))
                cells.extend([""] * (cell.span - 1))
            column += cell.span
        cells.extend([""] * (len(widths) - column))
        fill = layout.row_fill(style, node)
        if fill:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(fill)))
        return TableRow(cells, commands, sticky=layout.keeps_with_next(node))

    def visit_cell(self, node: ir.Cell) -> list[Flowable]:
        flowables: list[Flowable] = []
        for block in node.children:
            flowables.extend(self.visit(block))
        return flowables
