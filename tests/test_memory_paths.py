"""What a long plan's build does to keep its memory down changes no byte and
no message: the markup parsed as the templates make it, the PDF story made a
section at a time, each page's content compressed when the page ends, the
cross-reference rows in typed columns."""

from __future__ import annotations

import pytest

from planpress.content.load import load_plan
from planpress.diagnostics.messages import ContentError, Problem
from planpress.diagnostics.place import Place
from planpress.pipeline import Project
from planpress.pipeline.document import document_tree
from planpress.pipeline.project import style_sheet
from planpress.render.markup import parse_markup
from planpress.writers.pdf import pdf_and_pages, reportlab_internals, tagged
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.pdf.pages import render_pdf
from planpress.writers.pdf.story import LazyStory, PdfStory
from planpress.writers.pdf.structure import Marks

from .conftest import EXAMPLE, ROOT

BOOK = ROOT / "content" / "misakino-kanko-plan"

MARKUP = """<?at handout.xml.j2 1?><document title="計画" author="青梅市" lang="ja">
  <?at handout.xml.j2 2?><section>
    <?at handout.xml.j2 3?><p style="body">一つ目</p><p style="body">二つ目</p>
    <?at handout.xml.j2 4?><table widths="1"><row><cell style="x">表</cell></row>
    <row><cell style="x">表</cell></row></table>
  </section>
</document>"""


def test_markup_made_piece_by_piece_parses_as_one_string():
    def made():
        for start in range(0, len(MARKUP), 5):
            yield MARKUP[start : start + 5]

    assert parse_markup(made()) == parse_markup(MARKUP)


def test_a_template_error_after_bad_markup_is_said_first():
    """As when the whole markup was made before it was read: the template's
    error, not the broken markup it left."""
    error = ContentError([Problem(Place("handout.xml.j2", 9, 1), "テンプレートの誤り")])

    def made():
        yield '<document title="t" author="a"><section><p>未完'
        yield "</section>"  # the markup breaks here
        raise error

    with pytest.raises(ContentError) as raised:
        parse_markup(made())
    assert raised.value is error


def test_nodes_from_one_template_line_share_their_place_and_style():
    tree = parse_markup(MARKUP)
    first, second, table = tree.sections[0].children
    assert first.place == second.place and first.place is second.place
    assert first.style is second.style
    cells = [row.cells[0] for row in table.rows]
    assert cells[0].style is cells[1].style


def _trees() -> list:
    project = Project(ROOT)
    trees = []
    for folder, edition in ((EXAMPLE, "handout"), (BOOK, "official")):
        plan = load_plan(folder / "document.yaml")
        trees.append((document_tree(project, folder, plan, edition), style_sheet(project, folder)))
    return trees


@pytest.mark.parametrize("index", [0, 1], ids=["handout", "book-official"])
def test_a_story_made_a_section_at_a_time_writes_the_whole_storys_pdf(index):
    tree, sheet = _trees()[index]
    lazy, lazy_pages = pdf_and_pages(tree, sheet, archival=index == 1)
    fonts = register_fonts(sheet)
    marks = Marks(underline_reading=sheet.underline_reading)
    whole_story = PdfStory(sheet, fonts, marks).visit(tree)
    assert not isinstance(whole_story, LazyStory)
    whole, whole_pages = render_pdf(whole_story, sheet, tree, fonts, marks, index == 1)
    assert lazy == whole
    assert lazy_pages == whole_pages


def test_lazy_story_never_stops_inside_a_run_kept_with_the_next():
    class Kept:
        def __init__(self, kept: bool):
            self.kept = kept

        def getKeepWithNext(self) -> bool:
            return self.kept

    sections = iter([[Kept(True)] * 100, [Kept(True)] * 3 + [Kept(False)], [Kept(False)]])
    story = LazyStory(sections)
    assert list.__len__(story) == 104  # the first run and what ends it
    del story[:104]
    assert len(story) == 1


def test_page_content_compressed_when_the_page_ends_is_as_reportlab_compresses_it(monkeypatch):
    tree, sheet = _trees()[0]
    early = pdf_and_pages(tree, sheet)[0]
    monkeypatch.setattr(tagged, "deflate_last_page", lambda canv: None)
    assert pdf_and_pages(tree, sheet)[0] == early


def test_cross_reference_rows_read_back_as_written():
    rows = reportlab_internals._XRefRows()
    written = [(0, 0, 65535), (1, 15, 0), (2, 7, 1999), (1, 2**31, 0)]
    for row in written:
        rows.append(row)
    rows[2] = (2, 8, 3)
    written[2] = (2, 8, 3)
    assert len(rows) == 4
    assert [rows[i] for i in range(4)] == written == list(rows.rows())
