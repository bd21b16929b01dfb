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

from reportlab.pdfgen import canvas as reportlab_canvas
from reportlab.platypus import Flowable

from planpress import ir
from planpress.typeset import (
    ForcedBreak,
    Line,
    Prepared,
    Run,
    TextStyle,
)
from planpress.typeset.source import FORCED
from planpress.writers.base import Visitor
from planpress.writers.pdf.encoding import ParagraphCodes
from planpress.writers.pdf.fonts import STRONG
from planpress.writers.pdf.reportlab_internals import page_code, pdf_document
from planpress.writers.pdf.reuse import composed, prepared
from planpress.writers.pdf.structure import Element, Marks
from planpress.writers.style import ParagraphStyle

# What Canvas._escape calls (rl_accel's C function when installed), without the
# method call per string.
_escape_pdf = reportlab_canvas.escapePDF
PAGINATION = "/Artifact <</Type /Pagination>> BDC"  # a header row repeated on a later page
RULE = "/Artifact <</Type /Layout>> BDC"  # underline rules
# The attributes of an underlined stretch's /Span: one dict for all of them.
UNDERLINED = {"O": "Layout", "TextDecorationType": "Underline"}

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
        key = STRONG if bold else style.font
        return [Run(node.text, _font(fonts, key), style.size, underline, bold)]

    def visit_underline(self, node: ir.Underline, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, True, bold)

    def visit_strong(self, node: ir.Strong, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, underline, True)

    def visit_line_break(self, node: ir.LineBreak, style, fonts, underline, bold):
        return [ForcedBreak()]

    def visit_anchor(self, node: ir.Anchor, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, underline, bold)

    def visit_inserted(self, node: ir.Inserted, style, fonts, underline, bold):
        return self._runs(node.children, style, fonts, True, bold)

    def visit_deleted(self, node: ir.Deleted, style, fonts, underline, bold):
        return []  # the PDF shows the revised text; the DOCX keeps the deletion


_INLINES = InlineRuns()


def inline_runs(
    inlines: list[ir.Inline], style: ParagraphStyle, fonts: dict[str, str]
) -> list[Run | ForcedBreak]:
    """Flatten inline nodes into styled runs. A paragraph with no text of
    its own (all of it deleted, in the review edition) is one empty run in
    its style: the composer needs a style to measure an empty line by."""
    runs = _INLINES.runs(inlines, style, fonts)
    if not any(isinstance(run, Run) for run in runs):
        runs.insert(0, Run("", _font(fonts, style.font), style.size))
    return runs


def _font(fonts: dict[str, str], key: str) -> str:
    try:
        return fonts[key]
    except KeyError:
        raise KeyError(f"no PDF font registered for style-sheet font {key!r}") from None


