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


def test_reportlab_internals_of_the_book_are_there():
    """The contents' page numbers are forms written after the last page
    (writers/pdf/pages.py overrides `_endBuild` and turns `_doSave` off)."""
    from reportlab.platypus import BaseDocTemplate

    assert callable(getattr(BaseDocTemplate, "_endBuild", None))
    assert "_doSave" in BaseDocTemplate._endBuild.__code__.co_consts  # getattr(self, "_doSave", 1)
