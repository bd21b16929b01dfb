"""A ReportLab table that breaks between rows, keeps label rows with the row
below them, and splits inside a row only when that row is taller than a whole
page (a policy with very many measures).

ReportLab's own splitInRow splits a row whenever the rows after a page break
leave a little room, which cuts a policy in two near the foot of a page.
"""

from __future__ import annotations

from reportlab.platypus import Table


class RowKeepingTable(Table):
    def __init__(self, *args, frame_height: float = 0.0, sticky: list[bool] | None = None, **kw):
        kw.setdefault("splitInRow", 1)
        super().__init__(*args, **kw)
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
                    # inside it. Left for the rest, it would be set below the
                    # rows placed here, under a second header row.
                    return self._splitRows(availHeight, doInRowSplit=True) or parts
                return parts
            # Give that row up too. The rows above it must still fill the
            # page exactly: were one more given up, the rest of the table
            # would start in the space left, under a second header row.
            height = sum(self._rowHeights[:last]) + 0.01
        body = self.repeatRows if len(self._rowHeights) > self.repeatRows else 0
        if self._too_tall(body):
            return self._splitRows(availHeight, doInRowSplit=True)
        return []

    def _too_tall(self, row: int) -> bool:
        """Whether row `row` (under the header rows) is taller than a whole page."""
        if row >= len(self._rowHeights):
            return False
        header = sum(self._rowHeights[: self.repeatRows])
        return header + self._rowHeights[row] > self.frame_height

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
