"""The line breaker and placement, with a font-free metric (wide = 1 em, narrow = ½ em)."""

from itertools import pairwise

import pytest

from planpress.typeset import prepare
from planpress.typeset.kinsoku import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN

from .helpers import BREAK, SIZE, lay, run, texts


def assert_kinsoku(lines):
    for t in texts(lines)[1:]:
        assert t[:1] not in LINE_START_FORBIDDEN, texts(lines)
    for t in texts(lines)[:-1]:
        assert t[-1:] not in LINE_END_FORBIDDEN, texts(lines)


def test_short_text_is_one_line(grid):
    assert texts(lay("あいう", 10, grid)) == ["あいう"]


def test_plain_break_at_measure(grid):
    assert texts(lay("あいうえおかきくけこさし", 5, grid)) == ["あいうえお", "かきくけこ", "さし"]


def test_closing_punctuation_is_carried_down_with_a_char(grid):
    # 追い出し: no blank on the line to take back, so か goes down with 。
    lines = lay("あいうえおか。きく", 6, grid)
    assert texts(lines) == ["あいうえお", "か。きく"]
    assert not lines[0].span.squeezed


def test_oikomi_preferred_when_blanks_can_be_taken_back(grid):
    # 追い込み: the two 、 on the line give back a half em each, so 。 fits.
    lines = lay("あ、い、うえ。かき", 6, grid)
    assert texts(lines) == ["あ、い、うえ。", "かき"]
    assert lines[0].span.squeezed
    last = lines[0].glyphs[-1]
    assert last.x + last.width == pytest.approx(6 * SIZE)


def test_opening_bracket_never_ends_a_line(grid):
    lines = lay("あいうえ「かき」くけ", 5, grid)
    assert texts(lines)[0] == "あいうえ"
    assert_kinsoku(lines)


def test_small_kana_and_prolonged_mark_do_not_start_lines(grid):
    lines = lay("テキストファイルのコピーとチェックをしっかり行う。", 4, grid)
    assert_kinsoku(lines)
    assert "".join(texts(lines)) == "テキストファイルのコピーとチェックをしっかり行う。"


def test_loose_set_only_when_nothing_else_fits(grid):
    # Two ems wide: ち|ょ|っ|と has no strict break within the first two chars.
    assert texts(lay("ちょっと", 2, grid)) == ["ちょ", "っと"]
    # Wider, the strict set is kept.
    assert_kinsoku(lay("ちょっと", 3, grid))


def test_closing_bracket_never_starts_a_line_even_when_narrow(grid):
    lines = lay("あ「い」う「え」お", 3, grid)
    assert_kinsoku(lines)


def test_latin_word_kept_whole(grid):
    lines = lay("あいうえおTransformationかきく", 10, grid)
    assert any("Transformation" in t for t in texts(lines))


def test_words_break_at_spaces_and_spaces_are_dropped_at_breaks(grid):
    lines = lay("Society 5.0 and the Internet of Things", 8, grid)
    assert all(not t.startswith(" ") and not t.endswith(" ") for t in texts(lines))
    assert " ".join(texts(lines)) == "Society 5.0 and the Internet of Things"


@pytest.mark.parametrize("number", ["3.14", "1,000", "10％", "¥500", "98,765"])
def test_numbers_kept_whole(grid, number):
    text = f"あいうえお{number}かきくけこ"
    for width in (5, 6, 7, 8):
        assert any(number in t for t in texts(lay(text, width, grid))), (width, number)


def test_number_keeps_its_counter_unless_the_line_would_be_too_short(grid):
    # 第|7 is possible, but an ordinary break a char earlier is preferred.
    assert texts(lay("あいうえお第7次計画", 6, grid))[0] == "あいうえお"
    # Two ems wide, nothing else is left: 2017|年 breaks.
    assert texts(lay("2017年", 2, grid)) == ["2017", "年"]


@pytest.mark.parametrize("run_", ["——", "……", "‥‥"])
def test_dash_and_ellipsis_runs_kept_whole(grid, run_):
    text = f"あいうえお{run_}かきく"
    for width in (5, 5.5, 6, 7):
        assert any(run_ in t for t in texts(lay(text, width, grid))), (width, run_)


def test_overlong_token_is_broken_without_loss_or_overflow(grid):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lines = lay(word, 4, grid)
    assert "".join(texts(lines)) == word
    for line in lines:
        assert line.glyphs[-1].x + line.glyphs[-1].width <= 4 * SIZE + 1e-6


def test_overlong_bracket_chain_terminates_without_loss(grid):
    text = "「「「「「「「「「「あ」」」」」」」」」」"
    lines = lay(text, 3, grid)
    assert "".join(texts(lines)) == text
    assert all(line.width <= 3 * SIZE + 1e-6 for line in lines)


def test_character_wider_than_the_column_sits_alone(grid):
    assert texts(lay("あいう", 0.5, grid)) == ["あ", "い", "う"]


def test_ideographic_space_is_kept(grid):
    lines = lay("\u3000はじめに　本文", 20, grid)
    assert texts(lines) == ["\u3000はじめに\u3000本文"]
    assert lines[0].glyphs[0].width == SIZE


def test_source_newlines(grid):
    assert texts(lay("あいう\nえお", 20, grid)) == ["あいうえお"]
    assert texts(lay("Open \n  Data", 20, grid)) == ["Open Data"]
    assert texts(lay("DX\nを推進", 20, grid)) == ["DXを推進"]
    assert texts(lay("  先頭と末尾の空白  ", 20, grid)) == ["先頭と末尾の空白"]


