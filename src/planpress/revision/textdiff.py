"""Inline text diff for Japanese: which words went, which words came.

`diff_text(old, new)` returns a `TextDiff` whose two span lists cover each
string exactly. Changed spans are what a person would underline (傍線) in a
新旧対照表: whole words, not scattered characters that happen to match.

How: difflib.SequenceMatcher gives a raw character diff (its longest-block
matching already avoids most noise, so diff-match-patch would add a
dependency for little gain); then a clean-up in three steps, repeated until
nothing changes:

1. absorb weak equalities: a short run of shared characters between two
   edits (a particle の, a comma, one shared kanji inside different words)
   joins the edits around it;
2. slide a lone insertion or deletion to the best equivalent position
   (phrase and word boundaries rather than mid-word);
3. snap edit edges to word edges: a katakana, Latin or digit word is marked
   whole; a kanji or kana word is widened by at most one character to reach
   a BudouX phrase boundary or a character-class boundary.

Finally leading and trailing spaces of a changed run are left unmarked
(nobody underlines a gap), unless the change is only spaces.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Span", "TextDiff", "diff_text"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text on one side; `changed` marks it as went (old) or came (new)."""

    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class TextDiff:
    """Both sides of a compared text as spans; each side joins back to its string."""

    old: tuple[Span, ...]
    new: tuple[Span, ...]

    @property
    def changed(self) -> bool:
        """True when any span on either side is marked."""
        return any(s.changed for s in self.old) or any(s.changed for s in self.new)

    @property
    def old_text(self) -> str:
        return "".join(s.text for s in self.old)

    @property
    def new_text(self) -> str:
        return "".join(s.text for s in self.new)

    @classmethod
    def added(cls, new: str) -> TextDiff:
        """A text that only exists on the new side: marked whole."""
        return cls((), (Span(new, True),) if new else ())

    @classmethod
    def removed(cls, old: str) -> TextDiff:
        """A text that only exists on the old side: marked whole."""
        return cls((Span(old, True),) if old else (), ())


# --- character classes and boundaries ----------------------------------------

_KANJI, _HIRAGANA, _KATAKANA, _LATIN, _DIGIT, _SPACE, _PUNCT = range(7)
_WHOLE_WORD_CLASSES = {_KATAKANA, _LATIN, _DIGIT}  # loanwords, names, numbers


def char_class(ch: str) -> int:
    """The script class of a character, as far as word boundaries care."""
    if ch.isspace():
        return _SPACE
    if ch.isdigit():
        return _DIGIT
    code = ord(ch)
    if 0x3041 <= code <= 0x309F:
        return _HIRAGANA
    if 0x30A1 <= code <= 0x30FA or 0x30FC <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
        return _KATAKANA  # ー (U+30FC) goes with katakana; ・ (U+30FB) is punctuation
    if ch in "々〆ヶ" or 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return _KANJI
    if unicodedata.category(ch).startswith("L"):
        return _LATIN
    return _PUNCT


@lru_cache(maxsize=1)
def _parser():
    import budoux  # loaded lazily: the model takes a moment to build

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=1024)
def _phrase_boundaries(text: str) -> frozenset[int]:
    """Offsets between BudouX phrases of `text` (0 and len included)."""
    cuts = {0, len(text)}
    pos = 0
    for phrase in _parser().parse(text) if text else ():
        pos += len(phrase)
        cuts.add(pos)
    return frozenset(cuts)


def is_boundary(text: str, pos: int) -> bool:
    """Is `pos` a place where a person could start or end an underline?"""
    if pos <= 0 or pos >= len(text):
        return True
    left, right = char_class(text[pos - 1]), char_class(text[pos])
    if left != right or left in (_PUNCT, _SPACE):
        return True
    return pos in _phrase_boundaries(text)


# --- segments: the diff as alternating equal runs and edits -----------------


