"""Registering the style sheet's TrueType faces with ReportLab (once per process).

Each face is registered under its style-sheet key (mincho, gothic, gothic-bold),
so the PDF uses only the fonts in fonts/, embedded and subset.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...style import StyleSheet

_registered: dict[str, str] = {}  # key -> font file it was registered from


def register_fonts(sheet: StyleSheet) -> dict[str, str]:
    """Register every face of `sheet`; returns style key -> ReportLab font name."""
    for key, face in sheet.fonts.items():
        path = str(face.path)
        if _registered.get(key) != path:
            pdfmetrics.registerFont(TTFont(key, path))
            _registered[key] = path
    return {key: key for key in sheet.fonts}

