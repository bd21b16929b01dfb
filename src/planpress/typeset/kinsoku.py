"""Character classes for Japanese line breaking (JAPANESE.md §1, JLREQ).

Pure data and predicates: which characters may not start or end a line, which
runs may not be split, and which punctuation carries a half-em blank inside its
full-width glyph. The line breaker (`typeset.breaker`) is built on these.
"""

from __future__ import annotations

import re
import unicodedata

# 行頭禁則 (JLREQ cl-02…cl-07, cl-09…cl-11): never at the start of a line.
CLOSING_BRACKETS = frozenset("）］｝〕〉》」』】〙〗〟’”｠»)]}")
HYPHENS = frozenset("‐〜゠–")
DIVIDING_PUNCTUATION = frozenset("！？‼⁇⁈⁉!?")
MIDDLE_DOTS = frozenset("・：；:;")
FULL_STOPS = frozenset("。．.")
COMMAS = frozenset("、，,")
ITERATION_MARKS = frozenset("ヽヾゝゞ々〻")
PROLONGED_SOUND = frozenset("ー")
SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ") | frozenset(
    chr(c)
    for c in range(0x31F0, 0x3200)  # ㇰ–ㇿ
)

LINE_START_FORBIDDEN: frozenset[str] = (
    CLOSING_BRACKETS
    | HYPHENS
    | DIVIDING_PUNCTUATION
    | MIDDLE_DOTS
    | FULL_STOPS
    | COMMAS
    | ITERATION_MARKS
    | PROLONGED_SOUND
    | SMALL_KANA
)
"""The strict set: no line may start with one of these."""

LOOSE_LINE_START: frozenset[str] = SMALL_KANA | frozenset("ー々")
"""May start a line in a narrow cell when the strict set leaves no break."""

LINE_END_FORBIDDEN: frozenset[str] = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")
"""行末禁則 (cl-01): opening brackets never end a line."""

# Full-width 約物 whose glyph is half ink, half blank (JLREQ cl-01/02/06/07 and
# cl-05). Values are (left blank, right blank) in em, checked against the
# font's advance at run time: a proportional glyph has no blank to take back.
_OPENING_FULLWIDTH = "（［｛〔〈《「『【〘〖〝‘“｟"
_CLOSING_FULLWIDTH = "）］｝〕〉》」』】〙〗〟’”｠、，。．"
PUNCTUATION_BLANKS: dict[str, tuple[float, float]] = {
    **{c: (0.5, 0.0) for c in _OPENING_FULLWIDTH},
    **{c: (0.0, 0.5) for c in _CLOSING_FULLWIDTH},
    **{c: (0.25, 0.25) for c in "・：；"},
}

# Characters that form one unbreakable run when repeated (分離禁止).
INSEPARABLE_REPEATS = "—―…‥"

_ALNUM = r"0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u00C0-\u024F"
# A Latin word or a number with its separators, currency prefix and % suffix:
# DX, e-mail, 3.14, 1,000, 10％, ¥500. Separators only count between alnums,
# so the comma of "Tokyo, Japan" stays a separate (line-start-forbidden) char.
# (The lookahead of every token's first character lets the scan skip
# kana/kanji quickly; it changes no match.)
TOKEN_RE = re.compile(
    rf"(?=[¥￥$＄€£#＃{_ALNUM}{INSEPARABLE_REPEATS}])"
    rf"(?:[¥￥$＄€£#＃]?[{_ALNUM}]+(?:[.,'’\-/:．，：][{_ALNUM}]+)*[%％‰℃]?"
    rf"|([{INSEPARABLE_REPEATS}])\1+)"
)


# Kana, kanji, ー and 々, as code point ranges (and as a regular-expression
# character class), so that the composer can find everything else in a
# paragraph without a Python loop.
CJK_LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x3041, 0x30FA),  # hiragana, katakana
    *((ord(c), ord(c)) for c in "ーゝゞヽヾ々〆〇"),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)


def char_class(ranges) -> str:
    """A regular-expression character class body for code point ranges."""
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_CJK_LETTER = re.compile(f"[{char_class(CJK_LETTER_RANGES)}]")


def is_cjk_letter(ch: str) -> bool:
    """A kana, kanji, ー or 々: text that takes a 和欧間 next to Latin."""
    return _CJK_LETTER.fullmatch(ch) is not None


def is_latin_alnum(ch: str) -> bool:
    """A Latin letter or digit (half-width): takes a 和欧間 next to Japanese."""
    if ch.isascii():
        return ch.isalnum()
    o = ord(ch)
    return 0x00C0 <= o <= 0x024F and unicodedata.category(ch).startswith("L")


def is_wide(ch: str) -> bool:
    """Japanese (East Asian wide) text: a source newline next to it is no space."""
    return unicodedata.east_asian_width(ch) in "WF"


def is_combining(ch: str) -> bool:
    """A mark that belongs to the previous character (dakuten, variation selector)."""
    o = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or 0xFE00 <= o <= 0xFE0F
        or 0xE0100 <= o <= 0xE01EF
        or o in (0x200D, 0x3099, 0x309A)
    )
