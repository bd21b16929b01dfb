"""What tagging (PDF/UA-1: marked content, structure tree, XMP) costs the PDF writer.

For each size N (the example scaled by benchmarks/generate.py) the document
tree is built once; then `pdf_and_pages` writes it tagged (B, what a build
writes) and untagged (A, `tagged=False`: the same writer with no structure,
no marked content, no XMP), interleaved A, B, A, B … in one warm process so
that load from other processes hits both alike. Time is CPU seconds of this
process (`time.process_time`), less disturbed by a shared machine than wall
time. Prints min and median of each and B ÷ A; `--profile` adds a cProfile
of one tagged write (own time, top functions).

    python benchmarks/tagging.py --sizes 1,10,100 --runs 15
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import DOC_NAME, write_project
from planpress.cli import GC_THRESHOLD
from planpress.content.load import load_plan
from planpress.pipeline import DOCUMENT_FILE, Project, document_tree, style_sheet
from planpress.writers.pdf import page_count, pdf_and_pages


def tree_of(n: int, where: Path):
    root = write_project(n, where / f"n{n}")
    project = Project(root)
    folder = root / "content" / DOC_NAME
    plan = load_plan(folder / DOCUMENT_FILE, project.label(folder / DOCUMENT_FILE))
    return document_tree(project, folder, plan, "handout"), style_sheet(project, folder)


def cpu(tree, sheet, tagged: bool) -> tuple[float, bytes]:
    started = time.process_time()
    data = pdf_and_pages(tree, sheet, tagged=tagged)[0]
    return time.process_time() - started, data


def measure(n: int, runs: int, where: Path, profile: bool) -> str:
    tree, sheet = tree_of(n, where)
    for tagged in (False, True):  # warm-up: imports, fonts, caches
        cpu(tree, sheet, tagged)
    times: dict[bool, list[float]] = {False: [], True: []}
    sizes = {}
    for _ in range(runs):
        for tagged in (False, True):
            seconds, data = cpu(tree, sheet, tagged)
            times[tagged].append(seconds)
            sizes[tagged] = len(data)
    a, b = times[False], times[True]
    line = (
        f"| {n} | {page_count(data)} | {runs} "
        f"| {min(a):.3f} / {statistics.median(a):.3f} "
        f"| {min(b):.3f} / {statistics.median(b):.3f} "
        f"| {min(b) / min(a):.3f} / {statistics.median(b) / statistics.median(a):.3f} "
        f"| {sizes[False] // 1024} / {sizes[True] // 1024} |"
    )
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        pdf_and_pages(tree, sheet, tagged=True)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="N values, comma-separated")
    parser.add_argument("--runs", type=int, default=15, help="interleaved pairs per size")
    parser.add_argument("--profile", action="store_true", help="cProfile one tagged write")
    args = parser.parse_args(argv)
    gc.set_threshold(*GC_THRESHOLD)  # the collector as a build runs it (planpress.cli)
    print(
        "| N | pages | runs | untagged CPU s min / median | tagged CPU s min / median "
        "| tagged ÷ untagged min / median | PDF KB untagged / tagged |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as where:
        for n in (int(s) for s in args.sizes.split(",")):
            print(measure(n, args.runs, Path(where), args.profile), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
