"""Glyph advances, cached per font and character.

`Metrics` is what the composer measures with: `advance(font, ch)` is the
advance width of `ch` in em (so 1.0 for a full-width glyph). The default,
`ReportLabMetrics`, reads the widths of fonts registered with ReportLab's
pdfmetrics (no drawing), keeps tables per size (`scaled`) and a place for
facts derived from widths (`derived`). Tests may pass any object with the
`advance` method.
"""

from __future__ import annotations

from typing import Protocol

from reportlab.pdfbase import pdfmetrics


class Metrics(Protocol):
    def advance(self, font: str, ch: str) -> float:
        """Advance width of `ch` in `font`, in em."""
        ...


class ReportLabMetrics:
    """Advances from ReportLab-registered fonts; one dict lookup per char once warm.

    Everything is kept per font name and thrown away if that name is
    registered again with another face (a style sheet that changed under
    `planpress watch`), so no width outlives its font.
    """

    def __init__(self) -> None:
        self._faces: dict[str, object] = {}  # font name -> the face measured
        self._em: dict[str, dict[str, float]] = {}
        self._scaled: dict[tuple[str, float], dict[str, float]] = {}
        self._derived: dict[object, dict] = {}

    def advance(self, font: str, ch: str) -> float:
        face = self._face(font)
        table = self._em.setdefault(font, {})
        width = table.get(ch)
        if width is None:
            width = table[ch] = face.stringWidth(ch, 1.0)
        return width

    def scaled(self, font: str, size: float) -> dict[str, float]:
        """A cache of advances in points at one size, for the caller to fill.

        The composer measures a paragraph with one C-level lookup per character
        (`map(table.__getitem__, text)`) and fills misses with `advance`.
        """
        self._face(font)
        table = self._scaled.get((font, size))
        if table is None:
            table = self._scaled[(font, size)] = {}
        return table

    def derived(self, fonts: tuple[str, ...], key: object) -> dict:
        """A dict for facts computed from the widths of `fonts` (the caller's
        cache), emptied with everything else when one of them changes."""
        for font in fonts:
            self._face(font)
        return self._derived.setdefault(key, {})

    def _face(self, font: str):
        face = pdfmetrics.getFont(font)
        known = self._faces.get(font)
        if known is not face:
            if known is not None:  # registered again: what was measured is stale
                self._em.clear(), self._scaled.clear(), self._derived.clear()
            self._faces[font] = face
        return face


DEFAULT_METRICS = ReportLabMetrics()
"""Shared by every paragraph of the process: widths are measured once per font."""
