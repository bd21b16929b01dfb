"""Short labels a line should not break inside: a bracketed label
(（工業振興施策）, «基本理念①») and a numbered one (施策方針2, 第3章, 施策1-2,
目標Ⅱ). Phrase breaks are for headings and labels; BudouX cuts such a label
where a phrase ends (施策方|針2), so the composer keeps it whole when a line
can hold it."""

from __future__ import annotations

import re

SHORT_BRACKET = 20  # characters inside a bracket pair that a label keeps on one line
_BRACKETS = {
    "（": "）",
    "(": ")",
    "「": "」",
    "『": "』",
    "【": "】",
    "«": "»",
    "〈": "〉",
    "《": "》",
}

# A word of up to six kanji or katakana and its number, the number's own
# parts (1-2, 3.1, 2の1) and a counter (章, 節, 条 …): 施策方針12, 第3章,
# 施策1-2, 基本目標Ⅱ. Or 第 with a number and its counter.
_DIGITS = r"[0-9０-９]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+|[①-⑳]"
_WORD = r"[\u3400-\u9fff\u30a1-\u30fa\u30fc々〆ヶ]"
_COUNTER = r"[章節款項条号回部編期]"
NUMBERED = re.compile(rf"{_WORD}{{1,6}}(?:{_DIGITS})(?:[-－‐‑.．・の](?:{_DIGITS}))*{_COUNTER}?")


def short_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each short bracketed run: text[start] opens it and
    text[end - 1] closes it."""
    runs = []
    for start, ch in enumerate(text):
        close = _BRACKETS.get(ch)
        if close is None:
            continue
        end = text.find(close, start + 1, start + SHORT_BRACKET + 2)
        if end > 0 and ch not in text[start + 1 : end]:
            runs.append((start, end + 1))
    return runs


def numbered_labels(text: str) -> list[tuple[int, int]]:
    """(start, end) of each numbered label (施策方針2, 第3章, 施策1-2)."""
    return [match.span() for match in NUMBERED.finditer(text)]
