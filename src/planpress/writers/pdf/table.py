"""Long tables that break well and stay fast.

`RowKeepingTable` is a ReportLab table that breaks between rows and keeps
label rows with the row below them. It splits inside a row when that row is
taller than a whole page (a policy with very many measures), or when moving
it whole would leave more than a fifth of the page empty (`layout.FILL_SHARE`);
then each cell is cut between its paragraphs and list items — between
measures — never after a paragraph that introduces a list (a policy's title
never sits alone at a page foot), and a paragraph is cut only when it is long
enough to leave two lines on each side. ReportLab's own splitInRow splits a
row wherever the page ends, which cuts a measure or strands a title.

`WindowedTable` hands ReportLab a long table a window of rows at a time and
sets the header row itself at the top of every continued page, with the
group's continued label row (「（…）（続き）」) when the page breaks inside a
group. ReportLab re-measures and copies all remaining rows at every page
break, which makes a table of thousands of rows quadratic; a window keeps
each break's work small.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from planpress.writers import layout

WINDOW = 24  # body rows a piece of a long table is built from
MIN_LINES = 2  # lines of a cut paragraph on each side of a page break


class RowKeepingTable(Table):
    def __init__(
        self,
        *args,
        frame_height: float = 0.0,
        sticky: list[bool] | None = None,
        continued: list | None = None,
        fill_limit: float = 0.0,
        **kw,
    ):
        kw.setdefault("splitInRow", 1)
        super().__init__(*args, **kw)
        # the space a row has on a fresh page (under the repeated header)
        self.frame_height = frame_height
        # sticky[i]: row i must not end a page (a header or group label row)
        self.sticky = sticky if sticky is not None else [False] * len(self._cellvalues)
        # continued[i]: the label row to repeat above row i on a new page
        self.continued = continued if continued is not None else [None] * len(self._cellvalues)
        # the most empty space a page may keep below the table's last row on it
        self.fill_limit = fill_limit
        self._between_items = False  # _splitCell: cut between paragraphs and items only

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        heights = self._rowHeights
        fits, used = 0, 0.0
        while fits < len(heights) and used + heights[fits] <= availHeight:
            used += heights[fits]
            fits += 1
        if fits == len(heights):
            return []  # all of it fits: nothing to split
        end = fits
        while end > 0 and self.sticky[end - 1]:
            end -= 1  # a label row goes with the row below it
        empty = availHeight - sum(heights[:end])
        if not self.sticky[fits] and (end == 0 or empty > self.fill_limit or self._too_tall(fits)):
            parts = self._split_between_items(availHeight)
            if parts:
                return parts
            if self._too_tall(fits):
                # The row never fits a page: start it here, split it anywhere.
                parts = self._splitRows(availHeight, doInRowSplit=True)
                if parts:
                    return parts
        if end == 0:
            return []
        return self._splitRows(sum(heights[:end]) + 0.01, doInRowSplit=False)

    def _split_between_items(self, availHeight):
        """Split inside the row the page ends in, cutting its cells only where
        a reader can turn the page (see the module docstring)."""
        self._between_items = True
        try:
            parts = self._splitRows(availHeight, doInRowSplit=True)
        finally:
            self._between_items = False
        return parts if len(parts) == 2 else []

    def _splitCell(self, value, style, oldHeight, newHeight, width):
        if not self._between_items or not isinstance(value, (list, tuple)) or not value:
            return super()._splitCell(value, style, oldHeight, newHeight, width)
        room = newHeight - style.topPadding - style.bottomPadding
        inner = width - style.leftPadding - style.rightPadding
        head: list = []
        used = 0.0
        for index, flowable in enumerate(value):
            _, height = flowable.wrap(inner, 1e9)
            need = height + (flowable.getSpaceBefore() if head else 0)
            if used + need <= room:
                head.append(flowable)
                used += need + flowable.getSpaceAfter()
                continue
            cut = _cut_paragraph(flowable, inner, room - used, height)
            if cut:
                return _keep_introductions(head + [cut[0]], [cut[1], *value[index + 1 :]])
            return _keep_introductions(head, list(value[index:]))
        return (tuple(value), ())

    def split_inside(self, availWidth, availHeight):
        """Split inside the first row whatever its height (the caller knows it
        cannot be moved to a later page)."""
        self._calc(availWidth, availHeight)
        return self._between_items_or_anywhere(availHeight)

    def _between_items_or_anywhere(self, availHeight):
        return self._split_between_items(availHeight) or self._splitRows(
            availHeight, doInRowSplit=True
        )

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
            first.continued = self.continued[: len(first._cellvalues)]
            tail = len(rest._cellvalues) - self.repeatRows
            rest.sticky = self.sticky[: self.repeatRows] + self.sticky[len(self.sticky) - tail :]
            rest.continued = (
                self.continued[: self.repeatRows] + self.continued[len(self.continued) - tail :]
            )
        for part in parts:
            part.frame_height = self.frame_height
            part.fill_limit = self.fill_limit
        return parts


def _cut_paragraph(flowable, width: float, room: float, height: float):
    """A long paragraph cut to `room` with MIN_LINES lines on each side, or None."""
    leading = getattr(getattr(flowable, "style", None), "leading", 0)
    if getattr(flowable, "keep_with_items", False) or not leading:
        return None
    if room < MIN_LINES * leading or height - room < MIN_LINES * leading:
        return None
    parts = flowable.split(width, room)
    return parts if len(parts) == 2 else None


def _keep_introductions(head: list, tail: list):
    """The cell's two parts, with paragraphs that introduce a list moved from
    the foot of the first part to the second; None when that empties a part
    the cell needs (the whole row then moves on)."""
    while head and getattr(head[-1], "keep_with_items", False):
        tail.insert(0, head.pop())
    if not head and any(getattr(f, "keep_with_items", False) for f in tail):
        return []  # the policy would start with no measure under its title: move it
    return (tuple(head), tuple(tail))


@dataclass(slots=True)
class TableRow:
    """A row ready for ReportLab: its cells and its style commands (for row 0)."""

    cells: list
    commands: list[tuple]
    sticky: bool  # a header or label row: never the last row on a page
    continued: TableRow | None = None  # the label row to repeat above it on a new page


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
            continued=[row.continued for row in rows],
            fill_limit=self.frame_height * layout.FILL_SHARE,
        )

    def header_height(self, width: float, rows: list[TableRow]) -> float:
        """The height the repeated rows take at the top of a continued page:
        the header and, when `rows` continue a group, its continued label."""
        if self._header_height is None:
            labels = {id(r.continued): r.continued for r in rows if r.continued}
            tallest = max(
                (self.table([label], 0).wrap(width, 1e9)[1] for label in labels.values()),
                default=0,
            )
            header = self.table(self.header, 0).wrap(width, 1e9)[1] if self.header else 0
            self._header_height = header + tallest
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
        return self.spec.frame_height - self.spec.header_height(width, self.rows)

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
        lead = list(self.spec.header)
        label = rest.first_continued()
        if label is not None:
            lead.append(label)
        header = [RepeatedHeader(self.spec.table(lead, 0))] if lead else []
        return [FrameBreak(), *header, rest]

    def first_continued(self) -> TableRow | None:
        """The label row to repeat above this table's first row on a new page."""
        if self.piece is not None:
            return self.piece.continued[0] if self.piece.continued else None
        return self.rows[0].continued if self.rows else None

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
