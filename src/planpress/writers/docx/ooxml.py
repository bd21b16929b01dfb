"""The raw WordprocessingML that python-docx has no API for, in one place.

Element and attribute names are spelled as in the OOXML schema (ECMA-376).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planpress.writers.docx import internals

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Child order the schema requires (Word rejects a part whose children are out
# of order), for the children python-docx does not declare: it declares only
# some (keepNext, spacing, rFonts …), and keeps their order inside generated
# methods, not as data. tests/test_library_internals.py checks this table
# against python-docx's order wherever both know a child.
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
    "w:sectPr": (
        "w:headerReference",
        "w:footerReference",
        "w:footnotePr",
        "w:endnotePr",
        "w:type",
        "w:pgSz",
        "w:pgMar",
        "w:paperSrc",
        "w:pgBorders",
        "w:lnNumType",
        "w:pgNumType",
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
    "w:tblBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:bottom", "w:right"),
    "w:docDefaults": ("w:rPrDefault", "w:pPrDefault"),
    "w:style": (
        "w:name",
        "w:aliases",
        "w:basedOn",
        "w:next",
        "w:link",
        "w:autoRedefine",
        "w:hidden",
        "w:uiPriority",
        "w:semiHidden",
        "w:unhideWhenUsed",
        "w:qFormat",
        "w:locked",
        "w:personal",
        "w:personalCompose",
        "w:personalReply",
        "w:rsid",
        "w:pPr",
        "w:rPr",
        "w:tblPr",
        "w:trPr",
        "w:tcPr",
        "w:tblStylePr",
    ),
    # CT_Settings from w:defaultTabStop on (the template has the earlier ones).
    "w:settings": (
        "w:defaultTabStop",
        "w:autoHyphenation",
        "w:consecutiveHyphenLimit",
        "w:hyphenationZone",
        "w:doNotHyphenateCaps",
        "w:showEnvelope",
        "w:summaryLength",
        "w:clickAndTypeStyle",
        "w:defaultTableStyle",
        "w:evenAndOddHeaders",
        "w:bookFoldRevPrinting",
        "w:bookFoldPrinting",
        "w:bookFoldPrintingSheets",
        "w:drawingGridHorizontalSpacing",
        "w:drawingGridVerticalSpacing",
        "w:displayHorizontalDrawingGridEvery",
        "w:displayVerticalDrawingGridEvery",
        "w:doNotUseMarginsForDrawingGridOrigin",
        "w:drawingGridHorizontalOrigin",
        "w:drawingGridVerticalOrigin",
        "w:doNotShadeFormData",
        "w:noPunctuationKerning",
        "w:characterSpacingControl",
        "w:printTwoOnOne",
        "w:strictFirstAndLastChars",
        "w:noLineBreaksAfter",
        "w:noLineBreaksBefore",
        "w:savePreviewPicture",
        "w:doNotValidateAgainstSchema",
        "w:saveInvalidXml",
        "w:ignoreMixedContent",
        "w:alwaysShowPlaceholderText",
        "w:doNotDemarcateInvalidXml",
        "w:saveXmlDataOnly",
        "w:useXSLTWhenSaving",
        "w:saveThroughXslt",
        "w:showXMLTags",
        "w:alwaysMergeEmptyNamespace",
        "w:updateFields",
        "w:hdrShapeDefaults",
        "w:footnotePr",
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    ),
    "w:font": (
        "w:altName",
        "w:panose1",
        "w:charset",
        "w:family",
        "w:notTrueType",
        "w:pitch",
        "w:sig",
        "w:embedRegular",
        "w:embedBold",
        "w:embedItalic",
        "w:embedBoldItalic",
    ),
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
    """The `tag` child of `parent`, created in schema order if missing: by
    python-docx where it declares the child (`get_or_add_…`), else by ORDER."""
    element = parent.find(qn(tag))
    if element is not None:
        return element
    declared = getattr(parent, f"get_or_add_{tag.split(':')[1]}", None)
    if declared is not None:
        return declared()
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


def _on_off(parent, tag: str, value: str | None = None):
    element = child(parent, tag)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


# -- fonts and styles ------------------------------------------------------------


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
    rFonts.set(qn("w:hint"), "eastAsia")  # ambiguous characters (“ ” …) take the Japanese face


def strip_theme_fonts(element) -> int:
    """Remove every theme font attribute under `element`; how many were removed.

    A style without its own w:rFonts then inherits docDefaults' BIZ UD font
    instead of the theme's ＭＳ 明朝 / Cambria.
    """
    removed = 0
    for rFonts in element.iter(qn("w:rFonts")):
        for attribute in THEME_FONT_ATTRIBUTES:
            if rFonts.attrib.pop(qn(attribute), None) is not None:
                removed += 1
        if not len(rFonts.attrib):
            rFonts.getparent().remove(rFonts)
    return removed


def clear_formatting(style_element) -> None:
    """Drop a style's own w:pPr and w:rPr (the template's colours, borders, italics)."""
    for tag in ("w:pPr", "w:rPr"):
        for element in style_element.findall(qn(tag)):
            style_element.remove(element)


def linked_style_id(style_element) -> str | None:
    """The id in a style's `w:link` (Heading 1 ↔ Heading 1 Char), if any."""
    link = style_element.find(qn("w:link"))
    return None if link is None else link.get(qn("w:val"))


