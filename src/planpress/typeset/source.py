"""Styled input runs and source-text normalisation.

The composer's input is a sequence of `Run`s (text in one style) and
`ForcedBreak`s. `normalize` flattens them into one string plus a style index
per character, applying the source rules of JAPANESE.md §2: a YAML line break
between Japanese characters is no space, between Latin words it is one space;
U+3000 is kept as a full-width space; a forced break becomes "\\n" (the only
"\\n" left in the result).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from planpress.typeset.kinsoku import is_wide


class TextStyle(NamedTuple):
    """How a character is drawn: `font` is a ReportLab font name, size in points.

    (Named tuples, this and `Run`: made and hashed for every paragraph.)"""

    font: str
    size: float
    underline: bool = False
    bold: bool = False


class Run(NamedTuple):
    """Text in one style."""

    text: str
    font: str
    size: float
    underline: bool = False
    bold: bool = False

    @property
    def style(self) -> TextStyle:
        return TextStyle(*self[1:])


@dataclass(frozen=True, slots=True)
class ForcedBreak:
    """A forced line break (ir.LineBreak)."""


FORCED = "\n"  # a forced break in normalized text
_SOFT_WS = " \t\r\n"  # ASCII whitespace; U+3000 is content, never collapsed
_MARK = "\x00"  # forced break while normalizing, so a source "\n" is not mistaken for one
_TO_COLLAPSE = re.compile(f"[{re.escape(_SOFT_WS + _MARK)}]")
_SOFT_RUN = re.compile(f"[{re.escape(_SOFT_WS)}]+")


@dataclass(slots=True)
class Normalized:
    """Flattened text: `styles[style_of[k]]` is the style of `text[k]`."""

    text: str
    style_of: list[int]
    styles: list[TextStyle]


def normalize(runs: Iterable[Run | ForcedBreak]) -> Normalized:
    """Flatten runs into one string, applying the whitespace rules."""
    runs = list(runs)
    if len(runs) == 1 and isinstance(runs[0], Run):  # the common case: one style
        joined, style_of, styles = runs[0].text, [0] * len(runs[0].text), [runs[0].style]
    else:
        joined, style_of, styles = _join(runs)
    if _TO_COLLAPSE.search(joined) is None:
        return Normalized(joined, style_of, styles)  # nothing to collapse: the common case
    return _collapse_whitespace(joined, style_of, styles)


def _join(runs: list[Run | ForcedBreak]) -> tuple[str, list[int], list[TextStyle]]:
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
    return "".join(parts), style_of, styles


def _collapse_whitespace(text: str, style_of: list[int], styles: list[TextStyle]) -> Normalized:
    out: list[str] = []
    out_style: list[int] = []
    pos = 0
    for run in _SOFT_RUN.finditer(text):
        a, b = run.span()
        out.append(text[pos:a])
        out_style += style_of[pos:a]
        pos = b
        before = text[a - 1] if a else ""
        after = text[b] if b < len(text) else ""
        # Whitespace at the paragraph's edges or next to a forced break is dropped.
        if before and after and before != _MARK and after != _MARK:
            has_newline = "\n" in run.group() or "\r" in run.group()
            if not (has_newline and (is_wide(before) or is_wide(after))):
                out.append(" ")
                out_style.append(style_of[a])
    out.append(text[pos:])
    out_style += style_of[pos:]
    return Normalized("".join(out).replace(_MARK, FORCED), out_style, styles)
