"""The floor: the same document written by a bare script, without planpress.

Reads a project's document.yaml as plain data and writes the same text — the
same paragraphs, table rows and cells, the policy system's current | notes |
revised table — with ReportLab (Paragraph + Table, CJK word wrap, the BIZ UD
TrueType fonts embedded) and python-docx, in a layout like the handout's
(portrait prose, landscape comparison tables, running header, page numbers).
No validation, no places, no templates, no diff beyond listing what changed:
what any build of this content must at least cost.

    python benchmarks/bare.py PROJECT_DIR    # writes PROJECT_DIR/bare/*.pdf, *.docx
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

FONTS = {
    "mincho": "BIZUDMincho-Regular.ttf",
    "gothic": "BIZUDGothic-Regular.ttf",
    "gothic-bold": "BIZUDGothic-Bold.ttf",
}
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- the content as plain data ---------------------------------------------------


def title_in(title, version: str) -> str:
    return title[version] if isinstance(title, dict) else title


def exists_in(item: dict, version: str) -> bool:
    return item.get("only", version) == version


def policy_lines(policy: dict, number: int, version: str) -> list[tuple[str, bool]]:
    """The lines of one policy cell: (text, changed) pairs."""
    tags = "".join(f"（{t}）" for t in policy.get("tags", []))
    lines = [(f"施策方針{number}{tags}", False), (title_in(policy["title"], version), False)]
    measures = [m for m in policy["measures"] if exists_in(m, version)]
    for i, measure in enumerate(measures, 1):
        changed = version == "revised" and (isinstance(measure["title"], dict) or "only" in measure)
        lines.append((f"施策{i} {title_in(measure['title'], version)}", changed))
    return lines


def policy_notes(policy: dict) -> list[str]:
    if policy.get("notes"):
        return list(policy["notes"])
    notes = []
    measures = [m for m in policy["measures"] if exists_in(m, "revised")]
    for i, measure in enumerate(measures, 1):
        if measure.get("only") == "revised":
            notes.append(f"施策{i}を追加")
        elif isinstance(measure["title"], dict):
            notes.append(f"施策{i}のタイトルを変更")
    return notes or ["構成変更なし"]


# -- PDF ---------------------------------------------------------------------------


def pdf_styles() -> dict[str, ParagraphStyle]:
    def style(name, font, size, leading, **kw):
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * leading, wordWrap="CJK", **kw
        )

    return {
        "title": style("title", "gothic-bold", 16, 1.5, alignment=TA_CENTER, spaceAfter=14),
        "h1": style("h1", "gothic-bold", 14, 1.5, spaceAfter=10, keepWithNext=1),
        "h2": style("h2", "gothic-bold", 12, 1.5, spaceBefore=8, spaceAfter=6, keepWithNext=1),
        "body": style(
            "body", "mincho", 11, 1.75, alignment=TA_JUSTIFY, firstLineIndent=11, spaceAfter=4
        ),
        "right": style("right", "mincho", 10.5, 1.5, alignment=TA_RIGHT),
        "mark": style("mark", "gothic-bold", 12, 1.4, alignment=TA_RIGHT),
        "note": style("note", "mincho", 10.5, 1.6, alignment=TA_JUSTIFY),
        "cell": style("cell", "mincho", 10, 1.6, alignment=TA_JUSTIFY),
        "head": style("head", "gothic-bold", 10.5, 1.5, alignment=TA_CENTER),
        "group": style("group", "gothic-bold", 10.5, 1.5),
        "label": style("label", "gothic", 10, 1.6),
    }


def grid(rows, widths, header_rows=1, group_rows=()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows, splitByRow=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#E6E6E6")),
    ]
    for row in group_rows:
        commands += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), colors.HexColor("#F2F2F2")),
        ]
    table.setStyle(TableStyle(commands))
    return table


def pdf_story(data: dict, st: dict[str, ParagraphStyle]) -> list:
    meta = data["document"]
    meeting = meta.get("meeting", {})
    portrait_width = A4[0] - 40 * mm
    landscape_width = landscape(A4)[0] - 32 * mm
    story = [
        Paragraph(esc(meta.get("handout", "")), st["mark"]),
        Paragraph(esc(meeting.get("name", "")), st["right"]),
        Paragraph(str(meeting.get("date", "")), st["right"]),
        Paragraph(esc(meta["title"]) + "（案）", st["title"]),
    ]
    orientation = "portrait"
    for section in data["sections"]:
        kind = section["kind"]
        wanted = "landscape" if kind in ("comparison", "policy_revision") else "portrait"
        if wanted != orientation:
            story += [NextPageTemplate(wanted), PageBreak()]
            orientation = wanted
        width = landscape_width if orientation == "landscape" else portrait_width
        story.append(Paragraph(esc(section["title"]), st["h1"]))
        if kind == "prose":
            story.append(Paragraph(esc(section["heading"]), st["h2"]))
            story += [Paragraph(esc(p), st["body"]) for p in section["paragraphs"]]
        elif kind == "table":
            rows = [[Paragraph(esc(c), st["head"]) for c in section["columns"]]]
            rows += [
                [Paragraph(esc(row[0]), st["label"]), Paragraph(esc(row[1]), st["cell"])]
                for row in section["rows"]
            ]
            story.append(grid(rows, [width * 0.12, width * 0.88]))
        elif kind == "comparison":
            rows = [
                [Paragraph("", st["head"])]
                + [Paragraph(esc(c), st["head"]) for c in section["columns"]]
            ]
            rows += [
                [Paragraph(esc(it["label"]), st["label"])]
                + [Paragraph(esc(it[v]), st["cell"]) for v in ("old", "new")]
                for it in section["items"]
            ]
            story.append(grid(rows, [width * 0.2, width * 0.4, width * 0.4]))
            story += [Paragraph("※" + esc(n), st["note"]) for n in section.get("notes", [])]
        elif kind == "policy_revision":
            if section.get("subtitle"):
                story.append(Paragraph(esc(section["subtitle"]), st["note"]))
            if section.get("heading"):
                story.append(Paragraph(esc(section["heading"]), st["h2"]))
            columns = section.get("columns", {})
            rows = [
                [
                    Paragraph(f"【{esc(columns.get(k, k))}】", st["head"])
                    for k in ("current", "notes", "revised")
                ]
            ]
            group_rows = []
            for group in section["groups"]:
                group_rows.append(len(rows))
                rows.append([Paragraph(f"（{esc(group['title'])}）", st["group"]), "", ""])
                numbers = {"current": 0, "revised": 0}
                for policy in group["policies"]:
                    cells = []
                    for version in ("current", "notes", "revised"):
                        if version == "notes":
                            cells.append(
                                [Paragraph(esc(n), st["label"]) for n in policy_notes(policy)]
                            )
                            continue
                        if not exists_in(policy, version):
                            cells.append("")
                            continue
                        numbers[version] += 1
                        cells.append(
                            [
                                Paragraph(
                                    f"<u>{esc(text)}</u>" if changed else esc(text), st["cell"]
                                )
                                for text, changed in policy_lines(policy, numbers[version], version)
                            ]
                        )
                    rows.append(cells)
            story.append(grid(rows, [width * 0.4, width * 0.2, width * 0.4], 1, group_rows))
    return story


def write_pdf(data: dict, fonts: Path) -> tuple[bytes, int]:
    for key, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(key, str(fonts / file)))
    header = data["document"].get("meeting", {}).get("name", "")

    def decorate(canvas, doc):
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont("mincho", 9)
        if doc.page > 1:
            canvas.drawRightString(width - 20 * mm, height - 12 * mm, header)
        canvas.drawCentredString(width / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, invariant=1, title=data["document"]["title"])
    templates = []
    for name, size, margin_x, margin_top, margin_bottom in (
        ("portrait", A4, 20 * mm, 20 * mm, 18 * mm),
        ("landscape", landscape(A4), 16 * mm, 16 * mm, 14 * mm),
    ):
        frame = Frame(
            margin_x,
            margin_bottom,
            size[0] - 2 * margin_x,
            size[1] - margin_top - margin_bottom,
            0,
            0,
            0,
            0,
            id=name,
        )
        templates.append(PageTemplate(name, [frame], onPage=decorate, pagesize=size))
    doc.addPageTemplates(templates)
    doc.build(pdf_story(data, pdf_styles()))
    return buffer.getvalue(), doc.page


# -- DOCX --------------------------------------------------------------------------


def east_asian(style, family: str, size: float, bold: bool = False) -> None:
    style.font.name = family
    style.font.size = Pt(size)
    style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def write_docx(data: dict) -> bytes:
    doc = Document()
    styles = doc.styles
    east_asian(styles["Normal"], "BIZ UD明朝 Medium", 11)
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12)):
        east_asian(styles[name], "BIZ UDゴシック", size, bold=True)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.header.paragraphs[0].text = data["document"].get("meeting", {}).get("name", "")
    meta = data["document"]
    doc.add_paragraph(meta.get("handout", ""))
    doc.add_paragraph(meta["title"] + "（案）", style="Title")
    orientation = "portrait"
    for part in data["sections"]:
        kind = part["kind"]
        wanted = "landscape" if kind in ("comparison", "policy_revision") else "portrait"
        if wanted != orientation:
            new = doc.add_section()
            new.orientation = WD_ORIENT.LANDSCAPE if wanted == "landscape" else WD_ORIENT.PORTRAIT
            new.page_width, new.page_height = new.page_height, new.page_width
            orientation = wanted
        doc.add_paragraph(part["title"], style="Heading 1")
        if kind == "prose":
            doc.add_paragraph(part["heading"], style="Heading 2")
            for text in part["paragraphs"]:
                doc.add_paragraph(text)
        elif kind == "table":
            table = doc.add_table(rows=0, cols=2, style="Table Grid")
            for row in [part["columns"], *part["rows"]]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
        elif kind == "comparison":
            table = doc.add_table(rows=0, cols=3, style="Table Grid")
            for row in [["", *part["columns"]]] + [
                [it["label"], it["old"], it["new"]] for it in part["items"]
            ]:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
            for note in part.get("notes", []):
                doc.add_paragraph("※" + note)
        elif kind == "policy_revision":
            doc.add_paragraph(part.get("heading", ""), style="Heading 2")
            table = doc.add_table(rows=0, cols=3, style="Table Grid")
            columns = part.get("columns", {})
            for cell, key in zip(table.add_row().cells, ("current", "notes", "revised")):
                cell.text = f"【{columns.get(key, key)}】"
            for group in part["groups"]:
                cells = table.add_row().cells
                merged = cells[0].merge(cells[2])
                merged.text = f"（{group['title']}）"
                numbers = {"current": 0, "revised": 0}
                for policy in group["policies"]:
                    cells = table.add_row().cells
                    cells[1].text = "\n".join(policy_notes(policy))
                    for cell, version in ((cells[0], "current"), (cells[2], "revised")):
                        if not exists_in(policy, version):
                            continue
                        numbers[version] += 1
                        lines = policy_lines(policy, numbers[version], version)
                        cell.text = lines[0][0]
                        for text, changed in lines[1:]:
                            run = cell.add_paragraph().add_run(text)
                            run.font.underline = changed or None
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    source = next((root / "content").glob("*/document.yaml"))
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    out = root / "bare"
    out.mkdir(exist_ok=True)
    pdf, pages = write_pdf(data, root / "fonts")
    (out / "bare.pdf").write_bytes(pdf)
    (out / "bare.docx").write_bytes(write_docx(data))
    print(f"{pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
