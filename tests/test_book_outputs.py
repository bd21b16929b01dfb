"""The plan book example, built through the CLI in both editions and read back
as a user would: every text of the right version in the PDF (cell by cell) and
the DOCX, no superseded text in the official edition, underlines under exactly
the changed characters of every 新旧対照表, a 目次 whose page numbers are true,
outline levels, the 施策体系図, and LibreOffice's page count of the DOCX."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest

from planpress.cli import main
from planpress.content.load import load_plan
from planpress.pipeline import Project, style_sheet
from planpress.revision.book_diff import book_changes
from planpress.revision.phrases import load_phrasebook

from .conftest import ROOT
from .helpers.booktext import superseded, version_texts
from .helpers.office import convert_to_pdf, fontconfig_file
from .helpers.tabletext import glyphs, marked_places
from .helpers.textutil import docx_text, pdf_text, squeeze

ROW_JOIN = load_phrasebook([ROOT / "templates"]).row_join  # the catalogue's 「／」

NAME = "misakino-kanko-plan"
BOOK = ROOT / "content" / NAME
PLAN = load_plan(BOOK / "document.yaml")
EDITIONS = ("handout", "official")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Both editions of the book, built by `planpress build` in a scratch project."""
    root = tmp_path_factory.mktemp("book")
    for folder in ("templates", "fonts"):
        (root / folder).symlink_to(ROOT / folder)
    (root / "content").mkdir()
    (root / "content" / NAME).symlink_to(BOOK)
    out = {}
    for edition in EDITIONS:
        assert main(["build", NAME, "--edition", edition, "--root", str(root)]) == 0
        base = root / "output" / NAME / f"{NAME}-{edition}"
        out[edition] = {"pdf": base.with_suffix(".pdf"), "docx": base.with_suffix(".docx")}
    return out


@pytest.fixture(scope="module")
def official_text(built) -> dict[str, str]:
    paths = built["official"]
    return {"pdf": squeeze(pdf_text(paths["pdf"])), "docx": squeeze(docx_text(paths["docx"]))}


# --- the official edition: the revised plan, and only it ------------------------------


def test_the_book_has_at_least_thirty_a4_pages(built):
    reader = pypdf.PdfReader(built["official"]["pdf"])
    assert len(reader.pages) >= 30
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_revised_text_reaches_the_official_edition(official_text, fmt):
    texts = version_texts(PLAN, "revised")
    assert len(texts) > 300
    missing = [t for t in texts if squeeze(t) not in official_text[fmt]]
    assert missing == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_superseded_text_in_the_official_edition(official_text, fmt):
    gone = superseded(PLAN)
    assert len(gone) >= 20  # the revision touches prose, numbers, policies and the roster
    present = [t for t in gone if squeeze(t) in official_text[fmt]]
    assert present == []


def test_the_cover_names_plan_revision_and_municipality_and_says_fictional(built):
    with pdfplumber.open(built["official"]["pdf"]) as pdf:
        cover = squeeze(pdf.pages[0].extract_text())
    for text in ("みさき野市観光振興計画", "令和7年3月中間見直し", "令和3年3月策定", "架空"):
        assert text in cover


# --- 目次, outline, headings ----------------------------------------------------------


def _footer_numbers(pdf) -> list[str]:
    """Each page as the 目次 names it, read from its foot: the number of a
    「- 3 -」 footer, a part's own form as printed (資-3); a page that shows
    none after the first numbered one (a chapter's title page, counted) takes
    the label before the next page's; '' before the numbering starts."""
    sheet = style_sheet(Project(ROOT), BOOK)
    forms = [sheet.page_number, *sheet.part_page_numbers.values()]
    patterns = [
        re.compile(re.escape(squeeze(f)).replace(re.escape("{page}"), r"(\d+)") + "$")
        for f in forms
    ]
    found: list[tuple[int, str] | None] = []
    for page in pdf.pages:
        foot = squeeze(
            page.crop((0, page.height - 60, page.width, page.height)).extract_text() or ""
        )
        hit = next(((i, m) for i, p in enumerate(patterns) if (m := p.search(foot))), None)
        found.append(None if hit is None else (hit[0], hit[1].group(1)))
    for index in range(len(found) - 2, -1, -1):  # a bare page: one before the next
        after = found[index + 1]
        numbered_before = any(f is not None for f in found[:index])
        if found[index] is None and after is not None and int(after[1]) > 1 and numbered_before:
            found[index] = (after[0], str(int(after[1]) - 1))
    labels = []
    for item in found:
        if item is None:
            labels.append("")
        elif item[0] == 0:
            labels.append(item[1])
        else:
            labels.append(squeeze(forms[item[0]].format(page=item[1])))
    return labels


