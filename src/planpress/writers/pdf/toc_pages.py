"""The 目次's pages, as a publisher sets them: full pages, no orphan lines.

A contents that overflows its page by a few lines is set on one page with
the space between its lines reduced (never the lines themselves); one that
needs more pages breaks before a chapter line where the page stays well
filled, else between two section lines with at least two lines of the
chapter on either side, never right after a chapter line or the title.
Only for a contents that starts at the top of a page (the book's), where
its pages can be known before it is placed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak

from planpress.writers.layout import MIN_SPACE_SHARE

FUZZ = 1e-6
FULL_SHARE = 2 / 3  # a page that ends before a chapter line is at least this full
KEEP_LINES = 2  # lines of a chapter kept together either side of a page break


@dataclass(slots=True)
class _Line:
    flowable: Flowable
    height: float
    before: float
    after: float
    level: int  # 0: the title; the heading's level for a contents line


def _lines(flowables: list[Flowable], width: float, height: float) -> list[_Line]:
    lines = []
    for flowable in flowables:
        _, tall = flowable.wrap(width, height)
        heading = getattr(flowable, "heading", None)
        level = heading.level if heading is not None else 0
        lines.append(
            _Line(flowable, tall, flowable.getSpaceBefore(), flowable.getSpaceAfter(), level)
        )
    return lines


def _gap(previous: _Line, line: _Line, share: float) -> float:
    """The space between two lines in one frame (ReportLab overlaps the space
    after one with the space before the next)."""
    return max(previous.after, line.before) * share


def _starts(lines: list[_Line], room: float, share: float) -> list[int]:
    """The index of each page's first line, the spaces scaled by `share`."""
    top = min((ln.level for ln in lines if ln.level), default=1)  # chapter lines
    starts = [0]
    used = lines[0].height
    index = 1
    while index < len(lines):
        line = lines[index]
        used += _gap(lines[index - 1], line, share) + line.height
        if used <= room + FUZZ:
            index += 1
            continue
        cut = _cut(lines, starts[-1], index, top, room, share)
        starts.append(cut)
        used = lines[cut].height
        index = cut + 1
    return starts


def _cut(lines: list[_Line], start: int, over: int, top: int, room: float, share: float) -> int:
    """Where the page that began at `start` ends, `over` being the first line
    that does not fit: before the last chapter line if the page stays full
    enough, else at `over` moved up past orphans."""
    for cut in range(over, start + 1, -1):
        if lines[cut].level == top and _used(lines, start, cut, share) >= FULL_SHARE * room:
            return cut
    cut = over
    while cut - 1 > start and not _fine(lines, cut, top):
        cut -= 1
    return cut


def _used(lines: list[_Line], start: int, end: int, share: float) -> float:
    used = lines[start].height
    for index in range(start + 1, end):
        used += _gap(lines[index - 1], lines[index], share) + lines[index].height
    return used


def _fine(lines: list[_Line], cut: int, top: int) -> bool:
    """Whether a page may end before line `cut`: not right after the title or
    a chapter line, nor leaving fewer than KEEP_LINES of a chapter's section
    lines at the top of the next page."""
    if lines[cut - 1].level <= top:
        return False
    rest = 0
    while cut + rest < len(lines) and lines[cut + rest].level > top:
        rest += 1
    return lines[cut].level <= top or rest >= KEEP_LINES


def balanced_contents(flowables: list[Flowable], width: float, room: float) -> list[Flowable]:
    """The contents' flowables with page breaks (and, where that saves a
    page, reduced spacing) so that its pages are full and no line is alone."""
    if len(flowables) < 2:
        return flowables
    lines = _lines(flowables, width, room)
    pages = len(_starts(lines, room, 1.0))
    share = 1.0
    if pages > 1 and len(_starts(lines, room, MIN_SPACE_SHARE)) < pages:
        low, high = MIN_SPACE_SHARE, 1.0  # the most space that still saves the page
        for _ in range(20):
            middle = (low + high) / 2
            if len(_starts(lines, room, middle)) < pages:
                low = middle
            else:
                high = middle
        share = low
        for line in lines:
            line.flowable.spaceBefore = line.before * share
            line.flowable.spaceAfter = line.after * share
    starts = set(_starts(lines, room, share)[1:])
    story: list[Flowable] = []
    for index, line in enumerate(lines):
        if index in starts:
            story.append(PageBreak())
        story.append(line.flowable)
    return story
