"""The DOCX writer: document tree → a Word document (python-docx)."""

from __future__ import annotations

from planpress import ir
from planpress.writers.docx.package import fixed_zip
from planpress.writers.docx.writer import BODY_MARK, DocxWriter
from planpress.writers.style import StyleSheet


def write_docx(document: ir.Document, sheet: StyleSheet) -> bytes:
    """The DOCX of `document` as `sheet` styles it; same input, same bytes."""
    writer = DocxWriter(sheet)
    data = writer.visit(document)
    mark = f"<!--{BODY_MARK}-->".encode()
    return fixed_zip(data, document.info.date, {"word/document.xml": (mark, writer.body_xml())})


__all__ = ["DocxWriter", "write_docx"]
