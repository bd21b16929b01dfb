"""Where a big build's memory goes: peak RSS of whole builds and of each stage.

For each size N (benchmarks/generate.py), in fresh processes:
- the whole process: `planpress build --force`, its peak RSS (`os.wait4`'s
  ru_maxrss, which covers any worker it starts);
- the stages, one build's steps in order in a child (`--stage-child`), with
  the resident size now and at its highest after each: imports, the checked
  plan, revision tables, the document tree (the plan let go), the PDF, the DOCX.

Linux only (/proc/self/status). run.py's targets table has the whole-process
peaks; this tells which stage to work on.

    python benchmarks/memory.py --sizes 100,300,1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DOC_NAME, write_project

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), str(HERE)])}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def resident() -> tuple[float, float]:
    """(now, highest so far) resident MB of this process."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def stage_child(root: Path) -> None:
    """One forced build's steps in order, printing JSON [stage, now, peak] rows."""
    import gc

    from planpress.content.load import check_plan
    from planpress.pipeline import Project
    from planpress.pipeline.document import document_tree, phrasebook, write_formats
    from planpress.pipeline.project import font_files, style_sheet
    from planpress.revision.table import revision_tables

    rows = []

    def mark(stage: str) -> None:
        gc.collect()
        rows.append([stage, *resident()])

    project = Project(root)
    folder = project.content / DOC_NAME
    mark("imports")
    sheet = style_sheet(project, folder)
    plan, _ = check_plan(folder / "document.yaml", DOC_NAME, font_files(sheet))
    mark("plan")
    revisions = revision_tables(plan.sections, phrasebook(project, folder))
    mark("revision tables")
    tree = document_tree(project, folder, plan, "handout", revisions)
    del plan, revisions
    mark("tree")
    pdf = write_formats(["pdf"], tree, sheet)["pdf"]
    mark("pdf")
    write_formats(["docx"], tree, sheet)
    del pdf
    mark("docx")
    print(json.dumps(rows))


def whole(root: Path) -> tuple[float, float]:
    """Peak MB and wall seconds of `planpress build --force`."""
    started = time.perf_counter()
    argv = [sys.executable, "-m", "planpress.cli", "build", "--force", "--root", str(root)]
    child = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"build failed at {root}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--no-stages", action="store_true", help="whole builds only")
    parser.add_argument("--stage-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_child:
        stage_child(args.stage_child)
        return 0
    work = Path(tempfile.mkdtemp(prefix="planpress-memory-"))
    for n in (int(s) for s in args.sizes.split(",")):
        root = write_project(n, work / f"n{n}")
        peak, seconds = whole(root)
        print(f"N={n}: whole build peak {peak:.0f} MB ({seconds:.0f} s wall)", flush=True)
        if args.no_stages:
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--stage-child", str(root)],
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        )
        for stage, now, high in json.loads(done.stdout.splitlines()[-1]):
            print(f"    {stage:16s} {now:6.0f} MB now, {high:6.0f} MB at most", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
