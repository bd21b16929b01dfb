"""A ReportLab flowable for a Japanese paragraph set by our own composer.

`ComposedParagraph(inlines, style, fonts)` breaks and places text with
`planpress.typeset` (禁則, 追い込み, 和欧間, compression, justification) and
draws every glyph at its computed position. Spacing is by positioning only:
the PDF's text is exactly the paragraph's characters in order. It splits
between lines, so it can run across pages and inside table cells
(Table(splitInRow=1)).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from planpress import ir
from planpress.style import ParagraphStyle
from planpress.typeset import ForcedBreak, Line, Prepared, Run, compose_prepared, prepare
from planpress.writers.base import Visitor

BOLD_FONT_KEY = "gothic-bold"  # the style-sheet font of Strong runs
ASCENT = 0.88  # baseline sits this far (em) below the top of the em box (BIZ UD)
UNDERLINE_OFFSET = 1.5  # points below the baseline
UNDERLINE_WIDTH = 0.5
_EPS = 1e-6


class InlineRuns(Visitor):
    """The PDF writer's inline handlers: inline nodes → styled runs for the
    composer (Strong → the bold Gothic face)."""

    def runs(self, inlines: list[ir.Inline], style: ParagraphStyle, fonts: dict[str, str]):
        return self._runs(inlines, style, fonts, False, False)

    def _runs(self, inlines, style, fonts, underline: bool, bold: bool) -> list[Run | ForcedBreak]:
        runs: list[Run | ForcedBreak] = []
        for node in inlines:
            runs.extend(self.visit(node, style, fonts, underline, bold))
        return runs

    def visit_text(self, node: ir.Text, style, fonts, underline, bold) -> list[Run]:
        key = BOLD_FONT_KEY if bold else style.font
        return [Run(node.text, _font(fonts, key), style.size, underline, bold)]

    def visit_underline(self, node: ir.Underline, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, True, bold)

    def visit_strong(self, node: ir.Strong, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, underline, True)

    def visit_line_break(self, node: ir.LineBreak, style, fonts, underline, bold):
        return [ForcedBreak()]


_INLINES = InlineRuns()


def inline_runs(
    inlines: list[ir.Inline], style: ParagraphStyle, fonts: dict[str, str]
) -> list[Run | ForcedBreak]:
    """Flatten inline nodes into styled runs."""
    return _INLINES.runs(inlines, style, fonts)


def _font(fonts: dict[str, str], key: str) -> str:
    try:
        return fonts[key]
    except KeyError:
        raise KeyError(f"no PDF font registered for style-sheet font {key!r}") from None


class ComposedParagraph(Flowable):
    """A paragraph of inline content in a ParagraphStyle; `fonts` maps font keys to
    ReportLab font names (registered by the caller)."""

    def __init__(
        self,
        inlines: list[ir.Inline],
        style: ParagraphStyle,
        fonts: dict[str, str],
        *,
        _prepared: Prepared | None = None,
        _start: int = 0,
        _stop: int | None = None,
    ) -> None:
        super().__init__()
        self.style = style
        self.fonts = fonts
        self._inlines = inlines
        # Prepared on first use and let go once drawn: a long document holds
        # all its paragraphs at once, and the analysis costs far more memory
        # than the text (per-character arrays).
        self._prepared = _prepared
        self._start = _start  # > 0: the rest of a split paragraph
        self._stop = _stop  # not None: the head of a split paragraph
        self._lines: list[Line] = []
        self._lines_width: float | None = None
        # keep-with-next is the story's job (a conditional page break before
        # a heading), so that a heading never drags a whole table along
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    @property
    def _para(self) -> Prepared:
        if self._prepared is None:
            self._prepared = prepare(
                inline_runs(self._inlines, self.style, self.fonts),
                phrase_breaks=self.style.phrase_breaks,
            )
        return self._prepared

    # --- layout -------------------------------------------------------------

    def _compose(self, width: float) -> list[Line]:
        if self._lines_width != width:
            em = self.style.size
            hanging = self.style.hanging * em
            first = self.style.indent * em if self._start == 0 else hanging
            self._lines = compose_prepared(
                self._para,
                max(width, em),
                align=self.style.align,
                first_indent=first,
                other_indent=hanging,
                start=self._start,
                stop=self._stop,
            )
            self._lines_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._compose(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # ReportLab's Table splits a cell at the column width but wraps it at the
        # width less padding; split where we were last wrapped if that is narrower.
        width = availWidth
        if self._lines_width is not None and self._lines_width < availWidth:
            width = self._lines_width
        lines = self._compose(width)
        fit = int((availHeight + _EPS) // self.style.leading)
        if fit <= 0 or not lines:
            return []
        if fit >= len(lines):
            return []  # it fits: nothing to split (a Table expects two parts or none)
        head = self._part(
            replace(self.style, space_after=0.0, keep_with_next=False),
            start=self._start,
            stop=lines[fit - 1].span.end,
        )
        head._lines, head._lines_width = lines[:fit], width
        tail = self._part(
            replace(self.style, space_before=0.0), start=lines[fit].span.start, stop=self._stop
        )
        return [head, tail]

    def _part(self, style: ParagraphStyle, start: int, stop: int | None) -> ComposedParagraph:
        return ComposedParagraph(
            self._inlines, style, self.fonts, _prepared=self._para, _start=start, _stop=stop
        )

    def getSpaceBefore(self) -> float:
        return self.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.spaceAfter

    def minWidth(self) -> float:
        """The widest single character (a table sizing its columns asks this)."""
        return max(self._para.adv, default=0.0)

    def plain_text(self) -> str:
        """The characters this flowable draws (its part of a split paragraph)."""
        return self._para.text[self._start : self._stop]

    # --- drawing ------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        leading, em = self.style.leading, self.style.size
        top = self.height
        for i, line in enumerate(self._lines):
            baseline = top - i * leading - (leading - em) / 2 - ASCENT * em
            _draw_text(canv, line, baseline)
            _draw_underlines(canv, line, baseline)
        # Drawn: let the analysis go (a repeated header row prepares it again).
        self._prepared, self._lines, self._lines_width = None, [], None


def _draw_text(canv, line: Line, y: float) -> None:
    """One text block per line; one positioned string per stretch of even spacing.

    Within a string, spacing beyond the glyph advances is the PDF's character
    spacing (Tc), so no space characters are ever added to the text. Strings are
    also cut where ReportLab switches TrueType subset (256 glyphs each) and each
    piece is placed explicitly: viewers apply Tc after the last glyph of a Tj,
    but not every text extractor does. The operators are written the way
    ReportLab's ttfonts module documents for dynamic fonts (splitString +
    getSubsetInternalName), which is much faster than a text object.
    """
    glyphs = line.glyphs
    if not glyphs:
        return
    doc, escape = canv._doc, canv._escape
    ops = [f"BT 1 0 0 1 0 {y:.3f} Tm 0 Tc"]
    origin, current_font, current_space = 0.0, "", 0.0
    n = len(glyphs)
    # Spacing after each glyph and where the font changes, computed in bulk.
    after = [b.x - a.x - a.width for a, b in pairwise(glyphs)]
    same = [a.font == b.font and a.size == b.size for a, b in pairwise(glyphs)]
    i = 0
    while i < n:
        g = glyphs[i]
        end = i + 1
        while end < n and same[end - 1]:
            end += 1
        font = _font_object(g.font)
        chars = "".join(h.char for h in glyphs[i:end])
        if getattr(font, "_dynamicFont", False):
            pieces = [
                (font.getSubsetInternalName(subset, doc), encoded)
                for subset, encoded in font.splitString(chars, doc)
            ]
        else:  # a standard Type 1 font: one piece in the document's encoding
            pieces = [(doc.getInternalFontName(g.font), chars.encode("latin-1", "replace"))]
        for name, encoded in pieces:
            font_op = f"{name} {g.size:g} Tf"
            if font_op != current_font:
                ops.append(font_op)
                current_font = font_op
            stop = i + len(encoded)
            base = stop - len(encoded)
            while i < stop:  # cut the piece where the spacing changes
                space = after[i] if i + 1 < stop else 0.0
                j = i + 1
                while j < stop and abs(after[j - 1] - space) < 1e-4:
                    j += 1
                if abs(space - current_space) > 1e-5:
                    ops.append(f"{space:.4f} Tc")
                    current_space = space
                # Td moves relative to the previous run's start: short operators.
                ops.append(
                    f"{glyphs[i].x - origin:.3f} 0 Td ({escape(encoded[i - base : j - base])}) Tj"
                )
                origin = glyphs[i].x
                i = j
    ops.append("ET")
    canv._code.append(" ".join(ops))


_FONTS: dict[str, object] = {}


def _font_object(name: str):
    font = _FONTS.get(name)
    if font is None:
        font = _FONTS[name] = pdfmetrics.getFont(name)
    return font


def _draw_underlines(canv, line: Line, y: float) -> None:
    """A rule under each run of consecutive underlined characters, exactly their width."""
    start = None
    glyphs = line.glyphs
    for k, g in enumerate([*glyphs, None]):
        if g is not None and g.underline:
            if start is None:
                start = k
            continue
        if start is not None:
            first, last = glyphs[start], glyphs[k - 1]
            canv.setLineWidth(UNDERLINE_WIDTH)
            canv.line(first.x, y - UNDERLINE_OFFSET, last.x + last.width, y - UNDERLINE_OFFSET)
            start = None
