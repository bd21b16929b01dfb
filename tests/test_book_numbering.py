"""The plan book's numbering comes from templates/numbering.yaml (styles and
the characters ①, ア, １ count with), overridable per document, and a broken
file is a Japanese message naming it, not a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planpress.content.load import check_plan
from planpress.content.numbering import BUILT_IN, load_numbering

HEAD = """\
document:
  municipality: 架空市
  plan: 架空市観光計画
  title: 架空市観光計画の改訂について
  revision: {name: 一部改訂, date: 2025-03-31}
sections:
  - kind: chapter
    id: c1
    title: 総論
    body:
      - {id: s1, title: 趣旨, body: [本文です。]}
      - {id: s2, title: 位置付け, body: [本文です。]}
  - kind: chapter
    id: c2
    title: 各論
    body: [本文です。]
"""


def book(tmp_path: Path, numbering: str | None = None):
    folder = tmp_path / "content" / "doc"
    folder.mkdir(parents=True)
    (folder / "document.yaml").write_text(HEAD, encoding="utf-8")
    if numbering is not None:
        (folder / "templates").mkdir()
        (folder / "templates" / "numbering.yaml").write_text(
            textwrap.dedent(numbering), encoding="utf-8"
        )
    return check_plan(folder / "document.yaml")


def numbers(plan) -> list[str]:
    out = []
    for chapter in plan.chapters:
        out.append(chapter.part.number.revised)
        out += [p.number.revised for p in chapter.part.parts("revised")]
    return out


def test_the_default_numbering_is_read_from_the_templates(tmp_path):
    plan, problems = book(tmp_path)
    assert problems == []
    assert numbers(plan) == ["第1章", "1", "2", "第2章"]
    default = load_numbering((BUILT_IN,))
    assert default.format("{circled}", 3) == "③" and default.format("{kana}", 2) == "イ"
    assert default.format("{full}", 12) == "１２" and default.format("{path}", 3, (1, 2)) == "1-2-3"
    assert default.format("{circled}", 21) == "(21)"  # past ⑳


def test_a_documents_numbering_file_replaces_the_defaults_item_by_item(tmp_path):
    plan, problems = book(tmp_path, 'parts: ["第{full}編", "{kana}"]\nkana: イロハニ\n')
    assert problems == []
    assert numbers(plan) == ["第１編", "イ", "ロ", "第２編"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour: red\n", "「colour:」は使えない項目です"),
        ("parts: [\n", "numbering.yaml）が読めません"),
        ("full: 0123\n", "numbering.yaml）が読めません（full）"),
    ],
)
def test_a_broken_numbering_file_is_a_message_naming_it(tmp_path, text, expected):
    plan, problems = book(tmp_path, text)
    assert plan is None
    assert any(expected in str(p) and "numbering.yaml" in str(p) for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("sections:\n", "  numbering: ['第{n}章', '({nn})']\nsections:\n", 6),
        (
            "    body: [本文です。]\n",
            (
                "    body:\n      - policies: [{id: g1, title: 目標}]\n"
                "        levels: [{name: 基本目標, number: '{kanna}'}]\n"
            ),
            18,
        ),
    ],
)
def test_an_unknown_numbering_token_is_a_message_with_its_place(tmp_path, old, new, line):
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "document.yaml").write_text(HEAD.replace(old, new), encoding="utf-8")
    plan, problems = check_plan(folder / "document.yaml")
    assert plan is None
    [problem] = problems
    assert problem.place.line == line
    assert "番号の書き方" in str(problem) and "の書き間違いではありませんか" in str(problem)