class ComposedParagraph(Flowable):
    """A paragraph of inline content in a ParagraphStyle; `fonts` maps font keys to
    ReportLab font names (registered by the caller). `tag` is its structure
    element (tagged PDF): drawn on a tagging canvas, its text is marked
    content of that element, each underlined stretch a /Span of its own."""

    def __init__(
        self,
        inlines: list[ir.Inline],
        style: ParagraphStyle,
        fonts: dict[str, str],
        tag: Element | None = None,
        *,
        item: Element | None = None,
        label: str = "",
        _prepared: Prepared | None = None,
        _start: int = 0,
        _stop: int | None = None,
    ) -> None:
        super().__init__()
        self.style = style
        self.fonts = fonts
        self._inlines = inlines
        self.tag = tag
        self.item = item  # a list item's LI (tag is its LBody): the label becomes its Lbl
        self.label = label  # the text the item starts with that is its label
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
            self._prepared = prepared(
                inline_runs(self._inlines, self.style, self.fonts), self.style.phrase_breaks
            )
        return self._prepared

    # --- layout -------------------------------------------------------------

    def _compose(self, width: float) -> list[Line]:
        if self._lines_width != width:
            em = self.style.size
            hanging = self.style.hanging * em
            first = self.style.indent * em if self._start == 0 else hanging
            self._lines = composed(
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
        # The rest keeps its lines: they were set at this width with the
        # continuation indent, as the tail sets its first line. Another width
        # (the next frame) composes them again.
        tail._lines, tail._lines_width = lines[fit:], width
        return [head, tail]

    def _part(self, style: ParagraphStyle, start: int, stop: int | None) -> ComposedParagraph:
        return ComposedParagraph(
            self._inlines,
            style,
            self.fonts,
            self.tag,
            item=self.item,
            label=self.label,
            _prepared=self._para,
            _start=start,
            _stop=stop,
        )

    def getSpaceBefore(self) -> float:
        return self.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.spaceAfter

    def minWidth(self) -> float:
        """The widest single character (a table sizing its columns asks this)."""
        return max(self._para.adv, default=0.0)

    def last_line_end(self) -> float:
        """Where the last line's text ends, from the left edge (after `wrap`)."""
        return self._lines[-1].width if self._lines else 0.0

    def plain_text(self) -> str:
        """The characters this flowable draws (its part of a split paragraph)."""
        return self._para.text[self._start : self._stop]

    # --- drawing ------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        leading = self.style.leading
        lines = self._lines
        if lines:
            # The paragraph's drawn characters are encoded at once, and all its
            # lines go into one text object (one string for the page's stream).
            doc = pdf_document(canv)
            codes = ParagraphCodes(self._para, lines[0].span.start, lines[-1].span.end, doc)
            top = self.height - first_baseline(self.style)
            baselines = [top - i * leading for i in range(len(lines))]
            ops, font_op = ["BT"], ""
            runs = self._para.style_runs
            single = self._para.styles[runs[0][2]] if len(runs) == 1 else None
            underlined = any(style.underline for style in self._para.styles)
            marking = self._marking(canv, ops, underlined)
            for line, baseline in zip(lines, baselines):
                font_op = _set_line(ops, line, baseline, codes, font_op, single, marking)
            opened = len(ops[0]) > 2 or (marking is not None and marking.underlined is not None)
            ops.append("EMC ET" if opened else "ET")
            marked = getattr(canv, "add_marked", None)
            if marked is None:
                page_code(canv).append(" ".join(ops))
            else:
                marked(" ".join(ops))
            if underlined:
                if marked is not None:
                    canv.open_marked(RULE)
                for line, baseline in zip(lines, baselines):
                    _draw_underlines(canv, line, baseline)
                if marked is not None:
                    canv.close_marked()
        # Drawn: let the analysis go (a repeated header row prepares it again).
        self._prepared, self._lines, self._lines_width = None, [], None

    def _label_end(self) -> int:
        """Where a list item's label ends (0: not a list item's first piece, or no label)."""
        if self.item is None or self._start or not self.label:
            return 0
        # The drawn text may lack the label (deleted in the review edition).
        text = self._para.text
        return len(self.label) if text.startswith(self.label) and len(text) > len(self.label) else 0

    def _marking(self, canv, ops: list[str], underlined: bool) -> _Marking | None:
        """Start this piece's marked content (on a tagging canvas): one
        sequence opened after BT (ops[0]), or a `_Marking` that switches
        sequences at each underlined stretch."""
        marks: Marks | None = getattr(canv, "marks", None)
        if marks is None or canv.marked_depth:  # no tagging, or inside an artifact
            return None
        tag = self.tag
        if marks.artifact or tag is None:
            ops[0] = "BT " + (PAGINATION if marks.artifact else "/Artifact BMC")
        elif underlined or self._label_end():
            marking = _Marking(marks, canv.getPageNumber() - 1, tag, self._para)
            if self._label_end():
                marking.label_at(self.item, self._label_end())
            return marking
        else:
            mcid = marks.mcid(canv.getPageNumber() - 1, tag)
            ops[0] = f"BT /{tag.role} <</MCID {mcid}>> BDC"
        return None


class _Marking:
    """Marked content as a paragraph's lines are set: the paragraph's element,
    or a /Span of it for each underlined stretch (so a screen reader can tell
    the changed words of a revision). `marks` None: an artifact, one sequence."""

    __slots__ = ("element", "label", "label_end", "marks", "owner", "page", "para", "underlined")

    def __init__(self, marks: Marks | None, page: int, element: Element | None, para) -> None:
        self.marks, self.page, self.element, self.para = marks, page, element, para
        self.underlined: bool | None = None  # nothing open yet
        self.owner: Element | None = None  # whose content is open: the element or the label
        self.label: Element | None = None
        self.label_end = 0

    def label_at(self, item: Element, end: int) -> None:
        """Characters before `end` are the list item's label: an Lbl before its LBody."""
        self.label = Element("Lbl")
        item.kids.insert(item.kids.index(self.element), self.label)
        self.label_end = end

    def split(self, segments: list) -> list:
        """`segments` (start, end, style) cut where the label ends."""
        cut = self.label_end
        if not cut:
            return segments
        out = []
        for a, b, style in segments:
            if a < cut < b:
                out += [(a, cut, style), (cut, b, style)]
            else:
                out.append((a, b, style))
        return out

    def at(self, ops: list[str], at: int, underlined: bool) -> None:
        """Characters from `at` on are (not) underlined, in the label or not:
        switch sequences if that changed."""
        if self.marks is None:
            return
        owner = self.label if at < self.label_end else self.element
        if underlined is self.underlined and owner is self.owner:
            return
        if self.underlined is not None:
            ops.append("EMC")
        self.underlined, self.owner = underlined, owner
        element = self._span(owner, at) if underlined else owner
        ops.append(f"/{element.role} <</MCID {self.marks.mcid(self.page, element)}>> BDC")

    def _span(self, owner: Element, at: int) -> Element:
        """The /Span of the underlined stretch holding character `at` (one per
        stretch, even when a page break cuts it); in the label, up to its end."""
        start, end = _underlined_stretch(self.para, at)
        if owner is self.label:
            end = min(end, self.label_end)
        else:
            start = max(start, self.label_end)
        if owner.spans is None:
            owner.spans = {}
        span = owner.spans.get(start)
        if span is None:
            text = self.para.text[start:end].replace(FORCED, "")
            span = owner.add(
                "Span",
                attributes=UNDERLINED,
                actual_text=self.marks.underline_reading.format(text=text),
            )
            owner.spans[start] = span
        return span


def _underlined_stretch(para: Prepared, at: int) -> tuple[int, int]:
    """[start, end) of the run of underlined characters holding `at`
    (touching underlined runs, e.g. one partly bold, are one stretch)."""
    stretch: tuple[int, int] | None = None
    for a, b, si in para.style_runs:
        if a >= b or not para.styles[si].underline:
            continue
        if stretch is not None and stretch[1] == a:
            stretch = (stretch[0], b)
            continue
        if stretch is not None and stretch[0] <= at < stretch[1]:
            return stretch
        stretch = (a, b)
    assert stretch is not None and stretch[0] <= at < stretch[1]
    return stretch


def first_baseline(style: ParagraphStyle) -> float:
    """How far below a paragraph's top its first baseline sits: the em box
    centred in the leading, the baseline ASCENT down the em box."""
    return (style.leading - style.size) / 2 + ASCENT * style.size


def _segments(line: Line) -> list[tuple[int, int, TextStyle]]:
    """(start, end, style) of each stretch of one style on the line."""
    s, e = line.span.start, line.span.end
    styles, runs = line.para.styles, line.para.style_runs
    if len(runs) == 1:  # the common case: one style (not always styles[0]:
        return [(s, e, styles[runs[0][2]])]  # an empty run may come first)
    return [(max(a, s), min(b, e), styles[si]) for a, b, si in runs if a < e and b > s]


def _set_line(
    ops: list[str],
    line: Line,
    y: float,
    codes: ParagraphCodes,
    font_op: str,
    single: TextStyle | None = None,
    marking: _Marking | None = None,
) -> str:
    """Text operators for one line; returns the font operator in effect after it.
    `single` is the paragraph's style if it has only one.

    The line's regular spacing (justification's even share) is the PDF's
    character spacing (Tc); where a character is followed by more or less
    (和欧間, compressed punctuation) a TJ number adds the difference. So no
    space characters are ever added to the text. Each subset's string
    (ReportLab switches TrueType subset every 256 glyphs) is placed
    explicitly: viewers apply Tc after the last glyph of a string, but not
    every text extractor does. Written as raw operators, which is much faster
    than a ReportLab text object. Every character is one byte in its subset
    (`ParagraphCodes`), so byte and character offsets agree.
    """
    e = line.span.end
    if e <= line.span.start:
        return font_op
    escape = _escape_pdf
    adv_sum = line.para.adv_sum
    spacing, exceptions = line.spacing, line.exceptions
    marked = [*exceptions, e]  # boundaries with their own spacing, in order; a sentinel
    m = 0
    ops.append(
        f"1 0 0 1 0 {y:.3f} Tm {spacing:.4f} Tc" if spacing else f"1 0 0 1 0 {y:.3f} Tm 0 Tc"
    )
    x, origin = line.offset, 0.0
    segments = [(line.span.start, e, single)] if single else _segments(line)
    if marking is not None and marking.label_end:
        segments = marking.split(segments)
    for a, b, style in segments:
        if marking is not None:
            marking.at(ops, a, style.underline)
        i = a
        to_units = -1000.0 / style.size  # points → TJ units (thousandths of an em)
        for piece_font, encoded in codes.pieces(a, b, style):
            j = i + len(encoded)  # this string sets characters [i, j)
            if piece_font is not font_op:
                ops.append(piece_font)
                font_op = piece_font
            parts, cut = [], i
            # Where the string ends (its characters, the spaces between them
            # and the one before the next string), built up as we go.
            end_x = x + adv_sum[j] - adv_sum[i] + spacing * (j - i - 1)
            while marked[m] <= i:
                m += 1
            while marked[m] < j:
                k = marked[m]
                extra = exceptions[k] - spacing
                end_x += extra
                # (a tenth of a thousandth of an em: 0.001 pt at 11 pt)
                parts.append(f"({escape(encoded[cut - i : k - i])}) {extra * to_units:.1f}")
                cut = k
                m += 1
            parts.append(f"({escape(encoded[cut - i :])})")
            # Td moves relative to the previous string's start (Tm resets it
            # at each line): short operators, none for a move of nothing.
            text = f"[{' '.join(parts)}] TJ" if len(parts) > 1 else f"{parts[0]} Tj"
            ops.append(f"{x - origin:.3f} 0 Td {text}" if x != origin else text)
            origin = x
            x = end_x + (exceptions.get(j, spacing) if j < e else 0.0)
            i = j
    return font_op


def _draw_underlines(canv, line: Line, y: float) -> None:
    """A rule under each run of consecutive underlined characters, exactly their width."""
    ruled = []  # [start, end) of each underlined stretch, touching ones merged
    for a, b, style in _segments(line):
        if not style.underline:
            continue
        if ruled and ruled[-1][1] == a:
            ruled[-1][1] = b
        else:
            ruled.append([a, b])
    if not ruled:
        return
    xs, adv, s = line.xs(), line.para.adv, line.span.start
    canv.setLineWidth(UNDERLINE_WIDTH)
    for a, b in ruled:
        right = xs[b - 1 - s] + adv[b - 1]
        canv.line(xs[a - s], y - UNDERLINE_OFFSET, right, y - UNDERLINE_OFFSET)