@dataclass(slots=True)
class _Seg:
    """old[a1:a2] against new[b1:b2]; `equal` when the two are the same text."""

    a1: int
    a2: int
    b1: int
    b2: int
    equal: bool


def _raw_segments(old: str, new: str) -> list[_Seg]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segs = [_Seg(a1, a2, b1, b2, tag == "equal") for tag, a1, a2, b1, b2 in matcher.get_opcodes()]
    return _coalesce(segs)


def _coalesce(segs: list[_Seg]) -> list[_Seg]:
    """Drop empty segments and join neighbours of the same kind."""
    out: list[_Seg] = []
    for s in segs:
        if s.a1 == s.a2 and s.b1 == s.b2:
            continue
        if out and out[-1].equal == s.equal:
            out[-1].a2, out[-1].b2 = s.a2, s.b2
        else:
            out.append(_Seg(s.a1, s.a2, s.b1, s.b2, s.equal))
    return out


def _edit_size(s: _Seg) -> int:
    return max(s.a2 - s.a1, s.b2 - s.b1)


def _is_whole_word(old: str, new: str, s: _Seg) -> bool:
    return all(
        is_boundary(text, pos) for text, pos in ((old, s.a1), (old, s.a2), (new, s.b1), (new, s.b2))
    )


def _is_weak(old: str, new: str, s: _Seg, left: _Seg, right: _Seg) -> bool:
    """Should this equality between two edits be underlined with them?"""
    text = old[s.a1 : s.a2]
    content = [c for c in text if char_class(c) not in (_SPACE, _PUNCT)]
    if not content:
        return True  # a comma or a space between two changes
    if len(content) <= 2 and all(char_class(c) == _HIRAGANA for c in content):
        return True  # a particle: の, と, が …
    if _is_whole_word(old, new, s):
        return False  # a word kept between changes, e.g. the city name 青梅
    return len(content) <= 2 or len(text) < min(_edit_size(left), _edit_size(right))


def _absorb_weak_equalities(old: str, new: str, segs: list[_Seg]) -> list[_Seg]:
    for i in range(1, len(segs) - 1):
        s = segs[i]
        if s.equal and _is_weak(old, new, s, segs[i - 1], segs[i + 1]):
            s.equal = False
    return _coalesce(segs)


def _edge_score(text: str, pos: int) -> int:
    """2 at a phrase boundary (or the text's ends), 1 at a class boundary, else 0."""
    if pos in _phrase_boundaries(text):
        return 2
    return int(is_boundary(text, pos))


def _slide_score(text: str, start: int, end: int) -> int:
    return _edge_score(text, start) + _edge_score(text, end)


def _slide_lone_edits(old: str, new: str, segs: list[_Seg]) -> list[_Seg]:
    """Move a pure insertion/deletion to its best-looking equivalent place."""
    for i in range(1, len(segs) - 1):
        prev, s, nxt = segs[i - 1], segs[i], segs[i + 1]
        if s.equal or not (prev.equal and nxt.equal):
            continue
        inserted = s.a1 == s.a2
        if not inserted and s.b1 != s.b2:
            continue  # a replacement has no equivalent positions
        text = new if inserted else old
        lo, hi = (s.b1, s.b2) if inserted else (s.a1, s.a2)
        eq_lo = prev.b1 if inserted else prev.a1
        eq_hi = nxt.b2 if inserted else nxt.a2
        best, best_score = 0, _slide_score(text, lo, hi)
        shift = -1
        while lo + shift >= eq_lo and text[lo + shift] == text[hi + shift]:
            score = _slide_score(text, lo + shift, hi + shift)
            if score > best_score:
                best, best_score = shift, score
            shift -= 1
        shift = 1
        while hi + shift <= eq_hi and text[lo + shift - 1] == text[hi + shift - 1]:
            score = _slide_score(text, lo + shift, hi + shift)
            if score > best_score:
                best, best_score = shift, score
            shift += 1
        if best:
            prev.a2 += best
            prev.b2 += best
            s.a1, s.a2, s.b1, s.b2 = s.a1 + best, s.a2 + best, s.b1 + best, s.b2 + best
            nxt.a1 += best
            nxt.b1 += best
    return _coalesce(segs)


