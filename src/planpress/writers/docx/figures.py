"""Figures in the DOCX: the picture in a paragraph of its own, centred, its
alternative text in `wp:docPr/@descr` (what Word shows as 代替テキスト and a
screen reader says), the caption below in the caption style. An SVG figure
is placed as a 300 dpi PNG (writers/images.py)."""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.text import WD_LINE_SPACING
from docx.image.image import Image
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from planpress import ir
from planpress.writers.docx import internals, ooxml
from planpress.writers.images import svg_png

MAX_HEIGHT_SHARE = 0.8  # as the PDF: a figure leaves room for its caption


class WordFigures:
    """The DOCX writer's figure handler (a mixin of DocxWriter)."""

    def visit_figure(self, node: ir.Figure, container) -> None:
        if node.src.lower().endswith(".svg"):
            data, natural_w, natural_h = svg_png(node.src)
            picture = io.BytesIO(data)
        else:
            image = Image.from_file(node.src)  # python-docx reads the pixel size
            natural_w, natural_h = image.px_width, image.px_height
            picture = str(Path(node.src))
        width = self.text_width * node.width
        height = width * natural_h / natural_w
        limit = self.text_height * MAX_HEIGHT_SHARE
        if height > limit:
            width, height = width * limit / height, limit
        paragraph = Paragraph(self.add_paragraph(container, "figure"), self.doc)
        paragraph.paragraph_format.keep_with_next = bool(node.caption)
        # An exact line height would clip the picture to one line.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        shape = paragraph.add_run().add_picture(picture, width=Pt(width), height=Pt(height))
        self.released.number_picture(internals.inline_element(shape))
        ooxml.docpr_description(internals.inline_element(shape), node.alt)
        if node.caption:
            self.inlines(self.add_paragraph(container, "caption"), node.caption)
