"""The body's paragraphs, runs, tables, rows and cells, made straight in lxml.

python-docx makes each element through its proxies and generated methods
(`add_run`, `get_or_add_pPr`, `insert_element_before` …): a search of the
schema's successors for every child, an XPath for every property. The body
is most of what the writer makes, so it is made here with lxml alone, with
the tags' Clark names computed once, children appended in schema order where
the writer knows it and put in order (ooxml.ORDER) where it does not. The
elements, their attributes and their order are exactly what python-docx's
calls made (tests/test_docx_body.py compares both ways), so the bytes are
too. python-docx still makes the package, the styles, the sections and
their headers and footers, and pictures.
"""

from __future__ import annotations

from lxml import etree

from planpress.writers.docx.ooxml import ORDER
from planpress.writers.docx.reading import w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
P, PPR, PSTYLE, KEEP_NEXT, JC = w("p"), w("pPr"), w("pStyle"), w("keepNext"), w("jc")
R, RPR, T, TAB, BR = w("r"), w("rPr"), w("t"), w("tab"), w("br")
RFONTS, B, U = w("rFonts"), w("b"), w("u")
TBL, TBLPR, TBLGRID, GRIDCOL = w("tbl"), w("tblPr"), w("tblGrid"), w("gridCol")
TR, TRPR, CANT_SPLIT, TBL_HEADER = w("tr"), w("trPr"), w("cantSplit"), w("tblHeader")
TC, TCPR, TCW, GRID_SPAN, VMERGE, SHD = (
    w("tc"),
    w("tcPr"),
    w("tcW"),
    w("gridSpan"),
    w("vMerge"),
    w("shd"),
)
SECT_PR, FLD_CHAR, INSTR_TEXT = w("sectPr"), w("fldChar"), w("instrText")
VAL, TYPE, W_ = w("val"), w("type"), w("w")
JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
BREAKS = str.maketrans("", "", "\t\r\n")
# python-docx's new table's look (CT_Tbl._tbl_xml), attributes in its order.
TABLE_LOOK = {
    w(name): value
    for name, value in (
        ("firstColumn", "1"),
        ("firstRow", "1"),
        ("lastColumn", "0"),
        ("lastRow", "0"),
        ("noHBand", "0"),
        ("noVBand", "1"),
        ("val", "04A0"),
    )
}
_RANKS: dict[str, dict[str, int]] = {}  # parent's Clark name -> child's -> place in ORDER


def _ranks(parent_tag: str) -> dict[str, int]:
    found = _RANKS.get(parent_tag)
    if found is None:
        local = parent_tag.split("}")[1]
        order = ORDER.get(f"w:{local}", ())
        found = _RANKS[parent_tag] = {w(t.split(":")[1]): i for i, t in enumerate(order)}
    return found


def ordered_child(parent, tag: str):
    """The `tag` child of `parent`, made in schema order if missing (as
    python-docx's `get_or_add_…` puts it: before the first later sibling)."""
    ranks = _ranks(parent.tag)
    rank = ranks[tag]
    for index, existing in enumerate(parent):
        if existing.tag == tag:
            return existing
        if ranks.get(existing.tag, -1) > rank:
            element = parent.makeelement(tag)
            parent.insert(index, element)
            return element
    return etree.SubElement(parent, tag)


def _block(container, tag: str):
    """A new block at the end of `container` (the body: before its last w:sectPr)."""
    element = container.makeelement(tag)
    last = container[-1] if len(container) else None
    if last is not None and last.tag == SECT_PR:
        last.addprevious(element)
    else:
        container.append(element)
    return element


def paragraph(container, style_id: str | None = None):
    """A new w:p at the end of `container`, in paragraph style `style_id`."""
    p = _block(container, P)
    if style_id is not None:
        etree.SubElement(etree.SubElement(p, PPR), PSTYLE, {VAL: style_id})
    return p


def properties(p):
    """The w:pPr of a paragraph, made first if missing."""
    if len(p) and p[0].tag == PPR:
        return p[0]
    pPr = p.makeelement(PPR)
    p.insert(0, pPr)
    return pPr


def keep_with_next(p) -> None:
    """`w:keepNext`: the paragraph stays on the page of the next."""
    ordered_child(properties(p), KEEP_NEXT)


