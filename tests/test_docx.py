"""The DOCX as Word reads it (python-docx): styles, fonts, settings, tables,
underlines, properties."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from planpress import ir
from planpress.pipeline import Project, style_sheet
from planpress.writers.docx import write_docx

from .conftest import EXAMPLE, ROOT

W_FONT_ATTRIBUTES = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


@pytest.fixture(scope="module")
def sheet():
    return style_sheet(Project(ROOT), EXAMPLE)


@pytest.fixture(scope="module")
def example_doc(example):
    return docx.Document(str(example.docx))


def synthetic(sheet_rows: int = 1) -> ir.Document:
    """A small tree with underlined words in prose and in a comparison table,
    and a row far taller than a page."""
    tall = [ir.Paragraph([ir.Text(f"第{i}項の長い記述です。")], "cell") for i in range(150)]
    table = ir.Table(
        [1, 1],
        [
            ir.Row(
                [
                    ir.Cell([ir.Paragraph([ir.Text("【旧】")], "cell-head")]),
                    ir.Cell([ir.Paragraph([ir.Text("【新】")], "cell-head")]),
                ],
                "header",
            ),
            ir.Row([ir.Cell([ir.Paragraph([ir.Text("（区分）")], "cell-group")], span=2)], "group"),
            ir.Row(
                [
                    ir.Cell(
                        [
                            ir.Paragraph(
                                [
                                    ir.Text("地域の"),
                                    ir.Underline([ir.Text("商業")]),
                                    ir.Text("を振興する"),
                                ],
                                "cell",
                            )
                        ]
                    ),
                    ir.Cell(
                        [
                            ir.Paragraph(
                                [
                                    ir.Text("地域の"),
                                    ir.Underline([ir.Text("商工業")]),
                                    ir.Text("を振興する"),
                                ],
                                "cell",
                            )
                        ]
                    ),
                ]
            ),
            ir.Row([ir.Cell(tall), ir.Cell([ir.Paragraph([ir.Text("短い")], "cell")])]),
        ],
        style="comparison",
    )
    return ir.Document(
        ir.DocumentInfo("題", "青梅市", "計画", date=date(2023, 11, 20), header="委員会　資料1"),
        [
            ir.Section(
                [
                    ir.Heading(1, [ir.Text("見出し一")]),
                    ir.Paragraph(
                        [
                            ir.Text("本文の"),
                            ir.Underline([ir.Text("変更")]),
                            ir.Text("箇所"),
                            ir.Strong([ir.Underline([ir.Text("強調")])]),
                        ]
                    ),
                ]
            ),
            ir.Section([ir.Heading(2, [ir.Text("見出し二")]), table], "landscape"),
        ],
    )


@pytest.fixture(scope="module")
def small(sheet):
    return docx.Document(io.BytesIO(write_docx(synthetic(), sheet)))


def _style_rpr_fonts(style) -> dict[str, str]:
    rFonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return {} if rFonts is None else {a: rFonts.get(qn(a)) for a in W_FONT_ATTRIBUTES}


# -- styles and fonts ------------------------------------------------------------


def test_headings_are_word_heading_styles_with_outline_levels(example_doc):
    headings = [
        (p.style.name, p.text) for p in example_doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "一部改訂の目的") in headings
    assert ("Heading 1", "記載事項の方針") in headings
    assert ("Heading 2", "1 施策体系") in headings
    for level in (1, 2, 3):
        pPr = example_doc.styles[f"Heading {level}"].element.pPr
        assert pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def test_title_and_body_take_the_built_in_styles(example_doc):
    names = {p.style.name for p in example_doc.paragraphs}
    assert {"Title", "Body Text"} <= names
    title = next(p for p in example_doc.paragraphs if p.style.name == "Title")
    assert title.text.startswith("青梅市商・工業振興プランの一部改訂について")


def test_styles_follow_the_style_sheet(example_doc, sheet):
    for name, spec in sheet.paragraphs.items():
        word = example_doc.styles[spec.word_name or name]
        face = sheet.fonts[spec.font]
        assert _style_rpr_fonts(word) == dict.fromkeys(W_FONT_ATTRIBUTES, face.family), name
        assert word.font.size == Pt(spec.size), name
        assert bool(word.font.bold) == face.bold, name
        # Word keeps lengths in twentieths of a point.
        assert abs(word.paragraph_format.line_spacing.pt - spec.leading) <= 0.05, name
    body = example_doc.styles["Body Text"]
    assert body.paragraph_format.first_line_indent == Pt(sheet.paragraph("body").size)  # one em


def test_every_used_style_and_the_defaults_name_the_east_asian_font(example_doc, sheet):
    families = {face.family for face in sheet.fonts.values()}
    defaults = example_doc.styles.element.find(qn("w:docDefaults"))
    rFonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert rFonts.get(qn("w:eastAsia")) == sheet.fonts[sheet.paragraph("body").font].family
    used = {p.style.name: p.style for p in example_doc.paragraphs}
    for table in example_doc.tables:
        for row in table.rows:
            used |= {p.style.name: p.style for cell in row.cells for p in cell.paragraphs}
    assert len(used) > 8
    for name, style in used.items():
        assert _style_rpr_fonts(style)["w:eastAsia"] in families, name


def test_no_theme_fonts_or_colours_in_the_styles(example):
    styles = zipfile.ZipFile(example.docx).read("word/styles.xml").decode("utf-8")
    counts = {a: styles.count(a) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")}
    assert counts == dict.fromkeys(counts, 0)
    document = docx.Document(str(example.docx))
    for style in document.styles:
        if style.type in (1, 2):  # paragraph and character styles: black text, no rules
            assert style.element.find(f"{qn('w:rPr')}/{qn('w:color')}") is None, style.name
            assert style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is None, style.name


def test_font_table_declares_our_faces(example, sheet):
    fonts = docx.oxml.parse_xml(zipfile.ZipFile(example.docx).read("word/fontTable.xml"))
    entries = {f.get(qn("w:name")): f for f in fonts.findall(qn("w:font"))}
    for face in sheet.fonts.values():
        entry = entries[face.family]
        assert entry.find(qn("w:charset")).get(qn("w:val")) == "80"
        assert entry.find(qn("w:altName")).get(qn("w:val")) == face.family_alt
        assert len(entry.find(qn("w:panose1")).get(qn("w:val"))) == 20


def test_theme_fonts_are_ours(example, sheet):
    theme = zipfile.ZipFile(example.docx).read("word/theme/theme1.xml").decode("utf-8")
    assert "ＭＳ" not in theme
    assert f'script="Jpan" typeface="{sheet.fonts["mincho"].family}"' in theme


# -- settings and pages ----------------------------------------------------------


def test_japanese_settings(example_doc):
    settings = example_doc.settings.element
    spacing = settings.find(qn("w:characterSpacingControl"))
    assert spacing.get(qn("w:val")) == "compressPunctuation"
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "ja-JP"
    pPr = example_doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}"
    )
    for tag, value in (
        ("w:kinsoku", "1"),
        ("w:autoSpaceDE", "1"),
        ("w:autoSpaceDN", "1"),
        ("w:snapToGrid", "0"),
    ):
        assert pPr.find(qn(tag)).get(qn("w:val")) == value, tag
    for section in example_doc.sections:
        assert section._sectPr.find(qn("w:docGrid")).get(qn("w:type")) == "default"


def test_pages_are_a4_in_both_orientations_with_the_sheets_margins(example_doc, sheet):
    seen = set()
    for section in example_doc.sections:
        landscape = section.page_width > section.page_height
        (width, height), margins = sheet.page("landscape" if landscape else "portrait")
        assert (
            abs(section.page_width.pt - width) < 0.1 and abs(section.page_height.pt - height) < 0.1
        )
        assert abs(section.left_margin.pt - margins.left) < 0.1
        assert abs(section.top_margin.pt - margins.top) < 0.1
        seen.add(landscape)
    assert seen == {True, False}


def test_running_header_and_page_number_footer(example_doc):
    first = example_doc.sections[0]
    assert first.different_first_page_header_footer
    header = first.header.paragraphs[0].text
    assert "令和5年度 第2回青梅市商・工業振興プラン改訂検討委員会" in header and "資料2" in header
    for footer in (first.footer, first.first_page_footer):
        paragraph = footer.paragraphs[0]
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert (
            paragraph.alignment == 1 or paragraph.style.paragraph_format.alignment == 1
        )  # centred
    for later in example_doc.sections[1:]:  # inherit the header; no empty first page header
        assert later.header.is_linked_to_previous and not later.different_first_page_header_footer


def test_core_properties_come_from_the_content(example_doc):
    props = example_doc.core_properties
    assert props.title == "青梅市商・工業振興プランの一部改訂について"
    assert props.author == "青梅市" and props.subject == "青梅市商・工業振興プラン"
    assert props.language == "ja-JP"
    assert props.created.date() == props.modified.date() == date(2023, 11, 20)


def test_two_builds_are_byte_identical(sheet):
    assert write_docx(synthetic(), sheet) == write_docx(synthetic(), sheet)


# -- tables ----------------------------------------------------------------------


def _comparison_table(document):
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == [
            "【現行計画】",
            "【変更方針】",
            "【一部改訂計画(案)】",
        ]:
            return table
    raise AssertionError("no comparison table with the expected header row")


def test_comparison_table_by_its_header_row(example_doc, sheet):
    table = _comparison_table(example_doc)
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    for cell in header.cells:
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "E6E6E6"
    tbl = table._tbl
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    # The template's proportions 5 : 2.6 : 5 over the landscape text width.
    assert grid[0] == grid[2] and abs(grid[1] / grid[0] - 2.6 / 5) < 0.01
    (width, _), margins = sheet.page("landscape")
    assert abs(sum(grid) - (width - margins.left - margins.right) * 20) <= 1
    for row in table.rows:
        widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
        assert sum(widths) == sum(grid)
    group = table.rows[1]
    assert group.cells[0].text == "（工業振興施策）"
    assert group._tr.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    borders = tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}


def test_rows_that_fit_stay_whole_and_a_taller_than_page_row_may_split(small):
    table = small.tables[0]
    can_split = [
        row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None for row in table.rows
    ]
    assert can_split == [False, False, False, True]


def test_underlined_runs_are_exactly_the_changed_words(small):
    def underlined(paragraph):
        return [r.text for r in paragraph.runs if r.font.underline]

    body = next(p for p in small.paragraphs if p.style.name == "Body Text")
    assert underlined(body) == ["変更", "強調"]
    assert [r.text for r in body.runs if r.bold] == ["強調"]
    row = small.tables[0].rows[2]
    assert [underlined(c.paragraphs[0]) for c in row.cells] == [["商業"], ["商工業"]]
    run = next(r for r in row.cells[1].paragraphs[0].runs if r.font.underline)
    assert run._r.rPr.find(qn("w:u")).get(qn("w:val")) == "single"


def test_synthetic_document_keeps_all_its_text(small):
    text = "".join(p.text for p in small.paragraphs) + "".join(
        c.text for t in small.tables for r in t.rows for c in r.cells
    )
    for word in ("見出し一", "本文の変更箇所強調", "第149項の長い記述です。", "短い"):
        assert word in text


def test_docx_written_by_build_is_the_writers_output(example):
    # Zip entries carry the content's date, not the time of the build.
    from planpress.content.load import load_plan

    from .conftest import EXAMPLE

    day = load_plan(EXAMPLE / "document.yaml").meta.issued
    stamp = zipfile.ZipFile(example.docx).getinfo("word/document.xml").date_time
    assert stamp == (day.year, day.month, day.day, 0, 0, 0)
    assert Path(example.docx).stat().st_size > 0
