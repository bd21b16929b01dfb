"""Glyph advances, cached per font and character.

`Metrics` is what the composer measures with: `advance(font, ch)` is the
advance width of `ch` in em (so 1.0 for a full-width glyph). The default,
`ReportLabMetrics`, reads the widths of fonts registered with ReportLab's
pdfmetrics (no drawing). Tests may pass any object with the same method.
"""

from __future__ import annotations

from typing import Protocol

from reportlab.pdfbase import pdfmetrics


class Metrics(Protocol):
    def advance(self, font: str, ch: str) -> float:
        """Advance width of `ch` in `font`, in em."""
        ...


class ReportLabMetrics:
    """Advances from ReportLab-registered fonts; one dict lookup per char once warm."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, float]] = {}

    def advance(self, font: str, ch: str) -> float:
        table = self._cache.get(font)
        if table is None:
            table = self._cache[font] = {}
        width = table.get(ch)
        if width is None:
            width = table[ch] = pdfmetrics.getFont(font).stringWidth(ch, 1.0)
        return width

    def table(self, font: str) -> dict[str, float]:
        """The per-character cache of one font (filled lazily by `advance`)."""
        return self._cache.setdefault(font, {})


DEFAULT_METRICS = ReportLabMetrics()
"""Shared cache: fonts are registered once per process, so their widths never change."""
