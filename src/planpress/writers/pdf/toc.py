"""The table of contents (目次): one line per heading up to the toc's depth.

A line is the heading's number in a column of its own, the heading's text,
a dotted leader and the page number right-aligned on the margin. The page
numbers come from an earlier pass over the whole document (`write_pdf` lays
the document out again until they are stable); a line's size does not depend
on its number, so a second pass places everything where the first did.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from planpress import ir
from planpress.writers.pdf.composed import ComposedParagraph, first_baseline
from planpress.writers.style import ParagraphStyle, StyleSheet

PAGE_COLUMN = "0000"  # the page number column is as wide as this, in the line's face
LEADER_DOT = 2.5  # points from one leader dot to the next
LEADER_GAP = 0.4  # em of space either side of the leader


def toc_style(sheet: StyleSheet, level: int) -> ParagraphStyle:
    """The style of a contents line for a heading of `level` (deeper: the last defined)."""
    for candidate in range(level, 0, -1):
        if f"toc-{candidate}" in sheet.paragraphs:
            return sheet.paragraph(f"toc-{candidate}")
    return sheet.paragraph("body")


class TocLine(Flowable):
    """One contents line: number, text, leader, page number."""

    def __init__(
        self,
        heading: ir.Heading,
        page: str,
        style: ParagraphStyle,
        fonts: dict[str, str],
        number_width: float,
    ):
        super().__init__()
        self.heading = heading
        self.page = page
        self.style = style
        self.font = fonts[style.font]
        self.indent = style.indent * style.size
        self.number_width = number_width
        self.page_width = stringWidth(PAGE_COLUMN, self.font, style.size)
        self.text = ComposedParagraph(
            heading.children, replace(style, indent=0.0, hanging=0.0, space_before=0.0), fonts
        )
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def _text_left(self) -> float:
        return self.indent + self.number_width

    def wrap(self, availWidth, availHeight):
        text_width = availWidth - self._text_left() - self.page_width - self.style.size
        _, height = self.text.wrap(max(text_width, self.style.size), availHeight)
        self.width, self.height = availWidth, height
        return self.width, self.height

    def draw(self):
        canv, style = self.canv, self.style
        top_baseline = self.height - first_baseline(style)
        last_baseline = style.leading - first_baseline(style)  # the last line's, from the foot
        left = self._text_left()
        end = left + self.text.last_line_end()
        self.text.drawOn(canv, left, 0)
        canv.saveState()
        canv.setFont(self.font, style.size)
        if self.heading.number:
            canv.drawString(self.indent, top_baseline, self.heading.number)
        gap = LEADER_GAP * style.size
        right = self.width - stringWidth(self.page, self.font, style.size) - gap
        if right - end - gap > LEADER_DOT:
            # Round dots: a dash of zero length with round caps.
            canv.setLineCap(1)
            canv.setLineWidth(0.9)
            canv.setDash([0, LEADER_DOT])
            canv.line(end + gap, last_baseline + 1, right, last_baseline + 1)
        canv.drawRightString(self.width, last_baseline, self.page)
        canv.restoreState()


def toc_flowables(
    sheet: StyleSheet,
    fonts: dict[str, str],
    toc: ir.Toc,
    entries: list[tuple[int, ir.Heading]],
    pages: dict[int, str],
) -> list[Flowable]:
    """The title (a bookmark too) and one line per entry."""
    flowables: list[Flowable] = []
    if toc.title:
        title = ComposedParagraph([ir.Text(toc.title)], sheet.paragraph("toc-title"), fonts)
        title._outline = (1, toc.title)  # read by pages.py
        flowables.append(title)
    widths: dict[int, float] = {}  # the number column of each level: its widest number
    for _, heading in entries:
        style = toc_style(sheet, heading.level)
        if heading.number:
            width = stringWidth(heading.number, fonts[style.font], style.size) + style.size
            widths[heading.level] = max(widths.get(heading.level, 0.0), width)
    for index, heading in entries:
        style = toc_style(sheet, heading.level)
        page = pages.get(index, "")
        flowables.append(TocLine(heading, page, style, fonts, widths.get(heading.level, 0.0)))
    return flowables
