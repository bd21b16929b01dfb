"""The Japanese text checks, and `planpress check` on the real source document."""

from __future__ import annotations

import pytest

from planpress.cli import main
from planpress.content.japanese_forms import SIMPLIFIED, is_japanese_charset
from planpress.content.textcheck import check_texts
from planpress.content.yaml_source import compose
from planpress.pipeline import Project, font_files, style_sheet

from .conftest import EXAMPLE, ROOT
from .helpers.projects import make_project

FONTS = font_files(style_sheet(Project(ROOT), EXAMPLE))


def findings(text: str) -> list[str]:
    """`line:column: severity message` of each finding in a small YAML text."""
    root = compose(text, "t.yaml")
    return [str(p).removeprefix("t.yaml:") for p in check_texts(root, text, "t.yaml", FONTS)]


def test_simplified_table_maps_only_non_japanese_to_japanese():
    assert SIMPLIFIED["订"] == "訂"
    assert all(not is_japanese_charset(s) and is_japanese_charset(j) for s, j in SIMPLIFIED.items())


def test_check_reports_the_simplified_character_of_the_source_with_its_place(tmp_path, capsys):
    """The extracted handout's 一部改订計画, in a copy of the real document."""
    text = (EXAMPLE / "document.yaml").read_text(encoding="utf-8")
    assert text.count("一部改訂計画(案)") == 1
    text = text.replace("一部改訂計画(案)", "一部改订計画(案)")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "改订" in s)
    column = text.splitlines()[line - 1].index("订") + 1
    root = make_project(tmp_path, text, "ome")
    assert main(["check", "ome", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"content/ome/document.yaml:{line}:{column}: エラー: 「订」（U+8BA2" in err
    assert "「訂」に直してください" in err


def test_shipped_example_is_clean(capsys):
    assert main(["check", "--root", str(ROOT), "--strict"]) == 0
    assert "エラー 0 件、警告 0 件" in capsys.readouterr().out


def test_warnings_pass_unless_strict(tmp_path, capsys):
    text = (EXAMPLE / "document.yaml").read_text(encoding="utf-8").replace("資料2", "資料２")
    root = make_project(tmp_path, text, "ome")
    assert main(["check", "ome", "--root", str(root)]) == 0
    assert main(["check", "ome", "--root", str(root), "--strict"]) == 1
    assert "全角の数字「２」" in capsys.readouterr().err


def test_place_inside_folded_text_is_the_character_itself():
    text = "a:\n  - >-\n    一行目の文。\n    二行目の文、、です。\n"
    assert findings(text) == ["4:10: 警告: 句読点「、、」が重なっています。1つにしてください。"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "ｼｮｳｺｳ課",
            "1:4: 警告: 半角カタカナ「ｼｮｳｺｳ」があります。全角の「ショウコウ」に直してください。",
        ),
        ("終わり。。", "1:7: 警告: 句読点「。。」が重なっています。"),
        ("「開いたまま", "1:4: 警告: 「「」に対応する「」」がありません。"),
        ("閉じただけ）", "1:9: 警告: 「）」に対応する「（」がありません。"),
        ("【現 行 計 画】", "1:5: 警告: 「現 行 計 画」は文字の間に空白があります。「現行計画」"),
        ("二つの  空白", "1:7: 警告: 空白が2つ以上続いています。"),
        ('"\\u3000字下げ"', "1:4: 警告: 値の前後に空白があります。"),
        ("見えない\u200b文字", "1:8: エラー: 見えない文字（U+200B ZERO WIDTH SPACE）"),
        ('"ベル\\a"', "1:4: エラー: 制御文字（U+0007）"),
        (
            "改订",
            "1:5: エラー: 「订」（U+8BA2 CJK UNIFIED IDEOGRAPH-8BA2）は日本語の字ではありません",
        ),
    ],
)
def test_each_text_check(value, expected):
    found = findings(f"a: {value}\n")
    assert any(f.startswith(expected) for f in found), found


def test_allowed_forms_are_not_reported():
    """A single space between Japanese words, balanced and nested brackets,
    one width of digits: nothing to say."""
    text = "a: みどりと清流のまち 青梅 ―ゆめ・うめ・おうめ―\nb: 「計画（案）」と『DX(デジタル)』2023年\n"
    assert findings(text) == []


def test_mixed_widths_report_the_minority():
    text = "a: 2017年3月\nb: 2023年度\nc: 令和５年\n"
    expected = (
        "3:6: 警告: 全角の数字「５」があります。この文書では数字が全角と半角で混在しています"
        "（半角 3 か所、全角 1 か所）。半角にそろえてください。"
    )
    assert findings(text) == [expected]


def test_identifiers_and_keys_are_not_text():
    assert findings("id: ｱ\nkind: 订\nonly: 、、\nａ: x\n") == []


def test_a_character_outside_the_fonts_is_an_error():
    # 丄 (U+4E04) is JIS X 0213 (plane 2) but BIZ UD does not draw it.
    assert is_japanese_charset("丄")
    found = findings("a: 丄野\n")
    assert found == [f for f in found if "エラー" in f] and found
    assert found[0].startswith("1:4: エラー: 「丄」（U+4E04")
    assert "資料のフォント（BIZ UD）にない字" in found[0]


def test_aliases_are_reported_once():
    assert len(findings("a: &x 改订\nb: *x\n")) == 1
