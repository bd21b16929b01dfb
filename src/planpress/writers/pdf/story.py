"""What goes on the pages: the document tree → ReportLab flowables.

Pure story building (no canvas): one handler per node kind. Each handler
also makes the node's structure element (tagged PDF, `structure.Element`),
under the element of the node it is in, so the structure tree is the
document tree in reading order; the flowables hold their elements and mark
their content when drawn. How pages are drawn (templates, header, footer,
outline) lives in pages.py.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from planpress.writers.pdf.pages import RightPageBreak, SectionStart
from planpress.writers.pdf.structure import Element, Marks
from planpress.writers.pdf.table import TableRow, TableSpec, WindowedTable
from planpress.writers.pdf.toc import toc_flowables
from planpress.writers.pdf.toc_pages import balanced_contents
from planpress.writers.style import StyleSheet

KEEP_LINES = 6  # body lines that must fit below a heading


class PdfStory(InlineRuns, Visitor):
    """Builds the flowables of a document for a given style sheet."""

    def __init__(self, sheet: StyleSheet, fonts: dict[str, str], marks: Marks | None = None):
        self.sheet = sheet
        self.fonts = fonts
        self.tocs = 0  # tables of contents visited (their forms' names)
        self.document: ir.Document | None = None
        self.heading_index: dict[int, int] = {}  # id(heading) -> index in layout.headings
        self.linked: set[int] = set()  # indexes of the headings the contents link to
        self.section: ir.Section | None = None  # the section before
        self.sections = 0  # sections visited
        self.frame_width = 0.0
        self.frame_height = 0.0
        self.marks = marks if marks is not None else Marks()
        self.parent: Element = self.marks.root  # where the next element goes
        self.cell_role = "TD"  # TH in a header row
        self.heading_level = 0  # of the last heading
        self.title_page: ir.Heading | None = None  # the section's heading set as a 中扉

    def paragraph(
        self,
        inlines: list[ir.Inline],
        style: str,
        role: str = "",
        item: Element | None = None,
        label: str = "",
    ) -> Flowable:
        """A paragraph and its element: `role`, or its style's (P, Note, Caption …);
        `item`: the LI whose LBody it is (its `label` becomes an Lbl when drawn)."""
        paragraph_style = self.sheet.paragraph(style)
        role = role or paragraph_style.role
        note = {"id": self.marks.note_id()} if role == "Note" else {}  # PDF/UA: a Note has an ID
        tag = self.parent.add(role, **note)
        return ComposedParagraph(inlines, paragraph_style, self.fonts, tag, item=item, label=label)

    def heading_role(self, level: int) -> str:
        """H1 … H6 for a heading; like the outline, the structure never skips a
        level (PDF/UA: a heading follows its parent level)."""
        self.heading_level = min(max(level, 1), 6, self.heading_level + 1)
        return f"H{self.heading_level}"

    def element(self, role: str, **kw) -> _Within:
        """`with story.element(role):` the elements made inside go under a new one."""
        return _Within(self, self.parent.add(role, **kw))

    # -- block handlers ---------------------------------------------------------

    def visit_document(self, node: ir.Document) -> list[Flowable]:
        story: list[Flowable] = []
        for flowables in self.section_stories(node):
            story.extend(flowables)
        return story

    def section_stories(self, node: ir.Document) -> Iterator[list[Flowable]]:
        """The flowables of each section of `node` in turn, each made when
        asked for (`LazyStory`)."""
        self.document = node
        self.heading_index = {id(h): i for i, h in enumerate(layout.headings(node))}
        self.linked = {  # headings a contents line links to
            index
            for section in node.sections
            for block in section.children
            if isinstance(block, ir.Toc)
            for index, _ in layout.contents(node, block)
        }
        for section in node.sections:
            yield self.visit(section)

    def visit_section(self, node: ir.Section) -> list[Flowable]:
        story: list[Flowable] = []
        first_numbered = layout.first_numbered(self.document) == self.sections
        if layout.starts_right(self.sheet, self.section, node, first_numbered):
            story += [NextPageTemplate(node.orientation), RightPageBreak()]
        elif layout.new_page_before(self.section, node):
            story += [NextPageTemplate(node.orientation), PageBreak()]
        story.append(SectionStart(self.sections))  # header and numbering from here (pages.py)
        self.sections += 1
        self.section = node
        size, margins = self.sheet.page(node.orientation)
        self.frame_width = size[0] - margins.left - margins.right
        self.frame_height = size[1] - margins.top - margins.bottom
        self.title_page = layout.title_page(self.sheet, node)
        blocks = [self.visit(block) for block in node.children]
        kept = layout.kept_with_next(self.sheet, node.children)
        if self.title_page is not None:
            kept.discard(0)  # the title page ends with its heading
        for index, flowables in enumerate(blocks):
            if index in kept and index - 1 not in kept:
                story.append(self._keep_chain(blocks, index, kept))
            story.extend(flowables)
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
        role = self.heading_role(node.level)
        if node is self.title_page:  # a page of its own, bare (pages.py)
            flowable = self.paragraph(layout.title_page_text(node), layout.CHAPTER_PAGE, role=role)
            flowable._outline = (node.level, layout.heading_text(node))
            flowable._heading_index = self.heading_index.get(id(node))
            flowable._linked = flowable._heading_index in self.linked
            flowable._title_page = True
            return [flowable, PageBreak()]
        flowable = self.paragraph(layout.numbered(node), name, role=role)
        # read by pages.py: the bookmark, the page for the contents
        if layout.in_outline(node.level):
            flowable._outline = (node.level, layout.heading_text(node))
        flowable._heading_index = self.heading_index.get(id(node))
        flowable._linked = flowable._heading_index in self.linked  # a contents line leads here
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
        flowables = []
        with self.element("L"):
            for item in node.items:
                # The label (・, (1)) is the start of the item's text, as the
                # template marked it: drawn, it goes in an Lbl before the LBody.
                with self.element("LI") as li:
                    flowables.append(
                        self.paragraph(
                            item.children, item.style, role="LBody", item=li, label=item.label
                        )
                    )
        return flowables

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
        placement = {id(row): (p, t) for row, p, t in zip(node.rows, grid, joined)}
        made: dict[int, TableRow] = {}  # a group's continued row, made once

        def made_row(row: ir.Row) -> TableRow:
            # Drawn only as a repeat at the top of a continued page (an
            # artifact): made under a detached element, not in the tree.
            if id(row) not in made:
                with _Within(self, Element("TR")):
                    made[id(row)] = self.visit(row, widths, style, *placement[id(row)])
            return made[id(row)]

        flow = layout.continued_labels(node.rows)  # continued rows leave the flow
        count = node.header_rows
        rows: list[TableRow] = []
        with self.element("Table"):
            for part, part_rows in (("THead", flow[:count]), ("TBody", flow[count:])):
                if not part_rows:
                    continue
                with self.element(part):
                    for row, label in part_rows:
                        table_row = self.visit(row, widths, style, *placement[id(row)])
                        table_row.continued = made_row(label) if label else None
                        rows.append(table_row)
        spec = TableSpec(widths, commands, rows[:count], self.frame_height)
        return [WindowedTable(spec, rows[count:]), Spacer(1, style.padding * 2)]

    def visit_row(self, node: ir.Row, widths: list[float], style, placed, tied) -> TableRow:
        """A row; `placed` is its cells in the grid (layout.cell_grid), `tied`
        whether a cell spanning rows joins it to the next row."""
        cells: list = [""] * len(widths)  # span placeholders are empty strings
        commands: list[tuple] = []  # for row 0: a table piece shifts them
        self.cell_role = "TH" if node.kind == "header" else "TD"
        with self.element("TR"):
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
        attributes = cell_attributes(node, self.cell_role) or None
        with self.element(self.cell_role, attributes=attributes) as cell:
            only = node.children[0] if len(node.children) == 1 else None
            if isinstance(only, ir.Paragraph) and self.sheet.paragraph(only.style).role == "P":
                # A cell of one plain paragraph holds its text itself (TD, not
                # TD → P): a long table has thousands of them.
                style = self.sheet.paragraph(only.style)
                if node.align:
                    style = replace(style, align=node.align)
                return [ComposedParagraph(only.children, style, self.fonts, cell)]
            for index, block in enumerate(node.children):
                made = self.visit(block)
                if isinstance(block, ir.Paragraph) and any(
                    isinstance(b, ir.List) for b in node.children[index + 1 :]
                ):
                    for flowable in made:  # it introduces the list: never alone at a page foot
                        flowable.keep_with_items = True
                flowables.extend(made)
        if node.align:  # the cell's alignment over its paragraphs' (numbers right)
            for flowable in flowables:
                if isinstance(flowable, ComposedParagraph):
                    flowable.style = replace(flowable.style, align=node.align)
        return flowables

    # -- the book: contents, figures, the 施策体系図 ---------------------------------

    def visit_toc(self, node: ir.Toc) -> list[Flowable]:
        # The title a paragraph, then a TOC of one TOCI a line, whose number
        # and text are a Link to the heading (toc.py).
        entries = layout.contents(self.document, node)
        self.tocs += 1
        title = self.parent.add(self.sheet.paragraph("toc-title").role) if node.title else None
        links = []
        with self.element("TOC"):
            for _ in entries:
                links.append(self.parent.add("TOCI").add("Link"))
        flowables = toc_flowables(
            self.sheet, self.fonts, node, entries, f"toc{self.tocs}", title, links
        )
        section = self.section
        if (
            section is not None
            and section.children[0] is node
            and (layout.opens_with_space(section) or self.document.sections[0] is section)
        ):  # it starts a page: its pages are known here
            return balanced_contents(flowables, self.frame_width, self.frame_height)
        return flowables

    def visit_figure(self, node: ir.Figure) -> list[Flowable]:
        style = self.sheet.paragraph("figure")
        self.parent.add("Figure", alt=node.alt)  # the image itself is drawn as an artifact
        caption = self.paragraph(node.caption, "caption", role="Caption") if node.caption else None
        return [
            Spacer(1, style.space_before),
            *figure_flowables(node, self.frame_width, self.frame_height, caption),
        ]

    def visit_diagram(self, node: ir.Diagram) -> list[Flowable]:
        # A Figure whose /Alt reads the tree in order: the boxes and lines
        # are drawn as artifacts.
        self.parent.add("Figure", alt=layout.diagram_text(node))
        diagram = DiagramFlowable(node, self.sheet, self.fonts, self.frame_height)
        return [diagram, Spacer(1, self.sheet.diagram.group_gap)]


class _Within:
    """The story's current parent element for the length of a `with`."""

    __slots__ = ("element", "outer", "story")

    def __init__(self, story: PdfStory, element: Element) -> None:
        self.story, self.element, self.outer = story, element, story.parent

    def __enter__(self) -> Element:
        self.story.parent = self.element
        return self.element

    def __exit__(self, *exc) -> None:
        self.story.parent = self.outer


