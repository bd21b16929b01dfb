"""Tracked changes the writer makes itself: the review edition's w:ins / w:del.

The runs of an `ir.Inserted` or `ir.Deleted` are wrapped in a `w:ins` or
`w:del` authored by `DocumentInfo.reviser` on the document's date, so that a
member walks the revision in Word's review pane (校閲 ▸ 変更履歴) and can
accept or reject each. Deleted text is `w:delText`, as Word writes it.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


class TrackedChanges:
    """Numbers the changes of one document (w:id is unique per document)."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author or "planpress"
        self.date = date
        self.count = 0

    def wrap(self, paragraph, kind: str, write, nodes, *style) -> None:
        """`write(paragraph, nodes, *style)` adds runs to `paragraph` (a w:p);
        wrap what it added."""
        p = paragraph
        before = len(p)
        write(paragraph, nodes, *style)
        added = list(p)[before:]
        if not added:
            return
        self.count += 1
        change = OxmlElement(f"w:{kind}")
        change.set(qn("w:id"), str(2 * self.count + 1))  # odd: bookmarks have the even ids
        change.set(qn("w:author"), self.author)
        if self.date:
            change.set(qn("w:date"), self.date)
        added[0].addprevious(change)
        for element in added:
            change.append(element)
        if kind == "del":
            for text in change.iter(qn("w:t")):
                text.tag = qn("w:delText")
