"""The DOCX writer: document tree → a Word document (python-docx)."""

from __future__ import annotations

from planpress import ir
from planpress.writers.docx.package import fixed_zip
from planpress.writers.docx.writer import DocxWriter
from planpress.writers.style import StyleSheet


def write_docx(document: ir.Document, sheet: StyleSheet) -> bytes:
    """The DOCX of `document` as `sheet` styles it; same input, same bytes."""
    return fixed_zip(DocxWriter(sheet).visit(document), document.info.date)


__all__ = ["DocxWriter", "write_docx"]
