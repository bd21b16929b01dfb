"""A long generated revision table: header on every page, rows kept whole
unless that leaves more than a fifth of a page empty (then split between
measures, the title never alone at a page foot), group labels kept with the
next row and repeated as （続き） where a group continues, a policy taller
than a page split inside its row without losing a measure. Built once for
the module."""

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
def pdf_path(tmp_path_factory) -> Path:
    """The generated table's PDF."""
    folder = tmp_path_factory.mktemp("stress")
    (folder / "document.yaml").write_text(stress_yaml(), encoding="utf-8")
    project = Project(ROOT)
    plan = load_plan(folder / "document.yaml")
    data = write_pdf(document_tree(project, folder, plan, "handout"), style_sheet(project, folder))
    path = Path(folder / "big.pdf")
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pages(pdf_path) -> list[str]:
    """Each page's text (white space removed)."""
    with pdfplumber.open(pdf_path) as pdf:
        return [squeeze(page.extract_text() or "") for page in pdf.pages]


def page_of(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in page]


def test_the_table_spans_many_pages_with_one_header_row_on_each(pages):
    assert len(pages) > 20
    for number, text in enumerate(pages, 1):
        counts = [text.count(label) for label in LABELS]
        assert counts == [1, 1, 1], (number, counts)


def test_rows_break_between_policies_or_between_measures(pages):
    split = 0
    for g in range(1, GROUPS + 1):
        for p in range(1, POLICIES_PER_GROUP + 1):
            if (g, p) == HUGE:
                continue
            title = policy_title(g, p)
            (at,) = set(page_of(pages, title))
            spread = [
                page_of(pages, measure_title(g, p, m)) for m in range(1, measure_count(g, p) + 1)
            ]
            assert all(len(on) == 1 for on in spread), title  # a measure stays whole
            # the title never sits alone at a page foot: its first measure is with it
            assert spread[0] == [at], title
            split += len({on[0] for on in spread}) > 1
    assert split < GROUPS * POLICIES_PER_GROUP / 10  # most rows stay whole


def test_no_page_but_the_last_is_left_more_than_a_fifth_empty(pdf_path):
    sheet = style_sheet(Project(ROOT), ROOT)
    (_, height), margins = sheet.page("landscape")
    frame = height - margins.top - margins.bottom
    with pdfplumber.open(pdf_path) as pdf:
        bottoms = [max(e["bottom"] for e in page.edges) for page in pdf.pages]
    gaps = [height - margins.bottom - bottom for bottom in bottoms[:-1]]
    assert max(gaps) <= frame / 5, [round(g) for g in gaps]


def test_group_labels_stay_with_the_next_row(pages):
    for g in range(1, GROUPS + 1):
        label = f"（{group_title(g)}）"
        (at,) = [i for i, page in enumerate(pages) if label in page.replace(label + "（続き）", "")]
        assert page_of(pages, policy_title(g, 1)) == [at]


def test_a_continued_group_is_named_under_the_header(pages):
    """A page that begins inside a group names it: 「（…）（続き）」 right under
    the header, and only there."""
    header = "".join(LABELS)
    starts = 0
    for number, text in enumerate(pages[1:], 2):
        after = text.split(header, 1)[1]
        continued = re.findall(r"（(第\d+区分の施策)）（続き）", text)
        if after.startswith("（第") and "（続き）" in after[:20]:
            starts += 1
            (name,) = continued
            # the group of the first row on the page (the huge policy's measures
            # do not name their group)
            first = re.search(r"第(\d+)区分第\d+方針|大きな方針", after).group()
            group = HUGE[0] if first == "大きな方針" else int(first[1 : first.index("区")])
            assert name == group_title(group), number
        else:
            assert continued == [], number
            assert re.match(r"（第\d+区分の施策）", after), (number, after[:30])
    assert starts > 10


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
