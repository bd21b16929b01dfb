"""The table of contents (目次): one line per heading up to the toc's depth.

Tagged, the contents are a TOC element with a TOCI per line; a line's number
and text are a Link, and the line is a link annotation to its heading
(`destination`, defined where the heading is placed: pages.py). The leader
and page number are drawn in the form below, as an artifact: a reader
follows the link instead.

A line is the heading's number in a column of its own, the heading's text,
a dotted leader and the page number right-aligned on the margin. The page
a heading lands on is known only once the document is laid out past it, so
the leader and the number are a PDF form XObject that the line shows where
it stands and that is written at the end of the build (`pages.py`), when the
pages are known: one pass, and a line's size does not depend on its number.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from planpress import ir
from planpress.ir import plain_text
from planpress.writers.pdf.composed import ComposedParagraph, first_baseline
from planpress.writers.pdf.structure import Element
from planpress.writers.pdf.tagged import add_link
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


class PageForm(NamedTuple):
    """A contents line's leader and page number, drawn once the page is known:
    the heading (its index in `layout.headings`), where the leader starts and
    the number ends (from the line's origin on its last baseline), the face."""

    name: str
    heading: int
    leader_from: float
    right: float
    font: str
    size: float


def draw_page_form(canv, form: PageForm, page: str) -> None:
    """The form's content: dotted leader, then the page number right-aligned."""
    canv.beginForm(form.name, lowerx=0, lowery=-form.size, upperx=form.right + 1, uppery=form.size)
    canv.setFont(form.font, form.size)
    gap = LEADER_GAP * form.size
    leader_to = form.right - stringWidth(page, form.font, form.size) - gap
    if leader_to - form.leader_from > LEADER_DOT:
        # Round dots: a dash of zero length with round caps.
        canv.setLineCap(1)
        canv.setLineWidth(0.9)
        canv.setDash([0, LEADER_DOT])
        canv.line(form.leader_from, 1, leader_to, 1)
    canv.drawRightString(form.right, 0, page)
    canv.endForm()


class TocLine(Flowable):
    """One contents line: number, text, and the form with leader and page number."""

    def __init__(
        self,
        heading: ir.Heading,
        index: int,
        key: str,
        style: ParagraphStyle,
        fonts: dict[str, str],
        number_width: float,
        link: Element | None = None,
    ):
        super().__init__()
        self.heading = heading
        self.link = link  # the Link element (its TOCI's) the line's text is content of
        self.index = index  # of the heading in layout.headings
        self.key = key  # the form's name
        self.style = style
        self.font = fonts[style.font]
        self.indent = style.indent * style.size
        # an entry without a number (はじめに, 資料編) starts where the numbers do
        self.number_width = number_width if heading.number else 0.0
        self.page_width = stringWidth(PAGE_COLUMN, self.font, style.size)
        self.text = ComposedParagraph(
            heading.children,
            replace(style, indent=0.0, hanging=0.0, space_before=0.0),
            fonts,
            link,
        )
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def _text_left(self) -> float:
        return self.indent + self.number_width

    def wrap(self, availWidth, availHeight):
        text_width = availWidth - self._text_left() - self.page_width - self.style.size
        _, height = self.text.wrap(max(text_width, self.style.size), availHeight)
        self.width, self.height = availWidth, height
        end = self._text_left() + self.text.last_line_end() + LEADER_GAP * self.style.size
        # read by pages.py once the line is placed
        self._page_form = PageForm(
            self.key, self.index, end, availWidth, self.font, self.style.size
        )
        return self.width, self.height

    def draw(self):
        canv, style = self.canv, self.style
        top_baseline = self.height - first_baseline(style)
        last_baseline = style.leading - first_baseline(style)  # the last line's, from the foot
        marks = getattr(canv, "marks", None)
        canv.saveState()
        if self.heading.number:  # read first: it stands first
            tagged = marks is not None and self.link is not None and not canv.marked_depth
            if tagged:
                mcid = marks.mcid(canv.getPageNumber() - 1, self.link)
                canv.open_marked(f"/Link <</MCID {mcid}>> BDC")
            canv.setFont(self.font, style.size)
            canv.drawString(self.indent, top_baseline, self.heading.number)
            if tagged:
                canv.close_marked()
        canv.restoreState()
        self.text.drawOn(canv, self._text_left(), 0)
        contents = " ".join(
            p for p in (self.heading.number, plain_text(self.heading.children)) if p
        )
        add_link(
            canv, self.link, (0, 0, self.width, self.height), destination(self.index), contents
        )
        canv.saveState()
        canv.translate(0, last_baseline)
        canv.doForm(self.key)  # written at the end of the build, with the page
        canv.restoreState()


def toc_flowables(
    sheet: StyleSheet,
    fonts: dict[str, str],
    toc: ir.Toc,
    entries: list[tuple[int, ir.Heading]],
    key: str,
    title_tag: Element | None = None,
    links: list[Element] | None = None,
) -> list[Flowable]:
    """The title (a bookmark too) and one line per entry; tagged, the title's
    element and each line's Link element."""
    flowables: list[Flowable] = []
    if toc.title:
        title = ComposedParagraph(
            [ir.Text(toc.title)], sheet.paragraph("toc-title"), fonts, title_tag
        )
        title._outline = (1, toc.title)  # read by pages.py
        flowables.append(title)
    widths: dict[int, float] = {}  # the number column of each level: its widest number
    for _, heading in entries:
        style = toc_style(sheet, heading.level)
        if heading.number:
            width = stringWidth(heading.number, fonts[style.font], style.size) + style.size
            widths[heading.level] = max(widths.get(heading.level, 0.0), width)
    for (index, heading), link in zip(entries, links or [None] * len(entries)):
        style = toc_style(sheet, heading.level)
        number = widths.get(heading.level, 0.0)
        flowables.append(TocLine(heading, index, f"{key}h{index}", style, fonts, number, link))
    return flowables


def destination(index: int) -> str:
    """The name of the destination at heading `index` (in `layout.headings`)."""
    return f"heading{index}"
