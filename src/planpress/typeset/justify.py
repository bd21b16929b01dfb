"""Placing the characters of a line: compression, 追い込み, justification, alignment.

`place_line` promises: glyph x offsets increase in text order; a squeezed line
takes back punctuation blanks and 和欧間 evenly (never the blank of the line's
last character, so no glyph box crosses the edge); a justified line that is
not the last of its paragraph ends within 0.01 pt of its measure, extra space
going first to 和欧間 and Latin word spaces, then evenly between characters.

A `Line` keeps one spacing for most of its boundaries and the few that differ:
the writer draws from those directly, so no object per character is made
unless `glyphs` is asked for (tests, other writers).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import NamedTuple

from planpress.typeset.breaker import LineSpan
from planpress.typeset.prepare import SPREAD_INSIDE, SPREAD_OK, Prepared

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
    """A composed line: characters `span.start`..`span.end` of `para`.

    The space before each character but the first is `spacing`, except at the
    boundaries in `exceptions` ({k: space before character k}, in order); the
    first character starts at `offset`. (A named tuple: one is made per line.)
    """

    para: Prepared
    span: LineSpan
    offset: float
    spacing: float
    exceptions: dict[int, float]

    @property
    def width(self) -> float:
        """Where the last character ends, from the column's left edge."""
        s, e = self.span.start, self.span.end
        if e <= s:
            return 0.0
        regular = e - s - 1 - len(self.exceptions)
        advances = self.para.adv_sum[e] - self.para.adv_sum[s]
        return self.offset + advances + self.spacing * regular + sum(self.exceptions.values())

    @property
    def gaps(self) -> list[float]:
        """The space before each character of the line (0 before the first)."""
        s, e = self.span.start, self.span.end
        gaps = [self.spacing] * (e - s)
        if gaps:
            gaps[0] = 0.0
        for k, value in self.exceptions.items():
            gaps[k - s] = value
        return gaps

    def xs(self) -> list[float]:
        """The x offset of each character, from the column's left edge."""
        adv, s = self.para.adv, self.span.start
        gaps = self.gaps
        if not gaps:
            return []
        return list(accumulate([self.offset, *(g + adv[s + i] for i, g in enumerate(gaps[1:]))]))

    @property
    def glyphs(self) -> list[Glyph]:
        """Every character with its position and look (built on demand)."""
        para, s = self.para, self.span.start
        looks = [(st.font, st.size, st.underline, st.bold) for st in para.styles]
        return [
            Glyph(para.text[s + i], x, para.adv[s + i], *looks[para.style_of[s + i]])
            for i, x in enumerate(self.xs())
        ]


def place_line(para: Prepared, span: LineSpan, align: str = "justify", offset: float = 0.0) -> Line:
    """Position the characters of `span`; `offset` shifts the whole line (indents).

    Only the line's irregular boundaries (punctuation, 和欧間, spaces, inside
    Latin words) are looked at one by one; all others share one spacing.
    """
    s, e = span.start, span.end
    if e <= s:
        return Line(para, span, offset, 0.0, {})
    irregular, gap = para.irregular, para.gap
    inner = irregular[bisect_right(irregular, s) : bisect_left(irregular, e)]
    free = span.measure - para.width(s, e)
    if not inner and free >= 0:  # nothing but kana and kanji: one spacing for all
        spacing = 0.0
        if align == "justify" and not span.last and e - s > 1:
            spacing, free = free / (e - s - 1), 0.0
        return Line(para, span, offset + _shift(align, free), spacing, {})
    exceptions = dict(zip(inner, map(gap.__getitem__, inner)))
    spacing = 0.0
    if free < 0:
        _squeeze(para, s, e, exceptions, -free)
        free = 0.0
    if align == "justify" and not span.last and free > 0:
        spacing = _spread(para, s, e, exceptions, free)
        free = 0.0
    offset += _shift(align, free)
    # Keep only the boundaries that really differ from the regular spacing.
    exceptions = {k: v for k, v in exceptions.items() if v != spacing}
    return Line(para, span, offset, spacing, exceptions)


def _shift(align: str, free: float) -> float:
    """How far the line moves right to align it, given its free space."""
    return free / 2 if align == "center" else free if align == "right" else 0.0


def _squeeze(para: Prepared, s: int, e: int, exceptions: dict[int, float], need: float) -> None:
    capacity = para.shrink_between(s, e)
    if capacity <= 0:
        return  # only a lone over-wide character gets here
    ratio = min(1.0, need / capacity)
    shrink = para.shrink
    for k in exceptions:
        exceptions[k] -= shrink[k] * ratio


def _spread(para: Prepared, s: int, e: int, exceptions: dict[int, float], extra: float) -> float:
    """Add `extra` points of space to the line; returns the regular spacing."""
    # First the 和欧間 and word spaces, up to their limits …
    stretch = para.stretch
    room = sum(map(stretch.__getitem__, exceptions))
    if room > 0:
        used = min(extra, room)
        share = used / room
        for k in exceptions:
            exceptions[k] += stretch[k] * share
        extra -= used
    if extra <= 0:
        return 0.0
    # … then evenly between all characters (inside Latin words only as a last resort).
    spread = para.spread
    even = [k for k in exceptions if spread[k] == SPREAD_OK]
    count = e - s - 1 - len(exceptions) + len(even)  # the regular boundaries are even too
    if count:
        each = extra / count
        for k in even:
            exceptions[k] += each
        return each
    inside = [k for k in exceptions if spread[k] == SPREAD_INSIDE]
    for k in inside:
        exceptions[k] += extra / len(inside)
    return 0.0
