"""`planpress build -j N`: several documents built in worker processes give the
same files, in the same order, with the same report as a one-process build."""

from __future__ import annotations

from pathlib import Path

from planpress.diagnostics.messages import ContentError
from planpress.pipeline import Project
from planpress.pipeline.batch import build_documents

from .helpers.projects import BASE, make_project


def _project(root: Path) -> Project:
    root.mkdir()
    base = BASE.read_text(encoding="utf-8")
    make_project(root, base, "a-plan")
    make_project(root, base.replace("一部改訂の目的", "改訂の目的"), "b-plan")
    make_project(root, base.replace("kind: prose", "kind: poem"), "c-broken")
    make_project(root, base.replace("第2回委員会", "第3回委員会"), "d-plan")
    make_project(root, base.replace("みどりと清流", "清流とみどり"), "e-plan")
    return Project(root)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _run(project: Project, out: Path, jobs: int) -> list[tuple[str, object]]:
    project = Project(project.root, out=out)
    folders = sorted(p for p in project.content.iterdir() if p.is_dir())
    results = []
    for folder, outcome in build_documents(project, folders, "handout", False, jobs):
        if isinstance(outcome, ContentError):
            results.append((folder.name, [p.message for p in outcome.problems]))
        else:
            results.append((folder.name, (outcome.pages, [f.name for f in outcome.files])))
    return results


def test_two_workers_build_what_one_process_builds(tmp_path):
    project = _project(tmp_path / "project")
    one = _run(project, tmp_path / "one", 1)
    two = _run(project, tmp_path / "two", 2)
    assert [name for name, _ in two] == ["a-plan", "b-plan", "c-broken", "d-plan", "e-plan"]
    assert two == one
    broken = dict(two)["c-broken"]
    assert isinstance(broken, list) and any("poem" in message for message in broken)
    files = _files(tmp_path / "one")
    assert len(files) == 8  # a PDF and a DOCX of each good document
    assert _files(tmp_path / "two") == files
