"""The composer's rules hold on the real handout, not only on the corpus."""

from __future__ import annotations

import pdfplumber

from planpress.content.load import load_plan
from planpress.pipeline import Project, style_sheet
from planpress.typeset.kinsoku import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, LOOSE_LINE_START

from ..conftest import EXAMPLE, ROOT
from .pdfcheck import Column, check_column

EDGE_TOLERANCE = 0.05


def test_body_paragraphs_are_justified_and_kept_by_the_rules(example):
    plan = load_plan(EXAMPLE / "document.yaml")
    purpose = next(s for s in plan.sections if s.kind == "prose")
    following = plan.sections[plan.sections.index(purpose) + 1]
    sheet = style_sheet(Project(ROOT), EXAMPLE)
    (width, _), margins = sheet.page("portrait")
    with pdfplumber.open(example.pdf) as pdf:
        page = pdf.pages[0]
        heading = next(w for w in page.extract_words() if w["text"] == purpose.heading)
        words = page.extract_words()
        end = next(w for w in words if w["text"] == following.title)["top"]
        body = [
            {"text": c["text"], "x0": c["x0"], "x1": c["x1"], "base": c["matrix"][5]}
            for c in page.chars
            if heading["bottom"] < c["top"] and c["bottom"] < end
        ]
    column = Column(margins.left, width - margins.right, purpose.paragraphs, name="purpose")
    assert check_column([body], column) == []


def test_no_table_cell_line_breaks_a_rule_or_crosses_its_cell(example):
    sheet = style_sheet(Project(ROOT), EXAMPLE)
    padding = min(t.padding for t in sheet.tables.values())
    problems: list[str] = []
    cells_seen = 0
    with pdfplumber.open(example.pdf) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for table in page.find_tables():
                for row in table.rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        cells_seen += 1
                        problems += _cell_problems(page, cell, padding, number)
    assert cells_seen > 30
    assert problems == []


def _cell_problems(page, cell, padding: float, number: int) -> list[str]:
    x0, top, x1, bottom = cell
    chars = [
        c
        for c in page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    lines: dict[float, list[dict]] = {}
    for c in chars:
        lines.setdefault(round(c["matrix"][5], 1), []).append(c)
    problems = []
    for base in sorted(lines, reverse=True):
        line = sorted(lines[base], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in line)
        where = f"page {number}, cell line {text!r}"
        first, last = line[0]["text"], line[-1]["text"]
        if first in LINE_START_FORBIDDEN and first not in LOOSE_LINE_START:
            problems.append(f"{where}: starts with {first!r}")
        if last in LINE_END_FORBIDDEN:
            problems.append(f"{where}: ends with {last!r}")
        for c in line:
            if c["x0"] < x0 + padding - EDGE_TOLERANCE or c["x1"] > x1 - padding + EDGE_TOLERANCE:
                problems.append(f"{where}: {c['text']!r} crosses the cell's inner edge")
    return problems
