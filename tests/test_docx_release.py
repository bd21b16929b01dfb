"""Releasing the DOCX body in batches (writers/docx/release.py) changes no byte:
each document written with a batch of one block is the document written whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planpress.content.load import check_plan
from planpress.pipeline import Project
from planpress.pipeline.document import document_tree, phrasebook
from planpress.pipeline.project import font_files, style_sheet
from planpress.render.markup import parse_markup
from planpress.revision.table import revision_tables
from planpress.writers.docx import release
from planpress.writers.docx.writer import DocxWriter
from planpress.writers.pdf import pdf_and_pages
from planpress.writers.style import load_style_sheet

from .helpers.book import book_markup, figure_file, policy_tree

ROOT = Path(__file__).resolve().parents[1]


def both_ways(monkeypatch, tree, sheet, pages=None) -> tuple[bytes, bytes]:
    """The DOCX written whole and written releasing every block."""
    monkeypatch.setattr(release, "BATCH", 10**9)
    whole = DocxWriter(sheet, pages).visit(tree)
    monkeypatch.setattr(release, "BATCH", 1)
    writer = DocxWriter(sheet, pages)
    batched = writer.visit(tree)
    assert writer.released.batches > 3  # it did release, many times
    assert writer.released.rows  # and rows of tables still being written
    return whole, batched


@pytest.mark.parametrize("edition", ["handout", "review"])
def test_example_handout_same_bytes(monkeypatch, edition):
    project = Project(ROOT)
    folder = project.content / "ome-shoko-plan"
    sheet = style_sheet(project, folder)
    plan, _ = check_plan(folder / "document.yaml", "document.yaml", font_files(sheet))
    revisions = revision_tables(plan.sections, phrasebook(project, folder))
    tree = document_tree(project, folder, plan, edition, revisions)
    whole, batched = both_ways(monkeypatch, tree, sheet)
    assert batched == whole


def test_book_with_figures_contents_and_diagram_same_bytes(monkeypatch, tmp_path):
    """Figures after a release keep python-docx's numbering (ids over the whole body)."""
    sheet = load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")
    markup = book_markup(figure_file(tmp_path), diagram=policy_tree())
    figure = re.search(r"<figure .*?</figure>", markup).group(0)
    chapter_3 = re.search(r'<h level="1" number="第3章"[^>]*>.*?</h>', markup).group(0)
    markup = markup.replace(chapter_3, chapter_3 + figure + figure)  # two more, later on
    tree = parse_markup(markup)
    _, pages = pdf_and_pages(tree, sheet)
    whole, batched = both_ways(monkeypatch, tree, sheet, pages)
    assert batched == whole
    assert len(re.findall(rb'<wp:docPr id="\d+"', _document_xml(whole))) == 3


def _document_xml(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")
