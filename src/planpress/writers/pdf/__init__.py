"""The PDF writer: document tree → PDF bytes (ReportLab, BIZ UD fonts embedded)."""

from __future__ import annotations

import re

from planpress import ir
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.pdf.pages import render_pdf
from planpress.writers.pdf.story import PdfStory
from planpress.writers.style import StyleSheet

MAX_PASSES = 3  # a contents list whose page numbers are still moving after this is left


def write_pdf(document: ir.Document, sheet: StyleSheet) -> bytes:
    """The PDF of `document` as `sheet` styles it."""
    return pdf_and_pages(document, sheet)[0]


def pdf_and_pages(document: ir.Document, sheet: StyleSheet) -> tuple[bytes, dict[int, str]]:
    """The PDF, and the page number of each heading (by index in `layout.headings`).

    A document with a table of contents is laid out again with the pages the
    last pass found until they stand still: the contents then name the page
    each heading is on.
    """
    fonts = register_fonts(sheet)
    has_toc = any(isinstance(b, ir.Toc) for s in document.sections for b in s.children)
    pages: dict[int, str] | None = None
    for _ in range(MAX_PASSES if has_toc else 1):
        story = PdfStory(sheet, fonts, pages).visit(document)
        data, found = render_pdf(story, sheet, document, fonts)
        if found == pages:
            break
        pages = found
    return data, found


def page_count(data: bytes) -> int:
    """How many pages a PDF written by `write_pdf` has.

    ReportLab writes each page object's dictionary uncompressed.
    """
    return len(re.findall(rb"/Type /Page\b(?!s)", data))
