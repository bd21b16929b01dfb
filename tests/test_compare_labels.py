"""`planpress compare` as a committee reads it: versions named as the
document names them (meeting, date, handout number) or as --old-label /
--new-label say, never by file path; the policy table's columns by the
document's own labels; location labels in brackets kept whole on a line."""

from __future__ import annotations

import docx
import pdfplumber
import pytest

from planpress import cli
from planpress.pipeline import Project, build_comparison

from .helpers.pdfcolumns import column_lines
from .helpers.projects import make_project

OLD = """\
document:
  municipality: みらい市
  plan: みらい市産業振興計画
  title: みらい市産業振興計画の一部改訂について
  handout: 資料3
  meeting: {name: 第2回推進委員会, date: 2024-02-05}
sections:
  - kind: policy_revision
    id: system
    title: 施策体系
    columns: {current: 現行, notes: 変更の考え方, revised: 見直し案}
    groups:
      - id: goal
        title: 地域経済の活性化と雇用
        policies:
          - id: shops
            title: 商店街の魅力向上
            notes: [構成変更なし]
            measures:
              - {id: events, title: 商店街のイベント支援}
          - id: jobs
            title: 雇用の確保
            measures:
              - {id: fairs, title: 就職面接会の開催}
"""
# The same document after the meeting: one measure reworded, one note.
NEW = OLD.replace("就職面接会の開催", "合同企業説明会の開催").replace(
    "notes: [構成変更なし]", "notes: [構成変更なし。委員意見を反映]"
)
NEXT_MEETING = NEW.replace(
    "meeting: {name: 第2回推進委員会, date: 2024-02-05}",
    "meeting: {name: 第3回推進委員会, date: 2024-03-18}",
).replace("handout: 資料3", "handout: 資料1")


def compare(tmp_path, old: str, new: str, *labels: str):
    root = make_project(tmp_path, new, "plan")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    built = build_comparison(
        Project(root),
        str(tmp_path / "old.yaml"),
        str(root / "content" / "plan" / "document.yaml"),
        tmp_path / "out",
        *labels,
    )
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    docx_path = next(p for p in built.files if p.suffix == ".docx")
    with pdfplumber.open(pdf) as document:
        text = "".join(page.extract_text() for page in document.pages)
    word = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    return pdf, text, word


def test_versions_are_named_by_their_meetings_not_their_paths(tmp_path):
    _, text, word = compare(tmp_path, OLD, NEXT_MEETING)
    for reading in (text, word):
        assert "修正前：第2回推進委員会（令和6年2月5日）資料3" in reading
        assert "修正後：第3回推進委員会（令和6年3月18日）資料1" in reading
        assert "yaml" not in reading and str(tmp_path) not in reading


def test_a_revision_for_the_same_meeting_is_the_修正案(tmp_path):
    _, text, word = compare(tmp_path, OLD, NEW)
    for reading in (text, word):
        assert "修正前：第2回推進委員会（令和6年2月5日）資料3" in reading
        assert "修正後：修正案" in reading
        assert "yaml" not in reading


def test_labels_given_on_the_command_line_win(tmp_path):
    _, text, word = compare(tmp_path, OLD, NEW, "第2回委員会資料", "委員会意見反映版")
    for reading in (text, word):
        assert "修正前：第2回委員会資料" in reading and "修正後：委員会意見反映版" in reading


def test_the_command_takes_the_labels(tmp_path, monkeypatch):
    root = make_project(tmp_path, NEW, "plan")
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cli.main(
        [
            "compare",
            "old.yaml",
            "content/plan/document.yaml",
            "--old-label",
            "前回資料",
            "--new-label",
            "修正案（事務局）",
            "--out",
            "out",
        ],
        root=root,
    )
    assert code == 0
    with pdfplumber.open(tmp_path / "out" / "plan-compare.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "修正前：前回資料" in text and "修正後：修正案（事務局）" in text


def test_the_table_names_columns_as_the_document_does(tmp_path):
    pdf, text, _ = compare(tmp_path, OLD, NEW)
    with pdfplumber.open(pdf) as document:
        places = "".join(line.text for line in column_lines(document, "箇所")).replace(" ", "")
    assert places == (
        "施策体系＞現行・見直し案＞（地域経済の活性化と雇用）＞施策方針2＞施策1"
        "施策体系＞変更の考え方（商店街の魅力向上）"
    )
    assert "改訂案" not in text and "変更方針" not in text


@pytest.mark.parametrize(
    "title", ["地域経済の活性化と雇用", "まちの魅力づくり", "観光と交流の推進"]
)
def test_a_short_bracketed_label_is_not_broken_in_the_location_column(tmp_path, title):
    """The group's label (and the note column's 「（商店街の魅力向上）」) starts
    mid-line, where the column's phrase breaks would cut it (「（まちの|魅力づくり）」)."""

    def version(text: str) -> str:
        return text.replace("地域経済の活性化と雇用", title).replace(
            "title: 施策体系", "title: 施策の体系"
        )

    pdf, _, _ = compare(tmp_path, version(OLD), version(NEW))
    with pdfplumber.open(pdf) as document:
        lines = [line.text for line in column_lines(document, "箇所")]
    label = f"（{title}）"
    assert "".join(lines).count(label) == 1  # the changed measure names its group
    for line in lines:  # the label opens and closes on one line
        assert line.count("（") == line.count("）"), lines