def test_forced_breaks(grid):
    lines = lay([run("あいう"), BREAK, run("えお"), BREAK, BREAK, run("か")], 20, grid)
    assert texts(lines) == ["あいう", "えお", "", "か"]
    assert all(line.span.last for line in lines)
    assert texts(lay([run("あ"), BREAK], 20, grid)) == ["あ", ""]


def test_whitespace_next_to_a_forced_break_is_dropped(grid):
    lines = lay([run("Open "), BREAK, run(" Data \n"), BREAK, run("\tあ")], 20, grid)
    assert texts(lines) == ["Open", "Data", "あ"]


def test_a_kept_space_takes_the_style_of_the_space(grid):
    para = prepare([run("Open"), run(" ", underline=True), run("Data")], metrics=grid)
    assert para.text == "Open Data"
    assert para.styles[para.style_of[4]].underline


def test_forced_break_is_not_justified(grid):
    lines = lay([run("あいう"), BREAK, run("えおかきくけこさしす")], 5, grid)
    assert lines[0].width == pytest.approx(3 * SIZE)
    assert lines[1].width == pytest.approx(5 * SIZE)


def test_justified_lines_end_at_the_edge(grid):
    text = "本市ではDX(デジタルトランスフォーメーション)を推進し、2017年から取組を進めてきた。"
    for width in (7, 9.3, 13.7):
        lines = lay(text, width, grid)
        for line in lines[:-1]:
            assert line.width == pytest.approx(width * SIZE, abs=0.01)
        assert lines[-1].width <= width * SIZE + 1e-6


def test_extra_space_goes_to_japanese_latin_gaps_first(grid):
    lines = lay("あいうAかきくけこさしすせそ", 7.0, grid)
    first = lines[0].glyphs
    gaps = [b.x - a.x - a.width for a, b in pairwise(first)]
    a_index = [g.char for g in first].index("A")
    waou = (gaps[a_index - 1], gaps[a_index])
    others = [g for i, g in enumerate(gaps) if i not in (a_index - 1, a_index)]
    assert min(waou) > max(others) + 1e-9


def test_waou_quarter_em(grid):
    glyphs = lay("2017年", 10, grid, align="left")[0].glyphs
    assert glyphs[4].x - (glyphs[3].x + glyphs[3].width) == pytest.approx(SIZE / 4)


def test_no_waou_next_to_brackets(grid):
    glyphs = lay("DX(デジ", 10, grid, align="left")[0].glyphs
    for a, b in pairwise(glyphs):
        assert b.x == pytest.approx(a.x + a.width)


@pytest.mark.parametrize("pair", ["」「", "」。", "、「", "）、", "。」", "「「"])
def test_punctuation_pairs_take_one_and_a_half_em(grid, pair):
    glyphs = lay(pair, 10, grid, align="left")[0].glyphs
    assert glyphs[1].x - glyphs[0].x == pytest.approx(SIZE / 2)
    assert glyphs[1].x + glyphs[1].width - glyphs[0].x == pytest.approx(1.5 * SIZE)


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignment(grid, align):
    line = lay("あいう", 10, grid, align=align)[0]
    left = line.glyphs[0].x
    assert left == pytest.approx({"left": 0, "center": 35, "right": 70}[align])


def test_indents(grid):
    lines = lay("あいうえおかきくけこさしすせそ", 5, grid, first_indent=SIZE, other_indent=2 * SIZE)
    assert texts(lines)[0] == "あいうえ"
    assert lines[0].glyphs[0].x == pytest.approx(SIZE)
    assert all(line.glyphs[0].x == pytest.approx(2 * SIZE) for line in lines[1:])
    assert all(line.width <= 5 * SIZE + 1e-6 for line in lines)


def test_phrase_breaks_prefer_budoux_boundaries(grid):
    text = "あなたに寄り添う最先端のテクノロジー。"
    para = prepare([run(text)], phrase_breaks=True, metrics=grid)
    lines = lay(text, 7, grid, phrase_breaks=True, align="left")
    ends = [line.span.end for line in lines[:-1]]
    assert ends and all(para.phrase[e] for e in ends), texts(lines)
    assert texts(lay(text, 7, grid))[0] != texts(lines)[0]  # without phrases: fills the line


def test_phrase_falls_back_to_characters_when_a_phrase_is_too_long(grid):
    text = "インターナショナルコミュニケーションセンター"
    lines = lay(text, 5, grid, phrase_breaks=True)
    assert "".join(texts(lines)) == text
    assert_kinsoku(lines)


def test_kinsoku_looks_past_a_space_at_a_break(grid):
    # Breaking before the space would end a line with ( or start one with ).
    assert_kinsoku(lay("あいう( abc", 3.5, grid))
    assert_kinsoku(lay("abc ) def ghi", 2.5, grid))


def test_phrase_breaks_keep_a_short_bracketed_label_on_one_line(grid):
    # BudouX would cut （まちの|魅力づくり）; a line that can hold it breaks before it
    lines = lay(
        "体系 ＞ 現行・見直し案 ＞ （まちの魅力づくり） ＞ 施策1",
        17,
        grid,
        phrase_breaks=True,
        align="left",
    )
    assert all(t.count("（") == t.count("）") for t in texts(lines)), texts(lines)
    assert "（まちの魅力づくり）" in "".join(texts(lines)[1:2])


def test_a_bracketed_label_longer_than_the_line_still_breaks_inside(grid):
    text = "見出し（地域経済の活性化と雇用の確保）"
    lines = lay(text, 8, grid, phrase_breaks=True, align="left")
    assert "".join(texts(lines)) == text
    assert all(len(t) <= 8 for t in texts(lines))
