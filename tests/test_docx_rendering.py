"""The example DOCX opened in LibreOffice: it converts, uses only the BIZ UD
faces, shows every content text, turns the comparison pages, numbers the
pages, and takes about as many pages as the ReportLab PDF."""

from __future__ import annotations

from collections import Counter

import pdfplumber
import pytest

from planpress.pipeline import style_sheet

from .conftest import EXAMPLE
from .helpers.office import convert_to_pdf, fontconfig_file, pdf_font_names
from .helpers.textutil import content_strings, pdf_text, squeeze

# Each run of pages of one orientation ends on a part-filled page; LibreOffice
# breaks lines a little differently from our composer (its own kinsoku and
# 和欧間 spacing), so each run may end one page earlier or later than ReportLab's.
PAGES_TOLERANCE_PER_ORIENTATION = 1


@pytest.fixture(scope="module")
def rendered(example, project, tmp_path_factory):
    folder = tmp_path_factory.mktemp("libreoffice")
    sheet = style_sheet(project, EXAMPLE)
    fontconfig = fontconfig_file(sheet, project.fonts, folder)
    return convert_to_pdf(example.docx, folder, fontconfig)


def orientations(pdf) -> Counter:
    with pdfplumber.open(pdf) as document:
        return Counter("landscape" if p.width > p.height else "portrait" for p in document.pages)


def test_libreoffice_renders_with_the_bizud_faces_only(rendered, project):
    sheet = style_sheet(project, EXAMPLE)
    ours = {face.path.stem for face in sheet.fonts.values()}  # e.g. BIZUDMincho-Regular
    # Every face the style sheet uses (明朝 body, ゴシック labels, bold headings), nothing else.
    assert pdf_font_names(rendered) == ours


def test_every_content_string_is_on_the_rendered_pages(rendered):
    text = squeeze(pdf_text(rendered))
    missing = [s for s in content_strings(EXAMPLE / "document.yaml") if squeeze(s) not in text]
    assert missing == []


def test_rendered_pages_turn_and_number_like_the_pdf(rendered, example):
    office, ours = orientations(rendered), orientations(example.pdf)
    assert set(office) == set(ours) == {"portrait", "landscape"}
    for orientation, count in ours.items():
        assert abs(office[orientation] - count) <= PAGES_TOLERANCE_PER_ORIENTATION, (office, ours)
    with pdfplumber.open(rendered) as document:
        for number, page in enumerate(document.pages, 1):
            text = squeeze(page.extract_text() or "")
            assert f"-{number}-" in text  # the footer's PAGE field
            if number > 1:
                assert "第2回青梅市商・工業振興プラン改訂検討委員会" in text  # running header
