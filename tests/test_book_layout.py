"""The plan book set as a publisher would: the 資料編 numbered 資-1 … (a
page-number form per part, from the style sheet), chapter title pages (中扉),
a 施策体系図 under one root that continues by its groups rather than leaving
half a page empty, a 目次 of full pages without orphan lines, and the DOCX's
施策体系図 with its connector lines — read back from the PDF (pdfplumber) and
from the DOCX's XML."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from planpress import ir
from planpress.diagnostics import ContentError
from planpress.render.markup import parse_markup
from planpress.writers import layout
from planpress.writers.docx import write_docx
from planpress.writers.pdf import pdf_and_pages
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.pdf.toc import toc_flowables
from planpress.writers.pdf.toc_pages import MIN_SPACE_SHARE, _lines, _starts
from planpress.writers.style import load_style_sheet

from .helpers.book import BODY, PLAN, Tree, diagram_markup, policy_tree
from .helpers.diagramcheck import boxes
from .helpers.textutil import squeeze
from .test_book_pdf import check_tree

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sheet():
    return load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")


def book(chapters: int, sections: int, paragraphs: int, appendix: bool, start: str) -> str:
    """A book: cover, contents, chapters (start="page" or "chapter"), and a
    資料編 (role back) if asked."""
    parts = [
        f'<document title="{PLAN}" author="架空市" header="{PLAN}">',
        f'<section role="cover" numbering="none"><p style="cover-title">{PLAN}</p></section>',
        '<section role="front" start="page"><toc title="目次" depth="2"/></section>',
    ]

    def chapter(number: str, title: str, role: str) -> str:
        blocks = [f'<h level="1" number="{number}">{title}</h>']
        for s in range(1, sections + 1):
            blocks.append(f'<h level="2" number="{s}">{title}の節{s}</h>')
            blocks += [f"<p>{BODY.format(chapter=1, n=n)}</p>" for n in range(paragraphs)]
        header = f"{number}　{title}" if number else title
        return (
            f'<section role="{role}" start="{start}" header="{header}">{"".join(blocks)}</section>'
        )

    parts += [chapter(f"第{c}章", f"章{c}", "body") for c in range(1, chapters + 1)]
    if appendix:
        parts.append(chapter("", "資料編", "back"))
    parts.append("</document>")
    return "\n".join(parts)


def read_pdf(data: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[squeeze(ln) for ln in (p.extract_text() or "").splitlines()] for p in pdf.pages]


# -- page numbers per part ------------------------------------------------------------


def test_appendix_pages_are_numbered_in_their_own_form(sheet):
    form = sheet.part_page_numbers["back"]
    tree = parse_markup(book(2, 3, 6, appendix=True, start="page"))
    data, pages = pdf_and_pages(tree, sheet)
    lines = read_pdf(data)
    feet = [page[-1] if page else "" for page in lines]  # a blank verso shows none
    own_before, own_after = form.split("{page}")
    back = [i for i, page in enumerate(lines) if page and page[0] == "資料編"]
    assert len(back) >= 2
    # the 資料編's pages count from 1 in their own form
    assert [feet[i] for i in back] == [
        squeeze(form.format(page=n)) for n in range(1, len(back) + 1)
    ]
    # the contents and the heading pages name them so (資-1), the others by number
    headings = layout.headings(tree)
    appendix = {i for i, h in enumerate(headings) if ir.plain_text(h.children).startswith("資料編")}
    assert appendix
    assert all(pages[i].startswith(own_before) and pages[i].endswith(own_after) for i in appendix)
    assert all(pages[i].isdigit() for i in range(len(headings)) if i not in appendix)
    contents = next(page for page in lines if "目次" in page[:2])
    assert squeeze(form.format(page=1)) in "".join(contents)

    def foot(label: str) -> str:
        if label.isdigit():
            return squeeze(layout.page_number_text(sheet, int(label)))
        return squeeze(label)

    # each heading is on the page its contents line names
    for index, heading in enumerate(headings):
        page = feet.index(foot(pages[index]))
        text = squeeze(ir.plain_text(heading.children))
        assert any(text in ln for ln in lines[page]), (text, page)

    # the DOCX: the 資料編's Word section restarts at 1 with the form around its PAGE field
    document = docx.Document(io.BytesIO(write_docx(tree, sheet, pages)))
    last = document.sections[-1]
    xml = last.footer._element.xml
    assert "PAGE" in xml
    footer_text = "".join(t.text or "" for t in last.footer._element.iter(f"{W}t"))
    assert footer_text.startswith(own_before)
    number_type = last._sectPr.find(qn("w:pgNumType"))
    assert number_type is not None and number_type.get(qn("w:start")) == "1"


def test_docx_contents_name_own_form_pages_by_pageref_word_and_libreoffice_update(sheet, tmp_path):
    """A TOC field Word updates would print the 資料編's pages as 1, 2: its
    lines stand after the field as 「資-」 and a PAGEREF field to a bookmark
    on the heading, the field limited (\\b) to the headings before them.
    LibreOffice computes the PAGEREF fields when it lays the document out:
    with wrong numbers written in, it still prints the right 資-N."""
    from .helpers.office import convert_to_pdf, fontconfig_file

    tree = parse_markup(book(2, 3, 6, appendix=True, start="page"))
    _, pages = pdf_and_pages(tree, sheet)
    headings = layout.headings(tree)
    own = [i for i, h in enumerate(headings) if pages[i].startswith("資-")]
    assert own and own == list(range(own[0], len(headings)))
    wrong = {i: ("資-9" if i in own else label) for i, label in pages.items()}
    data = write_docx(tree, sheet, wrong)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    toc = [i for i in instructions if i.startswith("TOC")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u \\b _ContentsRange']
    refs = [i for i in instructions if i.startswith("PAGEREF")]
    assert refs == [f"PAGEREF _Contents{i} \\h" for i in own]
    starts = {b.get(qn("w:name")): b for b in body.iter(qn("w:bookmarkStart"))}
    ids = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))}
    for index in own:  # each bookmark around its heading's paragraph
        start = starts[f"_Contents{index}"]
        paragraph = start.getparent()
        text = squeeze("".join(t.text for t in paragraph.iter(qn("w:t"))))
        assert squeeze(ir.plain_text(headings[index].children)) in text
        assert start.get(qn("w:id")) in ids
    # the field's range: from the start to the 資料編's heading, holding every other
    order = list(body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:p")))
    begin = order.index(starts["_ContentsRange"])
    end = next(
        i
        for i, e in enumerate(order)
        if e.tag == qn("w:bookmarkEnd")
        and e.get(qn("w:id")) == starts["_ContentsRange"].get(qn("w:id"))
    )
    assert begin == 0 and order.index(starts[f"_Contents{own[0]}"].getparent()) > end

    path = tmp_path / "book.docx"
    path.write_bytes(data)
    rendered = convert_to_pdf(path, tmp_path, fontconfig_file(sheet, ROOT / "fonts", tmp_path))
    lines = read_pdf(rendered.read_bytes())
    contents = next(page for page in lines if "目次" in page[:2])
    for index in own:
        title = squeeze(layout.heading_text(headings[index]))
        line = next(ln for ln in contents if ln.startswith(title))
        assert line.endswith(squeeze(pages[index])), (line, pages[index])


@pytest.mark.parametrize(
    ("parts", "words"),
    [("{middle: '資-{page}'}", "middle"), ("{back: '資-{number}'}", "{page}")],
)
def test_a_bad_part_page_number_is_named_in_the_style_sheet(parts, words, tmp_path):
    text = (ROOT / "templates" / "style.yaml").read_text(encoding="utf-8")
    text = text.replace('parts: {back: "資-{page}"}', f"parts: {parts}")
    assert f"parts: {parts}" in text
    path = tmp_path / "style.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_style_sheet(path, ROOT / "fonts")
    message = str(caught.value) + " ".join(str(p) for p in getattr(caught.value, "problems", []))
    assert "style.yaml" in message and words in message


# -- chapter title pages ---------------------------------------------------------------


def test_chapters_open_with_a_bare_title_page_when_the_style_sheet_asks(sheet):
    assert sheet.chapter_pages
    tree = parse_markup(book(3, 2, 4, appendix=True, start="chapter"))
    data, pages = pdf_and_pages(tree, sheet)
    lines = read_pdf(data)
    titles = [i for i, page in enumerate(lines) if page and re.fullmatch(r"第\d章", page[0])]
    assert len(titles) == 3
    for index in titles:
        number = lines[index][0]
        # the number above the title, no running header; its page number
        assert lines[index] == [number, f"章{number[1]}", lines[index][-1]]
        assert re.fullmatch(r"-\d+-", lines[index][-1])
        # the chapter's text follows on the next page, under its running header
        assert lines[index + 1][0] == f"{number}章{number[1]}"
        assert lines[index + 1][1].startswith("1")
    appendix = next(i for i, page in enumerate(lines) if page[:2] == ["資料編", "資-1"])
    assert lines[appendix + 1][0] == "資料編"
    # the contents name the title page
    headings = layout.headings(tree)
    first = next(i for i, h in enumerate(headings) if h.number == "第1章")
    assert lines[titles[0]][-1] == f"-{pages[first]}-"

    # the DOCX: a Word section for the title page (empty header, its page
    # number), then the chapter's own
    document = docx.Document(io.BytesIO(write_docx(tree, sheet, pages)))
    paragraphs = [
        p
        for p in document.paragraphs
        if p.text.startswith("第1章") and p.style.name.startswith("Heading")
    ]
    assert [(p.style.name, p.text) for p in paragraphs] == [("Heading 1", "第1章\n章1")]
    bare = [
        s
        for s in document.sections
        if not s.header.is_linked_to_previous
        and not "".join(p.text for p in s.header.paragraphs)
        and "PAGE" in s.footer._element.xml
    ]
    assert len(bare) == 4  # three chapters and the 資料編

    # without the option, no title pages
    plain = dataclasses.replace(sheet, chapter_pages=False)
    lines = read_pdf(pdf_and_pages(tree, plain)[0])
    assert not any(page and re.fullmatch(r"第\d章", page[0]) for page in lines)


# -- two-sided printing: chapters on right-hand pages -------------------------------------


def uneven_book(lengths: list[int], start: str) -> str:
    """A book whose chapters run to different numbers of pages (`lengths`:
    paragraphs per chapter), then a 資料編 numbered on its own."""
    parts = [
        f'<document title="{PLAN}" author="架空市" header="{PLAN}">',
        f'<section role="cover" numbering="none"><p style="cover-title">{PLAN}</p></section>',
        '<section role="front" start="page"><toc title="目次" depth="1"/></section>',
    ]
    for c, count in enumerate([*lengths, 3], 1):
        back = c > len(lengths)
        number, title = ("", "資料編") if back else (f"第{c}章", f"章{c}")
        body = "".join(f"<p>{BODY.format(chapter=c, n=n)}</p>" for n in range(count))
        parts.append(
            f'<section role="{"back" if back else "body"}" start="{start}"'
            f' header="{title}"><h level="1" number="{number}">{title}</h>{body}</section>'
        )
    parts.append("</document>")
    return "\n".join(parts)


@pytest.mark.parametrize("title_pages", [True, False])
def test_two_sided_chapters_and_numberings_begin_on_right_hand_pages(sheet, title_pages):
    assert sheet.two_sided  # the plan book is printed on both sides
    two_sided = dataclasses.replace(sheet, chapter_pages=title_pages)
    tree = parse_markup(uneven_book([2, 9, 13, 30, 4], "chapter"))
    data, pages = pdf_and_pages(tree, two_sided)
    lines = read_pdf(data)
    starts = [
        next(i for i, page in enumerate(lines) if any(title in ln for ln in page[:2]))
        for title in ["目次", *(f"章{c}" for c in range(1, 6)), "資料編"]
    ]
    assert all(index % 2 == 0 for index in starts), starts  # page 1, 3, 5 … (index 0, 2, 4 …)
    blank = [i for i, page in enumerate(lines) if not page]
    assert blank and all(i + 1 in starts for i in blank)  # a verso left blank before a start
    # odd page numbers on right-hand pages: the blank verso is counted
    for index, page in enumerate(lines):
        found = re.fullmatch(r"(?:-|資-)(\d+)-?", page[-1]) if page else None
        if index >= starts[0]:
            assert (found is not None) == (index not in blank), (index, page)
        if found:
            assert int(found.group(1)) % 2 == (index + 1) % 2, (index, page[-1])
    # each heading is on the page its contents line names
    feet = [page[-1] if page else "" for page in lines]
    for index, heading in enumerate(layout.headings(tree)):
        label = pages[index]
        foot = squeeze(layout.page_number_text(sheet, int(label))) if label.isdigit() else label
        text = squeeze(ir.plain_text(heading.children))
        assert any(text in ln for ln in lines[feet.index(foot)]), (text, label)

    # the DOCX: a section break to the next odd page before each chapter and
    # before each numbering's first page; the cover's verso a page of its own
    document = docx.Document(io.BytesIO(write_docx(tree, two_sided, pages)))
    kinds = [s._sectPr.find(qn("w:type")) for s in document.sections]
    odd = [k is not None and k.get(qn("w:val")) == "oddPage" for k in kinds]
    assert sum(odd) == 7  # 目次, five chapters, 資料編
    body = document.element.body
    assert any(br.get(qn("w:type")) == "page" for br in body.iter(qn("w:br")))

    # one-sided: no blank page
    one_sided = dataclasses.replace(two_sided, two_sided=False)
    assert all(read_pdf(pdf_and_pages(tree, one_sided)[0]))
    document = docx.Document(io.BytesIO(write_docx(tree, one_sided, pages)))
    assert not any(
        k is not None and k.get(qn("w:val")) == "oddPage"
        for k in (s._sectPr.find(qn("w:type")) for s in document.sections)
    )


# -- the 施策体系図 under one root ---------------------------------------------------------


def test_a_diagram_under_one_root_continues_by_its_groups_not_on_a_new_page(sheet):
    groups = policy_tree(groups=3, policies=2, measures=2)  # fits a page, not the room left
    root = [Tree("海と里の恵みをつなぐまち", groups)]
    before = "".join(f"<p>{BODY.format(chapter=1, n=n)}</p>" for n in range(6))
    markup = (
        f'<document title="t" author="a"><section>{before}{diagram_markup(root)}'
        "<p>後の段落です。</p></section></document>"
    )
    data, _ = pdf_and_pages(parse_markup(markup), sheet)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [p for p in pdf.pages if p.rects]
        assert [p.page_number for p in pages] == [1, 2]  # it starts where the text ends
        check_tree(pages, root)
        for group in groups:  # each 基本目標 whole on one page, the root beside it
            texts = {re.sub(r"\s+", "", n.text) for n in group.walk()}
            holding = [p for p in pages if texts & {b["text"] for b in boxes(p)}]
            assert len(holding) == 1, group.text
        assert all(any(b["text"] == "海と里の恵みをつなぐまち" for b in boxes(p)) for p in pages)


# -- the 目次 ---------------------------------------------------------------------------


def _contents_lines(sheet, tree):
    toc = next(b for s in tree.sections for b in s.children if isinstance(b, ir.Toc))
    fonts = register_fonts(sheet)
    flowables = toc_flowables(sheet, fonts, toc, layout.contents(tree, toc), "t")
    size, margins = sheet.page("portrait")
    width = size[0] - margins.left - margins.right
    room = size[1] - margins.top - margins.bottom
    return _lines(flowables, width, room), room


def test_a_contents_a_few_lines_too_long_is_set_on_one_page(sheet):
    for chapters in range(4, 12):
        tree = parse_markup(book(chapters, 5, 1, appendix=False, start="page"))
        lines, room = _contents_lines(sheet, tree)
        if len(_starts(lines, room, 1.0)) > len(_starts(lines, room, MIN_SPACE_SHARE)):
            break
    else:
        pytest.fail("no contents that squeezing saves a page")
    pages = read_pdf(pdf_and_pages(tree, sheet)[0])
    first = next(i for i, page in enumerate(pages) if "目次" in page[:2])
    entries = [ln for ln in pages[first] if re.search(r"\d+$", ln)]
    assert len(entries) == len(lines) - 1  # every line on the contents' one page
    assert pages[first + 1][1].startswith("第1章")


def test_a_long_contents_breaks_before_a_chapter_line_without_orphans(sheet):
    tree = parse_markup(book(12, 7, 1, appendix=False, start="page"))
    data, _ = pdf_and_pages(tree, sheet)
    lines = read_pdf(data)
    contents = []
    first = next(i for i, page in enumerate(lines) if "目次" in page[:2])
    for page in lines[first:]:
        entries = [ln for ln in page if re.search(r"\d+$", ln) and not re.fullmatch(r"-\d+-", ln)]
        if not entries:
            break
        contents.append(entries)
    assert len(contents) >= 2
    chapter = re.compile(r"^第\d+章")
    for page in contents[:-1]:
        assert not chapter.match(page[-1])  # a page never ends with a chapter line
    for page in contents[1:]:
        # a page begins with a chapter line or at least two of a chapter's sections
        assert chapter.match(page[0]) or not chapter.match(page[1])


# -- the DOCX 施策体系図's connectors ---------------------------------------------------------


def _grid(table):
    """Each cell of the table's body as (row, column, span, text, borders,
    merge) in grid coordinates."""
    cells = []
    for r, tr in enumerate(table._tbl.tr_lst):
        column = 0
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = pr.grid_span if pr is not None else 1
            borders = {}
            found = pr.find(qn("w:tcBorders")) if pr is not None else None
            for side in ("top", "left", "bottom", "right"):
                element = found.find(qn(f"w:{side}")) if found is not None else None
                borders[side] = element is not None and element.get(qn("w:val")) == "single"
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            state = None if merge is None else (merge.get(qn("w:val")) or "continue")
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            cells.append((r, column, span, text, borders, state))
            column += span
    return cells


def _boxes(cells) -> dict[str, tuple[int, int, int, int]]:
    """Each box of the diagram by its text: a bordered cell, merged down over
    its rows — (column, span, first row, end row)."""
    box_of: dict[str, tuple[int, int, int, int]] = {}
    for r, c, span, text, borders, state in cells:
        if text and all(borders.values()) and state != "continue":
            end = r + 1
            while any(rr == end and cc == c and st == "continue" for rr, cc, _, _, _, st in cells):
                end += 1
            box_of[re.sub(r"\s+", "", text)] = (c, span, r, end)
    return box_of


@pytest.mark.parametrize("roots", [1, 3])
def test_docx_diagram_parent_boxes_are_their_own_height_centred_on_their_children(sheet, roots):
    """As in the PDF: a parent's box is not stretched over all its children's
    rows but as tall as its text, centred beside the block of its children;
    boxes of a column never overlap; no box is cut by a page."""
    nodes = policy_tree(groups=3, policies=3, measures=3)
    tree = [Tree("将来のまちの姿", nodes)] if roots == 1 else nodes
    markup = f'<document title="t" author="a"><section>{diagram_markup(tree)}</section></document>'
    document = docx.Document(io.BytesIO(write_docx(parse_markup(markup), sheet, {})))
    table = document.tables[0]
    box_of = _boxes(_grid(table))

    def key(node: Tree) -> str:
        return re.sub(r"\s+", "", node.text)

    walked = [n for top in tree for n in top.walk()]
    assert {key(n) for n in walked} <= box_of.keys()
    shorter = 0
    for node in walked:
        if not node.children:
            continue
        _, _, top, end = box_of[key(node)]
        first, last = box_of[key(node.children[0])], box_of[key(node.children[-1])]
        block = (first[2], last[3])
        assert block[0] <= top and end <= block[1], node.text  # beside its children
        shorter += end - top < block[1] - block[0]
        # centred: its middle within a row of the middle between its first
        # and last child's middles
        children_middle = ((first[2] + first[3]) / 2 + (last[2] + last[3]) / 2) / 2
        assert abs((top + end) / 2 - children_middle) <= 1, node.text
    parents = sum(1 for n in walked if n.children)
    assert shorter == parents  # every parent here is shorter than its children's rows
    # boxes of one column lie in disjoint rows
    by_column: dict[int, list[tuple[int, int]]] = {}
    for column, _, top, end in box_of.values():
        by_column.setdefault(column, []).append((top, end))
    for spans in by_column.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    # a box's rows stay on one page together: each but its last keeps with the next
    rows = table._tbl.tr_lst
    for column, _, top, end in box_of.values():
        for r in range(top, end - 1):
            assert rows[r].find(f".//{W}keepNext") is not None
        assert rows[top].trPr.find(qn("w:cantSplit")) is not None


def test_docx_diagram_boxes_are_joined_by_connector_lines(sheet):
    nodes = policy_tree(groups=2, policies=3, measures=3)
    root = [Tree("将来のまちの姿", nodes)]
    markup = f'<document title="t" author="a"><section>{diagram_markup(root)}</section></document>'
    document = docx.Document(io.BytesIO(write_docx(parse_markup(markup), sheet, {})))
    table = document.tables[0]
    cells = _grid(table)
    box_of = _boxes(cells)
    walked = [n for top in root for n in top.walk()]
    assert {re.sub(r"\s+", "", n.text) for n in walked} <= box_of.keys()
    # connector segments: borders of the cells that are no box
    points: dict[tuple[int, int], tuple[int, int]] = {}

    def find(p):
        while points.setdefault(p, p) != p:
            p = points[p]
        return p

    def join(a, b):
        points[find(a)] = find(b)

    for r, c, span, text, borders, _ in cells:
        if text or all(borders.values()):
            continue
        if borders["bottom"]:
            for x in range(c, c + span):
                join((x, r + 1), (x + 1, r + 1))
        if borders["left"]:
            join((c, r), (c, r + 1))

    def touching(x, rows):
        return {find((x, y)) for y in range(rows[0], rows[1] + 1) if (x, y) in points}

    def joined(parent: Tree, child: Tree) -> bool:
        pc, pspan, p0, p1 = box_of[re.sub(r"\s+", "", parent.text)]
        cc, _, c0, c1 = box_of[re.sub(r"\s+", "", child.text)]
        # strictly inside each box's side, not at a corner
        return bool(touching(pc + pspan, (p0 + 1, p1 - 1)) & touching(cc, (c0 + 1, c1 - 1)))

    for node in walked:
        for child in node.children:
            assert joined(node, child), (node.text, child.text)
    # and no two boxes of one level are joined to each other
    first, second = nodes[0], nodes[1]
    assert not joined(first.children[0], second.children[0])
