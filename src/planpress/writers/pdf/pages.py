"""How pages are drawn: page templates per orientation, running header and
page number, the outline (bookmarks) and the document's metadata.

Which section a page belongs to is known only as flowables land: the story
puts a `SectionStart` before each section's blocks, and a page takes the
section in effect once its first flowable is placed. Header and footer are
drawn at the end of the page, when that is known.
"""

from __future__ import annotations

from functools import partial

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable

from planpress import ir
from planpress.writers import layout
from planpress.writers.pdf.composed import ComposedParagraph, first_baseline
from planpress.writers.pdf.metadata import write_metadata
from planpress.writers.pdf.reportlab_internals import page_size, release_document
from planpress.writers.pdf.structure import Marks
from planpress.writers.pdf.tagged import TaggedCanvas, write_structure
from planpress.writers.pdf.toc import PageForm, destination, draw_page_form
from planpress.writers.style import StyleSheet

RUNNING_HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
PAGE_NUMBER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


class SectionStart(Flowable):
    """Takes no room: marks where section `index` of the document begins."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class RightPageBreak(ActionFlowable):
    """A page break to the next right-hand (odd) page: a blank verso between
    where the page after this one would be a left-hand page."""

    def __init__(self):
        super().__init__(("rightPageBreak",))


class HandoutTemplate(BaseDocTemplate):
    """A4 pages in portrait or landscape, with a bookmark for each heading."""

    def __init__(self, target, sheet: StyleSheet, document: ir.Document, fonts):
        info = document.info
        self.sheet = sheet
        self.info = info
        self.sections = document.sections
        self.fonts = fonts
        self._outline_keys = 0
        self._outline_level = 0  # the level of the last outline entry
        self._first_numbered = layout.first_numbered(document)
        self._number_from: int | None = None  # the page numbered 1
        self._bare = False  # the page being set is a title page (no running header)
        self._blank = False  # the page being set is a blank verso (no header, no number)
        self._counted: dict[str, int] = {}  # pages numbered so far, by page-number form
        self._section = 0  # the section being set
        self._page_section: int | None = None  # the section of the page being set
        self.heading_pages: dict[int, str] = {}  # heading index -> its page number
        self.page_forms: list[PageForm] = []  # contents lines waiting for their pages
        first = self.sections[0].orientation if self.sections else "portrait"
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
        return PageTemplate(id=orientation, frames=[frame], pagesize=size, onPageEnd=self._decorate)

    def _page_form(self) -> str:
        """The page-number form of the current page (its section's part's)."""
        index = self._page_section if self._page_section is not None else self._section
        return layout.page_number_form(self.sheet, self.sections[index])

    def page_number(self) -> int:
        """The number of the current page: counted from the first numbered
        section, a part numbered on its own from its own first page."""
        return self._counted.get(self._page_form(), 0) + 1

    def page_label(self) -> str:
        """The current page as the contents name it (3, 資-3)."""
        index = self._page_section if self._page_section is not None else self._section
        return layout.page_label(self.sheet, self.page_number(), self.sections[index])

    def handle_pageBegin(self) -> None:
        self._page_section = None
        self._bare = False  # a title page (中扉): no running header
        self._blank = False
        super().handle_pageBegin()

    def handle_rightPageBreak(self) -> None:
        """End the page; if the next would be a left-hand (even) page, leave it
        blank: it is counted (the numbers after it stay odd on the right) but
        shows neither running header nor page number."""
        self.handle_pageBreak()
        if self.page % 2 == 1:
            self.clean_hanging()  # begins the verso
            self._blank = True
            self.handle_pageEnd()

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header and page number, as the page's section has them."""
        if not self.sections:
            return
        index = self._page_section if self._page_section is not None else self._section
        section = self.sections[index]
        width, height = page_size(canvas)
        margins = self.sheet.page("landscape" if width > height else "portrait")[1]
        canvas.saveState()
        tagging = hasattr(canvas, "open_marked")  # not when measuring an untagged build
        header = self.sheet.header
        text = layout.running_header(section, self.info, first_page=doc.page == 1)
        if text and not (self._bare or self._blank):
            # Set by the composer like any paragraph (和欧間 in 令和 5 年度),
            # right-aligned, its baseline halfway up the top margin.
            if tagging:
                canvas.open_marked(RUNNING_HEADER)
            line = ComposedParagraph([ir.Text(text)], header, self.fonts)
            _, tall = line.wrap(width - margins.left - margins.right, height)
            baseline = height - margins.top / 2
            line.drawOn(canvas, margins.left, baseline + first_baseline(header) - tall)
            if tagging:
                canvas.close_marked()
        if layout.shows_page_number(section) and self._number_from is not None and not self._blank:
            footer = self.sheet.footer
            if tagging:
                canvas.open_marked(PAGE_NUMBER)
            canvas.setFont(self.fonts[footer.font], footer.size)
            number = layout.page_number_text(self.sheet, self.page_number(), section)
            canvas.drawCentredString(width / 2, margins.bottom / 2, number)
            if tagging:
                canvas.close_marked()
        canvas.restoreState()
        if self._number_from is not None:  # every page from the first numbered counts
            form = layout.page_number_form(self.sheet, section)
            self._counted[form] = self._counted.get(form, 0) + 1

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionStart):
            self._section = flowable.index
            if flowable.index == self._first_numbered and self._number_from is None:
                self._number_from = self.page
        if self._page_section is None and not isinstance(flowable, (ActionFlowable, PageBreak)):
            self._page_section = self._section  # the first thing placed on the page
        if getattr(flowable, "_title_page", False):
            self._bare = True
        form = getattr(flowable, "_page_form", None)
        if form is not None:
            self.page_forms.append(form)
        index = getattr(flowable, "_heading_index", None)
        if index is not None:
            self.heading_pages[index] = self.page_label()
            if flowable._linked:  # where its contents line leads: the heading's top
                top = self.frame._y + flowable.height + flowable.getSpaceAfter()
                self.canv.bookmarkHorizontal(destination(index), 0, top)
        outline = getattr(flowable, "_outline", None)
        if outline is None:
            return
        level, text = outline
        key = f"h{self._outline_keys}"
        self._outline_keys += 1
        self._outline_level = layout.outline_level(level, self._outline_level)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=self._outline_level - 1, closed=False)

    def _endBuild(self) -> None:
        """Finish the last page, then write the contents' page numbers (forms
        the contents lines show), now that every heading is placed."""
        self._doSave = 0
        super()._endBuild()
        for form in self.page_forms:
            draw_page_form(self.canv, form, self.heading_pages.get(form.heading, ""))
        self.canv.save()


