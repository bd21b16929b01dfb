"""Goldens of every example document, both editions: the PDF's text page by
page with underlined characters in [ ], and the DOCX's document XML,
normalised (parsed, indented, without rsids). They change only through
`pytest --update-goldens`, and `git diff tests/goldens` is reviewed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from planpress.pipeline import Project, build_document

from .conftest import ROOT
from .helpers.tabletext import glyphs

DOCUMENTS = sorted(p.parent for p in (ROOT / "content").glob("*/document.yaml"))
EDITIONS = ("handout", "official")


def pdf_golden(path: Path) -> str:
    """Each page's lines (glyphs grouped by baseline), underlined runs in [ ]."""
    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            out.append(f"--- page {number} ---")
            line: list[str] = []
            top, under = None, False
            for glyph in glyphs(page):
                if top is not None and abs(glyph.top - top) > 2:
                    out.append("".join(line) + ("]" if under else ""))
                    line, under = [], False
                if glyph.underlined != under:
                    line.append("[" if glyph.underlined else "]")
                    under = glyph.underlined
                line.append(glyph.text)
                top = glyph.top
            if line:
                out.append("".join(line) + ("]" if under else ""))
    return "\n".join(out) + "\n"


def docx_golden(path: Path) -> str:
    """word/document.xml parsed and pretty-printed (attribute order kept)."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for element in root.iter():
        for name in [a for a in element.attrib if a.endswith("}rsidR") or "rsid" in a]:
            del element.attrib[name]
    etree.indent(root, space=" ")
    return etree.tostring(root, encoding="unicode") + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], list[Path]]:
    project = Project(ROOT, out=tmp_path_factory.mktemp("goldens"))
    return {
        (folder.name, edition): build_document(project, folder, edition, force=True).files
        for folder in DOCUMENTS
        for edition in EDITIONS
    }


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("folder", DOCUMENTS, ids=lambda p: p.name)
def test_outputs_match_their_goldens(built, golden, folder, edition):
    files = {p.suffix: p for p in built[(folder.name, edition)]}
    golden(f"{folder.name}.{edition}.pdf.txt", pdf_golden(files[".pdf"]))
    golden(f"{folder.name}.{edition}.document.xml", docx_golden(files[".docx"]))
