"""Long tables that break well and stay fast.

`RowKeepingTable` is a ReportLab table that breaks between rows, keeps label
rows with the row below them, and splits inside a row only when that row is
taller than a whole page (a policy with very many measures). ReportLab's own
splitInRow splits a row whenever the rows after a page break leave a little
room, which cuts a policy in two near the foot of a page.

`WindowedTable` hands ReportLab a long table a window of rows at a time and
sets the header row itself at the top of every continued page. ReportLab
re-measures and copies all remaining rows at every page break, which makes a
table of thousands of rows quadratic; a window keeps each break's work small.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

WINDOW = 24  # body rows a piece of a long table is built from


class RowKeepingTable(Table):
    def __init__(self, *args, frame_height: float = 0.0, sticky: list[bool] | None = None, **kw):
        kw.setdefault("splitInRow", 1)
        super().__init__(*args, **kw)
        # the space a row has on a fresh page (under the repeated header)
        self.frame_height = frame_height
        # sticky[i]: row i must not end a page (a header or group label row)
        self.sticky = sticky if sticky is not None else [False] * len(self._cellvalues)

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        height = availHeight
        while height > 0:
            parts = self._splitRows(height, doInRowSplit=False)
            if not parts:
                break
            last = len(parts[0]._cellvalues) - 1
            if not self.sticky[last]:
                if self._too_tall(last + 1):
                    # The next row never fits a page: start it here, split
                    # inside it.
                    return self._splitRows(availHeight, doInRowSplit=True) or parts
                return parts
            # Give that row up too; the rows above it must still fill the page.
            height = sum(self._rowHeights[:last]) + 0.01
        first = next((i for i, s in enumerate(self.sticky) if not s), 0)
        if self._too_tall(first):
            return self._splitRows(availHeight, doInRowSplit=True)
        return []

    def split_inside(self, availWidth, availHeight):
        """Split inside the first row whatever its height (the caller knows it
        cannot be moved to a later page)."""
        self._calc(availWidth, availHeight)
        return self._splitRows(availHeight, doInRowSplit=True)

    def _too_tall(self, row: int) -> bool:
        """Whether row `row`, with the label rows just above it, outgrows a page."""
        if row >= len(self._rowHeights):
            return False
        lead = row
        while lead > 0 and self.sticky[lead - 1]:
            lead -= 1
        header = sum(self._rowHeights[: self.repeatRows])
        return header + sum(self._rowHeights[lead : row + 1]) > self.frame_height

    def _splitRows(self, availHeight, doInRowSplit=0):
        # ReportLab's own splitting step; it builds the pieces with our class.
        parts = super()._splitRows(availHeight, doInRowSplit=doInRowSplit)
        if len(parts) == 2:
            first, rest = parts
            first.sticky = self.sticky[: len(first._cellvalues)]
            tail = len(rest._cellvalues) - self.repeatRows
            rest.sticky = self.sticky[: self.repeatRows] + self.sticky[len(self.sticky) - tail :]
        for part in parts:
            part.frame_height = self.frame_height
        return parts


@dataclass(slots=True)
class TableRow:
    """A row ready for ReportLab: its cells and its style commands (for row 0)."""

    cells: list
    commands: list[tuple]
    sticky: bool  # a header or label row: never the last row on a page


@dataclass(slots=True)
class TableSpec:
    """What every piece of one long table shares."""

    widths: list[float]
    commands: list[tuple]  # for the whole of any piece (grid, padding …)
    header: list[TableRow]
    frame_height: float
    _header_height: float | None = None

    def table(self, rows: list[TableRow], page_space: float) -> RowKeepingTable:
        commands = list(self.commands)
        for index, row in enumerate(rows):
            commands += [_shift(command, index) for command in row.commands]
        return RowKeepingTable(
            [row.cells for row in rows],
            colWidths=self.widths,
            style=TableStyle(commands),
            hAlign="LEFT",
            frame_height=page_space,
            sticky=[row.sticky for row in rows],
        )

    def header_height(self, width: float) -> float:
        if self._header_height is None:
            self._header_height = (
                self.table(self.header, 0).wrap(width, 1e9)[1] if self.header else 0
            )
        return self._header_height


def _shift(command: tuple, rows: int) -> tuple:
    name, (c0, r0), (c1, r1), *rest = command
    return (name, (c0, r0 + rows), (c1, r1 + rows), *rest)


class WindowedTable(Flowable):
    """A long table placed a window of rows at a time (see the module docstring)."""

    def __init__(self, spec: TableSpec, rows: list[TableRow], piece=None, started=False):
        super().__init__()
        self.spec = spec
        self.rows = rows  # body rows not yet in a piece
        self.piece = piece  # a table already built (the rest of a split)
        self.started = started  # rows are on an earlier page: repeat the header

    def _piece(self, width: float):
        if self.piece is None:
            take = min(WINDOW, len(self.rows))
            while take < len(self.rows) and self.rows[take - 1].sticky:
                take += 1  # a label row goes with the row below it
            rows = self.rows[:take] if self.started else self.spec.header + self.rows[:take]
            self.piece = self.spec.table(rows, self._page_space(width))
            self.rows = self.rows[take:]
        return self.piece

    def _page_space(self, width: float) -> float:
        return self.spec.frame_height - self.spec.header_height(width)

    def wrap(self, availWidth, availHeight):
        width, height = self._piece(availWidth).wrap(availWidth, availHeight)
        if self.rows:  # more to come: have the frame ask for a split
            height = max(height, availHeight) + 1
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth, availHeight):
        piece = self._piece(availWidth)
        _, height = piece.wrap(availWidth, availHeight)
        if height <= availHeight:  # the whole piece fits: go on below it
            rest = [WindowedTable(self.spec, self.rows, started=True)] if self.rows else []
            return [piece, *rest]
        parts = piece.split(availWidth, availHeight)
        if not parts and availHeight >= self._page_space(availWidth) - 1:
            parts = piece.split_inside(availWidth, availHeight)  # a fresh page: no later one
        if not parts:
            if not self.started:
                return []  # the table starts on the next page
            return self._next_page(WindowedTable(self.spec, self.rows, piece, started=True))
        first, remainder = parts
        return [first, *self._next_page(WindowedTable(self.spec, self.rows, remainder, True))]

    def _next_page(self, rest: WindowedTable) -> list[Flowable]:
        header = [RepeatedHeader(self.spec.table(self.spec.header, 0))] if self.spec.header else []
        return [FrameBreak(), *header, rest]

    def draw(self):
        self.piece.drawOn(self.canv, 0, 0)


class RepeatedHeader(Flowable):
    """A table's header rows set again at the top of a continued page. Drawn
    as a pagination artifact: the structure tree has them once, where the
    table starts."""

    def __init__(self, table: Flowable):
        super().__init__()
        self.table = table
        self.hAlign = table.hAlign

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self):
        marks = getattr(self.canv, "marks", None)
        if marks is not None:
            marks.artifact += 1
        try:
            self.table.drawOn(self.canv, 0, 0)
        finally:
            if marks is not None:
                marks.artifact -= 1
