"""The DOCX writer: document tree → a Word document (python-docx)."""

from .writer import DocxWriter, write_docx

__all__ = ["DocxWriter", "write_docx"]
