"""A long generated revision table: header on every page, rows kept whole,
group labels kept with the next row, a policy taller than a page split
inside its row without losing a measure. Built once for the module."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from planpress.content.load import load_plan
from planpress.pipeline import Project, document_tree, style_sheet
from planpress.writers.pdf import write_pdf

from .conftest import ROOT
from .helpers.stressdoc import (
    GROUPS,
    HUGE,
    HUGE_MEASURES,
    POLICIES_PER_GROUP,
    group_title,
    measure_count,
    measure_title,
    policy_title,
    stress_yaml,
)
from .helpers.textutil import squeeze

LABELS = ("【現行計画】", "【変更方針】", "【一部改訂計画(案)】")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[str]:
    """Each page's text (white space removed) of the generated table's PDF."""
    folder = tmp_path_factory.mktemp("stress")
    (folder / "document.yaml").write_text(stress_yaml(), encoding="utf-8")
    project = Project(ROOT)
    plan = load_plan(folder / "document.yaml")
    data = write_pdf(document_tree(project, folder, plan, "handout"), style_sheet(project, folder))
    path = Path(folder / "big.pdf")
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        return [squeeze(page.extract_text() or "") for page in pdf.pages]


def page_of(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in page]


def test_the_table_spans_many_pages_with_one_header_row_on_each(pages):
    assert len(pages) > 20
    for number, text in enumerate(pages, 1):
        counts = [text.count(label) for label in LABELS]
        assert counts == [1, 1, 1], (number, counts)


def test_rows_break_between_policies(pages):
    for g in range(1, GROUPS + 1):
        for p in range(1, POLICIES_PER_GROUP + 1):
            if (g, p) == HUGE:
                continue
            title = policy_title(g, p)
            (at,) = set(page_of(pages, title))
            for m in range(1, measure_count(g, p) + 1):
                assert page_of(pages, measure_title(g, p, m)) == [at], (title, m)


def test_group_labels_stay_with_the_next_row(pages):
    for g in range(1, GROUPS + 1):
        (label,) = page_of(pages, f"（{group_title(g)}）")
        assert page_of(pages, policy_title(g, 1)) == [label]


def test_a_policy_taller_than_a_page_is_split_and_keeps_every_measure(pages):
    g, p = HUGE
    spread = {
        i for m in range(1, HUGE_MEASURES + 1) for i in page_of(pages, measure_title(g, p, m))
    }
    assert len(spread) >= 2  # it really is taller than a page
    text = "".join(pages)
    for m in range(1, HUGE_MEASURES + 1):
        title = measure_title(g, p, m)
        # once per side: retitled ones show the old title inside the new one
        assert text.count(title) == 2, (m, text.count(title))
    numbers = Counter(int(n) for n in re.findall(r"大きな方針の施策(\d+)を", text))
    assert sorted(numbers) == list(range(1, HUGE_MEASURES + 1))