def _widen_into(old: str, new: str, eq: _Seg, at_start: bool) -> int:
    """How many characters of equality `eq` an adjacent edit should take.

    `at_start` means the edit touches the equality's start (edit on its left).
    """
    text = old[eq.a1 : eq.a2]
    if not text:
        return 0

    def is_edge(k: int) -> bool:
        """Is the edit's edge, moved k characters into the equality, a boundary?"""
        if at_start:
            return is_boundary(old, eq.a1 + k) and is_boundary(new, eq.b1 + k)
        return is_boundary(old, eq.a2 - k) and is_boundary(new, eq.b2 - k)

    if is_edge(0):
        return 0
    first = text[0] if at_start else text[-1]
    cls = char_class(first)
    if cls in _WHOLE_WORD_CLASSES:
        run = 0
        chars = text if at_start else reversed(text)
        for ch in chars:
            if char_class(ch) != cls:
                break
            run += 1
        return run
    if is_edge(1):
        return 1  # e.g. 作成 → 形成: take 成 rather than mark half a word
    return 0


def _snap_to_words(old: str, new: str, segs: list[_Seg]) -> list[_Seg]:
    for i, s in enumerate(segs):
        if not s.equal:
            continue
        if i > 0:  # an edit on the left touches this equality's start
            k = _widen_into(old, new, s, at_start=True)
            segs[i - 1].a2 += k
            segs[i - 1].b2 += k
            s.a1 += k
            s.b1 += k
        if i + 1 < len(segs) and s.a1 < s.a2:
            k = _widen_into(old, new, s, at_start=False)
            segs[i + 1].a1 -= k
            segs[i + 1].b1 -= k
            s.a2 -= k
            s.b2 -= k
    return _coalesce(segs)


def _clean(old: str, new: str, segs: list[_Seg]) -> list[_Seg]:
    for _ in range(8):  # each round only grows edits, so this settles fast
        before = [(s.a1, s.a2, s.b1, s.b2, s.equal) for s in segs]
        segs = _absorb_weak_equalities(old, new, segs)
        segs = _slide_lone_edits(old, new, segs)
        segs = _snap_to_words(old, new, segs)
        if [(s.a1, s.a2, s.b1, s.b2, s.equal) for s in segs] == before:
            break
    return segs


# --- spans -------------------------------------------------------------------


def _unmark_edge_spaces(text: str, changed: bool) -> list[Span]:
    if not changed or not text.strip():
        return [Span(text, changed)]
    core = text.strip()
    start = text.index(core)
    parts = [(text[:start], False), (core, True), (text[start + len(core) :], False)]
    return [Span(t, c) for t, c in parts if t]


def _spans(text: str, pieces: list[tuple[int, int, bool]]) -> tuple[Span, ...]:
    out: list[Span] = []
    for start, end, changed in pieces:
        if start == end:
            continue
        for span in _unmark_edge_spaces(text[start:end], changed):
            if out and out[-1].changed == span.changed:
                out[-1] = Span(out[-1].text + span.text, span.changed)
            else:
                out.append(span)
    return tuple(out)


def shared_ends(a: str, b: str) -> tuple[int, int]:
    """How many characters `a` and `b` share at their start and, after that,
    at their end (the changed middle is a[head:len(a) - tail])."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def diff_text(old: str, new: str) -> TextDiff:
    """Compare two texts and mark, on each side, the words that differ."""
    if old == new:
        return TextDiff(_spans(old, [(0, len(old), False)]), _spans(new, [(0, len(new), False)]))
    segs = _clean(old, new, _raw_segments(old, new))
    return TextDiff(
        _spans(old, [(s.a1, s.a2, not s.equal) for s in segs]),
        _spans(new, [(s.b1, s.b2, not s.equal) for s in segs]),
    )
