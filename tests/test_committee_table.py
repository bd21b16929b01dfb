"""The 新旧対照表 as a committee member reads it, on another city's revision
(tests/fixtures/committee.py): the 変更方針 column read back from the PDF and
the DOCX, the warnings the build prints."""

from __future__ import annotations

import re

import docx
import pdfplumber
import pytest
import yaml
from docx.oxml.ns import qn

from planpress.pipeline import Project, build_document, style_sheet

from .conftest import ROOT
from .fixtures.committee import COMMITTEE, LONG_NOTE, RETITLED_RUN
from .helpers.office import convert_to_pdf, fontconfig_file
from .helpers.pdfcolumns import column_edges, column_lines, docx_rows
from .helpers.projects import make_project
from .helpers.textutil import squeeze
from .typeset.pdfcheck import Column, check_column, read_chars

NOTES = "【変更の考え方】"
REVISED = "【改訂計画（案）】"

# What the column says for each policy (by title), as a committee reads it.
EXPECTED = {
    # a measure removed before others and one added: the removed one is
    # counted in the current plan, and says so
    "商店街の魅力向上": ["現行の施策2を削除", "施策3を追加"],
    # retitled under another number: both numbers; the author's note in the
    # current plan's numbering (施策2のタイトルを変更) is right, so it is not
    # printed twice and not warned
    "創業の支援": ["施策1を追加", "施策3（現行の施策2）のタイトルを変更"],
    # the tag by its full name; the contradicting note shown as written
    "観光資源の活用": ["重点方針から除外", "重点に追加"],
    "人材の確保": ["施策1のタイトルを変更", "変更なし"],
    # 36 retitled measures in one line
    "製造業の競争力強化": ["施策方針の順序を変更", "施策2～37のタイトルを変更"],
    "デジタル技術の活用": ["構成変更なし"],
    "創業後の伴走支援": ["施策方針を追加", LONG_NOTE],
}


@pytest.fixture(scope="module")
def committee(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("committee"), COMMITTEE, "committee")
    built = build_document(Project(root), root / "content" / "committee")
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    docx_path = next(p for p in built.files if p.suffix == ".docx")
    return built, pdf, docx_path


def _title(cells: dict[str, list[str]]) -> str:
    side = cells[REVISED] if len(cells[REVISED]) > 1 else cells["【現行計画】"]
    return side[1] if len(side) > 1 else ""


def test_docx_note_column_reads_unambiguously(committee):
    _, _, path = committee
    rows = docx_rows(docx.Document(str(path)), NOTES)
    found = {_title(cells): cells[NOTES] for cells in rows if _title(cells) in EXPECTED}
    assert found == EXPECTED


def test_pdf_note_column_reads_unambiguously(committee):
    _, pdf_path, _ = committee
    with pdfplumber.open(pdf_path) as pdf:
        text = "".join(line.text for line in column_lines(pdf, NOTES))
    reading = "".join(line for lines in EXPECTED.values() for line in lines)
    assert text == reading
    # no bare number that the other version uses for another measure
    assert not re.search(r"(?<!現行の)施策2を削除", text)
    assert "施策3を削除" not in text


def test_warnings_name_the_facts_in_the_tables_words(committee):
    built, _, _ = committee
    messages = [p.message for p in built.warnings]
    assert len(messages) == 2, messages
    tourism, workers = messages
    assert "観光資源の活用" in tourism and "「重点に追加」" in tourism
    assert "（重点方針から除外）" in tourism
    assert "人材の確保" in workers and "「変更なし」" in workers
    assert "（施策1のタイトルを変更）" in workers
    line = COMMITTEE.splitlines().index("            notes: [重点に追加]") + 1
    assert built.warnings[0].place.line == line


