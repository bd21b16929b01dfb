"""Layout decisions both writers make, made once here so that the PDF and the
DOCX of one build cannot drift apart. Each function reads the style sheet and
the document tree, nothing of a file format."""

from __future__ import annotations

from typing import NamedTuple

from planpress import ir
from planpress.writers.style import FontFace, StyleSheet, TableStyle

HEADING_LEVELS = 4  # the style sheet defines heading-1 … heading-4
OUTLINE_LEVELS = 3  # headings deeper than this are not bookmarks (nor Word outline levels)
# Cell text sits a little higher than the padding below it: CJK glyphs carry
# their own space above the baseline, so equal padding looks bottom-heavy.
TOP_PADDING_SHARE = 0.75
LABEL_ROWS = ("header", "group")  # rows that name what follows: never last on a page
CONTINUED = "continued"  # a group's label for a page its rows continue on
# Both writers split a table row rather than leave more than this share of
# the page empty below the rows before it (the PDF between measures, Word at
# a line); a shorter row moves to the next page whole.
FILL_SHARE = 0.2
RUNNING_TEXT = "body"  # the paragraph style of running text (never kept with a table)


class CellPadding(NamedTuple):
    top: float
    side: float
    bottom: float


def heading_style(level: int) -> str:
    """The paragraph style of a heading of any level (deeper levels look like the last)."""
    return f"heading-{min(max(level, 1), HEADING_LEVELS)}"


def in_outline(level: int) -> bool:
    """Whether a heading of `level` is a bookmark (PDF) / has an outline level (DOCX)."""
    return level <= OUTLINE_LEVELS


def outline_level(level: int, previous: int) -> int:
    """A heading's level in the document outline (1-based), given the level of
    the outline entry before it (0 for none): outlines cannot skip a level."""
    return min(max(level, 1), OUTLINE_LEVELS, previous + 1)


NUMBER_GAP = "\u3000"  # between a heading's number and its text (第1章　計画の…)


def numbered(heading: ir.Heading) -> list[ir.Inline]:
    """A heading's inline content with its number in front."""
    if not heading.number:
        return heading.children
    return [ir.Text(heading.number + NUMBER_GAP), *heading.children]


def heading_text(heading: ir.Heading) -> str:
    """A heading as a bookmark or a contents line names it: number and text."""
    text = ir.plain_text(heading.children).replace("\n", " ")
    return f"{heading.number} {text}" if heading.number else text


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
    """Whether `section` starts on a new page: when it asks to (start="page",
    a chapter) or the page turns (a change of orientation); a section after
    the cover always does. Other sections run on."""
    if previous is None:
        return False
    return (
        starts_page(section)
        or previous.orientation != section.orientation
        or previous.role == "cover"
    )


def opens_with_space(section: ir.Section) -> bool:
    """Whether the space before a section's first paragraph is kept at the top
    of its page: for a section that starts a page of its own (the cover, a
    chapter), as Word does after a section break."""
    return section.role == "cover" or starts_page(section)


def starts_page(section: ir.Section) -> bool:
    """Whether a section asks for a new page (a chapter does)."""
    return section.start in ("page", "chapter")


CHAPTER_PAGE = "chapter-page"  # the paragraph style of a chapter's title page (中扉)


def title_page(sheet: StyleSheet, section: ir.Section) -> ir.Heading | None:
    """The heading set on a title page of its own (中扉) at the start of
    `section`: a chapter's opening level-1 heading, when the style sheet asks
    for chapter pages; else None. The page has no running header; its page
    number is shown like any other's (the 目次 names it)."""
    if not (sheet.chapter_pages and section.start == "chapter" and section.children):
        return None
    first = section.children[0]
    return first if isinstance(first, ir.Heading) and first.level == 1 else None


def title_page_text(heading: ir.Heading) -> list[ir.Inline]:
    """A title page's heading: the number on a line above the text."""
    if not heading.number:
        return heading.children
    return [ir.Text(heading.number), ir.LineBreak(), *heading.children]


def shows_page_number(section: ir.Section) -> bool:
    """Whether the pages of `section` carry a page number (not the cover's)."""
    return section.role != "cover" and section.numbering != "none"


