"""The 施策体系図 in the DOCX: a table of bordered cells, one column per level.

Word has no connected-box layout that Word and LibreOffice both draw the same
way without floating shapes, so the tree is a table: each deepest item is a
row, each node a cell merged down over the rows of its children (w:vMerge),
the level names a header row that repeats on every page. A node without
children before the last level spans the columns to its right. Column widths
are in the PDF's proportions; a priority item is shaded as in the PDF.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Twips

from planpress import ir
from planpress.writers.docx import internals, ooxml
from planpress.writers.docx.units import TWIPS_PER_PT, shares

TOP_STYLE, BOX_STYLE, LEVEL_STYLE = "diagram-top", "diagram-box", "diagram-level"

# A row of the table: (column, span, node, merge) for each cell, merge being
# "restart" (a node over several rows), "continue" (covered) or "" (one row).
Cell = tuple[int, int, ir.DiagramNode, str]


def diagram_rows(nodes: list[ir.DiagramNode], column: int, columns: int) -> list[list[Cell]]:
    """The table's rows for `nodes` placed from `column` on."""
    rows: list[list[Cell]] = []
    for node in nodes:
        if not node.children:
            rows.append([(column, columns - column, node, "")])
            continue
        below = diagram_rows(node.children, column + 1, columns)
        for i, row in enumerate(below):
            merge = "" if len(below) == 1 else ("restart" if i == 0 else "continue")
            rows.append([(column, 1, node, merge), *row])
    return rows


class WordDiagram:
    """The DOCX writer's diagram handler (a mixin of DocxWriter)."""

    def visit_diagram(self, node: ir.Diagram, container) -> None:
        look = self.sheet.diagram
        columns = node.depth
        if node.title:
            title = self.add_paragraph(container, "caption")
            title.paragraph_format.keep_with_next = True
            title.add_run(node.title)
        weights = [1.0] * columns
        if columns > 1:
            weights[-1] = look.last_share
        twips = shares(round(self.text_width * TWIPS_PER_PT), weights)
        table = container.add_table(rows=0, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        ooxml.table_borders(table, look.connector, look.rule)
        pad = round(look.padding * TWIPS_PER_PT)
        ooxml.fixed_table(table, sum(twips), top=pad, side=pad, bottom=pad)
        for column, width in zip(table.columns, twips):
            column.width = Twips(width)
        if node.levels:
            row = table.add_row()
            ooxml.repeat_as_header(row)
            for cell, name in zip(row.cells, node.levels[:columns]):
                self.add_paragraph(cell, LEVEL_STYLE).add_run(name)
                _drop_first_paragraph(cell)
        for cells in diagram_rows(node.nodes, 0, columns):
            row = table.add_row()
            placed = ooxml.spanned_cells(row, table, [span for _, span, _, _ in cells])
            for (column, span, item, merge), cell in zip(cells, placed):
                cell.width = Twips(sum(twips[column : column + span]))
                if merge:
                    ooxml.vertical_merge(cell, merge)
                if merge == "continue":
                    continue
                if item.emphasis:
                    ooxml.shade_cell(cell, look.emphasis_fill.lstrip("#"))
                style = TOP_STYLE if column == 0 else BOX_STYLE
                self.add_paragraph(cell, style).add_run(item.text)
                _drop_first_paragraph(cell)
        if container is self.doc:  # Word draws nothing between two tables: a gap
            self.add_paragraph(self.doc, "note")


def _drop_first_paragraph(cell) -> None:
    """A new cell holds one empty paragraph; drop it once there is content."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        empty = internals.paragraph_element(paragraphs[0])
        empty.getparent().remove(empty)