def black_text(styles_element) -> None:
    """No colour in paragraph and character styles: a handout is black on white.

    The template's Heading 4–9, Subtitle, Quote … are blue; a Word user who
    picks one should get black text like the rest of the document.
    """
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:type")) not in ("paragraph", "character"):
            continue
        for rPr in style.findall(qn("w:rPr")):
            for color in rPr.findall(qn("w:color")):
                rPr.remove(color)
        for pPr in style.findall(qn("w:pPr")):
            for border in pPr.findall(qn("w:pBdr")):
                pPr.remove(border)


def outline_level(pPr, level: int) -> None:
    """`w:outlineLvl` (0 = level 1): the navigation pane and the TOC list the style."""
    _on_off(pPr, "w:outlineLvl", str(level))


def set_language(rPr, lang: str) -> None:
    """`w:lang` with the East Asian language (ja-JP) for kinsoku and spacing."""
    element = child(rPr, "w:lang")
    element.set(qn("w:val"), lang)
    element.set(qn("w:eastAsia"), lang)


def _defaults(styles_element, tag: str, inner: str):
    defaults = child(styles_element, "w:docDefaults")
    if styles_element.index(defaults) != 0:  # w:docDefaults comes first in w:styles
        styles_element.insert(0, defaults)
    holder = child(defaults, tag)
    return child(holder, inner)


def doc_defaults_rPr(styles_element):
    """The `w:rPr` of `w:docDefaults/w:rPrDefault`, created if missing."""
    return _defaults(styles_element, "w:rPrDefault", "w:rPr")


def doc_defaults_pPr(styles_element):
    """The `w:pPr` of `w:docDefaults/w:pPrDefault`, created if missing."""
    return _defaults(styles_element, "w:pPrDefault", "w:pPr")


def paragraph_japanese(pPr) -> None:
    """Kinsoku and Japanese–Latin auto-spacing on; no snapping to the line grid."""
    for tag in ("w:kinsoku", "w:autoSpaceDE", "w:autoSpaceDN"):
        _on_off(pPr, tag, "1")
    _on_off(pPr, "w:snapToGrid", "0")


def japanese_settings(settings_element, lang: str) -> None:
    """Document settings for Japanese text.

    w:characterSpacingControl = compressPunctuation (約物 take back their
    half-em blank where they meet); the theme's East Asian language. Kinsoku
    and the grid are paragraph properties (see `paragraph_japanese`).
    """
    _on_off(settings_element, "w:characterSpacingControl", "compressPunctuation")
    theme_lang = child(settings_element, "w:themeFontLang")
    theme_lang.set(qn("w:eastAsia"), lang)


