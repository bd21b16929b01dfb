"""Check Japanese line-breaking rules on a PDF, from what pdfplumber reads back.

`check_column` takes one column (or table column) by its content edges and
the paragraphs expected in it, in order, and returns a list of problems
(empty = pass): a line starting with a line-start-forbidden character or
ending with an opening bracket; a non-final line of a justified paragraph not
ending within 0.5 pt of the right edge; a character crossing an edge; text
lost, added or reordered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pdfplumber

from planpress.typeset.kinsoku import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, LOOSE_LINE_START

EDGE_TOLERANCE = 0.05  # pt: rounding in the PDF's number formatting
JUSTIFY_TOLERANCE = 0.5  # pt


@dataclass
class Column:
    """A column's content edges (pt, from the page's left) and what it should hold."""

    x0: float
    x1: float
    paragraphs: list[str]
    justified: bool = True
    loose: bool = False  # a narrow cell: the loose set may start a line
    name: str = ""


@dataclass
class PdfLine:
    page: int
    base: float
    chars: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


def read_chars(path) -> list[list[dict]]:
    """Per page, the characters pdfplumber finds: text, x0, x1 and baseline y."""
    with pdfplumber.open(path) as pdf:
        return [
            [
                {"text": c["text"], "x0": c["x0"], "x1": c["x1"], "base": c["matrix"][5]}
                for c in page.chars
            ]
            for page in pdf.pages
        ]


def column_lines(pages: list[list[dict]], column: Column) -> list[PdfLine]:
    """The column's lines in reading order: chars whose centre is within its edges."""
    lines: dict[tuple[int, float], PdfLine] = {}
    for number, chars in enumerate(pages):
        for c in chars:
            centre = (c["x0"] + c["x1"]) / 2
            if column.x0 - 1 <= centre <= column.x1 + 1:
                key = (number, -round(c["base"], 1))  # same baseline = same line
                lines.setdefault(key, PdfLine(number, key[1])).chars.append(c)
    ordered = [lines[k] for k in sorted(lines)]
    for line in ordered:
        line.chars.sort(key=lambda c: c["x0"])
    return ordered


def check_column(pages: list[list[dict]], column: Column) -> list[str]:
    """Problems found in one column (see the module docstring)."""
    problems: list[str] = []
    lines = column_lines(pages, column)
    label = column.name or f"column {column.x0:.1f}–{column.x1:.1f}"
    final = _final_lines(lines, column.paragraphs, problems, label)
    for i, line in enumerate(lines):
        where = f"{label}, page {line.page + 1}, line {line.text!r}"
        first, last = line.chars[0], line.chars[-1]
        start_ok = first["text"] not in LINE_START_FORBIDDEN or (
            column.loose and first["text"] in LOOSE_LINE_START
        )
        if not start_ok:
            problems.append(f"{where}: starts with {first['text']!r}")
        if last["text"] in LINE_END_FORBIDDEN:
            problems.append(f"{where}: ends with {last['text']!r}")
        for c in line.chars:
            if c["x0"] < column.x0 - EDGE_TOLERANCE or c["x1"] > column.x1 + EDGE_TOLERANCE:
                problems.append(
                    f"{where}: {c['text']!r} crosses the edge ({c['x0']:.2f}–{c['x1']:.2f})"
                )
        if (
            column.justified
            and i not in final
            and len(line.chars) > 1
            and abs(last["x1"] - column.x1) > JUSTIFY_TOLERANCE
        ):
            problems.append(f"{where}: ends {column.x1 - last['x1']:.2f} pt short of the edge")
    return problems


def _final_lines(lines: list[PdfLine], paragraphs: list[str], problems: list[str], label: str):
    """Indices of lines that end a paragraph; reports text lost, added or reordered.

    Spaces are ignored: the composer drops a space where it breaks a line.
    """
    expected = [p.replace(" ", "") for p in paragraphs]
    final: set[int] = set()
    para, pos = 0, 0
    for i, line in enumerate(lines):
        got = line.text.replace(" ", "")
        while para < len(expected) and not expected[para]:
            para += 1
        if para >= len(expected):
            problems.append(f"{label}: text beyond the expected paragraphs: {got!r}")
            return final
        want = expected[para][pos : pos + len(got)]
        if got != want:
            problems.append(f"{label}: line {got!r} where {want!r} was expected")
            return final
        pos += len(got)
        if pos == len(expected[para]):
            final.add(i)
            para, pos = para + 1, 0
    if para < len(expected) and any(expected[para:]):
        problems.append(f"{label}: text lost from {expected[para][pos : pos + 20]!r}")
    return final
