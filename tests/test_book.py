"""The plan book model: chapters, parts and blocks in two versions, read from
YAML with file:line:column messages for every mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planpress.cli import main
from planpress.content import book as b
from planpress.content.load import check_plan, load_plan
from planpress.revision.book_diff import book_changes
from planpress.revision.phrases import load_phrasebook

from .conftest import ROOT
from .helpers.projects import make_project

ROW_JOIN = load_phrasebook([ROOT / "templates"]).row_join  # the catalogue's 「／」

BOOK = ROOT / "content" / "misakino-kanko-plan"
PLAN = load_plan(BOOK / "document.yaml")

HEAD = """\
document:
  municipality: 架空市
  plan: 架空市観光計画
  title: 架空市観光計画の改訂について
  revision: {name: 一部改訂, date: 2025-03-31}
sections:
"""


def check(tmp_path: Path, body: str, files: tuple[str, ...] = ()):
    folder = tmp_path / "doc"
    folder.mkdir(exist_ok=True)
    for name in files:
        (folder / name).write_bytes((BOOK / "visitors.png").read_bytes())
    path = folder / "document.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return check_plan(path)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --- the example book -------------------------------------------------------------


def test_the_example_is_a_book_of_at_least_five_numbered_chapters():
    numbered = [c for c in PLAN.chapters if c.part.number.revised]
    assert [c.part.number.revised for c in numbered] == [f"第{n}章" for n in range(1, 6)]
    assert PLAN.meta.revision.name == "中間見直し"
    assert "架空" in PLAN.meta.municipality and "架空" in PLAN.meta.note


def test_parts_are_numbered_per_version_in_the_document_styles():
    ch2 = next(c.part for c in PLAN.chapters if c.id == "ch2")
    issues = next(p for p in ch2.parts("revised") if p.id == "ch2-issues")
    numbers = [(p.number.current, p.number.revised) for p in issues.body if isinstance(p, b.Part)]
    # the fourth issue exists in the revision only: no current number
    assert numbers == [("(1)", "(1)"), ("(2)", "(2)"), ("(3)", "(3)"), ("", "(4)")]
    review = next(p for p in ch2.body if isinstance(p, b.Part) and p.id == "ch2-review")
    # a section added before others renumbers them in the revision only
    later = [p for p in ch2.body if isinstance(p, b.Part)][-1]
    assert review.number.current == "" and later.number.current != later.number.revised


def test_the_policy_system_has_three_levels_with_text_under_each_item():
    tree = next(
        blk
        for c in PLAN.chapters
        for part in [c.part, *c.part.body]
        if isinstance(part, b.Part)
        for blk in part.body
        if isinstance(blk, b.PolicyTree)
    )
    assert [lv.name for lv in tree.levels] == ["基本目標", "施策", "主な取組"]
    items = list(tree.walk())
    assert {i.level for i in items} == {0, 1, 2}
    assert all(i.text is not None for i in items)
    numbers = {i.number.revised for i in items if i.exists.revised}
    assert {"1", "1-2", "①"} <= numbers


def test_a_measure_moved_to_another_policy_shows_on_both_rows():
    changes = book_changes(PLAN.chapters, ["ch4"], ROW_JOIN)
    table = changes.policies[0]
    facts = [(f.kind, f.number, f.other_number) for row in table.rows for f in row.facts]
    assert ("moved_out", "③", "2-1") in facts  # 施策1-2's 主な取組③ went to 施策2-1
    assert ("moved_in", "③", "1-2") in facts
    moved = [
        c for row in table.rows for c in row.current_children + row.revised_children if c.moved
    ]
    assert len(moved) == 2 and all(c.whole for c in moved)


def test_changed_indicator_numbers_are_diffed_per_field():
    tables = book_changes(PLAN.chapters, [], ROW_JOIN).indicators
    rows = {r.name.new_text or r.name.old_text: r for r in tables[0].rows}
    visitors = rows["観光入込客数"]
    assert [s.text for s in visitors.baseline.new if s.changed] == ["1,710"]
    assert [s.text for s in visitors.target.old if s.changed] == ["2,000"]
    assert not visitors.unit.changed
    statuses = sorted(r.status for r in tables[0].rows)
    assert statuses.count("added") == 1 and statuses.count("removed") == 1


def test_prose_units_know_where_they_sit():
    units = [u for u in book_changes(PLAN.chapters, [], ROW_JOIN).texts if u.changed]
    position = next(u for u in units if "第7次みさき野市総合計画に掲げる" in u.diff.new_text)
    where = position.where["revised"]
    assert [p.number.revised for p in where] == ["第1章", "2"]
    assert position.reason == "第7次みさき野市総合計画の策定に伴う修正"


def test_policy_texts_know_their_place_in_the_tree_by_the_plans_level_names():
    units = [u for u in book_changes(PLAN.chapters, ["ch4"], ROW_JOIN).texts if u.kind == "policy"]
    sunset = next(u for u in units if "夕日と星空の眺め" in u.diff.new_text)
    assert sunset.trail["revised"] == ("基本目標1", "施策1-1", "主な取組③")
    added = next(u for u in units if u.status == "added")
    assert added.trail["current"] == () and added.trail["revised"][0].startswith("基本目標")
    # every trail names each level of its item, outermost first
    for unit in units:
        for version, trail in unit.trail.items():
            if trail:
                assert len(trail) == unit.item.level + 1
                assert trail[-1].endswith(unit.item.number[version])


# --- the old format keeps loading ------------------------------------------------------


def test_the_existing_handout_format_still_loads():
    plan = load_plan(ROOT / "content" / "ome-shoko-plan" / "document.yaml")
    assert [s.kind for s in plan.sections] == ["prose", "table", "comparison", "policy_revision"]
    assert plan.chapters == []


# --- messages ----------------------------------------------------------------------------


def test_a_figure_without_alt_text_is_an_error_with_its_place(tmp_path):
    plan, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - figure: chart.png
                caption: 図1 グラフ
        """,
        files=("chart.png",),
    )
    assert plan is None
    assert messages(problems) == [
        (
            "document.yaml:11:7: エラー: 図「chart.png」に代替テキスト（alt:）がありません。"
            "図の内容を文章で説明する alt: を書いてください（読み上げソフトの利用者のために必要です）。"
        )
    ]


