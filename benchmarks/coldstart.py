"""Where a cold `planpress build --force` of one document spends its time.

Run in a fresh process (run.py starts one per run); prints one JSON object of
wall seconds per phase, in the order a build goes through them:

- command: importing `planpress.cli` (what every command pays)
- pipeline: importing the build pipeline (content, revision, templates)
- check: style sheet, reading and checking the content (fonts' glyph sets)
- tree: the revision tables and the document tree (templates compiled or
  loaded from the cache)
- pdf, docx: importing each writer and its library, fonts, writing the bytes

The interpreter's own start (before any of this) is timed by run.py as
`python -c pass`. It calls only functions every planpress version since the
layered layout has, so run.py can time an older commit the same way.

    python benchmarks/coldstart.py PROJECT_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    phases: dict[str, float] = {}
    mark = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = now - mark
        mark = now

    import planpress.cli  # noqa: F401

    try:  # as the command does before its work (planpress.compiled, where there)
        from planpress import compiled
    except ImportError:
        compiled = None
    if compiled is not None:
        compiled.reuse("build")
    phase("command")
    from planpress.content.load import check_plan
    from planpress.pipeline import Project, font_files, style_sheet
    from planpress.pipeline.document import document_tree, write_format

    phase("pipeline")
    project = Project(root)
    folder = min(p.parent for p in project.content.glob("*/document.yaml"))
    sheet = style_sheet(project, folder)
    source = folder / "document.yaml"
    plan, problems = check_plan(source, project.label(source), font_files(sheet))
    if plan is None:
        raise SystemExit("\n".join(map(str, problems)))
    phase("check")
    tree = document_tree(project, folder, plan, "handout")
    phase("tree")
    sizes = {}
    for fmt in ("pdf", "docx"):
        sizes[fmt] = len(write_format(fmt, tree, sheet))
        phase(fmt)
    if compiled is not None:
        compiled.keep()
    print(json.dumps({"phases": phases, "bytes": sizes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
