"""Benchmark: our line composer against ReportLab's Paragraph(wordWrap='CJK').

Sets the same N paragraphs of Japanese (wrap + draw into a PDF in memory) with
each, several times, and prints the median times. Two texts: the tricky test
corpus (tests/typeset/corpus.py: Latin words, numbers, brackets, punctuation
runs in almost every phrase) and the example plan's own prose (the texts of
content/ome-shoko-plan/document.yaml, as a city's plan reads). Not a test.

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

import yaml
from corpus import CORPUS
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from planpress import ir
from planpress.writers.pdf.composed import ComposedParagraph
from planpress.writers.pdf.fonts import register_fonts
from planpress.writers.style import ParagraphStyle, load_style_sheet

# Both sides set with the faces registered exactly as the PDF writer does.
FONTS = register_fonts(load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts"))


PLAN = ROOT / "content" / "ome-shoko-plan" / "document.yaml"


def plan_texts() -> list[str]:
    """The example plan's prose: every text value of 20 characters or more."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and len(value.strip()) >= 20:
            found.append(" ".join(value.split()))

    walk(yaml.safe_load(PLAN.read_text(encoding="utf-8")))
    return found


CELL_WIDTH = 118.0  # a revision-table cell (the middle column of the corpus test)


def build(story, width: float | None) -> None:
    """Into an A4 page's frame, or a frame `width` points wide (a table column)."""
    margin = 72.0 if width is None else (A4[0] - width) / 2
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4, leftMargin=margin, rightMargin=margin)
    doc.build(story)


def ours(texts: list[str], width: float | None = None) -> None:
    style = ParagraphStyle("body", "mincho", 11, 18, indent=1)
    build([ComposedParagraph([ir.Text(t)], style, FONTS) for t in texts], width)


def reportlab(texts: list[str], width: float | None = None) -> None:
    style = RLStyle(
        "body",
        fontName=FONTS["mincho"],
        fontSize=11,
        leading=18,
        wordWrap="CJK",
        alignment=4,
        firstLineIndent=11,
    )
    build([Paragraph(t, style) for t in texts], width)


def timed(fn, texts: list[str], width: float | None) -> tuple[float, float]:
    """Wall time and CPU time of this process (steadier on a busy machine)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn(texts, width)
    return time.perf_counter() - start, time.process_time() - start_cpu


def compare(name: str, source: list[str], n: int, runs: int, width: float | None) -> None:
    texts = [source[i % len(source)] for i in range(n)]
    chars = sum(map(len, texts))
    ours(texts[:10], width), reportlab(texts[:10], width)  # warm caches and font subsets
    # Interleave the two so that load from other processes hits both alike.
    ours_w, ours_c, rl_w, rl_c = [], [], [], []
    for _ in range(runs):
        w, c = timed(ours, texts, width)
        ours_w.append(w), ours_c.append(c)
        w, c = timed(reportlab, texts, width)
        rl_w.append(w), rl_c.append(c)
    med = statistics.median
    column = "page width" if width is None else f"{width:g} pt column"
    print(f"{name}, {column}: {n} paragraphs, {chars} characters, median of {runs} runs")
    print("                                   wall ms    CPU ms")
    print(f"  planpress ComposedParagraph   {med(ours_w) * 1e3:9.1f} {med(ours_c) * 1e3:9.1f}")
    print(f"  ReportLab Paragraph(CJK)      {med(rl_w) * 1e3:9.1f} {med(rl_c) * 1e3:9.1f}")
    print(
        f"  ratio (ours / ReportLab)      {med(ours_w) / med(rl_w):9.2f} {med(ours_c) / med(rl_c):9.2f}"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print("Wrap + draw into an in-memory PDF.")
    for width in (None, CELL_WIDTH):
        compare("tricky corpus", CORPUS, n, runs, width)
        compare("example plan prose", plan_texts(), n, runs, width)


if __name__ == "__main__":
    main()
