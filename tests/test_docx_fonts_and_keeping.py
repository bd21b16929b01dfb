"""The DOCX looks right on any machine: it carries its BIZ UD faces (subset,
embedded as Word does), and what stands above a table keeps with it in both
writers (one rule, writers/layout.kept_with_next)."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from planpress import ir
from planpress.content.load import load_plan
from planpress.pipeline import Project, build_document, document_tree, style_sheet
from planpress.writers import layout
from planpress.writers.docx.embed import obfuscate

from .conftest import EXAMPLE, ROOT
from .helpers.office import convert_to_pdf, fallback_only_fontconfig, pdf_font_names
from .helpers.projects import make_project
from .helpers.textutil import squeeze

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def embedded_fonts(path) -> dict[tuple[str, str], TTFont]:
    """(family, embedRegular|embedBold) → the de-obfuscated font."""
    with zipfile.ZipFile(path) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels_name = "word/_rels/fontTable.xml.rels"
        rels = etree.fromstring(package.read(rels_name)) if rels_name in package.namelist() else []
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        found = {}
        for font in table.iter(w("font")):
            for kind in ("embedRegular", "embedBold"):
                embed = font.find(w(kind))
                if embed is None:
                    continue
                data = package.read("word/" + targets[embed.get(f"{{{R}}}id")])
                key = embed.get(w("fontKey"))
                found[font.get(w("name")), kind] = TTFont(io.BytesIO(obfuscate(data, key)))
        return found


def document_characters(path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return {c for t in body.iter(w("t")) for c in (t.text or "") if not c.isspace()}


def test_docx_carries_each_face_subset_and_named_as_word_expects(example, project):
    sheet = style_sheet(project, EXAMPLE)
    fonts = embedded_fonts(example.docx)
    expected = {(f.family, "embedBold" if f.bold else "embedRegular") for f in sheet.fonts.values()}
    assert set(fonts) == expected
    used = document_characters(example.docx)
    for (family, _), font in fonts.items():
        names = {r.toUnicode() for r in font["name"].names if r.nameID == 1}
        assert family in names  # the name Word looks it up by: BIZ UD明朝 Medium
        assert used <= {chr(c) for c in font.getBestCmap()}  # every character drawable
        original = TTFont(next(f.path for f in sheet.fonts.values() if f.family == family))
        assert font["maxp"].numGlyphs < original["maxp"].numGlyphs / 10  # a subset
    with zipfile.ZipFile(example.docx) as package:
        settings = package.read("word/settings.xml").decode()
        types = package.read("[Content_Types].xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings and "<w:saveSubsetFonts/>" in settings
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types


def test_embedding_can_be_turned_off_in_the_style_sheet(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    style = tmp_path / "templates" / "style.yaml"
    text = style.read_text(encoding="utf-8")
    assert "embed_fonts: true" in text
    style.write_text(text.replace("embed_fonts: true", "embed_fonts: false"), encoding="utf-8")
    make_project(tmp_path, (EXAMPLE / "document.yaml").read_bytes(), "doc")
    built = build_document(Project(tmp_path), tmp_path / "content" / "doc")
    path = next(p for p in built.files if p.suffix == ".docx")
    assert embedded_fonts(path) == {}
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if n.endswith(".odttf")]
        assert "embedTrueTypeFonts" not in package.read("word/settings.xml").decode()


# -- keep with next ------------------------------------------------------------------


def test_the_rule_keeps_headings_captions_and_notes_with_the_table(project):
    sheet = style_sheet(project, EXAMPLE)

    def p(style):
        return ir.Paragraph([ir.Text("x")], style=style)

    table = ir.Table([1], [])
    blocks = [table, p("note"), p("note"), ir.Heading(1, []), p("note"), ir.Heading(2, [])]
    blocks += [p("convention"), table]
    # the notes below the first table stay free; from the heading on, all keep
    assert layout.kept_with_next(sheet, blocks) == {3, 4, 5, 6}
    # no heading: only the caption right above the table; running text never
    assert layout.kept_with_next(sheet, [p("body"), p("note"), table]) == {1}
    assert layout.kept_with_next(sheet, [p("body"), table]) == set()
    # a heading keeps with running text too
    assert layout.kept_with_next(sheet, [ir.Heading(1, []), p("body")]) == {0}


def test_docx_marks_the_caption_and_the_tables_first_row(example):
    document = docx.Document(str(example.docx))
    caption = next(p for p in document.paragraphs if p.text == "（下線部分は変更箇所）")
    assert caption.paragraph_format.keep_with_next
    for table in document.tables[1:]:  # the comparison tables, below such captions
        for cell in table.rows[0].cells:
            assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


def kept_texts(project) -> set[str]:
    """The texts of every block the rule keeps with the next (headings, captions …)."""
    plan = load_plan(EXAMPLE / "document.yaml")
    tree = document_tree(project, EXAMPLE, plan, "handout")
    sheet = style_sheet(project, EXAMPLE)
    texts = set()
    for section in tree.sections:
        for index in layout.kept_with_next(sheet, section.children):
            texts.add(squeeze(ir.plain_text(section.children[index].children)))
    return texts


def last_lines(pdf) -> list[str]:
    """Each page's last line of text above the page number."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            text = [squeeze(t) for t in (page.extract_text() or "").splitlines() if t.strip()]
            text = [t for t in text if not (t.startswith("-") and t.endswith("-"))]
            lines.append(text[-1] if text else "")
    return lines


@pytest.fixture(scope="module")
def rendered_without_bizud(example, tmp_path_factory):
    folder = tmp_path_factory.mktemp("no-bizud")
    return convert_to_pdf(example.docx, folder, fallback_only_fontconfig(folder))


def test_libreoffice_without_bizud_uses_the_embedded_faces(rendered_without_bizud, project):
    sheet = style_sheet(project, EXAMPLE)
    ours = {face.path.stem for face in sheet.fonts.values()}  # BIZUDMincho-Regular …
    assert pdf_font_names(rendered_without_bizud) == ours


@pytest.mark.parametrize("which", ["libreoffice", "reportlab"])
def test_no_page_ends_with_a_heading_or_caption(which, rendered_without_bizud, example, project):
    pdf = rendered_without_bizud if which == "libreoffice" else example.pdf
    kept = kept_texts(project)
    assert "（下線部分は変更箇所）" in kept
    ends = last_lines(pdf)
    assert len(ends) > 1
    assert [line for line in ends if line in kept] == []
