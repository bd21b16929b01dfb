"""The underlines of the example's comparison tables as they reached the PDF
(rules under exactly the changed characters) and the DOCX (underlined runs)."""

from __future__ import annotations

import docx
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT

from planpress.content.load import load_plan
from planpress.content.model import Comparison, PolicyRevision
from planpress.revision import compare_tree
from planpress.revision.textdiff import diff_text

from .conftest import EXAMPLE
from .helpers.tabletext import glyphs, marked_places

PLAN = load_plan(EXAMPLE / "document.yaml")


def flags(spans) -> list[tuple[str, bool]]:
    return [(ch, s.changed) for s in spans for ch in s.text if not ch.isspace()]


def expected_marks() -> dict[str, list[list[tuple[str, bool]]]]:
    """Per column label: the texts of that side, each char with its changed flag."""
    marks: dict[str, list] = {}
    for section in PLAN.sections:
        if isinstance(section, Comparison):
            old, new = (f"【{label}】" for label in section.columns)
            for item in section.items:
                diff = diff_text(item.old, item.new)
                marks.setdefault(old, []).append(flags(diff.old))
                marks.setdefault(new, []).append(flags(diff.new))
        if isinstance(section, PolicyRevision):
            old, new = (f"【{section.columns[k]}】" for k in ("current", "revised"))
            for row in compare_tree(section.policies).rows():
                for m in row.children:
                    if m.current and m.revised and m.title.changed:
                        marks.setdefault(old, []).append(flags(m.title.old))
                        marks.setdefault(new, []).append(flags(m.title.new))
                    elif m.revised and not m.current:  # added: the whole line
                        line = f"施策{m.revised_number}{m.revised.title.revised}"
                        marks.setdefault(new, []).append([(ch, True) for ch in line])
    return marks


def test_the_source_has_retitled_texts_on_both_sides():
    marks = expected_marks()
    assert len(marks["【現行計画】"]) == 4 and len(marks["【一部改訂計画(案)】"]) == 5
    assert len(marks["【第6次計画】"]) == 4


@pytest.fixture(scope="module")
def pdf_cells(example):
    """(column label, glyphs of the cell without spaces) for every body cell of
    every PDF table, the column found from the header row on the same page."""
    cells = []
    with pdfplumber.open(example.pdf) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                header, *rows = table.rows
                heads = []
                for cell in header.cells:
                    text = page.crop(cell).extract_text() if cell else ""
                    heads.append((cell, (text or "").replace(" ", "")))
                for row in rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        label = next((t for h, t in heads if h and abs(h[0] - cell[0]) < 1), "")
                        found = [g for g in glyphs(page, cell) if not g.text.isspace()]
                        cells.append((label, found))
    return cells


def test_pdf_rules_lie_under_exactly_the_changed_characters(pdf_cells):
    covered: set[tuple[int, int]] = set()  # (cell, glyph) under which a rule is expected
    for label, texts in expected_marks().items():
        for chars in texts:
            covered |= marked_places(pdf_cells, label, chars)
    stray = [
        (column, g.text)
        for c, (column, found) in enumerate(pdf_cells)
        for i, g in enumerate(found)
        if g.underlined and (c, i) not in covered
    ]
    assert stray == []


# --- DOCX ------------------------------------------------------------------------------


def docx_marked(paragraph) -> str:
    """A paragraph's text with underlined runs in [ ] (adjacent ones merged)."""
    out = ""
    for run in paragraph.runs:
        out += f"[{run.text}]" if run.font.underline else run.text
    return out.replace("][", "")


@pytest.fixture(scope="module")
def word(example):
    return docx.Document(str(example.docx))


def test_docx_revision_table_underlines_exactly_the_changed_words(word):
    # one Word table per goal, each under the column heads (docs/docx.md)
    tables = [t for t in word.tables if "【現行計画】" in t.rows[0].cells[0].text]
    for table in tables:
        header = [c.text for c in table.rows[0].cells]
        assert header == ["【現行計画】", "【変更方針】", "【一部改訂計画(案)】"]
    lines = {
        (i, docx_marked(p))
        for table in tables
        for row in table.rows[1:]
        for i, c in enumerate(row.cells)
        for p in c.paragraphs
    }
    expected = [
        (0, "施策2　[産業用地整備方針の作成]"),
        (2, "施策2　[新たな産業拠点の形成]"),
        (0, "施策3　大学・研究機関[、他都市]との交流・連携[の促進]"),
        (2, "施策3　大学・研究機関との交流・連携[と企業間コミュニティの活動支援]"),
        (0, "施策2　[インキュベーション]を核とした創業支援"),
        (2, "施策2　[創業支援センター]を核とした創業支援"),
        (2, "[施策3　青梅版インキュベーションの創出]"),
        (0, "（新設）"),
        (0, "施策3　農商工連携の促進"),
        (2, "施策3　[他産業との連携を含めた]農商工連携の促進"),
        (1, "委員からのご意見を踏まえ、施策3のタイトルを変更"),
        (1, "施策2、3のタイトルを変更"),
    ]
    assert {x for x in expected} <= lines
    # nothing else is underlined
    assert {x for x in lines if "[" in x[1]} == {x for x in expected if "[" in x[1]}


def test_docx_vision_comparison_underlines_both_sides(word):
    table = next(t for t in word.tables if "【第6次計画】" in t.rows[0].cells[1].text)
    row = next(r for r in table.rows if "基本理念③" in r.cells[0].text)
    old, new = (docx_marked(c.paragraphs[0]) for c in row.cells[1:])
    diff = diff_text("安全で安心して暮らせるまち", "歴史と文化を継承し、人も産業も育むまち")
    assert old == "".join(f"[{s.text}]" if s.changed else s.text for s in diff.old)
    assert new == "".join(f"[{s.text}]" if s.changed else s.text for s in diff.new)
    assert old.endswith("]まち") and new.endswith("]まち")


def test_docx_header_row_repeats_and_the_table_is_landscape(word):
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def repeats(row) -> bool:
        return row._tr.trPr is not None and row._tr.trPr.find(f"{qn}tblHeader") is not None

    # one table per goal: the column heads and the goal's label repeat, nothing else
    tables = [t for t in word.tables if "【現行計画】" in t.rows[0].cells[0].text]
    assert len(tables) >= 2
    for table in tables:
        assert [repeats(row) for row in table.rows[:3]] == [True, True, False]
        assert table.rows[1].cells[0].text.startswith("（")
    landscape = [s for s in word.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert landscape and all(s.page_width > s.page_height for s in landscape)
