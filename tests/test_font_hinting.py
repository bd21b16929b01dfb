"""Embedded font subsets lose their TrueType hinting and nothing else."""

from __future__ import annotations

import io

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFontFile

from planpress.writers.pdf import reportlab_internals
from planpress.writers.pdf.hinting import HINTING_TABLES, without_hinting

from .conftest import ROOT

TEXT = "計画の策定にあたって、令和5年度（2023）「青梅ブランド」・ABCxyz𠮟"


@pytest.mark.parametrize(
    "face", ["BIZUDMincho-Regular.ttf", "BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf"]
)
def test_a_subset_without_hinting_draws_the_same_glyphs(face):
    font = TTFontFile(str(ROOT / "fonts" / face))
    subset = [ord(c) for c in dict.fromkeys(TEXT)]
    hinted = reportlab_internals._reportlab_subset(font, subset)  # ReportLab's own
    plain = without_hinting(hinted)
    assert len(plain) < len(hinted)
    before, after = TTFont(io.BytesIO(hinted)), TTFont(io.BytesIO(plain))
    assert not {tag.decode() for tag in HINTING_TABLES} & set(after.keys())
    assert before.getGlyphOrder() == after.getGlyphOrder()
    assert before["cmap"].getBestCmap() == after["cmap"].getBestCmap()
    old, new = before.getGlyphSet(), after.getGlyphSet()
    for name in before.getGlyphOrder():
        a, b = RecordingPen(), RecordingPen()
        old[name].draw(a)
        new[name].draw(b)
        assert a.value == b.value, name
        assert old[name].width == new[name].width, name
        glyph = after["glyf"][name]
        assert not getattr(glyph, "program", None) or not glyph.program.getBytecode(), name
    # a valid font file: the whole-file checksum is the magic number
    data = plain + b"\0" * (-len(plain) % 4)
    total = sum(int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), 4))
    assert total & 0xFFFFFFFF == 0xB1B0AFBA
