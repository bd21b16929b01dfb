"""The cmap reader agrees with ReportLab's full font parser."""

from __future__ import annotations

import struct

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from planpress.content import fontcmap

from .conftest import ROOT

FONTS = sorted((ROOT / "fonts").glob("*.ttf"))


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_code_points_match_reportlab(path):
    expected = frozenset(c for c, glyph in TTFontFile(str(path)).charToGlyph.items() if glyph)
    assert fontcmap.code_points(path) == expected


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_the_bmp_subtable_reads_the_same(path):
    # Fonts with a full-repertoire subtable also carry the BMP one (format 4).
    data = fontcmap.cmap_table(path)
    count = struct.unpack_from(">H", data, 2)[0]
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * index)
        if (platform, encoding) == (3, 1):
            bmp = fontcmap._format4(data, offset)
            break
    else:
        pytest.fail("the bundled fonts carry a (3, 1) format 4 subtable")
    assert bmp == {c for c in fontcmap.code_points(path) if c <= 0xFFFF}


def test_the_cmap_table_is_the_one_the_font_names(tmp_path):
    """Read through the table directory: the same bytes fontTools finds, and a
    font cut short before its cmap ends is refused, not read short."""
    from fontTools.ttLib import TTFont

    path = FONTS[0]
    assert fontcmap.cmap_table(path) == TTFont(str(path), lazy=True).reader["cmap"]
    short = tmp_path / "short.ttf"
    data = path.read_bytes()
    table = data.index(fontcmap.cmap_table(path)[:64])
    short.write_bytes(data[: table + 100])
    with pytest.raises(ValueError, match="cmap"):
        fontcmap.cmap_table(short)
