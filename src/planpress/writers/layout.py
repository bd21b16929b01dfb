"""Layout decisions both writers make, made once here so that the PDF and the
DOCX of one build cannot drift apart. Each function reads the style sheet and
the document tree, nothing of a file format."""

from __future__ import annotations

from typing import NamedTuple

from planpress import ir
from planpress.writers.style import FontFace, StyleSheet, TableStyle

HEADING_LEVELS = 3  # the style sheet defines heading-1 … heading-3
# Cell text sits a little higher than the padding below it: CJK glyphs carry
# their own space above the baseline, so equal padding looks bottom-heavy.
TOP_PADDING_SHARE = 0.75
LABEL_ROWS = ("header", "group")  # rows that name what follows: never last on a page
CONTINUED = "continued"  # a group's label for a page its rows continue on
RUNNING_TEXT = "body"  # the paragraph style of running text (never kept with a table)


class CellPadding(NamedTuple):
    top: float
    side: float
    bottom: float


def heading_style(level: int) -> str:
    """The paragraph style of a heading of any level (deeper levels look like the last)."""
    return f"heading-{min(max(level, 1), HEADING_LEVELS)}"


def outline_level(level: int, previous: int) -> int:
    """A heading's level in the document outline (1-based), given the level of
    the outline entry before it (0 for none): outlines cannot skip a level."""
    return min(max(level, 1), HEADING_LEVELS, previous + 1)


def cell_padding(style: TableStyle) -> CellPadding:
    return CellPadding(style.padding * TOP_PADDING_SHARE, style.padding, style.padding)


def row_fill(style: TableStyle, row: ir.Row) -> str | None:
    """The shading of a row ("#RRGGBB"), or None for none."""
    return {"header": style.header_fill, "group": style.group_fill}.get(row.kind)


def keeps_with_next(row: ir.Row) -> bool:
    """A label row (header, group) stays on the page of the row below it."""
    return row.kind in LABEL_ROWS


def continued_labels(rows: list[ir.Row]) -> list[tuple[ir.Row, ir.Row | None]]:
    """The rows in the flow, each with the label row to repeat above it when
    a page begins with it (its group's `continued` row), else None. A group
    row begins its group: nothing repeats above it."""
    flow: list[tuple[ir.Row, ir.Row | None]] = []
    current: ir.Row | None = None
    for row in rows:
        if row.kind == CONTINUED:
            current = row
            continue
        if row.kind == "group":
            current = None
        flow.append((row, current if row.kind == "body" else None))
    return flow


def bold_face(sheet: StyleSheet) -> FontFace:
    """The face of strong (bold) runs: the style sheet's `strong:` face."""
    return sheet.fonts[sheet.strong]


def new_page_before(previous: ir.Section | None, section: ir.Section) -> bool:
    """Whether `section` starts on a new page: when the page turns (a change of
    orientation). Sections of one orientation run on."""
    return previous is not None and previous.orientation != section.orientation


def page_number_parts(sheet: StyleSheet) -> tuple[str, str]:
    """The text before and after the page number in the footer (`- 3 -`)."""
    before, _, after = sheet.page_number.partition("{page}")
    return before, after


def page_number_text(sheet: StyleSheet, page: int) -> str:
    before, after = page_number_parts(sheet)
    return f"{before}{page}{after}"


def kept_with_next(sheet: StyleSheet, blocks: list[ir.Block]) -> set[int]:
    """The indices of `blocks` that stay on the page of the block after them.

    A heading whose style says `keep_with_next` keeps with what follows; and
    what stands above a table — its heading and the captions and notes
    between (「（下線部分は変更箇所）」) — keeps with the table, so a page never
    ends with a table's title. Without a heading in that run, only the one
    paragraph right above the table (its caption) is kept.
    """
    kept: set[int] = set()
    for index, block in enumerate(blocks[:-1]):
        if (
            isinstance(block, ir.Heading)
            and not isinstance(blocks[index + 1], ir.PageBreak)
            and sheet.paragraph(heading_style(block.level)).keep_with_next
        ):
            kept.add(index)
    for index, block in enumerate(blocks):
        if not isinstance(block, ir.Table):
            continue
        above = index
        while above > 0 and _labels(blocks[above - 1]):
            above -= 1
        headings = [i for i in range(above, index) if isinstance(blocks[i], ir.Heading)]
        kept.update(range(headings[0] if headings else max(index - 1, above), index))
    return kept


def _labels(block: ir.Block) -> bool:
    """Whether a block may be part of what stands above a table: a heading, a
    caption or a note, but not running text."""
    return isinstance(block, ir.Heading) or (
        isinstance(block, ir.Paragraph) and block.style != RUNNING_TEXT
    )
