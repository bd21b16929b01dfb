"""Fixtures for the composer tests: the project's fonts registered with ReportLab."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))

FONT_FILES = {
    "mincho": "BIZUDMincho-Regular.ttf",
    "gothic": "BIZUDGothic-Regular.ttf",
    "gothic-bold": "BIZUDGothic-Bold.ttf",
}


def register_fonts() -> dict[str, str]:
    """Register the BIZ UD faces under their style-sheet keys, as the PDF writer does."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for key, file in FONT_FILES.items():
        if key not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(key, str(ROOT / "fonts" / file)))
    from planpress.writers.pdf.fonts import STRONG

    return {key: key for key in FONT_FILES} | {STRONG: "gothic-bold"}


@pytest.fixture(scope="session")
def fonts() -> dict[str, str]:
    return register_fonts()


class GridMetrics:
    """A font-free metric for unit tests: wide characters 1 em, others half."""

    def advance(self, font: str, ch: str) -> float:
        return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


@pytest.fixture
def grid() -> GridMetrics:
    return GridMetrics()
