"""The raw WordprocessingML that python-docx has no API for, in one place.

Element and attribute names are spelled as in the OOXML schema (ECMA-376).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Child order the schema requires (Word rejects a part whose children are out
# of order); only the elements this module writes and their neighbours.
ORDER = {
    "w:pPr": (
        "w:pStyle",
        "w:keepNext",
        "w:keepLines",
        "w:pageBreakBefore",
        "w:framePr",
        "w:widowControl",
        "w:numPr",
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:trPr": (
        "w:cnfStyle",
        "w:divId",
        "w:gridBefore",
        "w:gridAfter",
        "w:wBefore",
        "w:wAfter",
        "w:cantSplit",
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
    ),
    "w:tcPr": (
        "w:cnfStyle",
        "w:tcW",
        "w:gridSpan",
        "w:hMerge",
        "w:vMerge",
        "w:tcBorders",
        "w:shd",
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    ),
    "w:tblPr": (
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    ),
    "w:tblBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:rPr": (
        "w:rStyle",
        "w:rFonts",
        "w:b",
        "w:bCs",
        "w:i",
        "w:iCs",
        "w:caps",
        "w:smallCaps",
        "w:strike",
        "w:dstrike",
        "w:outline",
        "w:shadow",
        "w:emboss",
        "w:imprint",
        "w:noProof",
        "w:snapToGrid",
        "w:vanish",
        "w:webHidden",
        "w:color",
        "w:spacing",
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
}


def child(parent, tag: str):
    """The `tag` child of `parent`, created in schema order if missing."""
    element = parent.find(qn(tag))
    if element is not None:
        return element
    element = OxmlElement(tag)
    order = ORDER.get(_prefixed(parent.tag), ())
    if tag in order:
        later = {qn(t) for t in order[order.index(tag) + 1 :]}
        for index, existing in enumerate(parent):
            if existing.tag in later:
                parent.insert(index, element)
                return element
    parent.append(element)
    return element


def _prefixed(clark: str) -> str:
    return "w:" + clark.split("}")[-1]


def set_fonts(rPr, family: str) -> None:
    """Set every script's font of an `w:rPr`, East Asian included.

    python-docx's `font.name` sets only w:ascii/w:hAnsi; Japanese text takes
    w:eastAsia, and any *Theme attribute would override it with the theme's
    font (ＭＳ 明朝), so those are removed.
    """
    rFonts = child(rPr, "w:rFonts")
    for attribute in THEME_FONT_ATTRIBUTES:
        rFonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(attribute), family)


def set_language(rPr, lang: str) -> None:
    """`w:lang` with the East Asian language (ja-JP) for kinsoku and spacing."""
    element = child(rPr, "w:lang")
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), lang)


def doc_defaults_rPr(styles_element):
    """The `w:rPr` of `w:docDefaults/w:rPrDefault`, created if missing."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rPr = rpr_default.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        rpr_default.append(rPr)
    return rPr


def _on_off(parent, tag: str, value: str | None = None):
    element = child(parent, tag)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


def repeat_as_header(row) -> None:
    """`w:tblHeader`: the row repeats at the top of every page of the table."""
    _on_off(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_on_one_page(row) -> None:
    """`w:cantSplit`: Word moves the row to the next page rather than split it."""
    _on_off(row._tr.get_or_add_trPr(), "w:cantSplit")


def shade_cell(cell, fill: str) -> None:
    """`w:shd` cell shading, e.g. fill="E6E6E6"."""
    shd = _on_off(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def table_borders(table, rule_pt: float, frame_pt: float) -> None:
    """`w:tblBorders`: single rules inside, a heavier frame (sizes in eighths of a point)."""
    tblPr = table._tbl.tblPr
    borders = child(tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _on_off(borders, f"w:{side}", "single")
        width = frame_pt if side in ("top", "left", "bottom", "right") else rule_pt
        element.set(qn("w:sz"), str(round(width * 8)))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


def japanese_settings(settings_element) -> None:
    """Kinsoku, punctuation compression and Japanese–Latin auto-spacing.

    w:characterSpacingControl = compressPunctuation; the document grid is not
    used, so lines do not snap to grid multiples.
    """
    control = _on_off(settings_element, "w:characterSpacingControl", "compressPunctuation")
    del control  # present with its value is all that is needed


def paragraph_japanese(pPr) -> None:
    """Kinsoku and auto-spacing on a paragraph style; no snapping to the grid."""
    for tag in ("w:kinsoku", "w:autoSpaceDE", "w:autoSpaceDN"):
        _on_off(pPr, tag, "1")
    _on_off(pPr, "w:snapToGrid", "0")
