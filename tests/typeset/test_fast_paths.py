"""The composer's shortcuts give the same answers as the plain way.

`prepare` looks only at boundaries next to a character that is not a plain
kana/kanji and reuses results per pair of kinds; the PDF writer encodes known
characters from ReportLab's subset table instead of calling splitString. Each
shortcut is checked against the long way here.
"""

from __future__ import annotations

import importlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from planpress.typeset import Run, prepare
from planpress.writers.pdf.composed import _pieces

from .test_property import ALPHABET

# The module, not the function of the same name the package exports.
prepare_module = importlib.import_module("planpress.typeset.prepare")


def test_every_character_with_more_than_a_letter_kind_is_looked_at():
    """Exhaustive over the code points up to U+3FFFF: whatever NOT_PLAIN lets
    through must be a plain kana/kanji (kind exactly _CJK) or have no kind."""
    skipped_with_kinds = []
    for code in range(0x40000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or prepare_module.NOT_PLAIN.match(ch):
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


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=80), st.integers(0, 3))
def test_prepare_matches_classifying_every_boundary(fonts, text, split):
    # Two styles (sizes) in one paragraph, so cached results must not leak across.
    cut = len(text) * split // 4
    runs = [Run(text[:cut], "mincho", 10.0), Run(text[cut:], "gothic", 12.0)]
    fast = prepare(runs)
    saved = (prepare_module._boundaries_to_classify, prepare_module._PAIRS, prepare_module._GAPS)
    try:
        prepare_module._boundaries_to_classify = lambda t: list(range(1, len(t)))
        prepare_module._PAIRS, prepare_module._GAPS = _Forgetful(), _Forgetful()
        slow = prepare(runs)
    finally:
        (
            prepare_module._boundaries_to_classify,
            prepare_module._PAIRS,
            prepare_module._GAPS,
        ) = saved
    assert fast.text == slow.text
    # Every boundary the long way marks irregular is one the short way classified.
    assert _arrays(fast) == _arrays(slow)


def test_encoding_matches_reportlab_across_subsets(fonts):
    """Over 256 distinct characters, so the text spans several subsets."""
    text = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600)) + "あいう、。ABC123"
    canvas = Canvas(io.BytesIO())
    doc = canvas._doc
    first = _pieces("mincho", text, doc)  # assigns the codes (ReportLab's own way)
    font = pdfmetrics.getFont("mincho")
    expected = [
        (font.getSubsetInternalName(subset, doc), encoded)
        for subset, encoded in font.splitString(text, doc)
    ]
    again = _pieces("mincho", text, doc)  # now every character is known: the shortcut
    assert len(expected) > 2
    assert first == expected
    assert again == expected
    # A slice starting and ending mid-subset encodes the same way too.
    part = text[250:520]
    assert _pieces("mincho", part, doc) == [
        (font.getSubsetInternalName(subset, doc), encoded)
        for subset, encoded in font.splitString(part, doc)
    ]
