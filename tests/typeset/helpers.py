"""Small helpers shared by the composer tests."""

from __future__ import annotations

from planpress.typeset import ForcedBreak, Line, Run, compose

SIZE = 10.0


def lay(text_or_runs, em_width: float, metrics, **options) -> list[Line]:
    """Compose plain text (or runs) at SIZE in a column `em_width` ems wide."""
    runs = [Run(text_or_runs, "f", SIZE)] if isinstance(text_or_runs, str) else text_or_runs
    return compose(runs, em_width * SIZE, metrics=metrics, **options)


def texts(lines: list[Line]) -> list[str]:
    return ["".join(g.char for g in line.glyphs) for line in lines]


def run(text: str, **kw) -> Run:
    return Run(text, "f", SIZE, **kw)


BREAK = ForcedBreak()
