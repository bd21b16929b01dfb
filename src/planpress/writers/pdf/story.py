"""What goes on the pages: the document tree → ReportLab flowables.

Pure story building (no canvas): one handler per node kind. How pages are
drawn (templates, header, footer, outline) lives in pages.py.
"""

from __future__ import annotations

from dataclasses import replace

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
from planpress.writers.pdf.diagram import DiagramFlowable
from planpress.writers.pdf.figure import figure_flowables
from planpress.writers.pdf.pages import SectionStart
from planpress.writers.pdf.table import TableRow, TableSpec, WindowedTable
from planpress.writers.pdf.toc import toc_flowables
from planpress.writers.style import StyleSheet

KEEP_LINES = 6  # body lines that must fit below a heading


class PdfStory(InlineRuns, Visitor):
    """Builds the flowables of a document for a given style sheet."""

    def __init__(self, sheet: StyleSheet, fonts: dict[str, str]):
        self.sheet = sheet
        self.fonts = fonts
        self.tocs = 0  # tables of contents visited (their forms' names)
        self.document: ir.Document | None = None
        self.heading_index: dict[int, int] = {}  # id(heading) -> index in layout.headings
        self.section: ir.Section | None = None  # the section before
        self.sections = 0  # sections visited
        self.frame_width = 0.0
        self.frame_height = 0.0

    def paragraph(self, inlines: list[ir.Inline], style: str) -> Flowable:
        return ComposedParagraph(inlines, self.sheet.paragraph(style), self.fonts)

    # -- block handlers ---------------------------------------------------------

    def visit_document(self, node: ir.Document) -> list[Flowable]:
        self.document = node
        self.heading_index = {id(h): i for i, h in enumerate(layout.headings(node))}
        story: list[Flowable] = []
        for section in node.sections:
            story.extend(self.visit(section))
        return story

    def visit_section(self, node: ir.Section) -> list[Flowable]:
        story: list[Flowable] = []
        if layout.new_page_before(self.section, node):
            story += [NextPageTemplate(node.orientation), PageBreak()]
        story.append(SectionStart(self.sections))  # header and numbering from here (pages.py)
        self.sections += 1
        self.section = node
        size, margins = self.sheet.page(node.orientation)
        self.frame_width = size[0] - margins.left - margins.right
        self.frame_height = size[1] - margins.top - margins.bottom
        for block in node.children:
            story.extend(self.visit(block))
        first = next(i for i, f in enumerate(story) if isinstance(f, SectionStart)) + 1
        if layout.opens_with_space(node) and first < len(story):
            story[first:first] = self._space_on_top(story[first])
        return story

    def _space_on_top(self, first: Flowable) -> list[Flowable]:
        """ReportLab drops the space before a page's first flowable; Word and
        LibreOffice keep it after a section break (the cover title sits a
        third of the way down): the same space as a spacer, which it keeps."""
        space = first.getSpaceBefore() if isinstance(first, ComposedParagraph) else 0.0
        if not space:
            return []
        first.spaceBefore = 0.0
        return [Spacer(1, space)]

    def visit_heading(self, node: ir.Heading) -> list[Flowable]:
        name = layout.heading_style(node.level)
        flowable = self.paragraph(layout.numbered(node), name)
        # read by pages.py: the bookmark, the page for the contents
        if layout.in_outline(node.level):
            flowable._outline = (node.level, layout.heading_text(node))
        flowable._heading_index = self.heading_index.get(id(node))
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
        grid = layout.cell_grid(node)
        joined = layout.joined_below(grid)
        rows = [
            self.visit(row, widths, style, placed, tied)
            for row, placed, tied in zip(node.rows, grid, joined)
        ]
        count = node.header_rows
        spec = TableSpec(widths, commands, rows[:count], self.frame_height)
        return [WindowedTable(spec, rows[count:]), Spacer(1, style.padding * 2)]

    def visit_row(self, node: ir.Row, widths: list[float], style, placed, tied) -> TableRow:
        """A row; `placed` is its cells in the grid (layout.cell_grid), `tied`
        whether a cell spanning rows joins it to the next row."""
        cells: list = [""] * len(widths)  # span placeholders are empty strings
        commands: list[tuple] = []  # for row 0: a table piece shifts them
        for p in placed:
            if p.cell is None or p.column >= len(widths):
                continue
            cells[p.column] = self.visit(p.cell)
            if p.span > 1 or p.rows > 1:
                last = min(p.column + p.span, len(widths)) - 1
                commands.append(("SPAN", (p.column, 0), (last, p.rows - 1)))
        fill = layout.row_fill(style, node)
        if fill:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(fill)))
        return TableRow(cells, commands, sticky=layout.keeps_with_next(node) or tied)

    def visit_cell(self, node: ir.Cell) -> list[Flowable]:
        flowables: list[Flowable] = []
        for block in node.children:
            flowables.extend(self.visit(block))
        if node.align:  # the cell's alignment over its paragraphs' (numbers right)
            for flowable in flowables:
                if isinstance(flowable, ComposedParagraph):
                    flowable.style = replace(flowable.style, align=node.align)
        return flowables

    # -- the book: contents, figures, the 施策体系図 ---------------------------------

    def visit_toc(self, node: ir.Toc) -> list[Flowable]:
        entries = layout.contents(self.document, node)
        self.tocs += 1
        return toc_flowables(self.sheet, self.fonts, node, entries, f"toc{self.tocs}")

    def visit_figure(self, node: ir.Figure) -> list[Flowable]:
        style = self.sheet.paragraph("figure")
        caption = self.paragraph(node.caption, "caption") if node.caption else None
        return [
            Spacer(1, style.space_before),
            *figure_flowables(node, self.frame_width, self.frame_height, caption),
        ]

    def visit_diagram(self, node: ir.Diagram) -> list[Flowable]:
        diagram = DiagramFlowable(node, self.sheet, self.fonts, self.frame_height)
        return [diagram, Spacer(1, self.sheet.diagram.group_gap)]