def test_a_missing_figure_file_is_named(tmp_path):
    _, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - figure: nothere.png
                caption: 図
                alt: 説明
        """,
    )
    assert any("nothere.png" in m and ":11:" in m for m in messages(problems))


def test_a_misspelt_block_key_gets_did_you_mean(tmp_path):
    _, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - txt: 本文
        """,
    )
    assert messages(problems) == [
        (
            "document.yaml:11:7: エラー: この項目の種類が分かりません。body:、text:、note:、list:、"
            "table:、indicators:、figure:、glossary:、policies: のどれか1つを書いてください。"
            "「text:」の書き間違いではありませんか。"
        )
    ]


def test_unknown_keys_in_blocks_get_did_you_mean(tmp_path):
    _, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - indicators: 成果指標
                rows:
                  - id: a
                    name: 指標
                    baseline: "10"
                    taget: "20"
        """,
    )
    text = "\n".join(messages(problems))
    assert (
        "document.yaml:16:11: エラー: 「taget:」は使えないキーです。「target:」の書き間違いではありませんか。"
        in text
    )
    assert "「target:」がありません" in text


def test_an_id_twice_in_one_version_is_an_error_but_a_move_is_not(tmp_path):
    body = """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - policies:
                  - id: a
                    title: 目標A
                    children:
                      - {{id: m, title: 取組, only: {first}}}
                  - id: b
                    title: 目標B
                    children:
                      - {{id: m, title: 取組, only: {second}}}
                      - {{id: n, title: 別の取組}}
        """
    plan, problems = check(tmp_path, body.format(first="current", second="revised"))
    assert plan is not None, messages(problems)
    _, problems = check(tmp_path, body.format(first="current", second="current"))
    assert any("id「m」が重複しています（15 行目でも" in m for m in messages(problems))


def test_changes_naming_an_unknown_part_gets_did_you_mean(tmp_path):
    _, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - 本文
          - kind: changes
            id: c
            title: 新旧対照表
            of: [ch2]
        """,
    )
    assert any(
        "「ch2」に当たる章・節がありません" in m and "「ch1」の書き間違い" in m
        for m in messages(problems)
    )


def test_versioned_text_needs_both_sides(tmp_path):
    _, problems = check(
        tmp_path,
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - text: {current: 旧}
        """,
    )
    assert any(":11:13:" in m and "「revised:」がありません" in m for m in messages(problems))


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_cli_reports_book_errors_with_places_and_exit_1(tmp_path, capsys, command):
    content = HEAD + textwrap.dedent(
        """\
          - kind: chapter
            id: ch1
            title: 章
            body:
              - list:
                  - text: 項目
                    only: revsed
        """
    )
    root = make_project(tmp_path, content)
    assert main([command, "doc", "--root", str(root)]) == 1
    printed = capsys.readouterr()
    assert "content/doc/document.yaml:13:17: エラー: only: に「revsed」は書けません" in (
        printed.err + printed.out
    )
    assert "Traceback" not in printed.err


def test_compare_pairs_the_book_texts_with_their_parts():
    from planpress.content.load import plan_from_text
    from planpress.revision.plan_diff import compare_plans

    text = (BOOK / "document.yaml").read_text(encoding="utf-8")
    changed = text.replace("令和元年に約186万人でしたが", "令和元年に約187万人でしたが")
    old = plan_from_text(text, "old.yaml", folder=str(BOOK))
    new = plan_from_text(changed, "new.yaml", folder=str(BOOK))
    changes = compare_plans(old, new, ROW_JOIN)
    assert len(changes) == 1
    where = dict(changes[0].where)
    assert where["version"] == "both" and where["part"] == "(2) 本市の観光入込客数"
    assert [s.text for s in changes[0].diff.new if s.changed] == ["187"]


def test_a_documents_own_phrases_join_the_cells_of_a_compared_row(tmp_path):
    """The 「／」 between the cells of a table row in the prose 新旧対照表 is the
    phrase catalogue's `row_join`: a document's own phrases.yaml changes it."""
    import shutil

    from .helpers.textutil import pdf_text

    root = make_project(tmp_path, "", "book")
    folder = root / "content" / "book"
    shutil.rmtree(folder)
    shutil.copytree(BOOK, folder)
    (folder / "templates").mkdir()
    (folder / "templates" / "phrases.yaml").write_text("row_join: ＋\n", encoding="utf-8")
    assert main(["build", "book", "--root", str(root)]) == 0
    text = pdf_text(root / "output" / "book" / "book-handout.pdf")
    assert "海水浴場の環境整備＋" in text and "／" not in text
