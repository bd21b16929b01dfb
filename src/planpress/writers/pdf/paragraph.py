"""Inline content → one paragraph flowable in a style-sheet style.

Inline nodes are flattened into runs (text with its underline and bold
flags); a run list is what a paragraph flowable sets. Interim: ReportLab's
Paragraph with CJK wrapping. The Japanese line composer (禁則, justification,
spacing) replaces it behind `paragraph_flowable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.platypus import Flowable, Paragraph

from ... import ir
from ...style import ParagraphStyle

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@dataclass(slots=True, frozen=True)
class Run:
    """Characters set alike; a line break is a run of its own."""

    text: str
    underline: bool = False
    bold: bool = False
    line_break: bool = False


class InlineRuns:
    """The inline handlers of the PDF writer: inline nodes → runs."""

    def runs(self, inlines: list[ir.Inline], underline: bool = False, bold: bool = False):
        out: list[Run] = []
        for node in inlines:
            out.extend(self.visit(node, underline, bold))
        return out

    def visit_text(self, node: ir.Text, underline: bool, bold: bool) -> list[Run]:
        return [Run(node.text, underline, bold)]

    def visit_underline(self, node: ir.Underline, underline: bool, bold: bool) -> list[Run]:
        return self.runs(node.children, True, bold)

    def visit_strong(self, node: ir.Strong, underline: bool, bold: bool) -> list[Run]:
        return self.runs(node.children, underline, True)

    def visit_line_break(self, node: ir.LineBreak, underline: bool, bold: bool) -> list[Run]:
        return [Run("", underline, bold, line_break=True)]


_styles: dict[tuple, RLStyle] = {}


def _rl_style(style: ParagraphStyle, fonts: dict[str, str]) -> RLStyle:
    key = (style, fonts[style.font])
    if key not in _styles:
        _styles[key] = RLStyle(
            style.name,
            fontName=fonts[style.font],
            fontSize=style.size,
            leading=style.leading,
            alignment=ALIGN.get(style.align, TA_JUSTIFY),
            firstLineIndent=(style.indent - style.hanging) * style.size,
            leftIndent=style.hanging * style.size,
            spaceBefore=style.space_before,
            spaceAfter=style.space_after,
            wordWrap="CJK",
        )
    return _styles[key]


def _markup(run: Run, bold_font: str) -> str:
    if run.line_break:
        return "<br/>"
    text = escape(run.text)
    if run.bold:
        text = f'<font name="{bold_font}">{text}</font>'
    return f"<u>{text}</u>" if run.underline else text


def paragraph_flowable(
    runs: list[Run], style: ParagraphStyle, fonts: dict[str, str], bold_font: str
) -> Flowable:
    """A flowable setting `runs` in `style`."""
    markup = "".join(_markup(run, bold_font) for run in runs)
    return Paragraph(markup, _rl_style(style, fonts))
