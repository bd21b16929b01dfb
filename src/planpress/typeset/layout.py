"""The composer's front door: styled runs in, positioned lines out."""

from __future__ import annotations

from collections.abc import Iterable

from planpress.typeset.breaker import iter_lines
from planpress.typeset.justify import Line, place_line
from planpress.typeset.metrics import DEFAULT_METRICS, Metrics
from planpress.typeset.prepare import Prepared, prepare
from planpress.typeset.source import ForcedBreak, Run


def compose_prepared(
    para: Prepared,
    width: float,
    *,
    align: str = "justify",
    first_indent: float = 0.0,
    other_indent: float = 0.0,
    start: int = 0,
    stop: int | None = None,
) -> list[Line]:
    """Lines of `para[start:stop]` in a column `width` points wide.

    The first line starts `first_indent` points in, the others `other_indent`;
    glyph x offsets are from the column's left edge.
    """
    lines = iter_lines(para, width - first_indent, width - other_indent, start, stop)
    return [
        place_line(para, span, align, first_indent if i == 0 else other_indent)
        for i, span in enumerate(lines)
    ]


def compose(
    runs: Iterable[Run | ForcedBreak],
    width: float,
    *,
    align: str = "justify",
    first_indent: float = 0.0,
    other_indent: float = 0.0,
    phrase_breaks: bool = False,
    metrics: Metrics = DEFAULT_METRICS,
) -> list[Line]:
    """Break and place styled runs in a column `width` points wide (see `compose_prepared`)."""
    para = prepare(runs, phrase_breaks=phrase_breaks, metrics=metrics)
    return compose_prepared(
        para, width, align=align, first_indent=first_indent, other_indent=other_indent
    )
