"""The composer's shortcuts give the same answers as the plain way.

`prepare` looks only at boundaries next to a character that is not a plain
kana/kanji and remembers the facts of a boundary per pair of characters; the PDF writer encodes a paragraph
from ReportLab's subset table instead of calling splitString for every line. Each
shortcut is checked against the long way here.
"""

from __future__ import annotations

import importlib
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from planpress.typeset import Run, TextStyle, prepare
from planpress.writers.pdf.encoding import ParagraphCodes

from .test_property import ALPHABET

# The module, not the function of the same name the package exports.
prepare_module = importlib.import_module("planpress.typeset.prepare")


def test_every_character_with_more_than_a_letter_kind_is_looked_at():
    """Exhaustive over the code points up to U+3FFFF: whatever NOT_PLAIN_RUN lets
    through must be a plain kana/kanji (kind exactly _CJK) or have no kind."""
    skipped_with_kinds = []
    for code in range(0x40000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or prepare_module.NOT_PLAIN_RUN.match(ch):
            continue
        if prepare_module.classify(ch) & ~prepare_module._CJK:
            skipped_with_kinds.append(ch)
    assert skipped_with_kinds == []


class _Forgetful(dict):
    """A cache that never keeps anything: every boundary is worked out afresh."""

    def __setitem__(self, key, value) -> None:
        pass


def _arrays(para):
    return (para.brk, para.spread, para.gap, para.shrink, para.stretch, para.irregular)


def _both_ways(runs):
    fast = prepare(runs)
    saved = (prepare_module.NOT_PLAIN_RUN, prepare_module._memos)
    try:
        prepare_module.NOT_PLAIN_RUN = re.compile(".+", re.DOTALL)  # every boundary
        prepare_module._memos = lambda styles, metrics: (_Forgetful(), _Forgetful())
        slow = prepare(runs)
    finally:
        prepare_module.NOT_PLAIN_RUN, prepare_module._memos = saved
    assert fast.text == slow.text
    return _arrays(fast), _arrays(slow)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=80), st.integers(0, 3))
def test_prepare_matches_classifying_every_boundary(fonts, text, split):
    # Two styles (sizes) in one paragraph, so remembered facts must not leak across.
    cut = len(text) * split // 4
    fast, slow = _both_ways([Run(text[:cut], "mincho", 10.0), Run(text[cut:], "gothic", 12.0)])
    assert fast == slow


@pytest.mark.parametrize(
    "texts",
    [
        ["計画 Aを", "計画 」を", "計画 ッを"],  # the same pair before a space, then 禁則 differs
        ["第AB次", "第A1次"],  # the same pair at a token's start: a number or not
    ],
)
def test_remembered_boundaries_depend_only_on_their_pair(fonts, texts):
    for text in texts:  # in order: each sees what the one before left behind
        fast, slow = _both_ways([Run(text, "mincho", 10.0)])
        assert fast == slow, text


STYLE = TextStyle("mincho", 10.0)


def test_widths_come_from_the_style_of_the_text_not_an_empty_run(fonts):
    """A paragraph may start with an empty run in another style (hypothesis
    found this): its one stretch of text is measured in its own style."""
    prepare([Run("7；", "mincho", 10.0)])  # the mincho 10 pt table knows both characters
    para = prepare([Run("", "mincho", 10.0), Run("7；", "gothic", 12.0)])
    gothic = pdfmetrics.getFont("gothic")
    assert para.adv == [gothic.stringWidth(ch, 12.0) for ch in "7；"]


def _by_reportlab(text: str, doc) -> list[tuple[str, bytes]]:
    """(Tf operator, bytes) per subset string, the way ReportLab documents it."""
    font = pdfmetrics.getFont("mincho")
    return [
        (f"{font.getSubsetInternalName(subset, doc)} 10 Tf", encoded)
        for subset, encoded in font.splitString(text, doc)
    ]


def test_encoding_matches_reportlab_across_subsets(fonts):
    """Over 256 distinct characters, so the text spans several subsets; a
    forced break inside (never drawn) does not send it the slow way."""
    face = pdfmetrics.getFont("mincho").face.charToGlyph
    kanji = [chr(c) for c in range(0x4E00, 0x9FFF) if face.get(c)][:600]
    text = "".join(kanji) + "あいう、。ABC123\n計画"
    para = prepare([Run(text, "mincho", 10.0)])
    doc = Canvas(io.BytesIO())._doc
    codes = ParagraphCodes(para, 0, len(para.text), doc)  # assigns new characters
    assert not codes.by_reportlab
    for a, b in [(0, 610), (250, 520), (255, 257), (600, 611), (612, len(para.text))]:
        expected = _by_reportlab(para.text[a:b], doc)
        assert codes.pieces(a, b, STYLE) == expected, (a, b)
    assert len(_by_reportlab(para.text[:610], doc)) > 2


def test_encoding_falls_back_to_reportlab_for_a_no_break_space(fonts):
    text = "計画\u00a0案"  # ReportLab sets U+00A0 as its space glyph
    para = prepare([Run(text, "mincho", 10.0)])
    doc = Canvas(io.BytesIO())._doc
    codes = ParagraphCodes(para, 0, len(text), doc)
    assert codes.by_reportlab
    assert codes.pieces(0, len(text), STYLE) == _by_reportlab(text, doc)


def test_widths_follow_a_face_replaced_under_its_name(fonts, monkeypatch):
    """If the face behind a font name changes, nothing measured with the old
    face may be used after: widths, and the boundary facts made from them."""
    from reportlab.pdfbase.ttfonts import TTFont

    from .conftest import FONT_FILES, ROOT

    class Wider(TTFont):  # stands for another face: every glyph twice as wide
        def stringWidth(self, text, size, encoding="utf8"):
            return 2 * super().stringWidth(text, size, encoding)

    path = str(ROOT / "fonts" / FONT_FILES["mincho"])
    faces = {"probe": TTFont("probe", path)}
    monkeypatch.setattr(pdfmetrics, "getFont", faces.__getitem__)
    text = "Japan 2024「計画」"
    first = prepare([Run(text, "probe", 10.0)])
    assert first.adv == [faces["probe"].stringWidth(ch, 10.0) for ch in text]
    faces["probe"] = Wider("probe", path)
    second = prepare([Run(text, "probe", 10.0)])
    assert second.adv == [2 * w for w in first.adv]
    assert second.shrink != first.shrink  # punctuation blanks follow the new widths too
