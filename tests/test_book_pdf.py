"""The plan book's document side in the PDF, on hand-written markup: cover,
contents with the right pages, chapters on new pages with their running
header, page numbers, bookmarks, figures, merged and aligned cells, and the
施策体系図 read back as boxes and lines."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from planpress import ir
from planpress.render.markup import MarkupError, parse_markup
from planpress.writers import layout
from planpress.writers.pdf import pdf_and_pages, write_pdf
from planpress.writers.style import load_style_sheet

from .helpers.book import (
    PLAN,
    book_markup,
    chapter_title,
    diagram_markup,
    figure_file,
    policy_tree,
    svg_file,
)
from .helpers.diagramcheck import boxes, connected, overlapping
from .helpers.textutil import squeeze

FOOTER = re.compile(r"^-(\d+)-$")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sheet():
    return load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    return parse_markup(book_markup(figure_file(folder), diagram=policy_tree()))


@pytest.fixture(scope="module")
def pdf(tree, sheet):
    data, pages = pdf_and_pages(tree, sheet)
    with pdfplumber.open(io.BytesIO(data)) as document:
        texts = [page.extract_text() or "" for page in document.pages]
        # spaces removed: the composer's 和欧間 reads as spaces
        lines = [[squeeze(line) for line in text.splitlines()] for text in texts]
    return {"data": data, "pages": pages, "texts": texts, "lines": lines}


def footer_number(lines: list[str]) -> int | None:
    match = FOOTER.match(lines[-1].strip()) if lines else None
    return int(match.group(1)) if match else None


def test_cover_has_neither_header_nor_page_number(pdf, sheet):
    cover = pdf["lines"][0]
    assert cover[0] == PLAN
    assert footer_number(cover) is None
    assert "架空市" in cover[-1]
    # the title's space before is kept at the top of the page (as in the DOCX)
    with pdfplumber.open(io.BytesIO(pdf["data"])) as document:
        title = next(c for c in document.pages[0].chars if c["text"] == PLAN[0])
    space = sheet.paragraph("cover-title").space_before
    assert title["top"] > sheet.margins.top + space


def test_pages_are_numbered_from_the_first_numbered_section(pdf):
    numbers = [footer_number(lines) for lines in pdf["lines"]]
    assert numbers[:2] == [None, None]  # the cover, the contents (numbering="none")
    assert numbers[2:] == list(range(1, len(numbers) - 1))


def test_each_chapter_starts_a_page_and_heads_its_pages(pdf, tree):
    chapter = None
    starts = []
    for index, lines in enumerate(pdf["lines"][2:], start=2):
        header = lines[0]
        if re.match(r"第\d章", lines[1]):
            chapter = lines[1]
            starts.append(index)
        assert chapter is not None
        assert header == chapter, (index, header)  # the chapter's own running header
    assert len(starts) == 5


def test_contents_name_the_page_each_heading_is_on(pdf, tree):
    toc = pdf["lines"][1]
    assert toc[0] == PLAN and toc[1] == "目次"  # the document's running header, the title
    entries = [line for line in toc[2:] if re.search(r"\d+$", line)]
    headings = [h for h in layout.headings(tree) if h.level <= 2]
    assert len(entries) == len(headings)
    by_number = {footer_number(lines): i for i, lines in enumerate(pdf["lines"])}
    for line, heading in zip(entries, headings):
        text = ir.plain_text(heading.children)
        assert line.startswith(heading.number + text)
        page = int(line.removeprefix(heading.number + text))
        on_page = pdf["lines"][by_number[page]]
        # the heading (number, gap, text) is one of the lines of that page
        assert any(text in ln and ln.startswith(heading.number) for ln in on_page), (line, page)
        # … and not on any page before it
        assert not any(
            text in ln and ln.startswith(heading.number)
            for lines in pdf["lines"][2 : by_number[page]]
            for ln in lines
        )


def test_contents_have_dotted_leaders_and_numbers_on_the_right_margin(pdf, sheet):
    with pdfplumber.open(io.BytesIO(pdf["data"])) as document:
        page = document.pages[1]
        right = page.width - sheet.margins.right
        digits = [c for c in page.chars if c["text"].isdigit() and c["x1"] > right - 30]
        leaders = [ln for ln in page.lines if ln["x1"] - ln["x0"] > 20 and ln["top"] > 80]
    assert digits and all(abs(max(c["x1"] for c in digits) - right) < 0.5 for _ in [0])
    # one leader per entry, each ending just before its page number
    assert len(leaders) == len([t for t in pdf["lines"][1][2:] if re.search(r"\d+$", t)])
    assert all(ln["x1"] < right - 4 for ln in leaders)


def test_outline_has_chapters_sections_and_subsections(pdf):
    outline = PdfReader(io.BytesIO(pdf["data"])).outline

    def levels(items, depth=1, found=None):
        found = [] if found is None else found
        for item in items:
            if isinstance(item, list):
                levels(item, depth + 1, found)
            else:
                found.append((depth, item.title))
        return found

    found = levels(outline)
    chapters = [t for d, t in found if d == 1 and t.startswith("第")]
    assert (1, "目次") in found
    assert chapters == [f"第{c}章 {chapter_title(c)}" for c in range(1, 6)]
    assert (2, "1 節の見出し1-1") in found and (3, "(1) 小見出し1-1") in found
    assert not any("細目" in t for _, t in found)  # level 4 is no bookmark


def test_the_book_is_the_same_each_time_and_knows_every_headings_page(tree, sheet):
    data, pages = pdf_and_pages(tree, sheet)
    assert data == write_pdf(tree, sheet)  # the same document each time
    assert sorted(pages) == list(range(len(layout.headings(tree))))
    assert all(p.isdigit() for p in pages.values())


# -- the 施策体系図 ------------------------------------------------------------------


def diagram_pages(data: bytes) -> list:
    document = pdfplumber.open(io.BytesIO(data))
    return [p for p in document.pages if "基本方針" in (p.extract_text() or "") and p.rects]


def check_tree(pages, nodes) -> None:
    found = [(page, box) for page in pages for box in boxes(page)]
    texts = [box["text"] for _, box in found]
    for page in pages:
        assert overlapping(boxes(page)) == []

    def place(node):
        wanted = re.sub(r"\s+", "", node.text)
        hits = [(p, b) for p, b in found if b["text"] == wanted]
        assert hits, (wanted, texts)
        return hits

    def walk(node):
        for child in node.children:
            joined = any(
                pp is cp and connected(pp, parent, child_box)
                for pp, parent in place(node)
                for cp, child_box in place(child)
            )
            assert joined, (node.text, child.text)
            walk(child)

    for top in nodes:
        walk(top)


def test_diagram_draws_every_node_in_a_box_joined_to_its_parent(pdf):
    nodes = policy_tree()
    pages = diagram_pages(pdf["data"])
    assert pages
    check_tree(pages, nodes)
    # every node's box is there, no box without a node
    texts = sorted(b["text"] for p in pages for b in boxes(p))
    wanted = sorted(re.sub(r"\s+", "", n.text) for top in nodes for n in top.walk())
    assert texts == wanted


def test_a_tall_diagram_splits_between_top_level_nodes(sheet):
    nodes = policy_tree(groups=5, policies=3, measures=4)
    markup = f'<document title="t" author="a"><section>{diagram_markup(nodes)}</section></document>'
    data = write_pdf(parse_markup(markup), sheet)
    pages = diagram_pages(data)
    assert len(pages) > 1
    check_tree(pages, nodes)
    for top in nodes:  # a whole 基本目標 on one page
        texts = {re.sub(r"\s+", "", n.text) for n in top.walk()}
        holding = [p for p in pages if texts & {b["text"] for b in boxes(p)}]
        assert len(holding) == 1, top.text


def test_a_top_level_node_taller_than_a_page_splits_between_its_children(sheet):
    nodes = policy_tree(groups=1, policies=8, measures=5)
    markup = f'<document title="t" author="a"><section>{diagram_markup(nodes)}</section></document>'
    pages = diagram_pages(write_pdf(parse_markup(markup), sheet))
    assert len(pages) > 1
    check_tree(pages, nodes)


# -- figures and tables ----------------------------------------------------------------


@pytest.mark.parametrize("kind", [".png", ".jpg", ".svg"])
def test_figure_with_its_caption_below(kind, sheet, tmp_path):
    path = svg_file(tmp_path) if kind == ".svg" else figure_file(tmp_path, kind)
    markup = (
        '<document title="t" author="a"><section><p>前</p>'
        f'<figure src="{path}" alt="図の説明" width="0.5"><caption>図1 説明</caption></figure>'
        "<p>後</p></section></document>"
    )
    with pdfplumber.open(io.BytesIO(write_pdf(parse_markup(markup), sheet))) as document:
        page = document.pages[0]
        caption = next(w for w in page.extract_words() if w["text"].startswith("図1"))
        frame = page.width - sheet.margins.left - sheet.margins.right
        if kind == ".svg":  # vector: its rect (x 10–290 of 300) is a rect of the page
            picture = max(page.rects, key=lambda r: r["width"])
            share = 280 / 300
        else:
            picture, share = page.images[0], 1.0
        assert abs(picture["x1"] - picture["x0"] - frame * 0.5 * share) < 1
        assert picture["bottom"] <= caption["top"]


def test_merged_and_aligned_cells(tree, pdf, sheet):
    with pdfplumber.open(io.BytesIO(pdf["data"])) as document:
        page = next(p for p in document.pages if "創業に関する指標" in (p.extract_text() or ""))
        words = page.extract_words()
        label = next(w for w in words if w["text"].startswith("創業"))
        values = [w for w in words if "（R4）" in w["text"] or "（R9）" in w["text"]]
        unit = next(w for w in words if w["text"] == "社")
        rules = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.1]
    assert len(values) == 4
    rows = sorted({round(v["top"]) for v in values})
    assert len(rows) == 2
    # the merged cell: no rule between its two rows in its column
    between = (rows[0] + rows[1]) / 2 + 6
    column = (label["x0"] + label["x1"]) / 2
    crossing = [
        r for r in rules if r["x0"] < column < r["x1"] and rows[0] + 2 < r["top"] < rows[1] + 2
    ]
    assert crossing == [], between
    # right-aligned numbers end at one x (their cells' right edge less padding)
    assert len({round(v["x1"]) for v in values if "（R4）" in v["text"]}) == 1
    # a centred unit sits in the middle of its column
    table_right = page.width - sheet.margins.right
    unit_column = (table_right - (table_right - sheet.margins.left) / 8, table_right)
    middle = (unit["x0"] + unit["x1"]) / 2
    assert abs(middle - sum(unit_column) / 2) < 1.5


def test_header_rows_repeat_on_every_page_of_a_long_table(sheet):
    rows = "".join(f"<row><cell>項目{i}</cell><cell>{i}</cell></row>" for i in range(120))
    markup = (
        '<document title="t" author="a"><section><table widths="3,1">'
        '<row kind="header"><cell>指標名</cell><cell>値</cell></row>'
        f"{rows}</table></section></document>"
    )
    with pdfplumber.open(io.BytesIO(write_pdf(parse_markup(markup), sheet))) as document:
        texts = [p.extract_text() for p in document.pages]
    assert len(texts) > 1 and all("指標名" in t for t in texts)


# -- markup the book needs, checked ---------------------------------------------------


@pytest.mark.parametrize(
    "element, words",
    [
        ('<figure src="{png}" alt=""/>', ["代替テキスト"]),
        ('<figure src="{folder}/none.png" alt="x"/>', ["見つかりません"]),
        ('<figure src="{folder}/f.gif" alt="x"/>', ["使えない形式", ".png"]),
        ('<toc depth="2"/><section role="poster"/>', ["role", "cover"]),
        ('<table widths="1"><row><cell align="middle">x</cell></row></table>', ["align"]),
    ],
)
def test_bad_book_markup_is_named(element, words, tmp_path):
    png = figure_file(tmp_path)
    text = element.format(png=png, folder=tmp_path)
    with pytest.raises(MarkupError) as caught:
        parse_markup(f'<document title="t" author="a"><section>{text}</section></document>')
    message = str(caught.value)
    assert all(w in message for w in words), message


def test_rows_joined_by_a_merged_cell_stay_on_one_page(sheet):
    # five rows a group: the table's windows of rows (24) must not cut one
    groups = "".join(
        f'<row><cell rowspan="5">区分{i}</cell><cell>甲</cell></row>'
        + "<row><cell>乙</cell></row><row><cell>丙</cell></row>" * 2
        for i in range(30)
    )
    markup = (
        '<document title="t" author="a"><section><table widths="1,1">'
        '<row kind="header"><cell rowspan="5">見出し</cell><cell>列</cell></row>'
        f"{groups}</table></section></document>"
    )
    with pdfplumber.open(io.BytesIO(write_pdf(parse_markup(markup), sheet))) as document:
        pages = [squeeze(p.extract_text()) for p in document.pages]
    assert len(pages) > 1
    for text in pages:
        groups = text.count("区分")
        assert groups == text.count("甲") and 2 * groups == text.count("乙") == text.count("丙") > 0
        assert text.count("見出し") == 1  # the header repeats (its rowspan kept to itself)
