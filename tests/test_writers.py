"""Writers and the markup: every node kind handled; bad markup named by place."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress import ir
from planpress.render.markup import MarkupError, parse_markup
from planpress.render.templates import environment, render_document
from planpress.writers.base import handles_every_kind
from planpress.writers.docx import DocxWriter
from planpress.writers.pdf.story import PdfStory


@pytest.mark.parametrize("writer", [PdfStory, DocxWriter])
def test_every_writer_handles_every_node_kind(writer):
    assert handles_every_kind(writer, ir.NODE_KINDS) == []


def test_a_writer_missing_a_handler_is_caught():
    class Partial(PdfStory):
        visit_table = None

    assert handles_every_kind(Partial, ir.NODE_KINDS) == ["visit_table"]


def test_markup_parses_into_the_tree():
    doc = parse_markup(
        '<document title="t" author="a"><section orientation="landscape">'
        '<h level="2">見出し</h><p>本文<u>変更</u><b>強調</b><br/>次</p>'
        '<table widths="1,2"><row kind="header"><cell>a</cell><cell>b</cell></row>'
        '<row><cell span="2"><p style="cell">c</p></cell></row></table>'
        "</section></document>"
    )
    section = doc.sections[0]
    assert section.orientation == "landscape"
    heading, paragraph, table = section.children
    assert heading.level == 2
    assert [type(n) for n in paragraph.children] == [
        ir.Text,
        ir.Underline,
        ir.Strong,
        ir.LineBreak,
        ir.Text,
    ]
    assert table.header_rows == 1 and table.rows[1].cells[0].span == 2


def test_unknown_tag_is_rejected_with_template_file_and_line(tmp_path: Path):
    (tmp_path / "doc.xml.j2").write_text(
        '<document title="t" author="a">\n<section>\n<p>ok</p>\n<blink>x</blink>\n</section>\n</document>\n',
        encoding="utf-8",
    )
    env = environment([tmp_path])
    with pytest.raises(MarkupError) as caught:
        render_document(env, "doc.xml.j2", plan=_plan())
    problem = caught.value.problems[0]
    assert (problem.place.file, problem.place.line) == ("doc.xml.j2", 4)
    assert "blink" in problem.message and "doc.xml.j2" in str(problem)


def test_content_with_markup_characters_is_literal(tmp_path: Path):
    (tmp_path / "doc.xml.j2").write_text(
        '<document title="{{ meta.title }}" author="a"><section><p>{{ meta.title }}</p></section></document>',
        encoding="utf-8",
    )
    plan = _plan(title='<b>&"{{ x }}"</b>')
    doc = render_document(environment([tmp_path]), "doc.xml.j2", plan)
    assert doc.info.title == '<b>&"{{ x }}"</b>'
    assert ir.plain_text(doc.sections[0].children[0].children) == '<b>&"{{ x }}"</b>'


def _plan(title: str = "t"):
    from planpress.content.model import Meta, Plan

    return Plan(meta=Meta(municipality="m", plan="p", title=title), sections=[])


def test_book_markup_parses_into_the_tree(tmp_path: Path):
    picture = tmp_path / "f.png"
    picture.write_bytes(b"")  # the parser checks the file is there, not its pixels
    doc = parse_markup(
        '<document title="t" author="a">'
        '<section role="cover" numbering="none"><p style="cover-title">題</p></section>'
        '<section start="page" header="第1章　総論"><h level="1" number="第1章" anchor="c1">総論</h>'
        '<toc title="目次" depth="3"/>'
        f'<figure src="{picture}" alt="説明" width="0.5"><caption>図1 <b>題</b></caption></figure>'
        '<diagram title="施策体系図" levels="基本目標, 施策">'
        '<node text="目標1" emphasis="1"><node text="施策1-1"/><node text="施策1-2"/></node>'
        "</diagram>"
        '<table widths="1,1"><row><cell rowspan="2" align="right">x</cell><cell>y</cell></row>'
        "<row><cell>z</cell></row></table></section></document>"
    )
    cover, chapter = doc.sections
    assert (cover.role, cover.numbering, cover.header, cover.start) == (
        "cover",
        "none",
        None,
        "continue",
    )
    assert (chapter.role, chapter.header, chapter.start) == ("body", "第1章　総論", "page")
    heading, toc, figure, diagram, table = chapter.children
    assert (heading.number, heading.anchor, ir.plain_text(heading.children)) == (
        "第1章",
        "c1",
        "総論",
    )
    assert (toc.title, toc.depth) == ("目次", 3)
    assert (figure.alt, figure.width, ir.plain_text(figure.caption)) == ("説明", 0.5, "図1 題")
    assert diagram.levels == ["基本目標", "施策"] and diagram.depth == 2
    assert diagram.nodes[0].emphasis and [n.text for n in diagram.nodes[0].children] == [
        "施策1-1",
        "施策1-2",
    ]
    cell = table.rows[0].cells[0]
    assert (cell.rowspan, cell.align) == (2, "right")


def test_cells_spanning_rows_take_their_columns_in_the_rows_below():
    from planpress.writers import layout

    table = (
        parse_markup(
            '<document title="t" author="a"><section><table widths="1,1,1">'
            '<row><cell rowspan="3">a</cell><cell span="2">b</cell></row>'
            '<row><cell>c</cell><cell rowspan="2">d</cell></row>'
            "<row><cell>e</cell></row>"
            "<row><cell>f</cell><cell>g</cell><cell>h</cell></row>"
            "</table></section></document>"
        )
        .sections[0]
        .children[0]
    )
    grid = layout.cell_grid(table)

    def show(placed):
        return [
            (p.column, p.span, ir.plain_text(p.cell.children[0].children) if p.cell else None)
            for p in placed
        ]

    assert [show(row) for row in grid] == [
        [(0, 1, "a"), (1, 2, "b")],
        [(0, 1, None), (1, 1, "c"), (2, 1, "d")],
        [(0, 1, None), (1, 1, "e"), (2, 1, None)],
        [(0, 1, "f"), (1, 1, "g"), (2, 1, "h")],
    ]
    assert layout.joined_below(grid) == [True, True, False, False]