def running_header(section: ir.Section, info: ir.DocumentInfo, first_page: bool) -> str:
    """The running header on a page of `section`: its own (a chapter's title),
    else the document's from the document's second page on; none on the cover."""
    if section.role == "cover":
        return ""
    if section.header is not None:
        return section.header
    return "" if first_page else info.header


def first_numbered(document: ir.Document) -> int | None:
    """The index of the first section with page numbers: numbering starts at 1
    on its first page and counts every page after it."""
    return next((i for i, s in enumerate(document.sections) if shows_page_number(s)), None)


def headings(document: ir.Document) -> list[ir.Heading]:
    """The document's headings in order (those of its sections' own blocks):
    what a table of contents lists and the outline holds."""
    return [b for s in document.sections for b in s.children if isinstance(b, ir.Heading)]


def contents(document: ir.Document, toc: ir.Toc) -> list[tuple[int, ir.Heading]]:
    """The lines of a table of contents: (index in `headings`, heading) for
    each heading up to the toc's depth."""
    return [(i, h) for i, h in enumerate(headings(document)) if h.level <= toc.depth]


MIN_SPACE_SHARE = 0.3  # a contents' line spacing may shrink to this share to save a page


def contents_spacing(sheet: StyleSheet, toc: ir.Toc, entries: list, room: float) -> float:
    """The share of its styles' spacing a contents is set with, estimated
    from one line an entry (the DOCX's; the PDF measures its lines,
    pdf/toc_pages.py): 1, or less where that keeps it off one more page."""
    lines = []  # (height, space before, space after)
    if toc.title:
        title = sheet.paragraph("toc-title")
        lines.append((title.leading, title.space_before, title.space_after))
    for _, heading in entries:
        name = next(
            (f"toc-{n}" for n in range(heading.level, 0, -1) if f"toc-{n}" in sheet.paragraphs),
            "body",
        )
        style = sheet.paragraph(name)
        lines.append((style.leading, style.space_before, style.space_after))

    def pages(share: float) -> int:
        count, used, after = 1, 0.0, None
        for height, before, space_after in lines:
            # Word adds the space after a paragraph to the space before the next
            gap = 0.0 if after is None else (after + before) * share
            if after is not None and used + gap + height > room:
                count, used, gap = count + 1, 0.0, 0.0
            used += gap + height
            after = space_after
        return count

    full = pages(1.0)
    if full == 1 or pages(MIN_SPACE_SHARE) == full:
        return 1.0
    low, high = MIN_SPACE_SHARE, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        low, high = (middle, high) if pages(middle) < full else (low, middle)
    return low


def page_number_form(sheet: StyleSheet, section: ir.Section | None = None) -> str:
    """The page-number form of a section's pages: its part's own (「資-{page}」)
    or the document's (「- {page} -」)."""
    if section is not None and section.role in sheet.part_page_numbers:
        return sheet.part_page_numbers[section.role]
    return sheet.page_number


def own_numbering(sheet: StyleSheet, section: ir.Section) -> bool:
    """Whether a section's pages are counted on their own (from 1 on its
    part's first page), not with the document's."""
    return section.role in sheet.part_page_numbers


def page_label(sheet: StyleSheet, page: int, section: ir.Section) -> str:
    """A page as the contents and cross-references name it: the number, or
    for a part numbered on its own, its form (資-3)."""
    if own_numbering(sheet, section):
        return page_number_text(sheet, page, section)
    return str(page)


def page_number_parts(sheet: StyleSheet, section: ir.Section | None = None) -> tuple[str, str]:
    """The text before and after the page number in the footer (`- 3 -`)."""
    before, _, after = page_number_form(sheet, section).partition("{page}")
    return before, after


def page_number_text(sheet: StyleSheet, page: int, section: ir.Section | None = None) -> str:
    before, after = page_number_parts(sheet, section)
    return f"{before}{page}{after}"


