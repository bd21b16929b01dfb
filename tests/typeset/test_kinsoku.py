"""The character classes of JAPANESE.md §1."""

from planpress.typeset.kinsoku import (
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    LOOSE_LINE_START,
    PUNCTUATION_BLANKS,
    TOKEN_RE,
    is_cjk_letter,
    is_latin_alnum,
)


def test_strict_start_set_has_every_listed_class():
    for ch in "）」』】〕。、．，・：；！？‐〜ゝゞ々ーぁっゃァッヵヶㇰㇿ)]}!?.,:;":
        assert ch in LINE_START_FORBIDDEN, ch


def test_ordinary_characters_may_start_a_line():
    for ch in "あ漢カA1「（―…":
        assert ch not in LINE_START_FORBIDDEN, ch


def test_loose_set_is_small_kana_prolonged_mark_and_noma_only():
    assert {"ッ", "ょ", "ー", "々"} <= LOOSE_LINE_START
    assert LOOSE_LINE_START <= LINE_START_FORBIDDEN
    for ch in "」。、）・？":
        assert ch not in LOOSE_LINE_START, ch


def test_end_set_is_opening_brackets():
    for ch in "（「『【〔［｛〈《([{“‘":
        assert ch in LINE_END_FORBIDDEN, ch
    for ch in "）」。あA":
        assert ch not in LINE_END_FORBIDDEN, ch


def tokens(text: str) -> list[str]:
    return [m.group() for m in TOKEN_RE.finditer(text)]


def test_inseparable_tokens():
    assert tokens("円周率3.14と1,000人") == ["3.14", "1,000"]
    assert tokens("前年比10％増、¥500と￥1,200") == ["10％", "¥500", "￥1,200"]
    assert tokens("DX(デジタル)とWi-Fi") == ["DX", "Wi-Fi"]
    assert tokens("これは——あれは……それは‥‥") == ["——", "……", "‥‥"]
    assert tokens("Tokyo, Japan") == ["Tokyo", "Japan"]  # a comma followed by space is no separator


def test_blanks_sit_on_the_open_side():
    assert PUNCTUATION_BLANKS["「"] == (0.5, 0.0)
    assert PUNCTUATION_BLANKS["」"] == (0.0, 0.5)
    assert PUNCTUATION_BLANKS["。"] == (0.0, 0.5)
    assert PUNCTUATION_BLANKS["・"] == (0.25, 0.25)


def test_scripts():
    assert is_cjk_letter("年") and is_cjk_letter("カ") and is_cjk_letter("ー")
    assert not is_cjk_letter("。") and not is_cjk_letter("A")
    assert is_latin_alnum("A") and is_latin_alnum("7") and is_latin_alnum("é")
    assert not is_latin_alnum("(") and not is_latin_alnum("７")