def align(p, value: str) -> None:
    """`w:jc`: the paragraph's alignment (left, center, right, both)."""
    ordered_child(properties(p), JC).set(VAL, value)


def run(p, text: str = ""):
    """A new w:r at the end of `p` holding `text` (tabs and line breaks as
    w:tab and w:br, as python-docx's `add_run(text)` writes them)."""
    r = etree.SubElement(p, R)
    if text:
        if text.translate(BREAKS) == text:
            _text(r, text)
        else:
            start = 0
            for index, char in enumerate(text):
                if char in "\t\r\n":
                    if index > start:
                        _text(r, text[start:index])
                    etree.SubElement(r, TAB if char == "\t" else BR)
                    start = index + 1
            if start < len(text):
                _text(r, text[start:])
    return r


def _text(r, text: str) -> None:
    t = etree.SubElement(r, T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")


def run_look(r, underline: bool, bold_family: str | None) -> None:
    """A run's w:rPr: bold in `bold_family` (None: not bold), underlined."""
    rPr = r.makeelement(RPR)
    r.insert(0, rPr)
    if bold_family is not None:
        fonts = (("ascii", bold_family), ("hAnsi", bold_family), ("eastAsia", bold_family))
        attributes = {w(k): v for k, v in (*fonts, ("cs", bold_family), ("hint", "eastAsia"))}
        etree.SubElement(rPr, RFONTS, attributes)
        etree.SubElement(rPr, B)
    if underline:
        etree.SubElement(rPr, U, {VAL: "single"})


def line_break(p) -> None:
    """A run holding a w:br (a line break)."""
    etree.SubElement(etree.SubElement(p, R), BR)


def field_char(p, kind: str) -> None:
    """A run holding a w:fldChar of `kind` (begin, separate, end)."""
    etree.SubElement(etree.SubElement(p, R), FLD_CHAR, {w("fldCharType"): kind})


def instruction(p, text: str) -> None:
    """A run holding a field's w:instrText."""
    element = etree.SubElement(etree.SubElement(p, R), INSTR_TEXT, {XML_SPACE: "preserve"})
    element.text = f" {text} "


# -- tables ----------------------------------------------------------------------


def table(container, twips: list[int]):
    """A new w:tbl at the end of `container` with the grid `twips`, its w:tblPr
    holding python-docx's width and look (a cell ends with an empty
    paragraph after it, as python-docx's `cell.add_table` leaves it)."""
    tbl = _block(container, TBL)
    tblPr = etree.SubElement(tbl, TBLPR)
    etree.SubElement(tblPr, w("tblW"), {TYPE: "auto", W_: "0"})
    etree.SubElement(tblPr, w("tblLook"), TABLE_LOOK)
    grid = etree.SubElement(tbl, TBLGRID)
    for width in twips:
        etree.SubElement(grid, GRIDCOL, {W_: str(width)})
    if container.tag == TC:
        etree.SubElement(container, P)
    return tbl


def row(tbl, cant_split: bool, header: bool):
    """A new w:tr of `tbl`: kept on one page (`cant_split`), repeated on
    every page (`header`)."""
    tr = etree.SubElement(tbl, TR)
    if cant_split or header:
        trPr = etree.SubElement(tr, TRPR)
        if cant_split:
            etree.SubElement(trPr, CANT_SPLIT)
        if header:
            etree.SubElement(trPr, TBL_HEADER)
    return tr


def cell(tr, width: int, span: int = 1, merge: str | None = None, fill: str | None = None):
    """A new w:tc of `tr`, `width` twips wide over `span` grid columns, in a
    vertical merge (`merge`: restart, continue), shaded `fill`; holding one
    empty paragraph, as a new cell does."""
    tc = etree.SubElement(tr, TC)
    tcPr = etree.SubElement(tc, TCPR)
    etree.SubElement(tcPr, TCW, {TYPE: "dxa", W_: str(width)})
    if span > 1:
        etree.SubElement(tcPr, GRID_SPAN, {VAL: str(span)})
    if merge is not None:
        etree.SubElement(tcPr, VMERGE, {VAL: merge})
    if fill is not None:
        etree.SubElement(tcPr, SHD, {VAL: "clear", w("color"): "auto", w("fill"): fill})
    etree.SubElement(tc, P)
    return tc


def paragraphs(container) -> list:
    """The w:p children of a cell (or the body)."""
    return [child for child in container if child.tag == P]