def no_line_grid(sectPr) -> None:
    """`w:docGrid type=default`: lines are not snapped to a grid of the page."""
    grid = sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectPr.append(grid)  # last child of w:sectPr but w:printerSettings, w:sectPrChange
    grid.set(qn("w:type"), "default")
    grid.attrib.pop(qn("w:linePitch"), None)
    grid.attrib.pop(qn("w:charSpace"), None)


def theme_fonts(theme_element, major: str, minor: str) -> None:
    """The theme's heading (major) and body (minor) fonts for Latin and Japanese.

    No style of ours refers to the theme, but a Word user who picks
    "(本文のフォント)" or makes a new style gets these instead of ＭＳ 明朝.
    """
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for tag, family in ((f"{a}majorFont", major), (f"{a}minorFont", minor)):
        for scheme in theme_element.iter(tag):
            for font in scheme:
                if font.tag == f"{a}latin" or (
                    font.tag == f"{a}font" and font.get("script") == "Jpan"
                ):
                    font.set("typeface", family)


# -- the font table --------------------------------------------------------------


def declare_font(
    fonts_element,
    name: str,
    alt_name: str,
    panose: str,
    charset: str,
    family: str,
    pitch: str,
    sig: dict[str, str],
) -> None:
    """A `w:font` entry in fontTable.xml: what Word and LibreOffice use to find
    a substitute when `name` is not installed (w:altName, w:panose1,
    w:charset 80 = Shift-JIS, w:family roman/modern, w:sig Unicode ranges)."""
    for existing in fonts_element.findall(qn("w:font")):
        if existing.get(qn("w:name")) == name:
            fonts_element.remove(existing)
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    fonts_element.append(font)
    if alt_name:
        _on_off(font, "w:altName", alt_name)
    _on_off(font, "w:panose1", panose)
    _on_off(font, "w:charset", charset)
    _on_off(font, "w:family", family)
    _on_off(font, "w:pitch", pitch)
    element = _on_off(font, "w:sig")
    for key, value in sig.items():
        element.set(qn(f"w:{key}"), value)


# -- tables ----------------------------------------------------------------------


def repeat_as_header(row) -> None:
    """`w:tblHeader`: the row repeats at the top of every page of the table."""
    _on_off(internals.row_element(row).get_or_add_trPr(), "w:tblHeader")


def keep_row_on_one_page(row) -> None:
    """`w:cantSplit`: the row moves to the next page rather than split."""
    _on_off(internals.row_element(row).get_or_add_trPr(), "w:cantSplit")


def vertical_merge(cell, state: str) -> None:
    """`w:vMerge`: "restart" opens a cell spanning rows, "continue" is covered by it."""
    _on_off(internals.cell_element(cell).get_or_add_tcPr(), "w:vMerge", state)


def restart_page_numbers(sectPr, start: int | None) -> None:
    """`w:pgNumType w:start`: the section's pages are numbered from `start`
    (None: they go on from the section before; python-docx copies the previous
    section's properties into a new one)."""
    if start is None:
        for element in sectPr.findall(qn("w:pgNumType")):
            sectPr.remove(element)
        return
    _on_off(sectPr, "w:pgNumType").set(qn("w:start"), str(start))


def docpr_description(inline, alt: str) -> None:
    """`wp:docPr/@descr`: a picture's alternative text (what a screen reader says)."""
    inline.docPr.set("descr", alt)


