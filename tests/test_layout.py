"""Layout decisions are made once (writers/layout.py) from the style sheet, so
a change there reaches the PDF and the DOCX alike."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pdfplumber
import pytest

from planpress import ir
from planpress.pipeline import Project, style_sheet
from planpress.writers import layout
from planpress.writers.docx import write_docx
from planpress.writers.pdf import write_pdf

from .conftest import EXAMPLE, ROOT


@pytest.fixture(scope="module")
def sheet():
    return style_sheet(Project(ROOT), EXAMPLE)


def _tree() -> ir.Document:
    table = ir.Table(
        [1, 1],
        [
            ir.Row([ir.Cell([ir.Paragraph([ir.Text("見出し")], "cell-head")], 2)], "header"),
            ir.Row([ir.Cell([ir.Paragraph([ir.Text("本文")], "cell")], 2)]),
        ],
    )
    return ir.Document(
        ir.DocumentInfo("題", "市"),
        [
            ir.Section(
                [
                    ir.Heading(5, [ir.Text("深い見出し")]),
                    ir.Paragraph([ir.Strong([ir.Text("太字")])]),
                ]
            ),
            ir.Section([table]),
            ir.Section([ir.Paragraph([ir.Text("横")])], "landscape"),
        ],
    )


def test_page_number_text_from_the_style_sheet_in_both_writers(sheet):
    sheet = replace(sheet, page_number="{page} ページ")
    tree = _tree()
    with pdfplumber.open(io.BytesIO(write_pdf(tree, sheet))) as pdf:
        footers = [page.extract_text().splitlines()[-1] for page in pdf.pages]
    assert footers == ["1 ページ", "2 ページ"]
    document = docx.Document(io.BytesIO(write_docx(tree, sheet)))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.replace("1", "") == " ページ"  # the PAGE field's cached value is 1
    assert "PAGE" in footer._p.xml


def test_sections_break_pages_alike(sheet):
    tree = _tree()
    with pdfplumber.open(io.BytesIO(write_pdf(tree, sheet))) as pdf:
        pages = len(pdf.pages)
    document = docx.Document(io.BytesIO(write_docx(tree, sheet)))
    # Same orientation runs on; the landscape section turns the page.
    assert pages == len(document.sections) == 2


def test_bold_face_and_heading_levels_from_one_place(sheet):
    tree = _tree()
    bold = layout.bold_face(sheet)
    with pdfplumber.open(io.BytesIO(write_pdf(tree, sheet))) as pdf:
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars if c["text"] in "太字"}
    assert len(fonts) == 1
    document = docx.Document(io.BytesIO(write_docx(tree, sheet)))
    heading = next(p for p in document.paragraphs if p.text == "深い見出し")
    assert heading.style.name == sheet.paragraph(layout.heading_style(5)).word_name
    run = next(r for p in document.paragraphs for r in p.runs if r.text == "太字")
    assert run._r.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == bold.family


def test_a_page_number_without_its_place_is_refused(tmp_path):
    text = (ROOT / "templates" / "style.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "style.yaml"
    bad.write_text(text.replace('page_number: "- {page} -"', 'page_number: "頁"'), encoding="utf-8")
    from planpress.writers.style import StyleError, load_style_sheet

    with pytest.raises(StyleError):
        load_style_sheet(bad, ROOT / "fonts")