def test_contents_page_numbers_are_the_pages_of_the_headings(built):
    with pdfplumber.open(built["official"]["pdf"]) as pdf:
        footers = _footer_numbers(pdf)
        toc_pages = [i for i, p in enumerate(pdf.pages) if "目次" in (p.extract_text() or "")[:40]]
        assert toc_pages
        entries = []
        for index in range(toc_pages[0], len(pdf.pages)):
            lines = (pdf.pages[index].extract_text() or "").splitlines()
            body = [ln for ln in lines if re.search(r"[.…・]{2,}\s*\S*\d+$|\s\S*\d+$", ln)]
            if not body:
                break
            entries += body
        texts = [squeeze(p.extract_text() or "") for p in pdf.pages]
    parsed = []
    for line in entries:
        match = re.match(r"^(.*?)[\s.…・]*(\S*?\d+)$", line)
        title, number = squeeze(match.group(1)), match.group(2)
        parsed.append((title, number))
    chapters = [
        c.part for c in PLAN.chapters if c.part.exists.revised and c.editions != ("handout",)
    ]
    expected_titles = [squeeze(c.number.revised + c.title.revised) for c in chapters]
    got_titles = [t for t, _ in parsed]
    for title in expected_titles:
        assert title in got_titles, (title, got_titles)
    for title, number in parsed:
        page = footers.index(number)
        assert title in texts[page] or title.lstrip("第0123456789章") in texts[page], (
            title,
            number,
        )


def test_pdf_outline_has_chapters_with_their_sections(built):
    reader = pypdf.PdfReader(built["official"]["pdf"])
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    nested = [item for item in outline if isinstance(item, list)]
    assert any("計画の策定にあたって" in t for t in top)
    assert any("資料編" in t for t in top)
    assert len(nested) >= 5
    flat = [i.title for group in nested for i in group if not isinstance(i, list)]
    assert any("計画の位置付け" in t for t in flat)


def test_docx_has_a_toc_field_and_headings_with_outline_levels(built):
    path = built["official"]["docx"]
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert re.search(r"TOC \\o", xml)
    document = docx.Document(str(path))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert any(s == "Heading 1" and "計画の策定にあたって" in t for s, t in headings)
    assert any(s == "Heading 2" and "計画の位置付け" in t for s, t in headings)


def _chapter_starts(pdf) -> list[int]:
    """The page (0-based) each chapter and the 資料編 begins on, read with
    pdfplumber: the first page after the 目次 that names it (its 中扉; the
    running header names it only on the pages after)."""
    texts = [squeeze(p.extract_text() or "") for p in pdf.pages]
    contents = max(i for i, t in enumerate(texts) if t.startswith(squeeze(PLAN_TITLE) + "目次"))
    starts = []
    for chapter in PLAN.chapters:
        part = chapter.part
        if not part.exists.revised or not (part.number.revised or part.appendix):
            continue  # はじめに is not a chapter
        title = squeeze(part.number.revised + part.title.revised)
        starts.append(next(i for i in range(contents + 1, len(texts)) if title in texts[i]))
    return starts


PLAN_TITLE = PLAN.meta.plan


def test_chapters_begin_on_right_hand_pages_of_the_two_sided_book(built):
    """The book is printed on both sides: each chapter (its 中扉) and the
    資料編 on an odd page, odd page numbers on the right; a verso left blank
    before a chapter shows nothing (no running header, no page number)."""
    with pdfplumber.open(built["official"]["pdf"]) as pdf:
        starts = _chapter_starts(pdf)
        footers = _footer_numbers(pdf)
        texts = [(p.extract_text() or "").strip() for p in pdf.pages]
    assert len(starts) >= 6
    assert [i + 1 for i in starts if i % 2] == []  # 1-based page numbers, all odd
    numbers = [(i, re.search(r"\d+", f)) for i, f in enumerate(footers) if f]
    assert all(int(n.group()) % 2 == (i + 1) % 2 for i, n in numbers)
    blank = [i for i, t in enumerate(texts) if not t]
    assert blank and all(i + 1 in starts or footers[i + 1] in ("1",) for i in blank)
    # the outline leads to the pages the chapters begin on, past the blank pages
    reader = pypdf.PdfReader(built["official"]["pdf"])
    top = [item for item in reader.outline if not isinstance(item, list)]
    pages = [reader.get_destination_page_number(item) for item in top]
    assert set(starts) <= set(pages), (starts, pages)


