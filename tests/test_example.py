"""The example handout, read back as a user would read it."""

from __future__ import annotations

import pypdf
import pytest

from planpress.render.wareki import wareki

from .conftest import EXAMPLE
from .helpers.textutil import content_strings, docx_text, pdf_text, squeeze

STRINGS = content_strings(EXAMPLE / "document.yaml")


def test_content_has_the_whole_source():
    # The walk finds the corrected source's texts, not just a few.
    assert len(STRINGS) > 60
    assert "他産業との連携を含めた農商工連携の促進" in STRINGS
    assert "―ゆめ・うめ・おうめ―" in " ".join(STRINGS)


@pytest.mark.parametrize("reader", [pdf_text, docx_text], ids=["pdf", "docx"])
def test_every_content_string_reaches_the_output(example, reader):
    path = example.pdf if reader is pdf_text else example.docx
    text = squeeze(reader(path))
    missing = [s for s in STRINGS if squeeze(s) not in text]
    assert missing == []


@pytest.mark.parametrize("reader", [pdf_text, docx_text], ids=["pdf", "docx"])
def test_extraction_errors_of_the_seed_are_corrected(example, reader):
    text = reader(example.pdf if reader is pdf_text else example.docx)
    for wrong in ("改订", "探討", "一ゆめ", "現 行 計 画"):
        assert wrong not in text
    assert "一部改訂計画" in text


def test_pdf_fonts_are_embedded_bizud_only(example):
    reader = pypdf.PdfReader(example.pdf)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            seen.add(name.split("+")[-1])
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None, name
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            assert "+" in name, f"{name} is not subset"
    assert seen and all(name.startswith("BIZUD") for name in seen), seen


def test_pdf_metadata_outline_and_dates(example):
    reader = pypdf.PdfReader(example.pdf)
    meta = reader.metadata
    assert meta.title == "青梅市商・工業振興プランの一部改訂について"
    assert meta.author == "青梅市"
    assert meta.subject == "青梅市商・工業振興プラン"
    assert reader.trailer["/Root"]["/Lang"] == "ja-JP"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "一部改訂の目的" in titles and "記載事項の方針" in titles
    # 和欧間 is positioning, which some extractors read as a space
    first = squeeze(reader.pages[0].extract_text())
    assert "資料2" in first and "令和5年11月20日" in first


def test_pdf_handout_number_is_top_right_of_first_page(example):
    import pdfplumber

    with pdfplumber.open(example.pdf) as pdf:
        page = pdf.pages[0]
        words = [w for w in page.extract_words() if "資料2" in w["text"]]
        assert words, "handout number missing"
        word = words[0]
        assert word["top"] < page.height * 0.1
        assert word["x1"] > page.width * 0.8


def test_pdf_has_page_numbers_and_landscape_pages(example):
    import pdfplumber

    with pdfplumber.open(example.pdf) as pdf:
        orientations = {page.width > page.height for page in pdf.pages}
        assert orientations == {True, False}
        for number, page in enumerate(pdf.pages, 1):
            assert f"- {number} -" in (page.extract_text() or "")


def test_pdf_running_header_is_set_like_the_text_and_ends_at_the_right_margin(example):
    """From page 2: the meeting and handout number at the top right, set by the
    composer (a quarter-em 和欧間 in 令和 5 年度, as in the body text)."""
    import pdfplumber

    from planpress.writers.style import load_style_sheet

    from .conftest import ROOT

    sheet = load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")
    size = sheet.header.size
    with pdfplumber.open(example.pdf) as pdf:
        assert len(pdf.pages) > 1
        for page in pdf.pages[1:]:
            margins = sheet.page("landscape" if page.width > page.height else "portrait")[1]
            chars = [c for c in page.chars if c["top"] < margins.top]
            text = "".join(c["text"] for c in chars)
            assert squeeze(text) == "令和5年度第2回青梅市商・工業振興プラン改訂検討委員会資料2"
            assert max(c["x1"] for c in chars) == pytest.approx(page.width - margins.right, abs=0.5)
            wa, five = chars[text.index("和")], chars[text.index("5")]
            assert five["x0"] - wa["x1"] == pytest.approx(0.25 * size, abs=0.2)


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2023-11-20", "令和5年11月20日"),
        ("2019-05-01", "令和元年5月1日"),
        ("2019-04-30", "平成31年4月30日"),
        ("1989-01-08", "平成元年1月8日"),
        ("1989-01-07", "昭和64年1月7日"),
    ],
)
def test_wareki(day, expected):
    from datetime import date

    assert wareki(date.fromisoformat(day)) == expected
