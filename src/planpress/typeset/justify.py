"""Placing the characters of a line: compression, 追い込み, justification, alignment.

`place_line` promises: glyph x offsets increase in text order; a squeezed line
takes back punctuation blanks and 和欧間 evenly (never the blank of the line's
last character, so no glyph box crosses the edge); a justified line that is
not the last of its paragraph ends within 0.01 pt of its measure, extra space
going first to 和欧間 and Latin word spaces, then evenly between characters.
"""

from __future__ import annotations

from typing import NamedTuple

from .breaker import LineSpan
from .prepare import SPREAD_INSIDE, SPREAD_OK, Prepared

ALIGNS = ("justify", "left", "center", "right")


class Glyph(NamedTuple):
    """One character placed on a line; `x` from the line's left edge, in points."""

    char: str
    x: float
    width: float
    font: str
    size: float
    underline: bool
    bold: bool


class Line(NamedTuple):
    """A composed line: glyphs, and the span of text it came from."""

    glyphs: list[Glyph]
    span: LineSpan
    width: float  # where the last glyph ends, from the line's left edge


def place_line(para: Prepared, span: LineSpan, align: str = "justify", offset: float = 0.0) -> Line:
    """Position the characters of `span`; `offset` shifts the whole line (indents)."""
    s, e = span.start, span.end
    if e <= s:
        return Line([], span, 0.0)
    gaps = para.gap[s:e]
    gaps[0] = 0.0  # the gap before the line's first character is not on this line
    natural = para.width(s, e)
    free = span.measure - natural
    if free < 0:
        _squeeze(para, s, gaps, -free)
        free = 0.0
    if align == "justify" and not span.last and free > 0:
        _spread(para, s, gaps, free)
        free = 0.0
    if align == "center":
        offset += free / 2
    elif align == "right":
        offset += free
    glyphs = _glyphs(para, s, e, gaps, offset)
    last = glyphs[-1]
    return Line(glyphs, span, last.x + last.width)


def _squeeze(para: Prepared, s: int, gaps: list[float], need: float) -> None:
    capacity = sum(para.shrink[s + 1 : s + len(gaps)])
    if capacity <= 0:
        return  # only a lone over-wide character gets here
    ratio = min(1.0, need / capacity)
    for i in range(1, len(gaps)):
        gaps[i] -= para.shrink[s + i] * ratio


def _spread(para: Prepared, s: int, gaps: list[float], extra: float) -> None:
    # First the 和欧間 and word spaces, up to their limits …
    first = para.stretch[s + 1 : s + len(gaps)]
    room = sum(first)
    if room > 0:
        used = min(extra, room)
        for i, cap in enumerate(first, 1):
            gaps[i] += cap * used / room
        extra -= used
    if extra <= 0:
        return
    # … then evenly between all characters (inside Latin words only as a last resort).
    spread = para.spread
    for level in (SPREAD_OK, SPREAD_INSIDE):
        slots = [i for i in range(1, len(gaps)) if spread[s + i] >= level]
        if slots:
            each = extra / len(slots)
            for i in slots:
                gaps[i] += each
            return


def _glyphs(para: Prepared, s: int, e: int, gaps: list[float], x: float) -> list[Glyph]:
    text, adv, style_of = para.text, para.adv, para.style_of
    looks = [(st.font, st.size, st.underline, st.bold) for st in para.styles]
    new = tuple.__new__  # Glyph(...) without the keyword-argument machinery
    glyphs: list[Glyph] = []
    append = glyphs.append
    for i, k in enumerate(range(s, e)):
        x += gaps[i]
        append(new(Glyph, (text[k], x, adv[k], *looks[style_of[k]])))
        x += adv[k]
    return glyphs
