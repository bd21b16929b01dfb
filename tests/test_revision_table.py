"""The revision-comparison table as the templates render it: notes, underlines,
placeholders, column order, and the warnings a contradicting note raises."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planpress import ir
from planpress.content.load import load_plan, plan_from_text
from planpress.pipeline import Project, build_document, document_tree
from planpress.render.templates import environment
from planpress.revision import Change, ChangeKind

from .conftest import EXAMPLE, ROOT
from .helpers.tabletext import cell_lines, marked, table_with_header

CURRENT, NOTES, REVISED = "【現行計画】", "【変更方針】", "【一部改訂計画(案)】"


def rows_text(table: ir.Table) -> str:
    """The table as reviewable text: one block per row, underlines as [..]."""
    out: list[str] = []
    for row in table.rows:
        out.append(f"== {row.kind}")
        for cell in row.cells:
            out.append("  | " + " / ".join(cell_lines(cell)))
    return "\n".join(out) + "\n"


def note_column(table: ir.Table) -> dict[str, list[str]]:
    """Each body row's policy title (revised side, else current) → its notes."""
    head = [ir.plain_text(c.children[0].children) for c in table.rows[0].cells]
    at = {label: i for i, label in enumerate(head)}
    found = {}
    for row in table.rows:
        if row.kind != "body":
            continue
        revised = cell_lines(row.cells[at[REVISED]])
        current = cell_lines(row.cells[at[CURRENT]])
        title = (revised if len(revised) > 1 else current)[1]
        found[title.replace("[", "").replace("]", "")] = cell_lines(row.cells[at[NOTES]])
    return found


@pytest.fixture(scope="module")
def example_tree() -> ir.Document:
    plan = load_plan(EXAMPLE / "document.yaml")
    return document_tree(Project(ROOT), EXAMPLE, plan, "handout")


def test_source_note_column_golden(example_tree, golden):
    table = table_with_header(example_tree, CURRENT)
    notes = note_column(table)
    # The printed handout left this policy's note out; the content shows two retitles.
    assert notes["雇用を生み出す産業・企業の立地促進"] == [
        "施策2のタイトルを変更",
        "施策3のタイトルを変更",
    ]
    # The committee remark is kept as written; its fact is not printed twice.
    assert notes["情報発信・青梅ブランドづくりの促進"] == [
        "委員からのご意見を踏まえ、施策3のタイトルを変更"
    ]
    assert notes["中小企業の経営基盤の強化"] == ["施策2のタイトルを変更", "施策3を追加"]
    assert notes["国の成長戦略に立脚した市内製造業の事業革新"] == ["構成変更なし"]
    golden("ome-shoko-plan.revision-table.txt", rows_text(table))


def test_vision_comparison_underlines_both_sides(example_tree):
    table = table_with_header(example_tree, "【第7次計画】")
    principle = next(r for r in table.rows if "«基本理念①»" in cell_lines(r.cells[0]))
    old, new = (cell_lines(c)[0] for c in principle.cells[1:])
    assert (
        old.replace("[", "").replace("]", "")
        == "豊かな自然環境の中で快適で文化的な暮らしができるまち"
    )
    assert new.replace("[", "").replace("]", "") == "豊かな自然と都市機能が調和した持続可能なまち"
    assert "[" in old and "[" in new
    assert old.startswith("豊かな自然") and new.startswith("豊かな自然")  # shared words plain
    assert old.endswith("まち") and new.endswith("まち")


def test_every_fact_kind_is_worded_in_japanese():
    env = environment([ROOT / "templates"])
    fact = env.get_template("parts/revision.xml.j2").module.fact
    for kind in ChangeKind:
        text = str(fact(Change(kind, number=4, tag="重点方針")))
        assert text and not any("a" <= ch.lower() <= "z" for ch in text), (kind, text)


# --- every kind of change, on a small document ----------------------------------------

SMALL = """\
document: {{municipality: 市, plan: 計画, title: 対照表}}
sections:
  - kind: policy_revision
    id: policies
    title: 施策体系
{extra}    groups:
      - id: g1
        title: {{current: 旧区分, revised: 新区分}}
        policies:
          - id: p1
            title: 方針一
            tags: {{current: [], revised: [重点方針]}}
            revised_order: [m2, m1]
            measures:
              - {{id: m1, title: 施策甲}}
              - {{id: m2, title: 施策乙}}
              - {{id: m3, title: 施策丙, only: current}}
          - id: p2
            title: 新しい方針
            only: revised
            measures:
              - {{id: n1, title: 新しい施策}}
          - id: p3
            title: 古い方針
            only: current
            notes: [構成変更なし]
            measures:
              - {{id: o1, title: 古い施策}}
"""


def small_table(tmp_path: Path, extra: str = "", header: str = CURRENT) -> ir.Table:
    path = tmp_path / "document.yaml"
    path.write_text(SMALL.format(extra=textwrap.indent(extra, "    ")), encoding="utf-8")
    plan = load_plan(path)
    tree = document_tree(Project(ROOT), tmp_path, plan, "handout")
    return table_with_header(tree, header)


