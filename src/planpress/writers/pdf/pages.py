"""How pages are drawn: page templates per orientation, running header and
page number, the outline (bookmarks) and the document's metadata."""

from __future__ import annotations

import io
from functools import partial

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from planpress import ir
from planpress.writers import layout
from planpress.writers.pdf.composed import ComposedParagraph, first_baseline
from planpress.writers.pdf.metadata import write_metadata
from planpress.writers.pdf.reportlab_internals import page_size
from planpress.writers.pdf.structure import Marks
from planpress.writers.pdf.tagged import TaggedCanvas, write_structure
from planpress.writers.style import StyleSheet

RUNNING_HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
PAGE_NUMBER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


class HandoutTemplate(BaseDocTemplate):
    """A4 pages in portrait or landscape, with a bookmark for each heading."""

    def __init__(self, target, sheet: StyleSheet, info: ir.DocumentInfo, first: str, fonts):
        self.sheet = sheet
        self.info = info
        self.fonts = fonts
        self._outline_keys = 0
        self._outline_level = 0  # the level of the last outline entry
        super().__init__(
            target,
            pagesize=sheet.page(first)[0],
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator="planpress",
            producer="planpress",
            lang=info.lang,
            invariant=1,  # no timestamps or random ids: same input, same bytes
            initialFontName=fonts[sheet.paragraph("body").font],
            displayDocTitle=1,
        )
        orientations = [first] + [o for o in ("portrait", "landscape") if o != first]
        self.addPageTemplates([self._template(o) for o in orientations])

    def _template(self, orientation: str) -> PageTemplate:
        size, margins = self.sheet.page(orientation)
        frame = Frame(
            margins.left,
            margins.bottom,
            size[0] - margins.left - margins.right,
            size[1] - margins.top - margins.bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=orientation,
        )
        return PageTemplate(id=orientation, frames=[frame], pagesize=size, onPage=self._decorate)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (from the second page) and the page number."""
        width, height = page_size(canvas)
        margins = self.sheet.page("landscape" if width > height else "portrait")[1]
        canvas.saveState()
        header = self.sheet.header
        if self.info.header and doc.page > 1:
            # Set by the composer like any paragraph (和欧間 in 令和 5 年度),
            # right-aligned, its baseline halfway up the top margin.
            canvas.open_marked(RUNNING_HEADER)
            line = ComposedParagraph([ir.Text(self.info.header)], header, self.fonts)
            _, tall = line.wrap(width - margins.left - margins.right, height)
            baseline = height - margins.top / 2
            line.drawOn(canvas, margins.left, baseline + first_baseline(header) - tall)
            canvas.close_marked()
        footer = self.sheet.footer
        canvas.open_marked(PAGE_NUMBER)
        canvas.setFont(self.fonts[footer.font], footer.size)
        canvas.drawCentredString(
            width / 2, margins.bottom / 2, layout.page_number_text(self.sheet, doc.page)
        )
        canvas.close_marked()
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "_outline", None)
        if outline is None:
            return
        level, text = outline
        key = f"h{self._outline_keys}"
        self._outline_keys += 1
        self._outline_level = layout.outline_level(level, self._outline_level)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=self._outline_level - 1, closed=False)


def render_pdf(
    story: list[Flowable], sheet, info, first: str, fonts, marks: Marks, archival: bool = False
) -> bytes:
    """The PDF bytes of a story, tagged with the structure in `marks` (PDF/UA-1);
    with `archival` also PDF/A-2a."""
    buffer = io.BytesIO()
    doc = HandoutTemplate(buffer, sheet, info, first, fonts)

    def finish(canvas: Canvas) -> None:
        write_structure(canvas, marks, info.lang)
        write_metadata(canvas, archival)

    doc.build(story, canvasmaker=partial(TaggedCanvas, marks=marks, finish=finish))
    return buffer.getvalue()
