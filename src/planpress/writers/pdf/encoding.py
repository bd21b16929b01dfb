"""A paragraph's characters as strings in the document's TrueType subsets.

ReportLab embeds a TrueType face as subsets of 256 glyphs and gives each
character a code (subset << 8 | byte) the first time a document sets it
(`TTFont.splitString`, which loops over the characters in Python). The
composer encodes the text a paragraph draws once: ReportLab assigns the
characters new to the document, then each line's codes are sliced from the
paragraph's and cut where the subset changes. The text operators are written
the way ReportLab's ttfonts module documents for dynamic fonts (subset
strings named by `getSubsetInternalName`).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import groupby

from reportlab.pdfbase import pdfmetrics

from planpress.typeset import Prepared
from planpress.typeset.source import FORCED, TextStyle
from planpress.writers.pdf.reportlab_internals import font_state

_SUBSET = (8).__rrshift__  # code >> 8: the subset of a code
_LOW_BYTE = (255).__and__  # code & 255: its byte within the subset
_FONTS: dict[str, object] = {}


def _font_object(name: str):
    """The registered ReportLab font of a name (looked up once)."""
    font = _FONTS.get(name)
    if font is None:
        font = _FONTS[name] = pdfmetrics.getFont(name)
    return font


class ParagraphCodes:
    """The characters `para.text[start:end]` encoded for `doc`, as stretches
    in one font subset each.

    `pieces(a, b, style)` gives (Tf operator, bytes) for each stretch of
    characters [a, b) in one subset: a slice of the paragraph's, found by
    bisection, so a line costs no work per character. If any character
    cannot be read back from ReportLab's table (a standard Type 1 font, a
    character the face lacks, a no-break space), every line is encoded by
    ReportLab itself.
    """

    def __init__(self, para: Prepared, start: int, end: int, doc) -> None:
        self.text, self.doc = para.text, doc
        self.starts: list[int] = []  # where each stretch starts, in order
        self.stretches: list[tuple[int, str, bytes]] = []  # (start, Tf operator, bytes)
        self.by_reportlab = False
        for a, b, si in para.style_runs:
            a, b = max(a, start), min(b, end)
            if a < b and not self._add(a, para.styles[si], para.text[a:b]):
                self.by_reportlab = True
                break

    def _add(self, at: int, style: TextStyle, chars: str) -> bool:
        font = _font_object(style.font)
        if not getattr(font, "_dynamicFont", False):
            return False
        state = font_state(font, self.doc)
        codes = list(map(state.assignments.get, map(ord, chars))) if state else [None]
        if None in codes:  # characters new to the document: ReportLab assigns them
            font.splitString(chars, self.doc)
            state = font_state(font, self.doc)
            codes = list(map(state.assignments.get, map(ord, chars)))
            if None in codes:  # forced breaks are never drawn; anything else is
                codes = [0 if c is None and ch == FORCED else c for c, ch in zip(codes, chars)]
                if None in codes:
                    return False
        if state.internalName is None:
            font.getSubsetInternalName(0, self.doc)  # names the font in the document
        subset = min(codes) >> 8
        if subset == max(codes) >> 8:  # the common case: all in one subset
            groups = [(subset, codes)]
        else:
            groups = groupby(codes, _SUBSET)
        for subset, group in groups:
            encoded = bytes(map(_LOW_BYTE, group))
            self.starts.append(at)
            self.stretches.append(
                (at, _font_op(f"/{state.internalName}+{subset}", style.size), encoded)
            )
            at += len(encoded)
        return True

    def pieces(self, a: int, b: int, style: TextStyle) -> list[tuple[str, bytes]]:
        """(Tf operator, encoded bytes) for each stretch of [a, b) in one subset."""
        if self.by_reportlab:
            return [
                (_font_op(name, style.size), encoded)
                for name, encoded in _encoded_by_reportlab(style.font, self.text[a:b], self.doc)
            ]
        i = bisect_right(self.starts, a) - 1
        found = []
        while a < b:
            at, font_op, encoded = self.stretches[i]
            end = at + len(encoded)
            end = min(end, b)
            found.append((font_op, encoded[a - at : end - at]))
            a, i = end, i + 1
        return found


_FONT_OPS: dict[tuple[str, float], str] = {}


def _font_op(name: str, size: float) -> str:
    """The Tf operator for a subset name and size (the same string object each time)."""
    op = _FONT_OPS.get((name, size))
    if op is None:
        op = _FONT_OPS[(name, size)] = f"{name} {size:g} Tf"
    return op


def _encoded_by_reportlab(font_name: str, chars: str, doc) -> list[tuple[str, bytes]]:
    font = _font_object(font_name)
    if not getattr(font, "_dynamicFont", False):
        # a standard Type 1 font: one piece in the document's encoding
        return [(doc.getInternalFontName(font_name), chars.encode("latin-1", "replace"))]
    return [
        (font.getSubsetInternalName(subset, doc), encoded)
        for subset, encoded in font.splitString(chars, doc)
    ]