def test_libreoffice_pages_within_ten_percent_of_the_pdf(built, tmp_path):
    project = Project(ROOT)
    sheet = style_sheet(project, BOOK)
    fontconfig = fontconfig_file(sheet, ROOT / "fonts", tmp_path)
    rendered = convert_to_pdf(built["official"]["docx"], tmp_path, fontconfig)
    ours = len(pypdf.PdfReader(built["official"]["pdf"]).pages)
    theirs = len(pypdf.PdfReader(rendered).pages)
    assert abs(theirs - ours) <= 0.1 * ours, (ours, theirs)
    # as printed from LibreOffice: each chapter on a right-hand (odd) page
    with pdfplumber.open(rendered) as pdf:
        starts = _chapter_starts(pdf)
    assert len(starts) >= 6 and [i + 1 for i in starts if i % 2] == []


def test_the_policy_diagram_has_every_revised_item_in_its_own_box(built):
    items = [i for c in PLAN.chapters for i in _items(c.part) if i.exists.revised]
    assert len(items) >= 27
    with pdfplumber.open(built["official"]["pdf"]) as pdf:
        page = max(pdf.pages, key=lambda p: len(p.rects))
        boxes = [
            (r, squeeze(page.crop((r["x0"], r["top"], r["x1"], r["bottom"])).extract_text() or ""))
            for r in page.rects
            if r["width"] > 20 and r["height"] > 8
        ]
        lines = page.lines + page.curves
    boxes = [(r, t) for r, t in boxes if t]
    texts = [t for _, t in boxes]
    missing = [
        i.title.revised
        for i in items
        if not any(squeeze(i.number.revised + i.title.revised) in t for t in texts)
    ]
    assert missing == []
    for k, (a, _) in enumerate(boxes):  # boxes do not overlap
        for b, _ in boxes[k + 1 :]:
            overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
    assert len(lines) >= len(items)  # connectors: at least one segment per child


def _items(part):
    for block in part.body:
        if getattr(block, "kind", "") == "part":
            yield from _items(block)
        elif getattr(block, "kind", "") == "policies":
            yield from block.walk()


# --- the handout: 新旧対照表 with underlines under exactly the changed characters -----------


def _flags(spans) -> list[tuple[str, bool]]:
    return [(ch, s.changed) for s in spans for ch in s.text if not ch.isspace()]


@pytest.fixture(scope="module")
def handout_cells(built):
    """(table's first header, column header, glyphs) for every body cell of the handout."""
    cells = []
    with pdfplumber.open(built["handout"]["pdf"]) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                header, *rows = table.rows
                heads = [
                    (c, squeeze(page.crop(c).extract_text() or "") if c else "")
                    for c in header.cells
                ]
                kind = heads[0][1] if heads else ""
                for row in rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        label = next((t for h, t in heads if h and abs(h[0] - cell[0]) < 1), "")
                        found = [g for g in glyphs(page, cell) if not g.text.isspace()]
                        cells.append((kind, label, found))
    return cells


def _check_marks(cells, expected, kinds, whole=()) -> None:
    """Each expected text found in a cell of its column with exactly its marks;
    no other underlined glyph in tables of `kinds` except in cells of `whole`
    (texts underlined whole, checked on the pages: their cell may run over a
    page break, where no table rule closes it)."""
    in_kinds = [(column if kind in kinds else None, found) for kind, column, found in cells]
    covered = set()
    for label, chars in expected:
        covered |= marked_places(in_kinds, label, chars)
    stray = [
        (column, g.text)
        for c, (kind, column, found) in enumerate(cells)
        if kind in kinds
        for i, g in enumerate(found)
        if g.underlined
        and (c, i) not in covered
        and not any("".join(x.text for x in found) in w for w in whole)
    ]
    assert stray == []


LABELS = {"current": "【現行計画】", "revised": "【中間見直し後】"}


@pytest.fixture(scope="module")
def handout_glyphs(built):
    with pdfplumber.open(built["handout"]["pdf"]) as pdf:
        return [g for page in pdf.pages for g in glyphs(page) if not g.text.isspace()]


