"""The 施策体系図 in the DOCX: boxes joined by elbow lines, drawn as the
borders of table cells (Word and LibreOffice both draw those the same way;
floating shapes they do not).

The grid has a column per level for the boxes and, between two levels, two
narrow connector columns. Each deepest item takes two rows (its upper and
lower half), so the middle of every leaf box is a row boundary; a gap row
(the style sheet's box_gap, group_gap) parts two siblings' blocks. A parent's
box is its own height, as in the PDF (writers/pdf/diagram.py): the rows
around the row boundary nearest the middle between its first and last
child's middles, as few as hold its text, merged (w:vMerge) and bordered on
all sides, its text centred; the rest of its children's rows are empty in
its column. The connectors are cell borders in the connector columns: the
bottom border of the left one at the parent's middle (the stub from the
parent), the left border of the right one from the first child's middle to
the last's (the bus), and its bottom border at each child's middle (the
stub to the child). A node without children before the last level spans the
columns to its right. The level names are a header row that repeats on
every page; a priority item is shaded as in the PDF.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt, Twips
from docx.table import Table

from planpress import ir
from planpress.writers.docx import body, internals, ooxml
from planpress.writers.docx.units import TWIPS_PER_PT, shares

TOP_STYLE, BOX_STYLE, LEVEL_STYLE = "diagram-top", "diagram-box", "diagram-level"
STRIDE = 3  # grid columns per level: the box, then two connector columns


@dataclass(slots=True)
class Placed:
    """A node's block: half-rows [start, end) of the body (a leaf two, a
    parent its children's), its level; its box's rows [top, bottom) within
    the block, `middle` the row boundary at the box's middle."""

    node: ir.DiagramNode
    level: int
    start: int
    end: int
    children: list[Placed] = field(default_factory=list)
    top: int = 0
    bottom: int = 0
    middle: int = 0


def place(
    nodes: list[ir.DiagramNode], gaps: dict[int, str], level: int = 0, start: int = 0
) -> list[Placed]:
    """Every node's half-rows: a leaf two, a parent its children's; each box
    the whole block until `fit_boxes` gives a parent's box its own height.
    Between two siblings' blocks a gap row, in `gaps` by its index: "group"
    between top-level nodes, "box" between others (the PDF's gaps)."""
    placed = []
    for node in nodes:
        if placed:
            gaps[start] = "group" if level == 0 else "box"
            start += 1
        children = place(node.children, gaps, level + 1, start)
        end = children[-1].end if children else start + 2
        placed.append(Placed(node, level, start, end, children, start, end, start + 1))
        start = end
    return placed


def fit_boxes(placed: list[Placed], heights: list[int], need) -> None:
    """A parent's box: the row boundary nearest the middle between its first
    and last child's middles (as the PDF centres it), and as few rows on
    either side as hold its text (`need(item)`, by the rows' estimated
    `heights`); the whole block where its text is taller than that."""
    tops = [0]
    for height in heights:
        tops.append(tops[-1] + height)
    for item in placed:
        if not item.children:
            continue
        fit_boxes(item.children, heights, need)
        first, last = item.children[0], item.children[-1]
        target = (tops[first.middle] + tops[last.middle]) / 2
        inner = range(item.start + 1, item.end)  # boundaries inside the block
        middle = min(inner, key=lambda b: (abs(tops[b] - target), b))
        wanted = need(item)
        top, bottom = middle - 1, middle + 1
        while tops[bottom] - tops[top] < wanted and (top > item.start or bottom < item.end):
            top, bottom = max(top - 1, item.start), min(bottom + 1, item.end)
        item.top, item.bottom, item.middle = top, bottom, middle


def walk(placed: list[Placed]):
    for item in placed:
        yield item
        yield from walk(item.children)


def tied_rows(placed: list[Placed], rows: int) -> list[bool]:
    """For each row, whether it stays on the page of the row below: within a
    box (no box is cut by a page), and within one group — a top-level node,
    or under a single root (the 将来像) each of the root's children — so the
    diagram breaks between groups, as the PDF does, where it does not fit."""
    tied = [False] * rows
    groups = placed[0].children if len(placed) == 1 and placed[0].children else placed
    spans = [(g.start, g.end) for g in groups] + [(i.top, i.bottom) for i in walk(placed)]
    for first, last in spans:
        for row in range(first, last - 1):
            tied[row] = True
    return tied