def render_pdf(
    story: list[Flowable],
    sheet,
    document: ir.Document,
    fonts,
    marks: Marks,
    archival: bool = False,
    tagged: bool = True,
) -> tuple[bytes, dict[int, str]]:
    """The PDF bytes of a story, tagged with the structure in `marks`
    (PDF/UA-1; with `archival` also PDF/A-2a), and the page number of each
    heading (by its index in `layout.headings`)."""
    buffer = _Written()
    doc = HandoutTemplate(buffer, sheet, document, fonts)

    def finish(canvas: Canvas) -> None:
        write_structure(canvas, marks, document.info.lang)
        write_metadata(canvas, archival)

    if tagged:
        doc.build(story, canvasmaker=partial(TaggedCanvas, marks=marks, finish=finish))
    else:  # for measuring only (see write_pdf)
        doc.build(story)
    pdf, heading_pages = buffer.data, doc.heading_pages
    # The page templates call back into the document (a reference cycle), so
    # the finished document, its canvas and every page's content would wait
    # for the cycle collector; a long plan's DOCX is made in the meantime.
    if doc.canv is not None:
        release_document(doc.canv)
    doc.pageTemplates, doc.pageTemplate, doc.frame, doc.canv = [], None, None, None
    return pdf, heading_pages


class _Written:
    """Where ReportLab saves the file: it writes the whole file's bytes at
    once, which are kept as they are (a BytesIO would copy a long plan's
    PDF, and its value copy it again)."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data += data
        return len(data)
