"""The PDF writer: document tree → PDF bytes (ReportLab, BIZ UD fonts embedded)."""

from __future__ import annotations

import re

from planpress import ir
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.pdf.pages import render_pdf
from planpress.writers.pdf.story import PdfStory
from planpress.writers.style import StyleSheet


def write_pdf(document: ir.Document, sheet: StyleSheet) -> bytes:
    """The PDF of `document` as `sheet` styles it."""
    fonts = register_fonts(sheet)
    story = PdfStory(sheet, fonts).visit(document)
    first = document.sections[0].orientation if document.sections else "portrait"
    return render_pdf(story, sheet, document.info, first, fonts)


def page_count(data: bytes) -> int:
    """How many pages a PDF written by `write_pdf` has.

    ReportLab writes each page object's dictionary uncompressed.
    """
    return len(re.findall(rb"/Type /Page\b(?!s)", data))