def test_every_kind_of_change_is_marked(tmp_path):
    table = small_table(tmp_path)
    assert rows_text(table) == textwrap.dedent("""\
        == header
          | 【現行計画】
          | 【変更方針】
          | 【一部改訂計画(案)】
        == group
          | （[旧]区分）
          | 区分の名称を変更
          | （[新]区分）
        == body
          | 施策方針1 / 方針一 / [施策1]　施策甲 / [施策2]　施策乙 / [施策3　][施策丙]
          | 重点方針に追加 / 施策3を削除 / 施策の順序を変更
          | 施策方針1[（重点方針）] / 方針一 / [施策1]　施策乙 / [施策2]　施策甲 / （削除）
        == body
          | [施策方針2] / [古い方針] / [施策1　][古い施策]
          | 施策方針を削除 / 構成変更なし
          | （削除）
        == body
          | （新設）
          | 施策方針を追加
          | [施策方針2] / [新しい方針] / [施策1　][新しい施策]
        """)


SHIFTED = """\
document: {municipality: 市, plan: 計画, title: 対照表}
sections:
  - kind: policy_revision
    id: policies
    title: 施策体系
    groups:
      - id: g1
        title: 区分
        policies:
          - id: p1
            title: 方針一
            measures:
              - {id: new, title: 新しい施策, only: revised}
              - {id: a, title: 施策甲}
              - {id: b, title: 施策乙}
          - id: p2
            title: 方針二
            measures:
              - {id: c, title: 施策丙}
              - {id: gone, title: なくなる施策, only: current}
              - {id: d, title: 施策丁}
"""


def test_numbers_shifted_by_an_insertion_or_removal_are_marked(tmp_path):
    """A 施策 that stays but changes its number because one came or went before it:
    the number is a change on both sides (as 号の繰下げ is in a 新旧対照表)."""
    path = tmp_path / "document.yaml"
    path.write_text(SHIFTED, encoding="utf-8")
    tree = document_tree(Project(ROOT), tmp_path, load_plan(path), "handout")
    body = [line for line in rows_text(table_with_header(tree, CURRENT)).splitlines()]
    assert "  | 施策方針1 / 方針一 / （新設） / [施策1]　施策甲 / [施策2]　施策乙" in body
    assert "  | 施策1を追加" in body
    assert (
        "  | 施策方針1 / 方針一 / [施策1　][新しい施策] / [施策2]　施策甲 / [施策3]　施策乙" in body
    )
    assert (
        "  | 施策方針2 / 方針二 / 施策1　施策丙 / [施策2　][なくなる施策] / [施策3]　施策丁" in body
    )
    assert "  | 施策方針2 / 方針二 / 施策1　施策丙 / （削除） / [施策2]　施策丁" in body


def test_placeholders_can_be_switched_off(tmp_path):
    text = rows_text(small_table(tmp_path, "placeholders: false\n"))
    assert "（新設）" not in text and "（削除）" not in text
    assert "[新しい方針]" in text  # the underlines stay


def test_column_order_and_labels_come_from_content(tmp_path):
    table = small_table(tmp_path, "columns: {revised: 改訂案, current: 現行}\n", "【現行】")
    head = [ir.plain_text(c.children[0].children) for c in table.rows[0].cells]
    assert head == ["【改訂案】", "【現行】", "【変更方針】"]
    body = table.rows[2]
    assert cell_lines(body.cells[0])[0] == "施策方針1[（重点方針）]"  # revised side first
    assert cell_lines(body.cells[2])[0] == "重点方針に追加"


def test_a_contradicting_note_is_shown_and_warned(tmp_path):
    table = small_table(tmp_path)
    # shown as written beside the facts, and reported
    assert cell_lines(table.rows[3].cells[1]) == ["施策方針を削除", "構成変更なし"]
    project = Project(ROOT, out=tmp_path / "out")
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "document.yaml").write_text(
        (tmp_path / "document.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    built = build_document(project, tmp_path / "doc")
    assert [p.severity for p in built.warnings] == ["warning"]
    warning = built.warnings[0]
    line = SMALL.splitlines().index("            notes: [構成変更なし]") + 1
    assert warning.place.line == line
    assert "構成変更なし" in warning.message and "古い方針" in warning.message


def test_build_py_prints_the_warning_with_its_place_and_succeeds(tmp_path):
    doc = tmp_path / "content" / "contradiction"
    doc.mkdir(parents=True)
    source = (EXAMPLE / "document.yaml").read_text(encoding="utf-8")
    wrong = "notes: [施策2のタイトルを変更, 施策3を追加]"
    assert source.count(wrong) == 1
    source = source.replace(wrong, "notes: [構成変更なし]")
    (doc / "document.yaml").write_text(source, encoding="utf-8")
    line = source[: source.index("notes: [構成変更なし]", source.index("id: management"))]
    line_number = line.count("\n") + 1
    for folder in ("templates", "fonts"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(tmp_path)],
        capture_output=True,
        check=False,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if ": 警告: " in line]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith(f"content/contradiction/document.yaml:{line_number}:")
    assert "中小企業の経営基盤の強化" in warnings[0] and "施策3を追加" in warnings[0]
    assert (tmp_path / "output" / "contradiction" / "contradiction-handout.pdf").is_file()


def test_plan_from_text_reads_the_placeholder_switch():
    text = SMALL.format(extra="    placeholders: false\n")
    section = plan_from_text(text, "x.yaml").sections[0]
    assert section.placeholders is False
    assert marked([ir.Underline([ir.Text("x")])]) == "[x]"


def test_every_fact_kind_has_warning_wording_in_the_catalog():
    from planpress.revision.messages import describe

    for kind in ChangeKind:
        text = describe(Change(kind, number=4, tag="重点方針"))
        assert text and not any("a" <= ch.lower() <= "z" for ch in text), (kind, text)
