"""Benchmark: our line composer against ReportLab's Paragraph(wordWrap='CJK').

Sets the same N paragraphs of Japanese (wrap + draw into a PDF in memory) with
each, several times, and prints the median wall time. Not a test.

    python benchmarks/composer.py [N] [RUNS]
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "typeset"))

from corpus import CORPUS  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle as RLStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from planpress import ir  # noqa: E402
from planpress.style import ParagraphStyle  # noqa: E402
from planpress.writers.pdf.composed import ComposedParagraph  # noqa: E402

FONTS = {
    "mincho": "BIZUDMincho-Regular.ttf",
    "gothic": "BIZUDGothic-Regular.ttf",
    "gothic-bold": "BIZUDGothic-Bold.ttf",
}


def build(story) -> None:
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)


def ours(texts: list[str]) -> None:
    style = ParagraphStyle("body", "mincho", 11, 18, indent=1)
    fonts = {k: k for k in FONTS}
    build([ComposedParagraph([ir.Text(t)], style, fonts) for t in texts])


def reportlab(texts: list[str]) -> None:
    style = RLStyle("body", fontName="mincho", fontSize=11, leading=18, wordWrap="CJK",
                    alignment=4, firstLineIndent=11)
    build([Paragraph(t, style) for t in texts])


def median_time(fn, texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(texts)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for key, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(key, str(ROOT / "fonts" / file)))
    texts = [CORPUS[i % len(CORPUS)] for i in range(n)]
    chars = sum(map(len, texts))
    ours(texts[:10]), reportlab(texts[:10])  # warm caches and font subsets
    ours_t = median_time(ours, texts, runs)
    rl_t = median_time(reportlab, texts, runs)
    print(f"{n} paragraphs, {chars} characters, median of {runs} runs (wrap + draw to PDF)")
    print(f"  planpress ComposedParagraph      {ours_t * 1000:8.1f} ms")
    print(f"  ReportLab Paragraph(CJK)         {rl_t * 1000:8.1f} ms")
    print(f"  ratio (ours / ReportLab)         {ours_t / rl_t:8.2f}")


if __name__ == "__main__":
    main()
