"""Japanese paragraph composition (JAPANESE.md §1–2), independent of any PDF library.

Give `compose` a sequence of styled `Run`s and `ForcedBreak`s and a column
width; get back `Line`s of positioned `Glyph`s, broken by 禁則 rules with
追い込み before 追い出し, with 和欧間, punctuation compression and
justification applied. Widths come from a `Metrics` (ReportLab's registered
fonts by default).
"""

from planpress.typeset.breaker import LineSpan, break_lines
from planpress.typeset.justify import ALIGNS, Glyph, Line, place_line
from planpress.typeset.layout import compose, compose_prepared
from planpress.typeset.metrics import DEFAULT_METRICS, Metrics, ReportLabMetrics
from planpress.typeset.prepare import Prepared, prepare
from planpress.typeset.source import ForcedBreak, Run, TextStyle

__all__ = [
    "ALIGNS",
    "DEFAULT_METRICS",
    "ForcedBreak",
    "Glyph",
    "Line",
    "LineSpan",
    "Metrics",
    "Prepared",
    "ReportLabMetrics",
    "Run",
    "TextStyle",
    "break_lines",
    "compose",
    "compose_prepared",
    "place_line",
    "prepare",
]