def _width_units(text: str) -> float:
    """The text's width in ems (full-width characters 1, others half)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


class WordDiagram:
    """The DOCX writer's diagram handler (a mixin of DocxWriter)."""

    def visit_diagram(self, node: ir.Diagram, container) -> None:
        look = self.sheet.diagram
        levels = node.depth
        if node.title:
            title = self.add_paragraph(container, "caption")
            body.keep_with_next(title)
            body.run(title, node.title)
        weights: list[float] = []
        unit = (self.text_width - look.gap * (levels - 1)) / (levels - 1 + look.last_share)
        for level in range(levels):
            weights.append(unit * (look.last_share if level == levels - 1 and levels > 1 else 1))
            if level < levels - 1:
                weights += [look.gap / 2, look.gap / 2]
        twips = shares(round(self.text_width * TWIPS_PER_PT), weights)
        tbl = body.table(container, twips)
        ooxml.left_fixed_table(tbl)
        ooxml.no_table_borders(tbl)
        pad = round(look.padding * TWIPS_PER_PT)
        ooxml.fixed_table(tbl, sum(twips), top=pad, side=pad, bottom=pad)
        table = Table(tbl, self.doc)
        if node.levels:
            self._level_row(table, node.levels[:levels], twips)
        gaps: dict[int, str] = {}
        placed = place(node.nodes, gaps)
        rows = placed[-1].end if placed else 0
        grid = [[None] * len(weights) for _ in range(rows)]  # the node whose block holds a cell
        for item in walk(placed):
            for row in range(item.start, item.end):
                grid[row][STRIDE * item.level] = item
        gap_heights = {"group": look.group_gap, "box": look.box_gap}
        heights = [
            round(gap_heights[gaps[index]] * TWIPS_PER_PT)
            if index in gaps
            else self._half_height(grid[index], twips, look)
            for index in range(rows)
        ]
        fit_boxes(placed, heights, lambda item: self._box_height(item, twips, look))
        tied = tied_rows(placed, rows)
        for index in range(rows):
            self._body_row(table, twips, grid, index, heights[index], look)
            row = table.rows[-1]
            ooxml.keep_row_on_one_page(row)
            if tied[index]:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        if container is self.body:  # Word draws nothing between two tables: a gap
            self.add_paragraph(self.body, "note")

    def _level_row(self, table, names: list[str], twips: list[int]) -> None:
        row = table.add_row()
        ooxml.repeat_as_header(row)
        for index, cell in enumerate(row.cells):
            ooxml.cell_borders(cell, {})
            cell.width = Twips(twips[index])
            if index % STRIDE == 0 and index // STRIDE < len(names):
                body.run(
                    self.add_paragraph(internals.cell_element(cell), LEVEL_STYLE),
                    names[index // STRIDE],
                )
                _drop_first_paragraph(cell)
            else:
                _thin(cell)

    def _body_row(self, table, twips: list[int], grid, index: int, height: int, look) -> None:
        """Half-row `index`: box cells (merged with the rows of their node)
        and connector cells with the borders that draw the lines."""
        columns = len(twips)
        spans: list[tuple[int, int]] = []  # (first grid column, span)
        column = 0
        while column < columns:
            item = grid[index][column] if column % STRIDE == 0 else None
            if item is not None and not item.children:
                spans.append((column, columns - column))  # a leaf spans to the right
                break
            spans.append((column, 1))
            column += 1
        row = table.add_row()
        if height:
            ooxml.row_height_at_least(row, height)
        cells = ooxml.spanned_cells(row, table, [span for _, span in spans])
        for (column, span), cell in zip(spans, cells):
            cell.width = Twips(sum(twips[column : column + span]))
            if column % STRIDE == 0:
                self._box_cell(cell, grid[index][column], index, look)
            else:
                parent = grid[index][column - column % STRIDE]
                self._connector_cell(cell, parent, column % STRIDE, index, look)

    def _box_cell(self, cell, item: Placed | None, index: int, look) -> None:
        if item is None or not item.top <= index < item.bottom:
            _thin(cell)  # beside the box, in its children's rows: empty
            ooxml.cell_borders(cell, {})
            return
        rule = {side: look.rule for side in ooxml.SIDES}
        ooxml.cell_borders(cell, rule)
        ooxml.centre_vertically(cell)
        if item.bottom - item.top > 1:
            ooxml.vertical_merge(cell, "restart" if index == item.top else "continue")
        if index != item.top:
            return
        if item.node.emphasis:
            ooxml.shade_cell(cell, look.emphasis_fill.lstrip("#"))
        style = TOP_STYLE if item.level == 0 else BOX_STYLE
        body.run(self.add_paragraph(internals.cell_element(cell), style), item.node.text)
        _drop_first_paragraph(cell)

    def _connector_cell(self, cell, parent: Placed | None, which: int, index: int, look) -> None:
        """The left (`which` 1) or right (2) connector column beside `parent`."""
        _thin(cell)
        sides: dict[str, float] = {}
        if parent is not None and parent.children:
            if which == 1 and index == parent.middle - 1:
                sides["bottom"] = look.connector  # the stub from the parent
            if which == 2:
                middles = [child.middle for child in parent.children]
                if min(middles) <= index < max(middles):
                    sides["left"] = look.connector  # the bus
                if index + 1 in middles:
                    sides["bottom"] = look.connector  # the stub to a child
        ooxml.cell_borders(cell, sides)

    def _box_height(self, item: Placed, twips: list[int], look) -> int:
        """The estimated height of a parent's box (its own column's width)."""
        column = STRIDE * item.level
        return round(self._text_height(item, twips[column], look) * TWIPS_PER_PT)

    def _text_height(self, item: Placed, width_twips: float, look) -> float:
        """A box's estimated height in points: its text's lines and padding."""
        width = width_twips / TWIPS_PER_PT - 2 * look.padding
        style = self.sheet.paragraph(TOP_STYLE if item.level == 0 else BOX_STYLE)
        per_line = max(int(width / style.size), 1)
        lines = max(math.ceil(_width_units(item.node.text) / per_line), 1)
        return lines * style.leading + 2 * look.padding

    def _half_height(self, row: list, twips: list[int], look) -> int:
        """Half the estimated height of the tallest leaf box in this row (so
        the row boundary at its middle is at the middle of its box)."""
        tallest = 0.0
        for column in range(0, len(row), STRIDE):
            item = row[column]
            if item is None or item.children:
                continue
            tallest = max(tallest, self._text_height(item, sum(twips[column:]), look))
        return round(tallest / 2 * TWIPS_PER_PT)


def _thin(cell) -> None:
    """An empty cell that adds no height of its own: no margins, a 1 pt line."""
    ooxml.cell_margins(cell, 0)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)


def _drop_first_paragraph(cell) -> None:
    """A new cell holds one empty paragraph; drop it once there is content."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        empty = internals.paragraph_element(paragraphs[0])
        empty.getparent().remove(empty)