def test_a_documents_own_phrases_reword_the_column_and_the_check(tmp_path):
    """A document that rewords the facts (its own templates/phrases.yaml)
    prints its words, and the note check reads notes in them."""
    root = make_project(tmp_path, COMMITTEE, "committee")
    own = root / "content" / "committee" / "templates"
    own.mkdir()
    (own / "phrases.yaml").write_text(
        "facts:\n"
        "  measure_added: ['{measures}を新たに位置付け', '{measures}を追加']\n"
        "  unchanged: [変更点なし, 構成変更なし, 変更なし]\n"
        "  tag_removed: ['{tag}の指定を解除', '{tag}から除外']\n",
        encoding="utf-8",
    )
    source = COMMITTEE.replace("notes: [施策2のタイトルを変更]", "notes: [施策1を新たに位置付け]")
    (root / "content" / "committee" / "document.yaml").write_text(source, encoding="utf-8")
    built = build_document(Project(root), root / "content" / "committee")
    rows = docx_rows(docx.Document(str(built.files[1])), NOTES)
    found = {_title(cells): cells[NOTES] for cells in rows}
    assert found["商店街の魅力向上"] == ["現行の施策2を削除", "施策3を新たに位置付け"]
    assert found["観光資源の活用"] == ["重点方針の指定を解除", "重点に追加"]
    assert found["デジタル技術の活用"] == ["変更点なし"]
    # the note in the document's own words is recognised as the fact: printed once
    assert found["創業の支援"] == ["施策1を新たに位置付け", "施策3（現行の施策2）のタイトルを変更"]
    assert len(built.warnings) == 2
    assert "（重点方針の指定を解除）" in built.warnings[0].message


def test_project_templates_are_the_defaults():
    assert (ROOT / "templates" / "phrases.yaml").is_file()


