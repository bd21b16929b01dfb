"""Short labels in a narrow label column (the 新旧対照表 of labelled texts)
break before or after a numbered label (施策方針12, 第3章, 施策1-2), never
inside it: BudouX alone would cut 「施策方|針12」. Read from the PDF."""

from __future__ import annotations

import re

import pdfplumber

from planpress.pipeline import Project, build_document

from .helpers.pdfcolumns import column_edges
from .helpers.projects import make_project

# Each label is wider than the column (about six characters), with its
# numbered part where a phrase break would fall inside it.
LABELS = {
    "重点施策の推進　施策方針12": "施策方針12",
    "第3次計画　基本目標3": "基本目標3",
    "計画の推進　施策1-2": "施策1-2",
    "推進体制　第3章": "第3章",
    "施策の体系　施策方針2（重点方針）": "施策方針2",
    "地域経済の活性化　目標1": "目標1",
}


def _document() -> str:
    items = "\n".join(
        f"      - {{label: {label}, old: 旧{i}の文, new: 新{i}の文}}"
        for i, label in enumerate(LABELS)
    )
    return f"""\
document:
  municipality: みらい市
  plan: みらい市産業振興計画
  title: みらい市産業振興計画の一部改訂について
  meeting: {{name: 第2回委員会, date: 2024-02-05}}
sections:
  - kind: comparison
    id: vision
    title: 将来像
    columns: [第6次計画, 第7次計画]
    items:
{items}
"""


def _label_lines(pdf_path) -> list[str]:
    """The lines of the label column (left of 【第6次計画】), top to bottom."""
    lines: dict[tuple[int, float], list] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages):
            left, _, below = column_edges(page, "【第6次計画】")
            for char in page.chars:
                if char["x1"] <= left and char["top"] > below:
                    lines.setdefault((number, round(char["top"])), []).append(char)
    return [
        "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
        for _, chars in sorted(lines.items())
    ]


def test_a_numbered_label_is_not_broken_in_a_label_cell(tmp_path):
    root = make_project(tmp_path, _document(), "labels")
    built = build_document(Project(root), root / "content" / "labels")
    lines = [re.sub(r"\s", "", line) for line in _label_lines(built.files[0])]
    text = "".join(lines)
    for label, numbered in LABELS.items():
        assert re.sub(r"\s", "", label) in text  # every label is there, in order
        assert any(numbered in line for line in lines), (numbered, lines)
    assert len(lines) > len(LABELS)  # the column is narrow: labels do break
