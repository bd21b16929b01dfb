"""The library internals planpress relies on are still there (a library update
that removes one fails here, by name, instead of producing a wrong file), and
the DOCX writer's schema-order table agrees with python-docx's own."""

from __future__ import annotations

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planpress.writers.docx import internals, ooxml


def test_python_docx_internals_are_there():
    assert internals.missing() == [], (
        "python-docx no longer has these internals the DOCX writer uses "
        "(see docs/design.md, 'Library internals'): " + ", ".join(internals.missing())
    )


@pytest.mark.parametrize("parent", sorted(ooxml.ORDER))
def test_order_table_agrees_with_python_docx(parent):
    """Children python-docx declares (get_or_add_…) come out in our table's order."""
    element = OxmlElement(parent)
    order = ooxml.ORDER[parent]
    declared = [t for t in order if hasattr(element, f"get_or_add_{t.split(':')[1]}")]
    for tag in reversed(declared):  # python-docx places each by its own order
        getattr(element, f"get_or_add_{tag.split(':')[1]}")()
    placed = [child.tag for child in element]
    assert placed == [qn(t) for t in declared]


def test_reportlab_table_internals_the_row_keeping_table_overrides_are_there():
    """writers/pdf/table.py calls and overrides these (docs/design.md)."""
    from reportlab.platypus import Table

    wanted = ("_calc", "_splitRows", "_splitCell")
    missing = [name for name in wanted if not callable(getattr(Table, name, None))]
    assert missing == [], "ReportLab's Table no longer has: " + ", ".join(missing)


# --- ReportLab -----------------------------------------------------------------------


def test_reportlab_internals_are_there():
    from planpress.writers.pdf import reportlab_internals

    assert reportlab_internals.missing() == [], (
        "ReportLab no longer has these internals the PDF writer uses "
        "(see docs/design.md, 'Library internals'): " + ", ".join(reportlab_internals.missing())
    )


def test_a_removed_reportlab_internal_stops_the_pdf_with_its_name(monkeypatch):
    """Not a wrong PDF: the first PDF of the process stops, naming what is gone."""
    from reportlab.platypus import Table

    from planpress.writers.pdf import reportlab_internals

    monkeypatch.delattr(Table, "_splitRows")
    monkeypatch.setattr(reportlab_internals, "_checked", False)
    assert any(item.startswith("Table._splitRows") for item in reportlab_internals.missing())
    with pytest.raises(reportlab_internals.ReportLabChanged) as error:
        reportlab_internals.require()
    message = str(error.value)
    assert "Table._splitRows" in message and reportlab_internals.TESTED in message


def test_a_removed_canvas_internal_is_named_too(monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    from planpress.writers.pdf import reportlab_internals

    original = Canvas.__init__

    def without_code(self, *args, **kw):
        original(self, *args, **kw)
        del self._code

    monkeypatch.setattr(Canvas, "__init__", without_code)
    assert any(item.startswith("canvas._code") for item in reportlab_internals.missing())


def test_the_pinned_reportlab_range_is_the_tested_one():
    import tomllib
    from pathlib import Path

    from planpress.writers.pdf import reportlab_internals

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("reportlab")]
    assert pins == [f"reportlab{reportlab_internals.TESTED}"]


def test_reportlab_internals_of_the_book_are_there():
    """The contents' page numbers are forms written after the last page
    (writers/pdf/pages.py overrides `_endBuild` and turns `_doSave` off)."""
    from reportlab.platypus import BaseDocTemplate

    assert callable(getattr(BaseDocTemplate, "_endBuild", None))
    assert "_doSave" in BaseDocTemplate._endBuild.__code__.co_consts  # getattr(self, "_doSave", 1)
