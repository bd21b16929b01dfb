"""The floor for the plan book: its official edition written by a bare script.

Reads a plan book's document.yaml as plain data (the revised side of every
`{current, revised}` text, without the items `only: current`) and writes the
same blocks with ReportLab (headings in the outline, a 目次 with page numbers
by ReportLab's own two-pass TableOfContents, paragraphs, lists, tables, the
figures, the policy system as indented lines) and python-docx (Word headings,
tables, pictures). No validation, numbering by counting, no diagram boxes:
what any build of this book must at least cost.

    python benchmarks/bare_book.py DOCUMENT_YAML OUT_DIR
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from docx import Document
from docx.shared import Mm
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from benchmarks.bare import FONTS, Loader, esc, pdf_styles

LEVELS = ("第{n}章", "{n}", "({n})", "{n}")


def revised(value):
    """A text's revised side."""
    return str(value["revised"] if isinstance(value, dict) else value)


def present(item) -> bool:
    return not (isinstance(item, dict) and item.get("only") == "current")


def blocks(body, level: int):
    """(kind, level, payload) of each block, revised side, in order."""
    n = 0
    for block in body:
        if not present(block):
            continue
        if not isinstance(block, dict) or set(block) == {"current", "revised"}:
            yield "p", level, revised(block)
        elif "body" in block:
            n += 1
            yield "h", level + 1, f"{LEVELS[min(level, 3)].format(n=n)} {revised(block['title'])}"
            yield from blocks(block["body"], level + 1)
        elif "text" in block:
            yield "p", level, revised(block["text"])
        elif "note" in block:
            yield "p", level, "※" + revised(block["note"])
        elif "list" in block:
            for item in block["list"]:
                if present(item):
                    yield (
                        "p",
                        level,
                        "・"
                        + revised(
                            item["text"] if isinstance(item, dict) and "text" in item else item
                        ),
                    )
        elif "table" in block:
            rows = [block["columns"]] if "columns" in block else []
            for row in block["rows"]:
                if present(row):
                    cells = row["cells"] if isinstance(row, dict) and "cells" in row else row
                    rows.append(
                        [
                            revised(c["text"] if isinstance(c, dict) and "text" in c else c)
                            for c in cells
                        ]
                    )
            yield "p", level, revised(block["table"])
            yield "table", level, rows
        elif "indicators" in block:
            rows = [["指標", "現状値（年度）", "目標値（年度）", "単位"]]
            for r in block["rows"]:
                if present(r):
                    rows.append(
                        [
                            revised(r["name"]),
                            f"{revised(r['baseline'])}（{revised(r.get('baseline_year', ''))}）",
                            f"{revised(r['target'])}（{revised(r.get('target_year', ''))}）",
                            revised(r.get("unit", "")),
                        ]
                    )
            yield "table", level, rows
        elif "figure" in block:
            yield "figure", level, block["figure"]
            yield "p", level, revised(block["caption"])
        elif "glossary" in block:
            yield (
                "table",
                level,
                [[revised(t["term"]), revised(t["text"])] for t in block["glossary"] if present(t)],
            )
        elif "policies" in block:

            def walk(items, depth):
                for item in items:
                    if present(item):
                        yield "p", level, "　" * depth + revised(item["title"])
                        if "text" in item:
                            yield "p", level, revised(item["text"])
                        yield from walk(item.get("children", []), depth + 1)

            yield from walk(block["policies"], 0)


class Book(BaseDocTemplate):
    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            text = flowable.getPlainText()
            self.notify("TOCEntry", (level, text, self.page))
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level)


def write_pdf(data: dict, folder: Path) -> bytes:
    st = pdf_styles()
    out = io.BytesIO()
    doc = Book(out, pagesize=A4)
    frame = Frame(20 * mm, 18 * mm, A4[0] - 40 * mm, A4[1] - 38 * mm)

    def foot(canvas, doc):
        canvas.setFont("mincho", 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")

    doc.addPageTemplates([PageTemplate("p", [frame], onPage=foot)])
    toc = TableOfContents()
    toc.levelStyles = [st["h2"], st["body"]]
    story = [Paragraph(esc(data["document"]["plan"]), st["title"]), PageBreak(), toc]
    for section in data["sections"]:
        if section.get("kind") != "chapter" or not present(section):
            continue
        story.append(PageBreak())
        heading = Paragraph(esc(revised(section["title"])), st["h1"])
        heading.toc_level = 0
        story.append(heading)
        for kind, level, payload in blocks(section["body"], 1):
            if kind == "h":
                p = Paragraph(esc(payload), st["h2"])
                if level <= 2:
                    p.toc_level = 1
                story.append(p)
            elif kind == "p":
                story.append(Paragraph(esc(payload), st["body"]))
            elif kind == "table":
                width = len(max(payload, key=len))
                rows = [
                    [Paragraph(esc(c), st["cell"]) for c in row] + [""] * (width - len(row))
                    for row in payload
                ]
                table = Table(rows, colWidths=[(A4[0] - 40 * mm) / width] * width, repeatRows=1)
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
                story.append(table)
            elif kind == "figure":
                story.append(Image(str(folder / payload), width=120 * mm, height=70 * mm))
    doc.multiBuild(story)
    return out.getvalue()


def write_docx(data: dict, folder: Path) -> bytes:
    document = Document()
    document.add_heading(data["document"]["plan"], 0)
    for section in data["sections"]:
        if section.get("kind") != "chapter" or not present(section):
            continue
        document.add_heading(revised(section["title"]), 1)
        for kind, level, payload in blocks(section["body"], 1):
            if kind == "h":
                document.add_heading(payload, min(level, 4))
            elif kind == "p":
                document.add_paragraph(payload)
            elif kind == "table":
                width = len(max(payload, key=len))
                table = document.add_table(rows=len(payload), cols=width)
                for r, row in enumerate(payload):
                    for c, text in enumerate(row):
                        table.cell(r, c).text = text
            elif kind == "figure":
                document.add_picture(str(folder / payload), width=Mm(120))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main(source: Path, out: Path, fonts: Path) -> None:
    for key, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(key, str(fonts / file)))
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    out.mkdir(parents=True, exist_ok=True)
    (out / "book.pdf").write_bytes(write_pdf(data, source.parent))
    (out / "book.docx").write_bytes(write_docx(data, source.parent))


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]), Path(sys.argv[2]), root / "fonts")
