"""In-process times of planpress's stages, and of a watch rebuild.

Run in a fresh process per document size by run.py; prints one JSON object.
Each stage calls the library's own function, timed with perf_counter:

- load: `load_plan` (YAML → validated model)
- diff: `planpress.revision.pairing` over every policy_revision section
- tree: `style_sheet` + `document_tree` (templates → document tree)
- pdf, docx: `write_format`

The writers' imports and font registration happen in a warm-up build before
timing, as they do once per `planpress watch` session. `--watch` also times
rebuilding the document after a one-word edit of its YAML with
`build_document` (no force: the incremental build must notice the change).

    python benchmarks/stages.py PROJECT_DIR --runs 3 [--watch 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from planpress import revision
from planpress.content.load import load_plan
from planpress.pipeline import (
    DOCUMENT_FILE,
    Project,
    build_document,
    document_tree,
    style_sheet,
)
from planpress.pipeline.document import write_format
from planpress.pipeline.watch import rebuilding
from planpress.writers.pdf import page_count

STAGES = ("load", "diff", "tree", "pdf", "docx")


def time_stages(project: Project, folder: Path) -> dict[str, float]:
    source = folder / DOCUMENT_FILE
    times = {}
    started = time.perf_counter()
    plan = load_plan(source, project.label(source))
    times["load"] = time.perf_counter() - started

    started = time.perf_counter()
    for section in plan.sections:
        if section.kind == "policy_revision":
            revision.compare_tree(section.policies)
    times["diff"] = time.perf_counter() - started

    started = time.perf_counter()
    sheet = style_sheet(project, folder)
    tree = document_tree(project, folder, plan, "handout")
    times["tree"] = time.perf_counter() - started

    for fmt in ("pdf", "docx"):
        started = time.perf_counter()
        data = write_format(fmt, tree, sheet)
        times[fmt] = time.perf_counter() - started
        if fmt == "pdf":
            times["pages"] = page_count(data)
    return times


# The edit a secretariat makes between two saves: one word of the first paragraph.
EDITS = ("策定した", "作成した")


def time_watch_rebuild(
    project: Project, folder: Path, runs: int, second_process: bool = True
) -> tuple[list[float], list[float]]:
    """Seconds (wall, CPU) to rebuild after each of `runs` one-word edits (the
    file is restored), in a process set up as `planpress watch` sets it up
    (`rebuilding`: work kept between builds, the DOCX in a second process
    unless `second_process` is off). CPU seconds are what a busy machine does
    not inflate; they include the second process's."""
    source = folder / DOCUMENT_FILE
    original = source.read_text(encoding="utf-8")
    if EDITS[0] not in original:
        raise SystemExit(f"{source}: the edited word {EDITS[0]} is missing")
    times: list[float] = []
    cpu_times: list[float] = []
    with rebuilding(second_process) as beside:
        build_document(project, folder, force=True, beside=beside)  # as watch starts
        try:
            for run in range(runs):
                old, new = EDITS if run % 2 == 0 else EDITS[::-1]
                text = source.read_text(encoding="utf-8")
                source.write_text(text.replace(old, new, 1), encoding="utf-8")
                beside_cpu = beside.cpu_seconds if beside else 0.0
                started, cpu = time.perf_counter(), time.process_time()
                built = build_document(project, folder, beside=beside)
                times.append(time.perf_counter() - started)
                cpu = time.process_time() - cpu
                cpu_times.append(cpu + (beside.cpu_seconds - beside_cpu if beside else 0.0))
                if len(built.files) != 2:  # both formats must actually be rebuilt
                    raise SystemExit(f"watch rebuild wrote {built.files}, expected PDF and DOCX")
        finally:
            source.write_text(original, encoding="utf-8")
    return times, cpu_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--watch", type=int, default=0, help="watch-rebuild runs (0: none)")
    parser.add_argument(
        "--one-process", action="store_true", help="watch rebuild without a second process"
    )
    args = parser.parse_args(argv)
    project = Project(args.root)
    folder = next(project.content.glob(f"*/{DOCUMENT_FILE}")).parent
    build_document(project, folder, force=True)  # warm-up: imports, fonts, templates
    runs = [time_stages(project, folder) for _ in range(args.runs)]
    result = {stage: statistics.median(run[stage] for run in runs) for stage in STAGES}
    result["pages"] = runs[0]["pages"]
    result["runs"] = args.runs
    if args.watch:
        watch, cpu = time_watch_rebuild(project, folder, args.watch, not args.one_process)
        result["watch"] = statistics.median(watch)
        result["watch_cpu"] = statistics.median(cpu)
        result["watch_runs"] = watch
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
