"""Reading back what reached the outputs, as a user's tools would."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import yaml

from planpress.content.shapes import NOT_TEXT_KEYS  # ids, kinds, dates, flags: not printed

WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without white space: line breaks fall anywhere in typeset text."""
    return WHITESPACE.sub("", text)


def pdf_text(path: Path) -> str:
    """Each page's running text, then each table cell's text on its own.

    Reading a whole page line by line would interleave the columns of a
    table; a reader reads a cell at a time.
    """
    parts: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj, boxes=boxes):
                if obj.get("object_type") != "char":
                    return True
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            parts.append(page.filter(outside).extract_text() or "")
            for table in tables:
                for row in table.rows:
                    for cell in row.cells:
                        if cell is not None:
                            parts.append(page.crop(cell).extract_text() or "")
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    """Body paragraphs and every table cell, in document order."""
    document = docx.Document(str(path))
    parts: list[str] = []
    body = document.element.body
    for element in body.iter():
        if element.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")))
    return "\n".join(parts)


def content_strings(path: Path) -> list[str]:
    """Every text value of a content file (identifiers, kinds and dates aside)."""
    found: list[str] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in NOT_TEXT_KEYS:
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and value.strip():
            found.append(value.strip())

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found
