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