def cell_attributes(node: ir.Cell, role: str) -> dict[str, object]:
    """A cell's table attributes: a header cell's scope, merged cells' spans."""
    attributes: dict[str, object] = {}
    if role == "TH":
        attributes["Scope"] = "Column"
    if node.span > 1:
        attributes["ColSpan"] = node.span
    rowspan = getattr(node, "rowspan", 1)  # merged rows, where the tree has them
    if rowspan > 1:
        attributes["RowSpan"] = rowspan
    return {"O": "Table", **attributes} if attributes else {}


class LazyStory(list):
    """The story as ReportLab takes it (a list it reads and cuts from the
    front), filled a section at a time as it empties: a long plan's
    flowables are never all alive at once, only its structure elements.

    ReportLab asks the story's `len` before it takes each flowable, and looks
    ahead only along a run of flowables kept with the next; the list is
    filled before it runs short and never ends on such a flowable while more
    is to come, so ReportLab sees what a whole story would show it."""

    AHEAD = 64  # flowables made ahead of the one being set

    def __init__(self, sections: Iterator[list[Flowable]]):
        super().__init__()
        self._sections: Iterator[list[Flowable]] | None = sections
        self._fill()

    def _fill(self) -> None:
        while self._sections is not None and (
            list.__len__(self) < self.AHEAD or self[-1].getKeepWithNext()
        ):
            flowables = next(self._sections, None)
            if flowables is None:
                self._sections = None
            else:
                self.extend(flowables)

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)
