"""Word styles from the style sheet: one Word style per paragraph style.

Where Word has a built-in style for the role (Title, Heading 1–3, Body Text),
that style is used and restyled, so the navigation pane, a table of contents
and restyling in Word work as a Word user expects.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ...style import ParagraphStyle, StyleSheet
from . import ooxml

WORD_NAMES = {
    "body": "Body Text",
    "title": "Title",
    "heading-1": "Heading 1",
    "heading-2": "Heading 2",
    "heading-3": "Heading 3",
}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def word_style_name(name: str) -> str:
    """The Word style that carries style-sheet style `name`."""
    return WORD_NAMES.get(name, f"PP {name}")


def install_styles(document, sheet: StyleSheet, lang: str) -> None:
    """Define every style of `sheet` in `document`, fonts for Japanese included."""
    body_face = sheet.fonts[sheet.paragraph("body").font]
    defaults = ooxml.doc_defaults_rPr(document.styles.element)
    ooxml.set_fonts(defaults, body_face.family)
    ooxml.set_language(defaults, lang)
    normal = document.styles["Normal"]
    ooxml.set_fonts(normal.element.get_or_add_rPr(), body_face.family)
    normal.font.size = Pt(sheet.paragraph("body").size)
    for name, style in sheet.paragraphs.items():
        _define(document, sheet, name, style)
    _define(document, sheet, "header", sheet.header, word_name="Header")
    _define(document, sheet, "footer", sheet.footer, word_name="Footer")


def _define(document, sheet: StyleSheet, name: str, style: ParagraphStyle, word_name=None) -> None:
    word_name = word_name or word_style_name(name)
    styles = document.styles
    try:
        word = styles[word_name]
    except KeyError:
        word = styles.add_style(word_name, WD_STYLE_TYPE.PARAGRAPH)
        word.base_style = styles["Normal"]
        word.quick_style = True
    face = sheet.fonts[style.font]
    ooxml.set_fonts(word.element.get_or_add_rPr(), face.family)
    font = word.font
    font.size = Pt(style.size)
    font.bold = face.bold
    font.italic = False
    font.color.rgb = None
    fmt = word.paragraph_format
    fmt.alignment = ALIGN.get(style.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    fmt.line_spacing = Pt(style.leading)  # exact spacing: no jumps to grid multiples
    fmt.space_before = Pt(style.space_before)
    fmt.space_after = Pt(style.space_after)
    fmt.left_indent = Pt(style.hanging * style.size)
    fmt.first_line_indent = Pt((style.indent - style.hanging) * style.size)
    fmt.keep_with_next = style.keep_with_next
    ooxml.paragraph_japanese(word.element.get_or_add_pPr())