def test_pdf_note_column_is_justified_and_kept_by_the_rules(committee):
    """The column is prose: every line but a paragraph's last reaches the
    right edge, and no line breaks a kinsoku rule (the composer's checker)."""
    _, pdf_path, _ = committee
    sheet = style_sheet(Project(ROOT), ROOT)
    padding = sheet.table("comparison").padding
    with pdfplumber.open(pdf_path) as pdf:
        pages = read_chars(pdf_path)
        left, right, _ = column_edges(pdf.pages[0], NOTES)
        bodies = []
        for number, page in enumerate(pdf.pages):
            _, _, below = column_edges(page, NOTES)
            bottom = max(e["bottom"] for e in page.edges if e["orientation"] == "v")
            bodies.append(
                [c for c, raw in zip(pages[number], page.chars) if below < raw["top"] < bottom]
            )
    paragraphs = [line for lines in EXPECTED.values() for line in lines]
    column = Column(left + padding, right - padding, paragraphs, name=NOTES)
    assert check_column(bodies, column) == []
    # the long note fills its lines: more than two thirds of the column's
    # characters on every line but its last
    per_line = int((right - left - 2 * padding) // 10)
    with pdfplumber.open(pdf_path) as pdf:
        note_lines = [
            line.text for line in column_lines(pdf, NOTES) if line.text and line.text in LONG_NOTE
        ]
    assert len(note_lines) > 10
    assert all(len(text) >= per_line - 1 for text in note_lines[:-1]), note_lines


# --- pages: continued groups, no quarter-empty page, no title alone ---------------------


def _pages(pdf_path) -> list[list[str]]:
    """Each page's lines, as pdfplumber reads them."""
    with pdfplumber.open(pdf_path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def test_a_page_that_continues_a_group_names_it_under_the_header(committee):
    _, pdf_path, _ = committee
    pages = _pages(pdf_path)
    continued = []
    for number, lines in enumerate(pages[1:], 2):
        at = next(i for i, line in enumerate(lines) if line.startswith("【現行計画】"))
        below = lines[at + 1]
        if "（続き）" in below:
            continued.append((number, below))
        else:  # the page begins with a group of its own
            assert below.startswith("（目標"), (number, below)
    assert continued, "the document was written to continue a group on a new page"
    for number, label in continued:
        # the goal the rows under it belong to (up to the next goal's label)
        lines = pages[number - 1]
        start = next(i for i, line in enumerate(lines) if "（続き）" in line) + 1
        rest = [line for line in lines[start:]]
        end = next((i for i, line in enumerate(rest) if line.startswith("（目標")), len(rest))
        text = "".join(rest[:end])
        goal2 = any(t in text for t in ("製造業", "デジタル技術", "伴走支援")) or any(
            line.replace(" ", "") in LONG_NOTE for line in rest[:end]
        )
        want = (
            "（目標2　ものづくり産業の振興）（続き）"
            if goal2
            else "（目標1　地域経済の活性化）（続き）"
        )
        assert label.replace(" ", "　") == want, (number, label)
    # and nowhere else: not in the flow, not in the DOCX (which repeats the
    # label as written, docs/docx.md)
    assert sum("（続き）" in line for lines in pages for line in lines) == len(continued)
    assert "（続き）" not in "".join(
        p.text
        for t in docx.Document(str(committee[2])).tables
        for c in t._cells
        for p in c.paragraphs
    )


def _goal_of_titles() -> dict[str, str]:
    """Each policy and measure title of the content (both versions) → its goal's title."""
    goals = {}
    for group in yaml.safe_load(COMMITTEE)["sections"][0]["groups"]:
        for policy in group["policies"]:
            for item in [policy, *policy["measures"]]:
                title = item["title"]
                for text in title.values() if isinstance(title, dict) else [title]:
                    goals[squeeze(text)] = squeeze(group["title"])
    return goals


@pytest.fixture(scope="module")
def office_pdf(committee, tmp_path_factory):
    """The DOCX as LibreOffice lays it out, as a PDF."""
    folder = tmp_path_factory.mktemp("committee-office")
    project = Project(ROOT)
    fontconfig = fontconfig_file(style_sheet(project, ROOT), project.fonts, folder)
    return convert_to_pdf(committee[2], folder, fontconfig)


@pytest.fixture(scope="module")
def office_pages(office_pdf) -> list[list[str]]:
    """The DOCX as LibreOffice lays it out: each page's lines, spaces removed."""
    return [[squeeze(line) for line in lines] for lines in _pages(office_pdf)]


def test_docx_pages_name_the_group_their_rows_continue(office_pages):
    """In LibreOffice's rendering of the DOCX, every policy and measure has
    its goal's label above it on its own page: a page where a goal's rows
    continue repeats that label under the column heads."""
    goal_of = _goal_of_titles()
    seen: set[str] = set()
    continued = []
    for number, lines in enumerate(office_pages, 1):
        label = None
        for line in lines:
            if line.startswith("（目標"):
                label = line
                if label in seen:
                    continued.append(number)
                seen.add(label)
                continue
            for title, goal in goal_of.items():
                if title in line:
                    assert label == f"（{goal}）", (number, line, label)
        if number > 1:  # the page's table begins with the heads, then the label
            heads = next(i for i, line in enumerate(lines) if line.startswith("【現行計画】"))
            assert lines[heads + 1].startswith("（目標"), (number, lines[: heads + 2])
    # the content spans pages: goal 1 and goal 2 each continue on a new page
    assert len(continued) >= 2, continued


def test_no_page_of_the_table_is_left_more_than_a_fifth_empty(committee):
    _, pdf_path, _ = committee
    sheet = style_sheet(Project(ROOT), ROOT)
    (_, height), margins = sheet.page("landscape")
    frame = height - margins.top - margins.bottom
    with pdfplumber.open(pdf_path) as pdf:
        bottoms = [max(e["bottom"] for e in page.edges) for page in pdf.pages]
    gaps = [height - margins.bottom - bottom for bottom in bottoms[:-1]]
    assert len(gaps) >= 2
    assert max(gaps) <= frame / 5, [round(g) for g in gaps]


def test_no_page_of_the_docx_table_is_left_more_than_a_fifth_empty(office_pdf):
    """Word has no split between measures, but a tall row may split at a line
    rather than move whole and leave the page a third empty (LibreOffice's
    layout; the last line's baseline against the foot of the text area)."""
    sheet = style_sheet(Project(ROOT), ROOT)
    (_, height), margins = sheet.page("landscape")
    frame = height - margins.top - margins.bottom
    with pdfplumber.open(office_pdf) as pdf:
        bottoms = [
            max(c["bottom"] for c in page.chars if c["bottom"] < height - margins.bottom)
            for page in pdf.pages
        ]
    gaps = [height - margins.bottom - bottom for bottom in bottoms[:-1]]
    assert len(gaps) >= 2
    assert max(gaps) <= frame / 5, [round(g) for g in gaps]


def test_a_split_policy_keeps_its_title_with_a_measure_and_every_measure_whole(committee):
    _, pdf_path, _ = committee
    with pdfplumber.open(pdf_path) as pdf:
        revised = column_lines(pdf, REVISED)
    by_page: dict[int, list[str]] = {}
    for line in revised:
        by_page.setdefault(line.page, []).append(line.text)
    for page, lines in by_page.items():
        labels = [i for i, text in enumerate(lines) if text.startswith("施策方針")]
        if labels:  # the last policy on the page has its title and a measure on it
            assert any(re.match(r"施策\d+", t) for t in lines[labels[-1] + 2 :]), (page, lines)
    measures = [line.text for line in revised if re.match(r"施策\d+\s", line.text)]
    manufacturing = [t for t in measures if "製造業支援事業" in t]
    assert manufacturing == [f"施策{n}　製造業支援事業その{n}の推進" for n in RETITLED_RUN]
    pages = {line.page for line in revised if "製造業支援事業" in line.text}
    assert len(pages) >= 2  # the tall policy really was split


@pytest.mark.parametrize(
    ("phrases", "says"),
    [
        ("facts:\n  measure_added: [施策を追加]\n", "facts.measure_added"),
        ("facts: [\n", "phrases.yaml"),
        ("wording:\n  a: b\n", "「wording:」"),
    ],
)
def test_a_broken_phrase_file_stops_the_build_with_its_name(tmp_path, capsys, phrases, says):
    from planpress import cli

    root = make_project(tmp_path, COMMITTEE, "committee")
    own = root / "content" / "committee" / "templates"
    own.mkdir()
    (own / "phrases.yaml").write_text(phrases, encoding="utf-8")
    assert cli.main(["build", "committee"], root=root) == 1
    err = capsys.readouterr().err
    assert str(own / "phrases.yaml") in err and says in err and "Traceback" not in err
    assert not (root / "output" / "committee" / "committee-handout.pdf").exists()


def test_the_review_edition_of_a_removed_measure_builds_and_names_continued_goals(tmp_path):
    """The review edition keeps a removed measure only as a tracked deletion:
    its PDF paragraph has no text left (this crashed the build), and a page
    that continues a goal's rows is headed by the goal's label."""
    root = make_project(tmp_path, COMMITTEE, "committee")
    built = build_document(Project(root), root / "content" / "committee", edition="review")
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    pages = _pages(pdf)
    assert len(pages) >= 2
    assert "案内看板の整備" not in "".join(pages[0])  # deleted: not in the PDF
    for number, lines in enumerate(pages[1:], 2):
        at = next(
            i for i, line in enumerate(lines) if line.replace(" ", "").startswith("施策方針施策")
        )
        assert lines[at + 1].startswith("（目標"), (number, lines[: at + 2])
    word = docx.Document(str(next(p for p in built.files if p.suffix == ".docx")))
    deleted = "".join(t.text or "" for t in word.element.body.iter(qn("w:delText")))
    assert "案内看板の整備" in deleted


@pytest.mark.parametrize(("connectives", "printed"), [(None, False), ("[、]", True)])
def test_the_connectives_between_facts_come_from_the_catalogue(tmp_path, connectives, printed):
    """「施策1を追加及び施策3（現行の施策2）のタイトルを変更」 only repeats the
    facts when 及び is one of the catalogue's connectives (the default); a
    document whose catalogue leaves it out reads it as a remark, printed."""
    note = "施策1を追加及び施策3（現行の施策2）のタイトルを変更"
    root = make_project(
        tmp_path,
        COMMITTEE.replace("notes: [施策2のタイトルを変更]", f"notes: [{note}]"),
        "committee",
    )
    if connectives:
        own = root / "content" / "committee" / "templates"
        own.mkdir()
        (own / "phrases.yaml").write_text(f"connectives: {connectives}\n", encoding="utf-8")
    built = build_document(Project(root), root / "content" / "committee")
    rows = docx_rows(docx.Document(str(built.files[1])), NOTES)
    found = {_title(cells): cells[NOTES] for cells in rows}
    assert (note in found["創業の支援"]) is printed
