"""Word sections: page size and margins, running header and page-number footer.

A Word section starts where the document's section starts a page (a chapter,
a change of orientation: a next-page break) or where the running header or
the page numbering changes (a continuous break). A section that looks like
the one before keeps Word's link to its header and footer. Page numbers
start at 1 in the first numbered section, as in the PDF (writers/layout.py).
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from planpress import ir
from planpress.writers import layout
from planpress.writers.docx import internals, ooxml


class WordSections:
    """The DOCX writer's page handling (a mixin of DocxWriter)."""

    def _look(self, node: ir.Section) -> tuple[str, bool, str]:
        """What a section's pages show: its running header, whether numbered,
        the page-number form."""
        return (
            layout.running_header(node, self.info, False),
            layout.shows_page_number(node),
            layout.page_number_form(self.sheet, node),
        )

    def _restarts(self, node: ir.Section, index: int) -> bool:
        """Whether a section's pages are numbered from 1: the first numbered
        section, and the first of a part numbered on its own (資-1)."""
        if index == self.first_numbered:
            return index > 0
        previous = self.section
        return layout.own_numbering(self.sheet, node) and (
            previous is None
            or layout.page_number_form(self.sheet, previous)
            != layout.page_number_form(self.sheet, node)
        )

    def _break(self, node: ir.Section, index: int) -> WD_SECTION:
        """The section break before a section that starts a page: to the next
        odd page where it begins on a right-hand page (a two-sided book's
        chapter, layout.starts_right), else to the next page.

        Word and LibreOffice tell odd from even by the page number, so a
        section whose numbering starts at 1 is "odd" wherever it falls: after
        the unnumbered cover, the cover's verso is written as a page of its
        own (a page break), and the numbering starts on the page after it."""
        if not layout.starts_right(self.sheet, self.section, node, index == self.first_numbered):
            return WD_SECTION.NEW_PAGE
        if index == self.first_numbered and not layout.shows_page_number(self.section):
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return WD_SECTION.ODD_PAGE

    def start_section(self, node: ir.Section, index: int) -> None:
        """Start a Word section for `node` if it needs one."""
        previous = self.section
        first = previous is None
        new_page = layout.new_page_before(previous, node)
        if not (first or new_page or self._look(node) != self._look(previous)):
            return
        if first:
            word = self.doc.sections[0]
        else:
            word = self.doc.add_section(
                self._break(node, index) if new_page else WD_SECTION.CONTINUOUS
            )
        self._page_setup(word, node.orientation)
        restart = self._restarts(node, index)
        ooxml.restart_page_numbers(internals.section_properties(word), 1 if restart else None)
        if first:
            own = node.header is not None or node.role == "cover"
            self._header_and_footer(word, node, first_page_differs=not own)
        elif self._look(node) != self._look(previous):
            self._header_and_footer(word, node, first_page_differs=False)
        else:  # the header and footer are inherited
            word.different_first_page_header_footer = False

    def title_page(self, node: ir.Section, index: int, heading: ir.Heading) -> None:
        """A chapter's title page (中扉): a Word section holding its heading
        (Heading 1, set large and centred as the style sheet's chapter-page),
        with an empty header and its page number; then the chapter's own
        section."""
        first = self.section is None
        word = self.doc.sections[0] if first else self.doc.add_section(self._break(node, index))
        self._page_setup(word, node.orientation)
        restart = self._restarts(node, index)
        ooxml.restart_page_numbers(internals.section_properties(word), 1 if restart else None)
        word.different_first_page_header_footer = False
        for part in (word.header, word.footer):
            part.is_linked_to_previous = False
        footer = word.footer.paragraphs[0]
        ooxml.set_paragraph_style(footer, self.style_id("footer"))
        if layout.shows_page_number(node):
            self._page_number(footer, node)
        element = self.add_paragraph(self.body, layout.heading_style(heading.level))
        self.inlines(element, layout.title_page_text(heading))
        self.mark_heading(heading, element)
        look = self.sheet.paragraph(layout.CHAPTER_PAGE)
        paragraph = Paragraph(element, self.doc)
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(look.space_before)
        paragraph.paragraph_format.line_spacing = Pt(look.leading)
        for run in paragraph.runs:
            run.font.size = Pt(look.size)
        chapter = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page_setup(chapter, node.orientation)
        ooxml.restart_page_numbers(internals.section_properties(chapter), None)
        self._header_and_footer(chapter, node, first_page_differs=False)

    def _page_setup(self, section, orientation: str) -> None:
        (width, height), margins = self.sheet.page(orientation)
        section.orientation = (
            WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
        )
        section.page_width, section.page_height = Pt(width), Pt(height)
        section.top_margin, section.bottom_margin = Pt(margins.top), Pt(margins.bottom)
        section.left_margin, section.right_margin = Pt(margins.left), Pt(margins.right)
        # Header and footer midway in the margin, as the PDF draws them.
        section.header_distance = Pt(max(margins.top / 2 - self.sheet.header.size, 0))
        section.footer_distance = Pt(max(margins.bottom / 2 - self.sheet.footer.size / 2, 0))
        ooxml.no_line_grid(internals.section_properties(section))
        self.text_width = width - margins.left - margins.right
        self.text_height = height - margins.top - margins.bottom

    def _header_and_footer(self, section, node: ir.Section, first_page_differs: bool) -> None:
        """The section's running header and page-number footer.

        The document's own header starts on page 2 (the first page carries the
        title block), so the first section's first page has none; a section
        with a header of its own (a chapter) shows it on every page.
        """
        text, numbered, _ = self._look(node)
        section.different_first_page_header_footer = first_page_differs
        headers = [(section.header, text)]
        footers = [section.footer]
        if first_page_differs:
            headers.append((section.first_page_header, ""))
            footers.append(section.first_page_footer)
        for header, header_text in headers:
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            ooxml.set_paragraph_style(paragraph, self.style_id("header"))
            if header_text:
                paragraph.add_run(header_text)
        for footer in footers:
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            ooxml.set_paragraph_style(paragraph, self.style_id("footer"))
            if numbered:
                self._page_number(paragraph, node)

    def _page_number(self, paragraph, node: ir.Section) -> None:
        # the part's own form, 「資-」 before the PAGE field
        before, after = layout.page_number_parts(self.sheet, node)
        if before:
            paragraph.add_run(before)
        ooxml.field(paragraph, "PAGE", "1")
        if after:
            paragraph.add_run(after)
