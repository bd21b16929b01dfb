"""Word styles from the style sheet: one Word style per paragraph style.

Where Word has a built-in style for the role (Title, Heading 1–3, Body Text =
本文), the style sheet names it (`word:` in templates/style.yaml) and that
style is restyled, so the navigation pane, a table of contents and restyling
in Word work as a Word user expects. The python-docx template's own look
(theme fonts, blue headings, the Title's rule) is cleared first, so the DOCX
looks like the PDF.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from planpress.writers import layout
from planpress.writers.docx import ooxml
from planpress.writers.style import ParagraphStyle, StyleSheet

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
HEADING_LEVELS = {layout.heading_style(n): n for n in range(1, layout.HEADING_LEVELS + 1)}
# The running header and footer take Word's own Header and Footer styles.
PAGE_STYLES = {"header": "Header", "footer": "Footer"}


def word_style_name(sheet: StyleSheet, name: str) -> str:
    """The Word style that carries style-sheet style `name`."""
    if name in PAGE_STYLES:
        return PAGE_STYLES[name]
    return sheet.paragraph(name).word_name or name


def install_styles(document, sheet: StyleSheet, lang: str) -> None:
    """Define every style of `sheet` in `document`, fonts for Japanese included."""
    styles_element = document.styles.element
    body = sheet.paragraph("body")
    defaults = ooxml.doc_defaults_rPr(styles_element)
    ooxml.set_fonts(defaults, sheet.fonts[body.font].family)
    ooxml.set_language(defaults, lang)
    paragraph_defaults = ooxml.doc_defaults_pPr(styles_element)
    ooxml.paragraph_japanese(paragraph_defaults)
    normal = document.styles["Normal"]
    ooxml.clear_formatting(normal.element)
    _format(normal, sheet, body)
    normal.paragraph_format.first_line_indent = None  # only 本文 is indented
    for name, style in sheet.paragraphs.items():
        _define(document, sheet, word_style_name(sheet, name), style, HEADING_LEVELS.get(name))
    for name, word_name in PAGE_STYLES.items():
        _define(document, sheet, word_name, getattr(sheet, name))
    ooxml.strip_theme_fonts(styles_element)
    ooxml.black_text(styles_element)


def _define(document, sheet: StyleSheet, word_name: str, style: ParagraphStyle, level=None):
    styles = document.styles
    try:
        word = styles[word_name]
    except KeyError:
        word = styles.add_style(word_name, WD_STYLE_TYPE.PARAGRAPH)
        word.base_style = styles["Normal"]
        word.quick_style = True
    ooxml.clear_formatting(word.element)
    _format(word, sheet, style)
    if level is not None:
        ooxml.outline_level(word.element.get_or_add_pPr(), level - 1)
    linked = _linked_character_style(document, word)
    if linked is not None:  # used when a Word user applies the style to a selection
        ooxml.clear_formatting(linked.element)
        _character(linked, sheet, style)


def _format(word, sheet: StyleSheet, style: ParagraphStyle) -> None:
    _character(word, sheet, style)
    fmt = word.paragraph_format
    fmt.alignment = ALIGN.get(style.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    # Exact spacing, as the PDF's leading: no jumps to grid multiples.
    fmt.line_spacing = Pt(style.leading)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(style.space_before)
    fmt.space_after = Pt(style.space_after)
    fmt.left_indent = Pt(style.hanging * style.size)
    fmt.first_line_indent = Pt((style.indent - style.hanging) * style.size)
    fmt.keep_with_next = style.keep_with_next
    ooxml.paragraph_japanese(word.element.get_or_add_pPr())


def _character(word, sheet: StyleSheet, style: ParagraphStyle) -> None:
    face = sheet.fonts[style.font]
    ooxml.set_fonts(word.element.get_or_add_rPr(), face.family)
    font = word.font
    font.size = Pt(style.size)
    font.bold = face.bold
    font.italic = False


def _linked_character_style(document, word):
    style_id = ooxml.linked_style_id(word.element)
    return next((s for s in document.styles if style_id and s.style_id == style_id), None)
