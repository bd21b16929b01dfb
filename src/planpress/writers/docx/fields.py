"""Word fields that span paragraphs (a table of contents), in raw WordprocessingML.

A complex field is w:fldChar begin, the w:instrText, w:fldChar separate, the
result Word shows until it updates the field, and w:fldChar end; for a table
of contents the result is one paragraph per entry, so begin and end sit in
different paragraphs. Element names as in ECMA-376.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from planpress.writers.docx import body, ooxml


def begin_field(paragraph, instruction: str) -> None:
    """Open a field in `paragraph` (a w:p): begin, its instruction, separate (the
    result follows)."""
    body.field_char(paragraph, "begin")
    body.instruction(paragraph, instruction)
    body.field_char(paragraph, "separate")


def end_field(paragraph) -> None:
    """Close the field opened by `begin_field`."""
    body.field_char(paragraph, "end")


def toc_instruction(depth: int, bookmark: str | None = None) -> str:
    """A TOC field of the heading outline levels 1..depth: \\o the levels,
    \\h entries as links, \\z no page numbers in web view, \\u outline levels
    of paragraphs too; \\b only the headings inside `bookmark`."""
    limit = f" \\b {bookmark}" if bookmark else ""
    return f'TOC \\o "1-{depth}" \\h \\z \\u{limit}'


def update_fields_on_open(settings_element) -> None:
    """`w:updateFields`: Word refreshes fields (the contents' page numbers)
    when it opens the document (it asks the user first)."""
    ooxml.child(settings_element, "w:updateFields").set(qn("w:val"), "true")
