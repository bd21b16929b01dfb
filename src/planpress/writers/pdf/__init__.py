"""The PDF writer: document tree → PDF bytes (ReportLab, BIZ UD fonts embedded)."""

from __future__ import annotations

import re

from planpress import ir
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.pdf.pages import render_pdf
from planpress.writers.pdf.story import LazyStory, PdfStory
from planpress.writers.pdf.structure import Marks, Untagged
from planpress.writers.style import StyleSheet


def write_pdf(document: ir.Document, sheet: StyleSheet, *, archival: bool = False) -> bytes:
    """The PDF of `document` as `sheet` styles it: tagged (PDF/UA-1) and, with
    `archival`, PDF/A-2a."""
    return pdf_and_pages(document, sheet, archival=archival)[0]


def pdf_and_pages(
    document: ir.Document, sheet: StyleSheet, *, archival: bool = False, tagged: bool = True
) -> tuple[bytes, dict[int, str]]:
    """The PDF, and the page number of each heading (by index in `layout.headings`):
    what the contents show, for a DOCX to pre-fill its own. `tagged=False`
    leaves out everything tagging adds (structure, marked content, XMP): only
    to measure what tagging costs (benchmarks/tagging.py)."""
    fonts = register_fonts(sheet)
    marks = Marks(underline_reading=sheet.underline_reading) if tagged else Marks(Untagged())
    story = LazyStory(PdfStory(sheet, fonts, marks).section_stories(document))
    return render_pdf(story, sheet, document, fonts, marks, archival, tagged)


def page_count(data: bytes) -> int:
    """How many pages a PDF written by `write_pdf` has.

    ReportLab writes each page object's dictionary uncompressed.
    """
    return len(re.findall(rb"/Type /Page\b(?!s)", data))
