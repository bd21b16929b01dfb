"""The plan book's document side in the DOCX, on hand-written markup: Word
sections per chapter with their header and page numbers, heading styles with
outline levels, a real TOC field pre-filled with the PDF's pages, figures
with alt text, the 施策体系図 as a table, merged and aligned cells; and the
book as LibreOffice renders it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from planpress import ir
from planpress.render.markup import parse_markup
from planpress.writers import layout
from planpress.writers.docx import write_docx
from planpress.writers.pdf import pdf_and_pages
from planpress.writers.style import load_style_sheet

from .helpers.book import PLAN, book_markup, chapter_title, figure_file, policy_tree, svg_file
from .helpers.office import convert_to_pdf, fontconfig_file
from .helpers.textutil import squeeze

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# LibreOffice breaks lines a little differently from our composer (its own
# kinsoku and 和欧間 spacing), so a book may take a few pages more or less.
PAGE_COUNT_TOLERANCE = 0.10


@pytest.fixture(scope="module")
def sheet():
    return load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")


@pytest.fixture(scope="module")
def built(tmp_path_factory, sheet):
    folder = tmp_path_factory.mktemp("book")
    tree = parse_markup(book_markup(figure_file(folder), diagram=policy_tree()))
    pdf, pages = pdf_and_pages(tree, sheet)
    data = write_docx(tree, sheet, pages)
    (folder / "book.pdf").write_bytes(pdf)
    (folder / "book.docx").write_bytes(data)
    return {"tree": tree, "pages": pages, "folder": folder, "doc": docx.Document(io.BytesIO(data))}


def body(built):
    return built["doc"].element.body


def test_headings_take_word_heading_styles_with_outline_levels(built):
    doc = built["doc"]
    for heading in layout.headings(built["tree"]):
        text = heading.number + layout.NUMBER_GAP + ir.plain_text(heading.children)
        paragraph = next(p for p in doc.paragraphs if p.text == text)
        assert paragraph.style.name == f"Heading {heading.level}"
        level = paragraph.style.element.pPr.find(qn("w:outlineLvl"))
        assert level is not None and level.get(qn("w:val")) == str(heading.level - 1)


def test_contents_are_a_toc_field_prefilled_with_the_pdfs_pages(built):
    xml = body(built)
    instructions = [t.text for t in xml.iter(qn("w:instrText")) if "TOC" in t.text]
    assert [i.strip() for i in instructions] == ['TOC \\o "1-2" \\h \\z \\u']
    kinds = [f.get(qn("w:fldCharType")) for f in xml.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]  # the one field of the body
    # the result between separate and end: one paragraph per heading to depth 2
    paragraphs = list(xml.iter(qn("w:p")))
    begin = next(i for i, p in enumerate(paragraphs) if p.find(f".//{W}instrText") is not None)
    end = next(
        i
        for i, p in enumerate(paragraphs)
        if i >= begin and any(f.get(qn("w:fldCharType")) == "end" for f in p.iter(qn("w:fldChar")))
    )
    parent = built["doc"]._body
    entries = [docx.text.paragraph.Paragraph(p, parent) for p in paragraphs[begin : end + 1]]
    headings = layout.contents(built["tree"], ir.Toc(depth=2))
    assert len(entries) == len(headings)
    for entry, (index, heading) in zip(entries, headings):
        text, page = entry.text.split("\t")
        assert text == heading.number + layout.NUMBER_GAP + ir.plain_text(heading.children)
        assert page == built["pages"][index]
        assert entry.style.name == f"toc {heading.level}"
    settings = built["doc"].settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_a_word_section_per_chapter_with_its_header_and_numbering(built):
    doc = built["doc"]
    sections = doc.sections
    # cover, contents, five chapters and the diagram's section (4th chapter's header)
    assert len(sections) == 8
    # the first chapter begins the page numbering: on a right-hand page of
    # the two-sided book (an odd-page break); the others on the next page
    kinds = docx.enum.section.WD_SECTION
    assert [s.start_type for s in sections[1:]] == [kinds.NEW_PAGE, kinds.ODD_PAGE] + [
        kinds.NEW_PAGE
    ] * 5
    cover = sections[0]
    assert cover.header.paragraphs[0].text == "" and not cover.different_first_page_header_footer
    assert "PAGE" not in cover.footer._element.xml
    assert "PAGE" not in sections[1].footer._element.xml  # the contents: numbering="none"
    assert sections[1].header.paragraphs[0].text == PLAN
    chapters = [sections[i] for i in (2, 3, 4, 5, 7)]  # 6: the diagram's, in chapter 4
    for number, section in enumerate(chapters, 1):
        assert section.header.paragraphs[0].text == f"第{number}章　{chapter_title(number)}"
        assert "PAGE" in section.footer._element.xml
    assert sections[6].header.is_linked_to_previous  # the same header as chapter 4
    restarts = [s._sectPr.find(qn("w:pgNumType")) for s in sections]
    assert [r is not None for r in restarts] == [False, False, True, *[False] * 5]
    assert restarts[2].get(qn("w:start")) == "1"


def test_figure_carries_its_alt_text_and_caption(built):
    xml = body(built)
    descriptions = [d.get("descr") for d in xml.iter() if d.tag.endswith("}docPr")]
    assert descriptions == ["事業所数の推移を示す図"]
    texts = [p.text for p in built["doc"].paragraphs]
    assert "図1 事業所数の推移" in texts


def test_diagram_is_a_table_of_every_node_merged_over_its_own_rows(built):
    # (its connector lines and boxes' places: tests/test_book_layout.py)
    table = next(t for t in built["doc"].tables if t.rows[0].cells[0].text == "基本目標")
    texts = {c.text for row in table.rows for c in row.cells}
    for top in policy_tree():
        for node in top.walk():
            assert node.text in texts
    # a 基本目標 cell is merged over the rows its own text needs, not over
    # all those of its 施策 (9, two half-rows each, and the gaps between)
    merges = [
        tc.find(f"{W}tcPr/{W}vMerge")
        for tr in table._tbl.tr_lst
        for tc in tr.tc_lst[:1]
        if tc.find(f"{W}tcPr/{W}vMerge") is not None
    ]
    states = [m.get(qn("w:val")) for m in merges]
    assert states.count("restart") == 3
    assert 3 <= states.count("continue") < 3 * 17


def test_merged_and_aligned_cells(built):
    table = next(t for t in built["doc"].tables if t.rows[0].cells[0].text == "指標")
    trs = table._tbl.tr_lst
    first = trs[1].tc_lst[0].find(f"{W}tcPr/{W}vMerge")
    second = trs[2].tc_lst[0].find(f"{W}tcPr/{W}vMerge")
    assert first.get(qn("w:val")) == "restart" and second.get(qn("w:val")) == "continue"
    assert table.cell(2, 0).text == "創業に関する指標"  # python-docx reads the merged cell
    assert table.cell(2, 1).text == "12件（R4）"
    aligned = {p.text: p.alignment for row in table.rows for c in row.cells for p in c.paragraphs}
    assert aligned["1,234件（R4）"] == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert aligned["社"] == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None  # the header row repeats


@pytest.fixture(scope="module")
def rendered(built, sheet):
    folder = built["folder"]
    fontconfig = fontconfig_file(sheet, ROOT / "fonts", folder)
    return convert_to_pdf(folder / "book.docx", folder / "office", fontconfig)


def test_libreoffice_renders_the_book_in_about_the_pdfs_pages(built, rendered):
    with pdfplumber.open(built["folder"] / "book.pdf") as ours:
        expected = len(ours.pages)
    with pdfplumber.open(rendered) as office:
        texts = [squeeze(p.extract_text() or "") for p in office.pages]
    assert expected >= 20
    assert abs(len(texts) - expected) <= PAGE_COUNT_TOLERANCE * expected, (len(texts), expected)
    assert texts[0].startswith(PLAN) and not re.search(r"-\d+-$", texts[0])  # the cover
    numbers = [int(m.group(1)) for t in texts if (m := re.search(r"-(\d+)-$", t))]
    assert numbers == list(range(1, len(texts) - 1))  # from the first chapter on
    for number in range(1, 6):  # each chapter heads its own pages
        header = squeeze(f"第{number}章　{chapter_title(number)}")
        starts = [i for i, t in enumerate(texts) if t.startswith(header + header)]
        assert len(starts) == 1, number


@pytest.mark.parametrize("kind", [".png", ".jpg", ".svg"])
def test_every_figure_kind_is_a_picture_of_its_share_of_the_width(kind, sheet, tmp_path):
    path = svg_file(tmp_path) if kind == ".svg" else figure_file(tmp_path, kind)
    markup = (
        '<document title="t" author="a"><section>'
        f'<figure src="{path}" alt="図の説明" width="0.5"><caption>図1 説明</caption></figure>'
        "</section></document>"
    )
    document = docx.Document(io.BytesIO(write_docx(parse_markup(markup), sheet)))
    (shape,) = document.inline_shapes
    frame = sheet.page_size[0] - sheet.margins.left - sheet.margins.right
    assert abs(shape.width.pt - frame * 0.5) < 0.5
    assert shape._inline.docPr.get("descr") == "図の説明"
    blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = document.part.related_parts[blob].image
    assert image.content_type == ("image/jpeg" if kind == ".jpg" else "image/png")
