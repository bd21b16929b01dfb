"""The DOCX writer: document tree → a Word document (python-docx)."""

from __future__ import annotations

from planpress import ir
from planpress.writers.docx.writer import DocxWriter
from planpress.writers.style import StyleSheet


def write_docx(
    document: ir.Document, sheet: StyleSheet, pages: dict[int, str] | None = None
) -> bytes:
    """The DOCX of `document` as `sheet` styles it; same input, same bytes.
    `pages` (heading index -> page number, the PDF's) pre-fill the contents."""
    return DocxWriter(sheet, pages).visit(document)


__all__ = ["DocxWriter", "write_docx"]
