"""Reading a comparison table back: the document tree's text with underlines
marked as [..], and the PDF's underline rules mapped to the characters above.
"""

from __future__ import annotations

from dataclasses import dataclass

from planpress import ir


def marked(inlines: list[ir.Inline]) -> str:
    """Inline text with each underlined run in [ ]."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, ir.Text):
            out.append(node.text)
        elif isinstance(node, ir.Underline):
            out.append(f"[{ir.plain_text(node.children)}]")
        elif isinstance(node, ir.LineBreak):
            out.append("\n")
        else:
            out.append(marked(node.children))
    return "".join(out)


def cell_lines(cell: ir.Cell) -> list[str]:
    """A cell's paragraphs and list items, one marked line each."""
    lines: list[str] = []
    for block in cell.children:
        if isinstance(block, ir.Paragraph):
            lines.append(marked(block.children))
        elif isinstance(block, ir.List):
            lines += [marked(item.children) for item in block.items]
    return lines


def tables(node) -> list[ir.Table]:
    """Every table of a document tree, in order."""
    found: list[ir.Table] = []
    for section in node.sections:
        found += [b for b in section.children if isinstance(b, ir.Table)]
    return found


def table_with_header(document: ir.Document, label: str) -> ir.Table:
    """The table whose header row has a cell reading `label`."""
    for table in tables(document):
        if label in [line for c in table.rows[0].cells for line in cell_lines(c)]:
            return table
    raise AssertionError(f"no table headed {label}")


# --- PDF underlines ----------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    """One character on a PDF page and whether a rule runs under it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    underlined: bool


def _rules(page) -> list[tuple[float, float, float]]:
    """Horizontal rules on a page as (x0, x1, y): lines, thin rectangles, flat curves."""
    rules = []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 0.5 and line["x1"] - line["x0"] > 0.5:
            rules.append((line["x0"], line["x1"], (line["top"] + line["bottom"]) / 2))
    for shape in (*page.rects, *page.curves):
        if shape["bottom"] - shape["top"] < 1.5 and shape["x1"] - shape["x0"] > 0.5:
            rules.append((shape["x0"], shape["x1"], (shape["top"] + shape["bottom"]) / 2))
    return rules


def glyphs(page, bbox=None) -> list[Glyph]:
    """The characters in `bbox` (whole page if None) in reading order, each
    marked underlined when a rule runs just below it across its middle.

    "Just below": from the lower third of the glyph box to 40 % of the font
    size under it — a table rule sits a cell padding lower.
    """
    region = page.crop(bbox) if bbox else page
    rules = _rules(page)
    out = []
    for c in region.chars:
        middle = (c["x0"] + c["x1"]) / 2
        under = any(
            x0 <= middle <= x1
            and c["bottom"] - c["size"] * 0.3 <= y <= c["bottom"] + c["size"] * 0.4
            for x0, x1, y in rules
        )
        out.append(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], under))
    out.sort(key=lambda g: (round(g.top), g.x0))
    return out


def marked_places(cells: list[tuple[str, list[Glyph]]], label: str, chars) -> set[tuple[int, int]]:
    """Check `chars` ((character, underlined) pairs) in the cells of column
    `label`: found at least once, each time with exactly those marks. Returns
    the (cell, glyph) places that carry a mark, so a caller can find strays."""
    text = "".join(ch for ch, _ in chars)
    covered: set[tuple[int, int]] = set()
    seen = 0
    for c, (column, found) in enumerate(cells):
        if column != label:
            continue
        line = "".join(g.text for g in found)
        start = line.find(text)
        while start >= 0:
            seen += 1
            got = [(g.text, g.underlined) for g in found[start : start + len(text)]]
            assert got == list(chars), (label, text)
            covered |= {(c, start + i) for i, (_, on) in enumerate(chars) if on}
            start = line.find(text, start + 1)
    assert seen, (label, text)
    return covered
