"""Styled input runs and source-text normalisation.

The composer's input is a sequence of `Run`s (text in one style) and
`ForcedBreak`s. `normalize` flattens them into one string plus a style index
per character, applying the source rules of JAPANESE.md §2: a YAML line break
between Japanese characters is no space, between Latin words it is one space;
U+3000 is kept as a full-width space; a forced break becomes "\\n" (the only
"\\n" left in the result).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .kinsoku import is_wide


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a character is drawn: `font` is a ReportLab font name, size in points."""

    font: str
    size: float
    underline: bool = False
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one style."""

    text: str
    font: str
    size: float
    underline: bool = False
    bold: bool = False

    @property
    def style(self) -> TextStyle:
        return TextStyle(self.font, self.size, self.underline, self.bold)


@dataclass(frozen=True, slots=True)
class ForcedBreak:
    """A forced line break (ir.LineBreak)."""


FORCED = "\n"  # a forced break in normalized text
_SOFT_WS = " \t\r\n"  # ASCII whitespace; U+3000 is content, never collapsed
_MARK = "\x00"  # forced break while normalizing, so a source "\n" is not mistaken for one


@dataclass(slots=True)
class Normalized:
    """Flattened text: `styles[style_of[k]]` is the style of `text[k]`."""

    text: str
    style_of: list[int]
    styles: list[TextStyle]


def normalize(runs: Iterable[Run | ForcedBreak]) -> Normalized:
    """Flatten runs into one string, applying the whitespace rules."""
    parts: list[str] = []
    style_of: list[int] = []
    styles: list[TextStyle] = []
    index: dict[TextStyle, int] = {}
    for run in runs:
        if isinstance(run, ForcedBreak):
            parts.append(_MARK)
            style_of.append(style_of[-1] if style_of else 0)
            continue
        style = run.style
        si = index.setdefault(style, len(styles))
        if si == len(styles):
            styles.append(style)
        parts.append(run.text)
        style_of += [si] * len(run.text)
    if not styles:
        styles.append(TextStyle("", 0.0))
    joined = "".join(parts)
    if not any(ws in joined for ws in _SOFT_WS + _MARK):
        return Normalized(joined, style_of, styles)  # nothing to collapse: the common case
    return _collapse_whitespace(joined, style_of, styles)


def _collapse_whitespace(chars: Sequence[str], style_of: list[int], styles: list[TextStyle]):
    out: list[str] = []
    out_style: list[int] = []
    n = len(chars)
    k = 0
    while k < n:
        ch = chars[k]
        if ch not in _SOFT_WS:
            out.append(FORCED if ch == _MARK else ch)
            out_style.append(style_of[k])
            k += 1
            continue
        end = k
        while end < n and chars[end] in _SOFT_WS:
            end += 1
        before = out[-1] if out else ""
        after = chars[end] if end < n else ""
        # Whitespace at the paragraph's edges or next to a forced break is dropped.
        if before and after and before != FORCED and after != _MARK:
            has_newline = any(chars[i] in "\r\n" for i in range(k, end))
            if not (has_newline and (is_wide(before) or is_wide(after))):
                out.append(" ")
                out_style.append(style_of[k])
        k = end
    return Normalized("".join(out), out_style, styles)
