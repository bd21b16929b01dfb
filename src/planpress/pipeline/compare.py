"""`planpress compare`: the 修正対照表 between two versions of one document."""

from __future__ import annotations

from pathlib import Path

from planpress.content.load import plan_from_text
from planpress.pipeline.document import Built, page_count, write_format
from planpress.pipeline.outputs import write_atomically
from planpress.pipeline.project import Project, style_sheet, template_dirs
from planpress.pipeline.versions import read_version
from planpress.render.templates import environment, render_document
from planpress.revision.plan_diff import VersionReport, compare_plans


def build_comparison(project: Project, old_spec: str, new_spec: str, out: Path | None) -> Built:
    """Write the 修正対照表 between two versions of a document as PDF and DOCX
    into `out` (default output/<doc>/) as <doc>-compare.pdf and .docx."""
    old, new = read_version(old_spec, Path.cwd()), read_version(new_spec, Path.cwd())
    old_plan = plan_from_text(old.text, old.label)
    new_plan = plan_from_text(new.text, new.label)
    report = VersionReport(old.label, new.label, compare_plans(old_plan, new_plan))
    folder = project.content / new.name  # the document's own templates/ come first
    env = environment(template_dirs(project, folder))
    tree = render_document(env, "compare.xml.j2", new_plan, report=report)
    sheet = style_sheet(project, folder)
    built = Built(new.name)
    for fmt, path in output_paths(out or project.output / new.name, new.name).items():
        data = write_format(fmt, tree, sheet)
        built.files.append(write_atomically(path, data))
        if fmt == "pdf":
            built.pages = page_count(data)
    built.changes = report.count
    return built


def output_paths(out: Path, name: str) -> dict[str, Path]:
    return {fmt: out / f"{name}-compare.{fmt}" for fmt in ("pdf", "docx")}