def shade_cell(cell, fill: str) -> None:
    """`w:shd` cell shading, e.g. fill="E6E6E6"."""
    shd = _on_off(internals.cell_element(cell).get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def left_fixed_table(tbl) -> None:
    """`w:jc left`, `w:tblLayout fixed` (python-docx's `table.alignment =
    LEFT`, `table.autofit = False`) on a `w:tbl`."""
    child(tbl.tblPr, "w:jc").set(qn("w:val"), "left")
    child(tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")


def table_borders(tbl, rule_pt: float, frame_pt: float) -> None:
    """`w:tblBorders` of a `w:tbl`: single rules inside, a heavier frame
    (sizes in eighths of a point)."""
    borders = child(tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _on_off(borders, f"w:{side}", "single")
        width = frame_pt if side in ("top", "left", "bottom", "right") else rule_pt
        element.set(qn("w:sz"), str(round(width * 8)))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


SIDES = ("top", "left", "bottom", "right")


def cell_borders(cell, widths: dict[str, float]) -> None:
    """`w:tcBorders`: a single rule `widths[side]` points wide on each side
    named, none on the others (a cell's own borders win over the table's)."""
    borders = child(internals.cell_element(cell).get_or_add_tcPr(), "w:tcBorders")
    for side in SIDES:
        element = child(borders, f"w:{side}")
        width = widths.get(side, 0.0)
        element.set(qn("w:val"), "single" if width else "nil")
        if width:
            element.set(qn("w:sz"), str(max(round(width * 8), 2)))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")


def cell_margins(cell, twips: int) -> None:
    """`w:tcMar`: the cell's margins on every side (twips)."""
    margins = child(internals.cell_element(cell).get_or_add_tcPr(), "w:tcMar")
    for side in SIDES:
        element = child(margins, f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")


def centre_vertically(cell) -> None:
    """`w:vAlign center`: the cell's text in the middle of its height."""
    _on_off(internals.cell_element(cell).get_or_add_tcPr(), "w:vAlign", "center")


def row_height_at_least(row, twips: int) -> None:
    """`w:trHeight w:hRule="atLeast"`: the row is at least `twips` tall."""
    height = child(internals.row_element(row).get_or_add_trPr(), "w:trHeight")
    height.set(qn("w:val"), str(twips))
    height.set(qn("w:hRule"), "atLeast")


def no_table_borders(tbl) -> None:
    """`w:tblBorders` of a `w:tbl` all nil: only the cells' own borders are drawn."""
    borders = child(tbl.tblPr, "w:tblBorders")
    for side in (*SIDES, "insideH", "insideV"):
        _on_off(borders, f"w:{side}", "nil")


def fixed_table(tbl, width_twips: int, top: int, side: int, bottom: int) -> None:
    """A table of fixed width and column widths, and its cell margins (twips).

    The writer sets python-docx's `table.autofit = False` (`w:tblLayout
    fixed`): Word and LibreOffice then use the grid's widths instead of
    fitting columns to their content, so both lay it out alike.
    """
    tblPr = tbl.tblPr
    width = child(tblPr, "w:tblW")
    width.set(qn("w:w"), str(width_twips))
    width.set(qn("w:type"), "dxa")
    margins = child(tblPr, "w:tblCellMar")
    for tag, twips in (("w:top", top), ("w:left", side), ("w:bottom", bottom), ("w:right", side)):
        element = child(margins, tag)
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")


# -- fields ----------------------------------------------------------------------


def field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (w:fldChar begin … separate … end), e.g. PAGE.

    `placeholder` is the cached result shown until the field is updated
    (Word and LibreOffice update PAGE on every page as they lay it out).
    """

    def run_with(element):
        run = paragraph.add_run()
        internals.run_element(run).append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def set_paragraph_style(paragraph, style_id: str) -> None:
    """`w:pStyle` of a paragraph, by style id (python-docx keeps pPr in order)."""
    internals.paragraph_element(paragraph).get_or_add_pPr().style = style_id


def spanned_cells(row, table, spans: list[int]) -> list:
    """The cells of a new row, each `spans[i]` grid columns wide (`w:gridSpan`).

    python-docx's `cell.merge` searches the whole table for the row on every
    call; a new row's cells are spanned here directly.
    """
    tr = internals.row_element(row)
    tcs = list(tr.tc_lst)
    cells = []
    column = 0
    for span in spans:
        tc = tcs[column]
        if span > 1:
            tc.get_or_add_tcPr().grid_span = span
            for extra in tcs[column + 1 : column + span]:
                tr.remove(extra)
        cells.append(internals.cell_of(tc, table))
        column += span
    return cells
