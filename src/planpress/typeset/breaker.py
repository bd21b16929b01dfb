"""Choosing line ends (禁則処理, 追い込み before 追い出し, no hanging punctuation).

`break_lines` promises: every character of the paragraph lands on exactly one
line, in order (spaces at a break are dropped); it terminates; no line is
wider than its measure unless a single character is (then that character sits
alone on its line); and it never breaks against the strict 禁則 set while a
legal break exists in the line. A break next to a number (第|7, 2017|年) is
taken only when the best ordinary break would leave the line less than
FULL_ENOUGH full; the loose set (small kana, ー, 々 at line start) only when no
strict break fits at all; inseparable runs (Latin words, numbers, ——, ……) are
split only when one is wider than the whole line. With phrase breaks on, a
BudouX phrase boundary is preferred whenever one fits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from planpress.typeset.prepare import FORBIDDEN, INSIDE, LOOSE, NEVER, NORMAL, WEAK, Prepared
from planpress.typeset.source import FORCED

FULL_ENOUGH = 0.75  # a line this full needs no break next to a number
_EMERGENCY = (INSIDE, FORBIDDEN)
_EPS = 1e-6


class LineSpan(NamedTuple):  # a named tuple: one is made per line
    """Characters [start, end) of one line; `last` if it ends a paragraph or a forced break.

    `squeezed` says 追い込み was needed (the line's natural width exceeds its measure).
    """

    start: int
    end: int
    last: bool
    measure: float
    squeezed: bool = False


def break_lines(
    para: Prepared,
    first_width: float,
    other_width: float,
    start: int = 0,
    stop: int | None = None,
) -> list[LineSpan]:
    """Break `para[start:stop]` into lines of `first_width`, then `other_width`."""
    return list(iter_lines(para, first_width, other_width, start, stop))


def iter_lines(
    para: Prepared,
    first_width: float,
    other_width: float,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[LineSpan]:
    """Lines one by one. With `stop` (the head of a split paragraph) the line
    ending there is not the paragraph's last, so it stays justified."""
    text = para.text
    n = len(text) if stop is None else stop
    s = start
    width = first_width
    while s < n:
        limit = text.find(FORCED, s, n)
        if limit < 0:
            limit = n
        end, squeezed = _line_end(para, s, limit, width)
        last = end == limit and (limit == len(text) or text[limit] == FORCED)
        yield LineSpan(s, end, last, width, squeezed)
        width = other_width
        s = end
        if last and s < len(text) and text[s] == FORCED:
            s += 1  # consume the forced break
            if s == len(text):  # a forced break at the very end leaves one empty line
                yield LineSpan(s, s, True, width)
        while s < n and text[s] == " ":
            s += 1


def _line_end(para: Prepared, s: int, limit: int, width: float) -> tuple[int, bool]:
    """Where the line starting at `s` ends (exclusive), and whether it is squeezed."""
    if s >= limit:
        return s, False
    fit = para.fit(s, limit, width + _EPS)
    if fit == limit:
        return limit, False
    brk = para.brk
    # The common case: the line may end where it fills (what `_choose` below
    # would find first), and that leaves it full enough.
    full = fit > s and brk[fit] >= NORMAL and para.width(s, fit) >= FULL_ENOUGH * width
    if full and not para.phrase:
        return fit, False
    tight = para.tight_fit(s, limit, width + _EPS)
    if tight == s:
        return _alone(para, s, limit), False
    for level in (2, 1) if para.phrase else ():
        # Phrase boundaries that are also ordinary breaks, as break classes;
        # those inside a short bracketed label only when no other fits.
        if any(p >= level for p in para.phrase[s + 1 : tight + 1]):
            phrased = [
                NORMAL if b >= NORMAL and p >= level else NEVER for b, p in zip(brk, para.phrase)
            ]
            found = _choose(phrased, s, fit, tight, NORMAL)
            if found:
                return found
    normal = _choose(brk, s, fit, tight, NORMAL)
    if normal and (normal[1] or para.width(s, normal[0]) >= FULL_ENOUGH * width):
        return normal
    # A break next to a number (第|7, 2017|年) only when the line would otherwise
    # be left far too short; a kinsoku-loose break only when nothing else exists.
    weak = _choose(brk, s, fit, tight, WEAK)
    if weak:
        return weak
    loose = _choose(brk, s, fit, tight, LOOSE)
    if loose:
        return loose
    for threshold in _EMERGENCY:
        for k in range(fit, s, -1):
            if brk[k] >= threshold:
                return k, False
    return _alone(para, s, limit), False


def _alone(para: Prepared, s: int, limit: int) -> int:
    """End of a line holding one character (with its combining marks): nothing else fits."""
    k = s + 1
    while k < limit and para.brk[k] == NEVER:
        k += 1
    return k


def _choose(brk: list[int], s: int, fit: int, tight: int, level: int) -> tuple[int, bool] | None:
    """追い込み if the natural end is not a break of `level` or better and
    squeezing reaches one, else 追い出し."""
    back = fit
    while back > s and brk[back] < level:
        back -= 1
    if back == fit and fit > s:
        return fit, False
    for forward in range(fit + 1, tight + 1):
        if brk[forward] >= level:
            return forward, True
    if back > s:
        return back, False
    return None
