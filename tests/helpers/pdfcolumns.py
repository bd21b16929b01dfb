"""Reading one column of a PDF table as a reader does: top to bottom, page
after page, the column found by its header cell and the table's rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnLine:
    page: int  # 0-based
    top: float
    x0: float
    x1: float
    text: str


def _find(page, text: str) -> list[dict] | None:
    """The characters of the first occurrence of `text` inside a table cell."""
    chars = page.chars
    joined = "".join(c["text"] for c in chars)
    at = joined.find(text)
    while at >= 0:
        found = chars[at : at + len(text)]
        if _rules_around(page, found):
            return found
        at = joined.find(text, at + 1)
    return None


def _rules_around(page, chars: list[dict]) -> list[float]:
    top = chars[0]["top"]
    return sorted(
        {
            round(e["x0"], 2)
            for e in page.edges
            if e["orientation"] == "v" and e["top"] <= top + 1 and e["bottom"] >= top
        }
    )


def column_edges(page, header: str) -> tuple[float, float, float]:
    """The rules left and right of the column headed `header`, and the
    header's bottom (pt from the page top)."""
    chars = _find(page, header)
    assert chars, f"no header {header} on page {page.page_number}"
    middle = (chars[0]["x0"] + chars[-1]["x1"]) / 2
    rules = _rules_around(page, chars)
    left = max(x for x in rules if x < middle)
    right = min(x for x in rules if x > middle)
    return left, right, max(c["bottom"] for c in chars)


def column_lines(pdf, header: str) -> list[ColumnLine]:
    """Every line of text in the column, in reading order, on every page
    that shows the header (it repeats on continued pages)."""
    lines: list[ColumnLine] = []
    for number, page in enumerate(pdf.pages):
        if not _find(page, header):
            continue
        left, right, below = column_edges(page, header)
        table_bottom = max(e["bottom"] for e in page.edges if e["orientation"] == "v")
        chars = [
            c
            for c in page.chars
            if left < (c["x0"] + c["x1"]) / 2 < right and below + 1 < c["top"] < table_bottom
        ]
        rows: dict[float, list[dict]] = {}
        for c in chars:
            rows.setdefault(round(c["bottom"], 1), []).append(c)
        for bottom in sorted(rows):
            line = sorted(rows[bottom], key=lambda c: c["x0"])
            text = "".join(c["text"] for c in line)
            lines.append(ColumnLine(number, line[0]["top"], line[0]["x0"], line[-1]["x1"], text))
    return lines


def docx_rows(document, header: str) -> list[dict[str, list[str]]]:
    """The body rows of the DOCX table with a header cell `header`: per row,
    each column's paragraphs by the column's header text. A table the writer
    parted (one Word table per group, each under the column heads) reads as
    one: the rows of every part, in order."""
    rows = []
    for table in document.tables:
        head = [cell.text for cell in table.rows[0].cells]
        if header in head:
            rows += [
                {h: [p.text for p in cell.paragraphs if p.text] for h, cell in zip(head, row.cells)}
                for row in table.rows[1:]
            ]
    assert rows, f"no table headed {header}"
    return rows
