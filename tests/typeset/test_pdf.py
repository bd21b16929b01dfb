"""The corpus set into a real PDF (body text and table cells), read back and checked."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from planpress import ir
from planpress.writers.pdf.composed import ComposedParagraph
from planpress.writers.style import ParagraphStyle

from .corpus import CORPUS
from .pdfcheck import Column, check_column, read_chars

MARGIN = 60.0
FRAME_WIDTH = A4[0] - 2 * MARGIN
PAD = 4.0
# Narrow, medium, wide columns filling the frame (ReportLab centres the parts of
# a split table whatever its hAlign, so a full-width table keeps its edges known).
COLUMNS = [58.0, 118.0, FRAME_WIDTH - 176.0]
BODY = ParagraphStyle("body", "mincho", 11, 18, indent=1, space_after=4)
CELL = ParagraphStyle("cell", "mincho", 10, 16)


def build(path, story) -> None:
    doc = BaseDocTemplate(str(path), pagesize=A4)
    frame = Frame(MARGIN, MARGIN, FRAME_WIDTH, A4[1] - 2 * MARGIN, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build(story)


def body_inlines(text: str) -> list[ir.Inline]:
    """The text with an underlined and a bold stretch, as a revision table would have."""
    a, b = len(text) // 4, len(text) // 2
    return [
        ir.Text(text[:a]),
        ir.Underline([ir.Text(text[a:b])]),
        ir.Strong([ir.Text(text[b : b + 6])]),
        ir.Text(text[b + 6 :]),
    ]


def table(cells: list[str], fonts) -> Table:
    rows = [[ComposedParagraph([ir.Text(t)], CELL, fonts) for _ in COLUMNS] for t in cells]
    t = Table(rows, colWidths=COLUMNS, splitInRow=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    return t


def table_columns(cells: list[str]) -> list[Column]:
    columns, x = [], MARGIN
    for i, width in enumerate(COLUMNS):
        columns.append(
            Column(x + PAD, x + width - PAD, cells, loose=i == 0, name=f"cell column {i}")
        )
        x += width
    return columns


@pytest.fixture(scope="module")
def corpus_pdfs(fonts, tmp_path_factory):
    """(path, column) pairs: body text, and each column of a table."""
    folder = tmp_path_factory.mktemp("pdf")
    body_path, table_path = folder / "body.pdf", folder / "table.pdf"
    build(body_path, [ComposedParagraph(body_inlines(t), BODY, fonts) for t in CORPUS * 3])
    # A long cell forces a row to split across pages (splitInRow).
    cells = [*CORPUS, "".join(CORPUS), *CORPUS]
    build(table_path, [table(cells, fonts)])
    body = Column(MARGIN, MARGIN + FRAME_WIDTH, CORPUS * 3, name="body")
    return [(body_path, body), *((table_path, c) for c in table_columns(cells))]


def test_corpus_spans_pages(corpus_pdfs):
    assert len(read_chars(corpus_pdfs[0][0])) >= 2
    assert len(read_chars(corpus_pdfs[1][0])) >= 2


@pytest.mark.parametrize("index", range(4))
def test_corpus_obeys_the_rules(corpus_pdfs, index):
    path, column = corpus_pdfs[index]
    assert check_column(read_chars(path), column) == []


def test_checker_catches_reportlab_cjk_wrapping(fonts, tmp_path):
    """The checker can fail: ReportLab's own CJK wrapping breaks the rules on this corpus."""
    style = RLStyle("rl", fontName="mincho", fontSize=11, leading=18, wordWrap="CJK", alignment=4)
    path = tmp_path / "reportlab.pdf"
    build(path, [Paragraph(t, style) for t in CORPUS])
    problems = check_column(read_chars(path), Column(MARGIN, MARGIN + FRAME_WIDTH, CORPUS))
    assert problems


def test_checker_sees_lost_text(fonts, tmp_path):
    path = tmp_path / "one.pdf"
    build(path, [ComposedParagraph([ir.Text(CORPUS[0])], BODY, fonts)])
    column = Column(MARGIN, MARGIN + FRAME_WIDTH, [CORPUS[0] + "余分"])
    assert any("lost" in p for p in check_column(read_chars(path), column))


def test_underlines_sit_exactly_under_their_characters(fonts, tmp_path):
    import pdfplumber

    text = "変更前の文言を改め、DX推進計画の第2期として位置付ける。" * 3
    inlines = [ir.Text(text[:5]), ir.Underline([ir.Text(text[5:70])]), ir.Text(text[70:])]
    path = tmp_path / "underline.pdf"
    build(path, [ComposedParagraph(inlines, CELL, fonts)])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"] != " "]
        rules = page.lines + page.rects
    underlined = chars[5:70]
    assert rules
    for rule in rules:
        on_line = [c for c in underlined if 0 < rule["top"] - c["bottom"] + 3 < 6]
        assert on_line, rule
        assert rule["x0"] == pytest.approx(min(c["x0"] for c in on_line), abs=0.05)
        assert rule["x1"] == pytest.approx(max(c["x1"] for c in on_line), abs=0.05)
    covered = {
        id(c)
        for c in underlined
        for r in rules
        if r["x0"] - 0.05 <= c["x0"]
        and c["x1"] <= r["x1"] + 0.05
        and 0 < r["top"] - c["bottom"] + 3 < 6
    }
    assert len(covered) == len(underlined)


def test_extracted_text_is_exactly_the_source(fonts, tmp_path):
    """No spaces are inserted for 和欧間 or justification: text is positioned, not padded."""
    path = tmp_path / "exact.pdf"
    text = (
        "本市はDX(デジタルトランスフォーメーション)を2017年から推進し、約1,000件の手続を電子化した。"
        * 2
    )
    build(path, [ComposedParagraph([ir.Text(text)], BODY, fonts)])
    assert "".join(c["text"] for page in read_chars(path) for c in page) == text


def test_a_paragraph_opening_with_an_empty_run_is_drawn_in_its_texts_face(fonts, tmp_path):
    """An empty text node before bold text (as markup can leave) makes a style
    with no characters: every character is still drawn in its own face."""
    import pdfplumber

    path = tmp_path / "face.pdf"
    text = "計画の強調、DX推進"
    build(path, [ComposedParagraph([ir.Text(""), ir.Strong([ir.Text(text)])], BODY, fonts)])
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    assert "".join(c["text"] for c in chars) == text
    assert {c["fontname"].split("+")[-1] for c in chars} == {"BIZUDGothic-Bold"}


def test_a_paragraph_opening_with_an_empty_run_keeps_its_underline(fonts, tmp_path):
    import pdfplumber

    path = tmp_path / "rule.pdf"
    text = "新たな産業拠点の形成"
    build(path, [ComposedParagraph([ir.Text(""), ir.Underline([ir.Text(text)])], BODY, fonts)])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        chars, rules = page.chars, page.lines
    assert len(rules) == 1
    assert rules[0]["x0"] == pytest.approx(chars[0]["x0"], abs=0.5)
    assert rules[0]["x1"] == pytest.approx(chars[-1]["x1"], abs=0.5)