def test_prose_comparison_underlines_exactly_the_changed_characters(handout_cells, handout_glyphs):
    units = [u for u in book_changes(PLAN.chapters, [], ROW_JOIN).texts if u.changed]
    assert len(units) >= 15
    expected, whole = [], []
    for unit in units:
        if unit.lines:  # a whole part added or removed: each of its texts, underlined
            whole.append(squeeze("".join(unit.lines)))
            continue
        if unit.status != "added":
            expected.append((LABELS["current"], _flags(unit.diff.old)))
        if unit.status != "removed":
            expected.append((LABELS["revised"], _flags(unit.diff.new)))
    _check_marks(handout_cells, expected, {"箇所"}, whole)
    assert len(whole) >= 2
    stream = "".join(g.text for g in handout_glyphs if g.underlined)
    for text in whole:  # every text of an added or removed part, underlined
        assert text in stream


def test_indicator_comparison_underlines_the_changed_numbers(handout_cells):
    table = book_changes(PLAN.chapters, [], ROW_JOIN).indicators[0]
    expected = []
    for row in table.rows:
        for side, label in (("old", "current"), ("new", "revised")):
            for field in ("baseline", "target"):
                value = _flags(getattr(getattr(row, field), side))
                if not value:
                    continue
                unit = _flags(getattr(row.unit, side))
                year = _flags(getattr(getattr(row, f"{field}_year"), side))
                chars = value + unit + ([("（", False), *year, ("）", False)] if year else [])
                column = f"{LABELS[label]}{'現状値' if field == 'baseline' else '目標値'}（年度）"
                expected.append((column, chars))
        if row.status == "removed" or row.name.changed:
            expected.append(("指標", _flags(row.name.old)))
        if row.status != "removed":
            expected.append(("指標", _flags(row.name.new)))
    changed = [c for _, c in expected if any(on for _, on in c)]
    assert len(changed) >= 8
    _check_marks(handout_cells, expected, {"指標"})


def test_policy_comparison_marks_moves_additions_and_retitles(handout_cells):
    table = book_changes(PLAN.chapters, ["ch4"], ROW_JOIN).policies[0]
    expected = []
    for row in table.rows:
        for side in ("current", "revised"):
            own = getattr(row, side)
            if own is not None:
                label = [(ch, own.whole or own.renumbered) for ch in row.level + own.number]
                expected += [(LABELS[side], label), (LABELS[side], _flags(own.title))]
        for side, children in (
            ("current", row.current_children),
            ("revised", row.revised_children),
        ):
            for c in children:
                number = [(ch, c.whole or c.renumbered) for ch in c.number]
                expected.append((LABELS[side], number + _flags(c.title)))
    moved = [e for e in expected if all(on for _, on in e[1])]
    assert len(moved) >= 4  # the moved measure on both sides, additions, a removal
    _check_marks(handout_cells, expected, {"【現行計画】"})


def test_docx_handout_underlines_the_changed_words(built):
    document = docx.Document(str(built["handout"]["docx"]))
    marked = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    marked.append(
                        "".join(f"[{r.text}]" if r.font.underline else r.text for r in p.runs)
                    )
    text = "\n".join(marked).replace("][", "")
    unit = next(
        u
        for u in book_changes(PLAN.chapters, [], ROW_JOIN).texts
        if u.changed and "第7次みさき野市総合計画に掲げる" in u.diff.new_text
    )
    new = "".join(f"[{s.text}]" if s.changed else s.text for s in unit.diff.new).replace("][", "")
    old = "".join(f"[{s.text}]" if s.changed else s.text for s in unit.diff.old).replace("][", "")
    assert new in text and old in text


def test_handout_places_name_the_page_of_the_official_book(built):
    from planpress.pipeline import document as pipeline_document

    project = Project(ROOT)
    pages = pipeline_document.book_pages(project, BOOK, PLAN, style_sheet(project, BOOK))
    parts = {p.id: p for c in PLAN.chapters for p in _parts(c.part) if p.exists.revised}
    assert set(pages) >= set(parts) - {c.id for c in PLAN.chapters}
    with pdfplumber.open(built["official"]["pdf"]) as pdf:
        footers = _footer_numbers(pdf)
        texts = [squeeze(p.extract_text() or "") for p in pdf.pages]
    for ident, number in pages.items():
        if ident in parts:
            assert squeeze(parts[ident].title.revised) in texts[footers.index(number)], ident
    handout = squeeze(pdf_text(built["handout"]["pdf"]))
    position = parts["ch1-position"]
    assert f"{squeeze(position.title.revised)}（p.{pages['ch1-position']}）" in handout


def _parts(part):
    yield part
    for block in part.body:
        if getattr(block, "kind", "") == "part":
            yield from _parts(block)
