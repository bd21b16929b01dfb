"""Choosing line ends (禁則処理, 追い込み before 追い出し, no hanging punctuation).

`break_lines` promises: every character of the paragraph lands on exactly one
line, in order (spaces at a break are dropped); it terminates; no line is
wider than its measure unless a single character is (then that character sits
alone on its line); and it never breaks against the strict 禁則 set while a
legal break exists in the line — the loose set (small kana, ー, 々 at line
start) and breaks next to numbers are used only when nothing better fits, and
inseparable runs (Latin words, numbers, ——, ……) are split only when one is
wider than the whole line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .prepare import FORBIDDEN, INSIDE, LOOSE, NORMAL, WEAK, Prepared
from .source import FORCED

# Thresholds tried in order: the breaker relaxes only when it must.
_TIERS = (NORMAL, WEAK, LOOSE)
_EMERGENCY = (INSIDE, FORBIDDEN)
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class LineSpan:
    """Characters [start, end) of one line; `last` if it ends a paragraph or a forced break.

    `squeezed` says 追い込み was needed (the line's natural width exceeds its measure).
    """

    start: int
    end: int
    last: bool
    measure: float
    squeezed: bool = False


def break_lines(
    para: Prepared, first_width: float, other_width: float, start: int = 0
) -> list[LineSpan]:
    """Break `para` from character `start` into lines of `first_width`, then `other_width`."""
    return list(iter_lines(para, first_width, other_width, start))


def iter_lines(
    para: Prepared, first_width: float, other_width: float, start: int = 0
) -> Iterator[LineSpan]:
    """Lines one by one (a caller filling a page may stop early)."""
    text = para.text
    n = len(text)
    s = start
    width = first_width
    while s < n:
        limit = text.find(FORCED, s)
        if limit < 0:
            limit = n
        end, squeezed = _line_end(para, s, limit, width)
        last = end == limit
        yield LineSpan(s, end, last, width, squeezed)
        width = other_width
        s = end
        if last and s < n:
            s += 1  # consume the forced break
            if s == n:  # a forced break at the very end leaves one empty line
                yield LineSpan(s, s, True, width)
        while s < n and text[s] == " ":
            s += 1


def _line_end(para: Prepared, s: int, limit: int, width: float) -> tuple[int, bool]:
    """Where the line starting at `s` ends (exclusive), and whether it is squeezed."""
    if s >= limit:
        return s, False
    fit = _fit(para.width, s, limit, width)
    if fit == limit:
        return limit, False
    tight = _fit(para.tight_width, s, limit, width)
    brk = para.brk
    if para.phrase and any(para.phrase[s + 1 : tight + 1]):
        phrase = para.phrase
        found = _choose(brk, s, fit, tight, lambda k: brk[k] >= NORMAL and phrase[k])
        if found:
            return found
    for threshold in _TIERS:
        found = _choose(brk, s, fit, tight, lambda k, t=threshold: brk[k] >= t)
        if found:
            return found
    for threshold in _EMERGENCY:
        for k in range(fit, s, -1):
            if brk[k] >= threshold:
                return k, False
    # Not even one character fits: set it alone (with its combining marks).
    k = s + 1
    while k < limit and brk[k] == 0:
        k += 1
    return k, False


def _fit(measure, s: int, limit: int, width: float) -> int:
    """The largest end in [s, limit] whose width fits (widths grow with end)."""
    return s + bisect_right(range(s + 1, limit + 1), width + _EPS, key=lambda e: measure(s, e))


def _choose(brk: list[int], s: int, fit: int, tight: int, ok) -> tuple[int, bool] | None:
    """追い込み if the natural end is not a break and squeezing reaches one, else 追い出し."""
    back = next((k for k in range(fit, s, -1) if ok(k)), 0)
    if back == fit:
        return fit, False
    forward = next((k for k in range(fit + 1, tight + 1) if ok(k)), 0)
    if forward:
        return forward, True
    if back:
        return back, False
    return None
