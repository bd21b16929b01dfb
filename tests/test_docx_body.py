"""The body made straight in lxml (writers/docx/body.py) is what python-docx's
own calls make, element for element and byte for byte; the styles part kept
as bytes (internals.KeptStyles) reads and writes as python-docx's."""

from __future__ import annotations

import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from lxml import etree

from planpress.writers.docx import body, internals, ooxml
from planpress.writers.docx.embed import document_characters

TEXTS = ["本文", " 前後に空白 ", "タブ\tの後\n改行\r戻り", "\t", "\n\n", "x\t"]


def _xml(element) -> bytes:
    return etree.tostring(element)


def test_paragraphs_and_runs_as_python_docx_makes_them():
    ours, theirs = docx.Document(), docx.Document()
    for text in TEXTS:
        for underline, bold in ((False, False), (True, False), (False, True), (True, True)):
            p = body.paragraph(ours.element.body, "BodyText")
            r = body.run(p, text)
            if underline or bold:
                body.run_look(r, underline, "太字" if bold else None)
            body.line_break(p)
            body.keep_with_next(p)
            body.align(p, body.JUSTIFICATION["right"])

            paragraph = theirs.add_paragraph()
            ooxml.set_paragraph_style(paragraph, "BodyText")
            run = paragraph.add_run(text)
            if underline:
                run.font.underline = True
            if bold:
                run.font.bold = True
                ooxml.set_fonts(internals.run_element(run).get_or_add_rPr(), "太字")
            paragraph.add_run().add_break()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    assert _xml(ours.element.body) == _xml(theirs.element.body)


def test_tables_rows_and_cells_as_python_docx_makes_them():
    ours, theirs = docx.Document(), docx.Document()
    twips = [1000, 2000, 3000]
    tbl = body.table(ours.element.body, twips)
    ooxml.left_fixed_table(tbl)
    ooxml.table_borders(tbl, 0.5, 0.75)
    ooxml.fixed_table(tbl, sum(twips), top=60, side=80, bottom=80)
    table = theirs.add_table(rows=0, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    ooxml.table_borders(internals.table_element(table), 0.5, 0.75)
    ooxml.fixed_table(internals.table_element(table), sum(twips), top=60, side=80, bottom=80)
    for column, width in zip(table.columns, twips):
        column.width = Twips(width)
    rows = [  # (cant split, header, [(span, merge, fill)])
        (True, True, [(1, None, "E6E6E6"), (2, "restart", "E6E6E6")]),
        (False, False, [(1, "restart", None), (1, "continue", None)]),  # the last column left
        (True, False, [(3, None, None)]),
    ]
    for cant_split, header, cells in rows:
        tr = body.row(tbl, cant_split, header)
        column = 0
        for span, merge, fill in cells:
            body.cell(tr, sum(twips[column : column + span]), span, merge, fill)
            column += span
        for rest in range(column, len(twips)):
            body.cell(tr, twips[rest])
        row = table.add_row()
        if header:
            ooxml.repeat_as_header(row)
        if cant_split:
            ooxml.keep_row_on_one_page(row)
        made = ooxml.spanned_cells(row, table, [span for span, _, _ in cells])
        column = 0
        for (span, merge, fill), cell in zip(cells, made):
            cell.width = Twips(sum(twips[column : column + span]))
            column += span
            if fill:
                ooxml.shade_cell(cell, fill)
            if merge:
                ooxml.vertical_merge(cell, merge)
    assert _xml(ours.element.body) == _xml(theirs.element.body)


def test_a_table_in_a_cell_ends_with_an_empty_paragraph_as_in_python_docx():
    ours, theirs = docx.Document(), docx.Document()
    tc = body.cell(body.row(body.table(ours.element.body, [500]), False, False), 500)
    body.table(tc, [500])
    cell = theirs.add_table(rows=1, cols=1).cell(0, 0)
    cell.width = Twips(500)
    inner = cell.add_table(rows=0, cols=1)
    inner.columns[0].width = Twips(500)
    assert _xml(tc) == _xml(internals.cell_element(cell))


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _styles_part(document) -> internals.KeptStyles:
    parts = document.part.package.iter_parts()
    return next(part for part in parts if isinstance(part, internals.KeptStyles))


def test_kept_styles_write_the_bytes_python_docx_writes():
    base = docx.Document()
    base.add_paragraph("見出し", style="Heading 1")
    data = _saved(base)
    plain = docx.Document(io.BytesIO(data))
    kept = internals.open_keeping_styles(data)
    part = _styles_part(kept)
    assert dict(internals.package_entries(kept)) == dict(internals.package_entries(plain))
    assert not part.parsed  # writing it did not read it
    for document in (plain, kept):  # a change after reading is written
        document.styles["Heading 1"].font.size = Twips(480)
    assert part.parsed
    assert dict(internals.package_entries(kept)) == dict(internals.package_entries(plain))
    assert document_characters(kept) == document_characters(plain)


def test_characters_of_an_unread_styles_part_with_text_are_read():
    """A styles part that did hold text would be read for the font subset."""
    base = docx.Document()
    base.add_paragraph("本文")
    data = _saved(base)
    kept = internals.open_keeping_styles(data)
    part = _styles_part(kept)
    part._kept = part._kept.replace(b"</w:styles>", "<w:t>字</w:t></w:styles>".encode())
    assert "字" in document_characters(kept)


def test_anchors_part_written_in_chunks_is_the_whole_text(monkeypatch):
    """The anchors part, compressed a few anchors at a time, inflates to the
    text written at once, and its item id is that text's digest."""
    import hashlib
    import uuid
    import zlib

    from planpress.writers.docx import anchors, package
    from planpress.writers.docx.reading import AnchorText, Reading

    monkeypatch.setattr(anchors, "ITEMS_AT_ONCE", 2)
    marks = anchors.Bookmarks()
    reading = Reading()
    for index, text in enumerate(["本文", "a < b & c", "", '"引用"\t']):
        bookmark = marks.start(docx.Document().add_paragraph()._p, f"sections.{index}")
        reading.anchors[bookmark] = AnchorText(bookmark, text)
    reading.outside = {"": "前", "_pp2": "後 > 外"}
    document = docx.Document()
    marks.record(document, reading, "stamp", "改訂者", "2026-04-01T00:00:00Z")
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    (name,) = [name for name, p in parts.items() if isinstance(p.blob, package.Deflated)]
    stored = parts[name].blob
    text = zlib.decompress(stored.data, -15)
    assert (stored.size, stored.crc) == (len(text), zlib.crc32(text))
    expected = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<anchors xmlns="urn:planpress:anchors:1" stamp="stamp" reviser="改訂者"'
        ' date="2026-04-01T00:00:00Z">'
        '<a n="_pp1" at="sections.0">本文</a>'
        '<a n="_pp2" at="sections.1">a &lt; b &amp; c</a>'
        '<a n="_pp3" at="sections.2"></a>'
        '<a n="_pp4" at="sections.3">"引用"\t</a>'
        '<outside after="">前</outside><outside after="_pp2">後 &gt; 外</outside></anchors>'
    )
    assert text.decode("utf-8") == expected
    key = str(uuid.UUID(bytes=hashlib.sha256(text).digest()[:16])).upper()
    assert key.encode() in parts[name.replace("item", "itemProps")].blob
