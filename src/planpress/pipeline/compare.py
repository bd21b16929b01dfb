"""`planpress compare`: the 修正対照表 between two versions of one document."""

from __future__ import annotations

from pathlib import Path

from planpress.content.load import read_plan
from planpress.diagnostics.activity import doing
from planpress.diagnostics.messages import ContentError, say
from planpress.pipeline.checks import fit_properties
from planpress.pipeline.document import Built, output_folder, page_count, write_format
from planpress.pipeline.outputs import replace_together
from planpress.pipeline.project import Project, font_files, style_sheet, template_dirs
from planpress.pipeline.versions import read_version
from planpress.render.templates import environment, render_document
from planpress.revision.phrases import load_phrasebook
from planpress.revision.plan_diff import VersionReport, compare_plans


def build_comparison(
    project: Project,
    old_spec: str,
    new_spec: str,
    out: Path | None,
    old_label: str = "",
    new_label: str = "",
    pdfa: bool = False,
) -> Built:
    """Write the 修正対照表 between two versions of a document as PDF and DOCX
    into `out` (default output/<doc>/) as <doc>-compare.pdf and .docx.

    Both versions go through the same checks as a build (the fonts' glyphs
    included); the two files change together or not at all. The versions are
    named from their own metadata (meeting, date, handout number) unless
    `old_label` / `new_label` say otherwise; never by path."""
    old, new = read_version(old_spec, Path.cwd()), read_version(new_spec, Path.cwd())
    folder = project.content / new.name  # the document's own templates/ come first
    target = out if out is not None else output_folder(project, new.name)
    with doing(say("doing.compare", old=old.label, new=new.label)):
        sheet = style_sheet(project, folder)
        warnings = []
        plans = []
        for version in (old, new):
            plan, problems = read_plan(version.text, version.label, fonts=font_files(sheet))
            if plan is None:
                raise ContentError(problems)
            warnings += problems
            plans.append(plan)
        old_plan, new_plan = plans
        dirs = template_dirs(project, folder)
        phrases = load_phrasebook(dirs)
        changes = compare_plans(old_plan, new_plan, phrases.row_join)
        report = VersionReport(old_plan.meta, new_plan.meta, changes, old_label, new_label)
        tree = render_document(
            environment(dirs),
            "compare.xml.j2",
            new_plan,
            report=report,
            phrases=phrases,
        )
        fit_properties(tree)
    built = Built(new.name, warnings=warnings)
    outputs = {}
    for fmt, path in output_paths(target, new.name).items():
        with doing(say("doing.write", format=fmt.upper(), path=new.label)):
            outputs[path] = write_format(fmt, tree, sheet, archival=pdfa)
        if fmt == "pdf":
            built.pages = page_count(outputs[path])
    with doing(say("doing.save", path=project.label(target))):
        replace_together(list(outputs.items()))
    built.files = list(outputs)
    built.changes = report.count
    return built


def output_paths(out: Path, name: str) -> dict[str, Path]:
    return {fmt: out / f"{name}-compare.{fmt}" for fmt in ("pdf", "docx")}
