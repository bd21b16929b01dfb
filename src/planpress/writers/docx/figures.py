"""Figures in the DOCX: the picture in a paragraph of its own, centred, its
alternative text in `wp:docPr/@descr` (what Word shows as 代替テキスト and a
screen reader says), the caption below in the caption style."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from planpress import ir
from planpress.writers.docx import ooxml

MAX_HEIGHT_SHARE = 0.8  # as the PDF: a figure leaves room for its caption


class WordFigures:
    """The DOCX writer's figure handler (a mixin of DocxWriter)."""

    def visit_figure(self, node: ir.Figure, container) -> None:
        from docx.image.image import Image  # python-docx reads the pixel size

        image = Image.from_file(node.src)
        width = self.text_width * node.width
        height = width * image.px_height / image.px_width
        limit = self.text_height * MAX_HEIGHT_SHARE
        if height > limit:
            width, height = width * limit / height, limit
        paragraph = self.add_paragraph(container, "figure")
        paragraph.paragraph_format.keep_with_next = bool(node.caption)
        # An exact line height would clip the picture to one line.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        shape = paragraph.add_run().add_picture(
            str(Path(node.src)), width=Pt(width), height=Pt(height)
        )
        ooxml.docpr_description(shape._inline, node.alt)
        if node.caption:
            self.inlines(self.add_paragraph(container, "caption"), node.caption)
