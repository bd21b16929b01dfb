"""Width-independent analysis of a paragraph: metrics, spacing, break classes.

`prepare` does everything that does not depend on the line width once, so a
paragraph can be re-broken cheaply at another width (table column, next page).
For character k, `adv[k]` is its advance; for the gap before character k:
`gap[k]` the natural adjustment (punctuation compression < 0, 和欧間 > 0),
`shrink[k]` how much more 追い込み may take back, `stretch[k]` how much a
justified line may add there first, `brk[k]` the break class and
`spread[k]` whether justification may spread space there. All in points.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, groupby
from operator import add, sub

from planpress.typeset.kinsoku import (
    CJK_LETTER_RANGES,
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    LOOSE_LINE_START,
    PUNCTUATION_BLANKS,
    TOKEN_RE,
    char_class,
    is_cjk_letter,
    is_combining,
    is_latin_alnum,
)
from planpress.typeset.labels import numbered_labels, short_brackets
from planpress.typeset.metrics import DEFAULT_METRICS, Metrics
from planpress.typeset.source import FORCED, ForcedBreak, Run, TextStyle, normalize

# Break classes of the boundary before a character, worst to best. The breaker
# accepts everything at or above a threshold, lowering it only when it must.
NEVER = 0  # before a combining mark, around a forced break
FORBIDDEN = 1  # 禁則: only when nothing else is left (a token wider than the line)
INSIDE = 2  # inside an inseparable run, kinsoku-clean: emergency breaks
LOOSE = 3  # small kana, ー, 々 at line start: narrow cells only
WEAK = 4  # next to a number (第|7|次, 2017|年): only if no other break
NORMAL = 5

# Where justification may spread space: never, inside a Latin word or dash
# run (last resort), or anywhere.
SPREAD_NEVER, SPREAD_INSIDE, SPREAD_OK = 0, 1, 2

WAOU_SPACE = 0.25  # 和欧間, em
WAOU_MIN = 0.125  # 追い込み may shrink it to this, em
WAOU_STRETCH = 0.25  # justification stretches it by up to this first, em
SPACE_STRETCH = 0.5  # and a Latin word space by up to this, em
FULL_WIDTH_TOLERANCE = 0.02  # an em-wide glyph counts as full-width punctuation


# Character kinds as bit flags, computed once per distinct character: the
# per-character work of `prepare` is the composer's hot path.
_CJK, _LATIN, _COMB, _START, _LOOSE, _END, _PUNCT, _DIGIT, _SPACE, _FORCED = (
    1 << i for i in range(10)
)
_KINDS: dict[str, int] = {}


def classify(ch: str) -> int:
    """The kind flags of one character."""
    return (
        _CJK * is_cjk_letter(ch)
        | _LATIN * is_latin_alnum(ch)
        | _COMB * is_combining(ch)
        | _START * (ch in LINE_START_FORBIDDEN)
        | _LOOSE * (ch in LOOSE_LINE_START)
        | _END * (ch in LINE_END_FORBIDDEN)
        | _PUNCT * (ch in PUNCTUATION_BLANKS)
        | _DIGIT * ch.isdigit()
        | _SPACE * (ch == " ")
        | _FORCED * (ch == FORCED)
    )


def _kind(ch: str) -> int:
    kind = _KINDS.get(ch)
    if kind is None:
        kind = _KINDS[ch] = classify(ch)
    return kind


# A boundary between two plain kana/kanji (kind exactly _CJK) needs no work:
# it stays NORMAL with no gap. Everything else is found with this pattern — all
# that is not a kana/kanji letter, and the letters with more kinds (small kana,
# ー, 々, combining sound marks) — instead of testing every character in Python.
_SPECIAL_LETTERS = {
    ord(c)
    for c in LINE_START_FORBIDDEN
    | LOOSE_LINE_START
    | LINE_END_FORBIDDEN
    | set(PUNCTUATION_BLANKS)
    | {"\u3099", "\u309a"}
    if is_cjk_letter(c)
}


def _without(ranges, points: set[int]) -> list[tuple[int, int]]:
    """Code point ranges with some points cut out."""
    out = []
    for a, b in ranges:
        for p in sorted(x for x in points if a <= x <= b):
            if a < p:
                out.append((a, p - 1))
            a = p + 1
        if a <= b:
            out.append((a, b))
    return out


_PLAIN = char_class(_without(CJK_LETTER_RANGES, _SPECIAL_LETTERS))
NOT_PLAIN_RUN = re.compile(f"[^{_PLAIN}]+")


@dataclass(slots=True)
class Prepared:
    """A paragraph analysed for breaking; see the module docstring."""

    text: str
    style_of: list[int]
    styles: list[TextStyle]
    adv: list[float]
    gap: list[float]
    shrink: list[float]
    stretch: list[float]
    brk: list[int]
    spread: list[int]
    phrase: list[int]  # BudouX boundaries (0..n), by preference; empty when phrase breaks are off
    # The boundaries (1..n-1, in order) where any of gap, shrink, stretch is
    # not 0 or spread is not SPREAD_OK: all others are set alike on a line.
    irregular: list[int]
    # Stretches of one style: (start, end, style index), in text order.
    style_runs: list[tuple[int, int, int]]
    # Prefix sums over characters [0, k): adv_sum of the advances, end_sum of
    # advances and gaps, tight_end_sum of those less the shrink. A line's
    # width grows with its end by these, so where it ends is a bisection.
    adv_sum: list[float]
    end_sum: list[float]
    # (tight_end_sum is made on first use: many paragraphs never need it.)
    _tight_end_sum: list[float] | None = None

    @property
    def tight_end_sum(self) -> list[float]:
        if self._tight_end_sum is None:
            steps = map(sub, map(add, self.adv, self.gap), self.shrink)
            self._tight_end_sum = list(accumulate(steps, initial=0.0))
        return self._tight_end_sum

    def width(self, start: int, end: int) -> float:
        """Natural width of characters [start, end) set on one line (the gap
        before the first is not on the line)."""
        return self._width(self.end_sum, start, end)

    def tight_width(self, start: int, end: int) -> float:
        """Width of [start, end) with every blank inside the line taken back (追い込み)."""
        return self._width(self.tight_end_sum, start, end)

    def shrink_between(self, start: int, end: int) -> float:
        """How much 追い込み may take back inside the line [start, end)."""
        return self.width(start, end) - self.tight_width(start, end)

    def fit(self, start: int, limit: int, width: float) -> int:
        """The largest end in [start, limit] whose natural width fits in `width`."""
        return self._fit(self.end_sum, start, limit, width)

    def tight_fit(self, start: int, limit: int, width: float) -> int:
        """The largest end in [start, limit] whose tight width fits in `width`."""
        return self._fit(self.tight_end_sum, start, limit, width)

    def _width(self, sums: list[float], start: int, end: int) -> float:
        if end <= start:
            return 0.0
        return self.adv[start] + sums[end] - sums[start + 1]

    def _fit(self, sums: list[float], start: int, limit: int, width: float) -> int:
        if start >= limit:
            return start
        before = sums[start + 1] - self.adv[start]
        return bisect_right(sums, width + before, start + 1, limit + 1) - 1


def prepare(
    runs: Iterable[Run | ForcedBreak],
    *,
    phrase_breaks: bool = False,
    metrics: Metrics = DEFAULT_METRICS,
) -> Prepared:
    """Analyse styled runs for breaking at any width."""
    norm = normalize(runs)
    text, style_of, styles = norm.text, norm.style_of, norm.styles
    n = len(text)
    sizes = _Sizes(style_of, styles)
    style_runs = _style_runs(style_of, len(styles))
    adv = _advances(text, style_runs, styles, metrics)
    token_start, inside = _tokens(text)
    gap = [0.0] * n
    shrink = [0.0] * n
    stretch = [0.0] * n
    # brk[k] for k in 0..n; the end of the text and a forced break end a line
    # freely. Start from the common case so kana/kanji pairs need no writes.
    brk = [NORMAL] * (n + 1)
    spread = [SPREAD_OK] * n
    irregular: list[int] = []
    # Most boundaries are decided by their two characters (and styles) alone:
    # those are worked out once and remembered across paragraphs.
    outside_memo, inside_memo = _memos(styles, metrics)
    multi = len(styles) > 1
    looks_around = _looks_around(text, token_start)
    # Only boundaries next to a character that is not a plain kana/kanji need
    # work: a run of such characters [a, b) touches boundaries a..b.
    for run in NOT_PLAIN_RUN.finditer(text):
        for k in range(run.start() or 1, min(run.end(), n - 1) + 1):
            if k in looks_around:  # the pair and what decides beyond it
                key = _context_key(text, k, token_start)
            else:
                key = text[k - 1 : k + 1]
            if multi:
                key = (key, style_of[k - 1], style_of[k])
            memo = inside_memo if inside[k] else outside_memo
            facts = memo.get(key)
            if facts is None:
                facts = memo[key] = _boundary(text, k, inside[k], token_start, adv, sizes)
            brk[k], spread[k], gap[k], shrink[k], stretch[k], odd = facts
            if odd:
                irregular.append(k)
    phrase = _phrase_boundaries(text) if phrase_breaks else []
    return Prepared(
        text=text,
        style_of=style_of,
        styles=styles,
        adv=adv,
        gap=gap,
        shrink=shrink,
        stretch=stretch,
        brk=brk,
        spread=spread,
        phrase=phrase,
        irregular=irregular,
        style_runs=style_runs,
        adv_sum=list(accumulate(adv, initial=0.0)),
        end_sum=list(accumulate(map(add, adv, gap), initial=0.0)),
    )


def _style_runs(style_of: list[int], count: int) -> list[tuple[int, int, int]]:
    if count == 1:
        return [(0, len(style_of), 0)] if style_of else []
    runs, start = [], 0
    for si, group in groupby(style_of):
        end = start + len(list(group))
        runs.append((start, end, si))
        start = end
    return runs


class _Sizes:
    """sizes[k]: the point size of character k, looked up only where needed."""

    __slots__ = ("style_of", "styles")

    def __init__(self, style_of: list[int], styles: list[TextStyle]) -> None:
        self.style_of, self.styles = style_of, styles

    def __getitem__(self, k: int) -> float:
        return self.styles[self.style_of[k]].size


def _advances(text: str, runs, styles: list[TextStyle], metrics: Metrics) -> list[float]:
    """Advance of each character in points (a forced break has none)."""
    scaled = getattr(metrics, "scaled", None)
    if len(runs) == 1 and scaled:  # the common case: one style, every character seen before
        style = styles[runs[0][2]]
        table = scaled(style.font, style.size)
        try:
            return list(map(table.__getitem__, text))
        except KeyError:
            pass
    adv: list[float] = []
    for a, b, si in runs:
        style = styles[si]
        table = scaled(style.font, style.size) if scaled else {}
        part = text[a:b]
        try:
            widths = list(map(table.__getitem__, part))  # every character seen before
        except KeyError:
            widths = [_measure(table, metrics, style, ch) for ch in part]
        adv += widths
    return adv


def _measure(table: dict[str, float], metrics: Metrics, style: TextStyle, ch: str) -> float:
    width = table.get(ch)
    if width is None:
        width = 0.0 if ch == FORCED else metrics.advance(style.font, ch) * style.size
        table[ch] = width
    return width


def _tokens(text: str) -> tuple[dict[int, int], list[bool]]:
    """Inseparable runs: {start: end} of each token, and inside[k] for boundaries."""
    inside = [False] * (len(text) + 1)
    starts: dict[int, int] = {}
    for m in TOKEN_RE.finditer(text):
        starts[m.start()] = m.end()
        inside[m.start() + 1 : m.end()] = [True] * (m.end() - m.start() - 1)
    return starts, inside


_MEMO_LIMIT = 50_000  # remembered boundaries per style signature, then start afresh


def _memos(styles: list[TextStyle], metrics: Metrics) -> tuple[dict, dict]:
    """Boundary facts remembered for paragraphs in these fonts and sizes:
    (outside tokens, inside tokens). Shared only where the metrics say when
    their widths change; otherwise fresh for this paragraph."""
    derived = getattr(metrics, "derived", None)
    if derived is None:
        return {}, {}
    signature = tuple((st.font, st.size) for st in styles)
    memo = derived(tuple(st.font for st in styles), ("boundaries", signature))
    if not memo or sum(map(len, memo.values())) > _MEMO_LIMIT:
        memo[False], memo[True] = {}, {}
    return memo[False], memo[True]


def _looks_around(text: str, token_start: dict[int, int]) -> set[int]:
    """Boundaries whose facts depend on more than their two characters: before
    a space (禁則 looks past it) and at the start of a token (a number?)."""
    found = set(token_start)
    at = text.find(" ")
    while at >= 0:
        found.add(at)
        at = text.find(" ", at + 1)
    return found


def _context_key(text: str, k: int, token_start: dict[int, int]) -> tuple[str, bool] | str:
    """What decides boundary k (one of `_looks_around`) beyond its pair."""
    if text[k] == " ":
        return text[k - 1 : k + 2]  # the character after the space too
    return text[k - 1 : k + 1], _is_number(text, k, token_start.get(k))


def _boundary(
    text: str, k: int, inside: bool, token_start: dict[int, int], adv: list[float], sizes
) -> tuple[int, int, float, float, float, bool]:
    """(break class, spread class, gap, shrink, stretch, irregular) of the
    boundary between text[k-1] and text[k]."""
    ka, kb = _kind(text[k - 1]), _kind(text[k])
    if (ka | kb) & _FORCED:
        return (NEVER if ka & _FORCED else NORMAL), SPREAD_NEVER, 0.0, 0.0, 0.0, True
    spread = SPREAD_NEVER if kb & _COMB else SPREAD_INSIDE if inside else SPREAD_OK
    brk = _break_class(text, k, ka, kb, inside, token_start)
    gap = shrink = stretch = 0.0
    if (ka | kb) & _PUNCT:
        gap, shrink = _punctuation_gap(
            text[k - 1], text[k], adv[k - 1], adv[k], sizes[k - 1], sizes[k]
        )
    if ka & _CJK and kb & _LATIN or ka & _LATIN and kb & _CJK:
        em = sizes[k - 1] if ka & _CJK else sizes[k]
        gap += WAOU_SPACE * em
        shrink += (WAOU_SPACE - WAOU_MIN) * em
        stretch = WAOU_STRETCH * em
    elif ka & _SPACE:
        stretch = SPACE_STRETCH * sizes[k - 1]
    irregular = bool(gap or shrink or stretch or spread != SPREAD_OK)
    return brk, spread, gap, shrink, stretch, irregular


def _break_class(
    text: str, k: int, ka: int, kb: int, inside: bool, token_start: dict[int, int]
) -> int:
    """The class of the break between text[k-1] (kind ka) and text[k] (kind kb)."""
    if kb & _COMB:
        return NEVER
    if inside:
        return FORBIDDEN if ka & _END or kb & _START else INSIDE
    if kb & _SPACE:
        # Break before a space (the space is dropped); the next line starts
        # with what follows the space, so 禁則 looks past it.
        after = text[k + 1] if k + 1 < len(text) else ""
        kinsoku = _kind(after) if after else 0
        if ka & _END or kinsoku & _START and not kinsoku & _LOOSE:
            return FORBIDDEN
        return LOOSE if kinsoku & _START else NORMAL
    if ka & _SPACE:
        return FORBIDDEN  # same break as before the space
    if ka & _END:
        return FORBIDDEN
    if kb & _START:
        return LOOSE if kb & _LOOSE else FORBIDDEN
    # Next to a number: a token with a digit that starts at k, or a digit before k.
    if ka & _CJK and _is_number(text, k, token_start.get(k)):
        return WEAK
    if kb & _CJK and ka & _DIGIT:
        return WEAK
    return NORMAL


def _is_number(text: str, start: int, end: int | None) -> bool:
    return end is not None and any(c.isdigit() for c in text[start:end])


def _punctuation_gap(
    a: str, b: str, adv_a: float, adv_b: float, size_a: float, size_b: float
) -> tuple[float, float]:
    """(adjustment, squeezable blank) between a and b from their glyph blanks."""
    right = _blank(a, adv_a, size_a, 1)
    left = _blank(b, adv_b, size_b, 0)
    if not right and not left:
        return 0.0, 0.0
    if a in PUNCTUATION_BLANKS and b in PUNCTUATION_BLANKS:
        # Two 約物 meet: keep only the smaller blank (」「 → 1.5 em, 」。 → 1.5 em).
        kept = min(right, left)
        return kept - right - left, kept
    return 0.0, right + left


def _blank(ch: str, adv: float, size: float, side: int) -> float:
    blanks = PUNCTUATION_BLANKS.get(ch)
    if blanks is None or abs(adv - size) > FULL_WIDTH_TOLERANCE * size:
        return 0.0  # a proportional glyph has no blank to take back
    return blanks[side] * size


@lru_cache(maxsize=1)
def _budoux_parser():
    import budoux  # loaded lazily: only phrase-breaking styles need it

    return budoux.load_default_japanese_parser()


INSIDE_PHRASE, INSIDE_BRACKETS = 2, 1  # how much a phrase boundary is preferred


def _phrase_boundaries(text: str) -> list[int]:
    """phrase[k]: BudouX puts a phrase boundary before character k (k in 0..n):
    INSIDE_PHRASE, or INSIDE_BRACKETS within a short label (typeset.labels); 0 if none."""
    phrase = [False] * len(text) + [True]
    offset = 0
    for segment in text.split(FORCED):
        pos = offset
        for chunk in _budoux_parser().parse(segment) if segment else []:
            pos += len(chunk)
            phrase[pos] = True
        offset += len(segment) + 1
    for k, ch in enumerate(text):
        if ch == " ":
            phrase[k] = True
        elif ch == "\u3000":  # a full-width space ends a word of a label (基本目標3　施策2)
            phrase[k + 1] = True
    labels = numbered_labels(text)
    for start, end in labels:  # a numbered label is a phrase of its own
        phrase[start] = phrase[end] = True
    phrase = [INSIDE_PHRASE if p else 0 for p in phrase]
    for start, end in short_brackets(text):
        # （工業振興施策）, «基本理念①»: break before or after it when a line
        # can hold it, inside only when it is longer than a line
        for k in range(start + 1, end):
            if phrase[k]:
                phrase[k] = INSIDE_BRACKETS
    for start, end in labels:
        # 施策方針2, 第3章: never a phrase break inside (BudouX cuts 施策方|針2)
        for k in range(start + 1, end):
            phrase[k] = 0
    return phrase