def kept_with_next(sheet: StyleSheet, blocks: list[ir.Block]) -> set[int]:
    """The indices of `blocks` that stay on the page of the block after them.

    A heading whose style says `keep_with_next` keeps with what follows; and
    what stands above a table — its heading and the captions and notes
    between (「（下線部分は変更箇所）」) — keeps with the table, so a page never
    ends with a table's title. A short paragraph of running text right under
    that heading (the table's introduction, 「次の指標を設定します。」) belongs
    to the run too: a heading and its introduction never end a page whose
    table starts the next. Without a heading in that run, only the one
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
        while above > 0 and (_labels(blocks[above - 1]) or _introduction(blocks, above - 1)):
            above -= 1
        headings = [i for i in range(above, index) if isinstance(blocks[i], ir.Heading)]
        kept.update(range(headings[0] if headings else max(index - 1, above), index))
    return kept


# At most about three lines of body text: longer is a passage of its own,
# which may end a page above its table.
INTRODUCTION_CHARACTERS = 120


def _introduction(blocks: list[ir.Block], index: int) -> bool:
    """Whether blocks[index] is a short paragraph of running text directly
    under a heading: what introduces the table after it."""
    block = blocks[index]
    return (
        index > 0
        and isinstance(blocks[index - 1], ir.Heading)
        and isinstance(block, ir.Paragraph)
        and block.style == RUNNING_TEXT
        and len(ir.plain_text(block.children)) <= INTRODUCTION_CHARACTERS
    )


def _labels(block: ir.Block) -> bool:
    """Whether a block may be part of what stands above a table: a heading, a
    caption or a note, but not running text."""
    return isinstance(block, ir.Heading) or (
        isinstance(block, ir.Paragraph) and block.style != RUNNING_TEXT
    )


class Placement(NamedTuple):
    """Where a cell sits in a table's grid: its first column, how many columns
    and rows it covers; `cell` is None where a cell from a row above covers
    this row (a rowspan)."""

    column: int
    span: int
    rows: int
    cell: ir.Cell | None


def cell_grid(table: ir.Table) -> list[list[Placement]]:
    """Each row's cells placed in the grid: a cell spanning rows takes its
    columns in the rows below, whose own cells move right past it."""
    covered: dict[int, tuple[int, int]] = {}  # column -> (span, rows still covered)
    grid: list[list[Placement]] = []
    header = table.header_rows
    for index, row in enumerate(table.rows):
        # a cell spans no further than the table, nor out of the header rows
        # (they repeat on every page on their own)
        end = header if index < header else len(table.rows)
        placed: list[Placement] = []
        column = 0
        for cell in row.cells:
            column = _skip_covered(covered, column, placed)
            rows = max(1, min(cell.rowspan, end - index))
            placed.append(Placement(column, cell.span, rows, cell))
            column += cell.span
        _skip_covered(covered, column, placed)
        taken = {p.column for p in placed}
        # covered columns to the right of a short row's cells
        placed += [
            Placement(c, span, 1, None) for c, (span, _) in covered.items() if c not in taken
        ]
        placed.sort(key=lambda p: p.column)
        covered = {c: (span, left - 1) for c, (span, left) in covered.items() if left > 1}
        for p in placed:
            if p.cell is not None and p.rows > 1:
                covered[p.column] = (p.span, p.rows - 1)
        grid.append(placed)
    return grid


def _skip_covered(covered: dict[int, tuple[int, int]], column: int, placed: list) -> int:
    """Place the covered cells from `column` on; the first free column."""
    while column in covered:
        span, _ = covered[column]
        placed.append(Placement(column, span, 1, None))
        column += span
    return column


def joined_below(grid: list[list[Placement]]) -> list[bool]:
    """For each row, whether a cell spanning rows ties it to the row below
    (the two stay on one page)."""
    reach = -1
    joined = []
    for index, placed in enumerate(grid):
        for p in placed:
            if p.cell is not None:
                reach = max(reach, index + p.rows - 1)
        joined.append(reach > index)
    return joined


def diagram_text(diagram: ir.Diagram) -> str:
    """The 施策体系図 read aloud: its title, then each box's text in tree order,
    nested levels after their parent (a screen reader's text for the figure)."""
    parts = [diagram.title] if diagram.title else []

    def walk(nodes: list[ir.DiagramNode]) -> None:
        for node in nodes:
            parts.append(node.text)
            walk(node.children)

    walk(diagram.nodes)
    return "\n".join(part for part in parts if part)  # one line a box
